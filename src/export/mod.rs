//! Programs generated from the catalog for hosts that cannot run the Rust
//! core: each is checked against the core by its own test crate.

pub mod multiline;
pub mod vrl;
