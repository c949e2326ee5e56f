//! Course content as data: loading and checking `content/` (see `content/README.md`).
