//! Nothing but tests: see `tests/` and the manifest.
