//! panicsig recognises Go panics and fatal errors in log text and
//! annotates each with a stable signature code, a severity and remediation.
//!
//! ```
//! use panicsig::{Catalog, Lang};
//!
//! let log = "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\n\
//!            main.main()\n\t/src/app/main.go:8 +0x2c\nexit status 2\n";
//! let incidents = panicsig::scan(log);
//! assert_eq!(incidents.len(), 1);
//! let a = panicsig::Annotation::new(&incidents[0], Catalog::builtin(), Lang::En).unwrap();
//! assert_eq!(a.slug, "nil-map-write");
//! assert_eq!(a.crash_site.unwrap().line, 8);
//! ```
//!
//! Data flows one way: bytes → [`wrappers`] stripped lines → [`prefilter`]
//! → [`parse`]d [`Incident`]s → [`catalog`] match → [`annotate`]d output.
//! Every stage is a plain function over borrowed input with no I/O; host
//! adapters (CLI, Fluent Bit, browser, component) only do I/O and encoding.

// Input-handling code must not be able to panic: a panic is a trap in
// Fluent Bit's WAMR and a lost record everywhere.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo
    )
)]

// The CLI prints the catalog's text, which an `external-text` build
// leaves out.
#[cfg(all(feature = "cli", feature = "external-text"))]
compile_error!(
    "`external-text` is for the browser and lean Fluent Bit modules; it cannot be built with `cli`"
);

pub mod annotate;
pub mod api;
pub mod catalog;
#[cfg(any(
    test,
    all(
        feature = "fluent-bit",
        not(feature = "external-text"),
        target_arch = "wasm32"
    )
))]
mod class_alloc;
pub mod export;
pub mod find;
pub mod fingerprint;
pub mod hosts;
pub mod json_read;
pub mod json_scan;
pub mod json_write;
pub mod limits;
pub mod linker;
pub mod locate;
pub mod model;
pub mod parse;
pub mod prefilter;
mod sha256;
pub mod wrappers;

#[cfg(test)]
mod test_fixtures;

pub use annotate::record::{annotate_record, annotate_stream_record, Origin};
pub use annotate::{annotate_text, Annotation, Options, Shape};
pub use catalog::{Catalog, Lang, Severity, Signature};
pub use model::{Frame, Goroutine, Incident, Kind};
pub use parse::{scan, Scanner};
