file(REMOVE_RECURSE
  "librotunda_base.a"
)
