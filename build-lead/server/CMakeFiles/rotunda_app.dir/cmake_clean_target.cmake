file(REMOVE_RECURSE
  "librotunda_app.a"
)
