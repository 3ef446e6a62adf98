file(REMOVE_RECURSE
  "CMakeFiles/rotunda_app.dir/src/app/AdminApplication.cpp.o"
  "CMakeFiles/rotunda_app.dir/src/app/AdminApplication.cpp.o.d"
  "CMakeFiles/rotunda_app.dir/src/app/ConfigurationSubsystem.cpp.o"
  "CMakeFiles/rotunda_app.dir/src/app/ConfigurationSubsystem.cpp.o.d"
  "CMakeFiles/rotunda_app.dir/src/app/RotundaServer.cpp.o"
  "CMakeFiles/rotunda_app.dir/src/app/RotundaServer.cpp.o.d"
  "librotunda_app.a"
  "librotunda_app.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/rotunda_app.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
