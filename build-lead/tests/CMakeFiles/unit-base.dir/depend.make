# Empty dependencies file for unit-base.
# This may be replaced when dependencies are built.
