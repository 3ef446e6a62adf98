# Empty dependencies file for rotunda_base.
# This may be replaced when dependencies are built.
