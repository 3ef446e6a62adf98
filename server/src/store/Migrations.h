// Migrations.h — the SQL migrations compiled into the server.
#pragma once

#include <string>
#include <vector>

namespace rotunda::store {

/// One numbered file of server/migrations/ (NNNN_name.sql).
struct Migration {
    int version;       ///< NNNN
    std::string name;  ///< the file name
    std::string sql;   ///< the file's text
};

/// Every migration of server/migrations/, in version order. Generated at build
/// time (cmake/EmbedMigrations.cmake) so an installed server never looks for them on disk.
const std::vector<Migration>& builtInMigrations();

}  // namespace rotunda::store
