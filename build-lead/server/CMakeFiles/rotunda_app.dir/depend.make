# Empty dependencies file for rotunda_app.
# This may be replaced when dependencies are built.
