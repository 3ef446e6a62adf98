file(REMOVE_RECURSE
  "CMakeFiles/rotundad.dir/src/app/rotundad.cpp.o"
  "CMakeFiles/rotundad.dir/src/app/rotundad.cpp.o.d"
  "rotundad"
  "rotundad.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/rotundad.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
