//! Host adapters: boundary code only (ABI, encoding, I/O), one module per
//! host. Each calls the core once per record or text.

#[cfg(all(feature = "fluent-bit", target_arch = "wasm32"))]
pub mod fluent_bit;

#[cfg(feature = "web")]
pub mod web;

#[cfg(feature = "component")]
pub mod component;
