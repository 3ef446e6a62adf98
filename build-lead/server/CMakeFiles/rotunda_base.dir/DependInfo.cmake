
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/server/src/app/ConfigurationLoader.cpp" "server/CMakeFiles/rotunda_base.dir/src/app/ConfigurationLoader.cpp.o" "gcc" "server/CMakeFiles/rotunda_base.dir/src/app/ConfigurationLoader.cpp.o.d"
  "/work/main/server/src/app/EnvironmentConfiguration.cpp" "server/CMakeFiles/rotunda_base.dir/src/app/EnvironmentConfiguration.cpp.o" "gcc" "server/CMakeFiles/rotunda_base.dir/src/app/EnvironmentConfiguration.cpp.o.d"
  "/work/main/server/src/app/Logging.cpp" "server/CMakeFiles/rotunda_base.dir/src/app/Logging.cpp.o" "gcc" "server/CMakeFiles/rotunda_base.dir/src/app/Logging.cpp.o.d"
  "/work/main/server/src/app/Metrics.cpp" "server/CMakeFiles/rotunda_base.dir/src/app/Metrics.cpp.o" "gcc" "server/CMakeFiles/rotunda_base.dir/src/app/Metrics.cpp.o.d"
  "/work/main/server/src/app/Settings.cpp" "server/CMakeFiles/rotunda_base.dir/src/app/Settings.cpp.o" "gcc" "server/CMakeFiles/rotunda_base.dir/src/app/Settings.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
