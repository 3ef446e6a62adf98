# CMake generated Testfile for 
# Source directory: /work/main/tests/integration
# Build directory: /work/main/build-lead/tests/integration
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test(integration.rotundad "bash" "/work/main/tests/integration/rotundad.sh")
set_tests_properties(integration.rotundad PROPERTIES  ENVIRONMENT "ROTUNDA_SOURCE_DIR=/work/main;ROTUNDA_BINARY_DIR=/work/main/build-lead;ROTUNDAD=/work/main/build-lead/server/rotundad;ROTUNDA_ADMIN=/work/main/build-lead/server/rotunda-admin" _BACKTRACE_TRIPLES "/work/main/tests/integration/CMakeLists.txt;11;add_test;/work/main/tests/integration/CMakeLists.txt;0;")
