//! The Rust host example's loader (examples/component/rust/host.rs), so
//! the tests exercise exactly the code users copy.

#[path = "../../examples/component/rust/host.rs"]
mod host;

pub use host::*;
