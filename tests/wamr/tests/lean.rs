//! The lean Fluent Bit module (dist/fluent-bit/lean/), which reads the
//! catalog's text from the files beside it through WASI: with them it
//! annotates every fixture exactly as the native core does, in English
//! and in Chinese; without them it annotates with code and severity only,
//! and still loses no record and never traps.

#[path = "../../common/mod.rs"]
mod common;
#[path = "../../harness/mod.rs"]
mod harness;

use common::{repo_root, texts_in};
use harness::{Harness, Native, WASM_STACK_SIZE};
use panicsig::{Lang, Options};
use std::path::PathBuf;

/// `make fluent-bit`'s lean directory: the module and its text files.
fn lean_dir() -> PathBuf {
    match std::env::var_os("PANICSIG_FLUENT_BIT_LEAN") {
        Some(p) => PathBuf::from(p),
        None => repo_root().join("dist/fluent-bit/lean"),
    }
}

fn lean_module() -> Vec<u8> {
    let p = lean_dir().join("panicsig.wasm");
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}; run `make fluent-bit`", p.display()))
}

/// Every fixture, one record per line and then whole, through `function`
/// of `h`, each compared with the native core under `opts`. Returns how
/// many records were annotated.
fn same_as_native(h: &mut Harness, function: &str, opts: Options) -> usize {
    let mut native = Native::new(opts);
    let mut annotated = 0;
    for (rel, text) in texts_in(&["corpus/go1.19.8", "corpus/go1.23.5", "negative"]) {
        let tag = format!("kube.{rel}");
        let mut records: Vec<String> = text
            .lines()
            .map(|l| serde_json::json!({ "log": l }).to_string())
            .collect();
        records.push(serde_json::json!({ "log": text }).to_string());
        for r in records {
            let got = h
                .call(function, &tag, r.as_bytes(), true)
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
            let want = native.call(&tag, r.as_bytes());
            assert!(
                got == want,
                "{rel}: {function} gave\n{}\nnative gave\n{}",
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
            annotated += usize::from(got.windows(10).any(|w| w == b"\"go_panic\""));
        }
    }
    annotated
}

#[test]
fn with_its_text_files_it_annotates_as_the_native_core() {
    let bytes = lean_module();
    // Fluent Bit's `accessible_paths .`, run in the lean directory.
    let map = format!(".::{}", lean_dir().display());
    for (function, lang) in [
        ("go_panic_filter", Lang::En),
        ("go_panic_filter_zh", Lang::Zh),
    ] {
        let mut h = Harness::with(&bytes, WASM_STACK_SIZE, WASM_STACK_SIZE, &[&map])
            .unwrap_or_else(|e| panic!("{e}"));
        let opts = Options {
            lang,
            ..Options::default()
        };
        let n = same_as_native(&mut h, function, opts);
        assert!(n > 100, "{function}: only {n} records annotated");
    }
}

#[test]
fn without_its_text_files_it_annotates_code_and_severity_only() {
    let mut h = Harness::new(&lean_module());
    let opts = Options {
        compact: true,
        ..Options::default()
    };
    let n = same_as_native(&mut h, "go_panic_filter", opts);
    assert!(n > 100, "only {n} records annotated");
}
