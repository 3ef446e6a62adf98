# Empty dependencies file for rotunda-admin.
# This may be replaced when dependencies are built.
