# RotundaPluginHelpers.cmake — rotunda_add_plugin(NAME SOURCES ... [OUTPUT_DIRECTORY DIR])
#
# Builds a Rotunda plugin: a MODULE library named NAME.so (no "lib" prefix),
# C++17, hidden visibility so that only the ROTUNDA_PLUGIN descriptor is exported,
# linked against Rotunda::PluginApi.
function(rotunda_add_plugin name)
  cmake_parse_arguments(PLUGIN "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${name} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${name} PRIVATE Rotunda::PluginApi)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_STANDARD 17
    CXX_STANDARD_REQUIRED ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PLUGIN_OUTPUT_DIRECTORY})
  endif()
endfunction()
