file(REMOVE_RECURSE
  "CMakeFiles/rotunda_base.dir/src/app/ConfigurationLoader.cpp.o"
  "CMakeFiles/rotunda_base.dir/src/app/ConfigurationLoader.cpp.o.d"
  "CMakeFiles/rotunda_base.dir/src/app/EnvironmentConfiguration.cpp.o"
  "CMakeFiles/rotunda_base.dir/src/app/EnvironmentConfiguration.cpp.o.d"
  "CMakeFiles/rotunda_base.dir/src/app/Logging.cpp.o"
  "CMakeFiles/rotunda_base.dir/src/app/Logging.cpp.o.d"
  "CMakeFiles/rotunda_base.dir/src/app/Metrics.cpp.o"
  "CMakeFiles/rotunda_base.dir/src/app/Metrics.cpp.o.d"
  "CMakeFiles/rotunda_base.dir/src/app/Settings.cpp.o"
  "CMakeFiles/rotunda_base.dir/src/app/Settings.cpp.o.d"
  "librotunda_base.a"
  "librotunda_base.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/rotunda_base.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
