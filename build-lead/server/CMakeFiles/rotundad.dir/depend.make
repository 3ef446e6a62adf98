# Empty dependencies file for rotundad.
# This may be replaced when dependencies are built.
