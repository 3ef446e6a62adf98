file(REMOVE_RECURSE
  "CMakeFiles/rotunda-admin.dir/src/app/rotunda-admin.cpp.o"
  "CMakeFiles/rotunda-admin.dir/src/app/rotunda-admin.cpp.o.d"
  "rotunda-admin"
  "rotunda-admin.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/rotunda-admin.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
