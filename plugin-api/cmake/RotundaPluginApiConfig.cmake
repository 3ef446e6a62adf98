# RotundaPluginApiConfig.cmake — find_package(RotundaPluginApi) for plugin authors.
# Provides the target Rotunda::PluginApi and the function rotunda_add_plugin().
include(${CMAKE_CURRENT_LIST_DIR}/RotundaPluginApiTargets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/RotundaPluginHelpers.cmake)
