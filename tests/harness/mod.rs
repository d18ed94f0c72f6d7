//! Calls the Fluent Bit module exactly as `filter_wasm` does (Fluent Bit
//! 5.1, src/wasm/flb_wasm.c): tag and record copied into module memory
//! through the module's `malloc` (with a trailing NUL for JSON, without
//! for msgpack), the filter called with six i32 arguments, the result read
//! as a C string (what `strdup` keeps), then both buffers freed.
//!
//! Two interpreters run it: wasmi here (`cargo test`), and WAMR, Fluent
//! Bit's own, in the tests/wamr crate, which compiles these files with
//! `--cfg panicsig_wamr`. Both offer the same `Harness`. Needs the
//! `common` test module beside it.
#![allow(dead_code)]

use std::path::PathBuf;

#[cfg(not(panicsig_wamr))]
#[path = "wasmi.rs"]
mod backend;
#[cfg(panicsig_wamr)]
#[path = "wamr.rs"]
mod backend;

pub use backend::Harness;

use panicsig::linker::Linker;
use panicsig::{annotate_stream_record, Catalog, Options, Origin};

/// The native core's result for the same call sequence: what every
/// module call is compared with.
pub struct Native {
    linker: Linker,
    opts: Options,
}

impl Native {
    pub fn new(opts: Options) -> Native {
        Native {
            linker: Linker::new(),
            opts,
        }
    }

    /// The record as the module should return it, with the origin the
    /// harness passes (tag, and its fixed time).
    pub fn call(&mut self, tag: &str, record: &[u8]) -> Vec<u8> {
        let origin = Origin {
            stream: tag.as_bytes(),
            sec: 1_764_000_000,
            nsec: 123_456_789,
        };
        annotate_stream_record(
            record,
            Catalog::builtin(),
            &self.opts,
            &mut self.linker,
            origin,
        )
        .unwrap_or_else(|| record.to_vec())
    }
}

/// Fluent Bit's default `wasm_stack_size` (and `wasm_heap_size`).
pub const WASM_STACK_SIZE: u32 = 8 * 1024;

/// Path of a module `make fluent-bit` builds: the one `env` names, else
/// `default` under the repository.
fn built_path(env: &str, default: &str) -> PathBuf {
    match std::env::var_os(env) {
        Some(p) => PathBuf::from(p),
        None => super::common::repo_root().join(default),
    }
}

/// Path of the module `make fluent-bit` builds.
pub fn module_path() -> PathBuf {
    built_path("PANICSIG_FLUENT_BIT_WASM", "dist/fluent-bit/panicsig.wasm")
}

/// A module `make fluent-bit` builds (named by `env`, else at `default`),
/// or `None` when it is not built and no path was given: plain `cargo
/// test` on a fresh checkout then passes these tests, saying which target
/// builds the module. `make test` gives the path, so a missing module
/// fails there.
pub fn built_module(test: &str, env: &str, default: &str) -> Option<Vec<u8>> {
    let path = built_path(env, default);
    if std::env::var_os(env).is_none() && !path.exists() {
        eprintln!(
            "{test}: skipped, {} is not built (`make fluent-bit`; `make test` runs it)",
            path.display()
        );
        return None;
    }
    Some(read_module(&path))
}

/// The default module, as [`built_module`].
pub fn module_if_built(test: &str) -> Option<Vec<u8>> {
    built_module(
        test,
        "PANICSIG_FLUENT_BIT_WASM",
        "dist/fluent-bit/panicsig.wasm",
    )
}

pub fn module_bytes() -> Vec<u8> {
    read_module(&module_path())
}

fn read_module(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; build it with `make fluent-bit` (make test does)",
            path.display()
        )
    })
}

/// A real crash (many goroutines, a nil-map write) padded with ordinary
/// lines to at least 1 MiB: one record larger than any default buffer.
pub fn mebibyte_crash_text() -> String {
    let path = super::common::fixtures().join("gen/go1.23/many-goroutines.all.txt");
    let mut big = std::fs::read_to_string(&path).expect("read");
    while big.len() < 1 << 20 {
        big.push_str("padding line that is not a crash\n");
    }
    big
}
