file(REMOVE_RECURSE
  "CMakeFiles/unit-base.dir/unit/TestMain.cpp.o"
  "CMakeFiles/unit-base.dir/unit/TestMain.cpp.o.d"
  "CMakeFiles/unit-base.dir/unit/base/ConfigurationLoaderTest.cpp.o"
  "CMakeFiles/unit-base.dir/unit/base/ConfigurationLoaderTest.cpp.o.d"
  "CMakeFiles/unit-base.dir/unit/base/MetricsTest.cpp.o"
  "CMakeFiles/unit-base.dir/unit/base/MetricsTest.cpp.o.d"
  "CMakeFiles/unit-base.dir/unit/base/SettingsTest.cpp.o"
  "CMakeFiles/unit-base.dir/unit/base/SettingsTest.cpp.o.d"
  "unit-base"
  "unit-base.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/unit-base.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
