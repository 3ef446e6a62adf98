# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build-lead/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test(unit.base.ConfigurationLoaderTest "/work/main/build-lead/tests/unit-base" "ConfigurationLoaderTest")
set_tests_properties(unit.base.ConfigurationLoaderTest PROPERTIES  ENVIRONMENT "ROTUNDA_SOURCE_DIR=/work/main;ROTUNDA_BINARY_DIR=/work/main/build-lead" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;33;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test(unit.base.MetricsTest "/work/main/build-lead/tests/unit-base" "MetricsTest")
set_tests_properties(unit.base.MetricsTest PROPERTIES  ENVIRONMENT "ROTUNDA_SOURCE_DIR=/work/main;ROTUNDA_BINARY_DIR=/work/main/build-lead" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;33;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test(unit.base.SettingsTest "/work/main/build-lead/tests/unit-base" "SettingsTest")
set_tests_properties(unit.base.SettingsTest PROPERTIES  ENVIRONMENT "ROTUNDA_SOURCE_DIR=/work/main;ROTUNDA_BINARY_DIR=/work/main/build-lead" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;33;add_test;/work/main/tests/CMakeLists.txt;0;")
subdirs("integration")
