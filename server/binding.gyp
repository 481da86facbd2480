{
  "targets": [
    {
      "target_name": "walk_tree",
      "sources": ["native/walk-tree.c"],
      "cflags": ["-O2", "-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
