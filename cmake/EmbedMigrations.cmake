# EmbedMigrations.cmake — writes a C++ source holding every server/migrations/*.sql.
# Run as: cmake -DMIGRATIONS_DIR=... -DOUTPUT=... -P EmbedMigrations.cmake
file(GLOB files "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(file ${files})
  get_filename_component(name ${file} NAME)
  if(NOT name MATCHES "^([0-9][0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
    message(FATAL_ERROR "migration file name '${name}' is not NNNN_lower_case_name.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  file(READ ${file} sql)
  if(sql MATCHES "\\)rotunda_sql\"")
    message(FATAL_ERROR "${name} contains the raw string delimiter )rotunda_sql\"")
  endif()
  string(APPEND body "        {${version}, \"${name}\", R\"rotunda_sql(${sql})rotunda_sql\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "// Generated from server/migrations/ by cmake/EmbedMigrations.cmake; do not edit.
#include \"store/Migrations.h\"

namespace rotunda::store {

const std::vector<Migration>& builtInMigrations() {
    static const std::vector<Migration> migrations = {
${body}    };
    return migrations;
}

}  // namespace rotunda::store
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
