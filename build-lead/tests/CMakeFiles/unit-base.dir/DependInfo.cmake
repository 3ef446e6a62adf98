
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/tests/unit/TestMain.cpp" "tests/CMakeFiles/unit-base.dir/unit/TestMain.cpp.o" "gcc" "tests/CMakeFiles/unit-base.dir/unit/TestMain.cpp.o.d"
  "/work/main/tests/unit/base/ConfigurationLoaderTest.cpp" "tests/CMakeFiles/unit-base.dir/unit/base/ConfigurationLoaderTest.cpp.o" "gcc" "tests/CMakeFiles/unit-base.dir/unit/base/ConfigurationLoaderTest.cpp.o.d"
  "/work/main/tests/unit/base/MetricsTest.cpp" "tests/CMakeFiles/unit-base.dir/unit/base/MetricsTest.cpp.o" "gcc" "tests/CMakeFiles/unit-base.dir/unit/base/MetricsTest.cpp.o.d"
  "/work/main/tests/unit/base/SettingsTest.cpp" "tests/CMakeFiles/unit-base.dir/unit/base/SettingsTest.cpp.o" "gcc" "tests/CMakeFiles/unit-base.dir/unit/base/SettingsTest.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-lead/server/CMakeFiles/rotunda_base.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
