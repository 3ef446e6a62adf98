
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/server/src/app/AdminApplication.cpp" "server/CMakeFiles/rotunda_app.dir/src/app/AdminApplication.cpp.o" "gcc" "server/CMakeFiles/rotunda_app.dir/src/app/AdminApplication.cpp.o.d"
  "/work/main/server/src/app/ConfigurationSubsystem.cpp" "server/CMakeFiles/rotunda_app.dir/src/app/ConfigurationSubsystem.cpp.o" "gcc" "server/CMakeFiles/rotunda_app.dir/src/app/ConfigurationSubsystem.cpp.o.d"
  "/work/main/server/src/app/RotundaServer.cpp" "server/CMakeFiles/rotunda_app.dir/src/app/RotundaServer.cpp.o" "gcc" "server/CMakeFiles/rotunda_app.dir/src/app/RotundaServer.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-lead/server/CMakeFiles/rotunda_base.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
