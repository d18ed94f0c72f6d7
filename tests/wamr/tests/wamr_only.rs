//! What only WAMR itself can show: the module's stack use at load against
//! Fluent Bit's default `wasm_stack_size`, the `go_panic_filter_config`
//! files read through WASI, and that this WAMR rejects SIMD as Fluent
//! Bit's does.

#[path = "../../common/mod.rs"]
mod common;
#[path = "../../harness/mod.rs"]
mod harness;

use harness::{module_bytes, Harness, WASM_STACK_SIZE};
use std::path::PathBuf;

/// Stack the module must leave unused at load, in bytes. Loading
/// compiles every catalog regex inside `_initialize`, the deepest call
/// chain the module has, and it fits the 8 KiB default with about 250
/// bytes to spare: a change that deepens it fails here, not in a user's
/// Fluent Bit.
const HEADROOM: u32 = 160;

#[test]
fn loads_and_runs_with_stack_to_spare() {
    let bytes = module_bytes();
    let needed = Harness::stack_needed_at_load(&bytes);
    eprintln!("stack needed at load: {needed} of {WASM_STACK_SIZE} bytes");
    assert!(
        needed + HEADROOM <= WASM_STACK_SIZE,
        "the module needs {needed} bytes of stack at load, leaving less than {HEADROOM} \
         of Fluent Bit's default {WASM_STACK_SIZE}"
    );
    let crash =
        serde_json::json!({ "log": common::read("corpus/go1.23.5/nil-map-write.txt") }).to_string();
    let mut h =
        Harness::with(&bytes, needed, WASM_STACK_SIZE, &[]).unwrap_or_else(|e| panic!("{e}"));
    let got = h
        .call("go_panic_filter", "t", crash.as_bytes(), true)
        .expect("no trap");
    let v: serde_json::Value = serde_json::from_slice(&got).expect("JSON");
    assert_eq!(v["go_panic"]["slug"], "nil-map-write");
}

/// A directory of its own holding `panicsig.json` and a signatures file.
fn config_dir(name: &str, regex: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("panicsig-wamr-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let sig = serde_json::json!([{"code":"GPX03","slug":"boom","title":{"en":"Boom","zh":"Boom"},
        "severity":"critical","category":"custom","match":{"kind":"panic","message_regex":regex},
        "summary":{"en":"x","zh":"x"},"remediation":{"en":"x","zh":"x"},"commands":[]}]);
    std::fs::write(dir.join("mine.json"), sig.to_string()).expect("write");
    std::fs::write(
        dir.join("panicsig.json"),
        r#"{"lang":"zh","compact":true,"signatures":"mine.json"}"#,
    )
    .expect("write");
    dir
}

#[test]
fn config_file_and_user_signatures_through_wasi() {
    let record = br#"{"log":"panic: boom xacegi"}"#;
    let run = |dir: &PathBuf| {
        // Fluent Bit's `accessible_paths .`, with "." mapped to `dir`.
        let map = format!(".::{}", dir.display());
        let mut h = Harness::with(&module_bytes(), WASM_STACK_SIZE, WASM_STACK_SIZE, &[&map])
            .unwrap_or_else(|e| panic!("{e}"));
        let got = h
            .call("go_panic_filter_config", "t", record, true)
            .expect("no trap");
        serde_json::from_slice::<serde_json::Value>(&got).expect("JSON")
    };
    // A pattern as deep as the deepest built-in one: the user's entry wins,
    // and the file's other options apply (compact).
    let ok = config_dir("ok", "^boom x(?:(?:(?P<n>a|b)c|d)e|f)");
    let v = run(&ok);
    assert_eq!(v["go_panic"]["code"], "GPX03", "{v}");
    assert!(v["go_panic"].get("remediation").is_none(), "compact: {v}");
    // Five groups deep overflowed the 8 KiB stack while compiling at load
    // (Fluent Bit then stops); deeper than the built-in patterns is now
    // refused, and the module loads with the built-in catalog and the
    // file's other options.
    let deep = config_dir("deep", "^boom x(?:(?:(?:(?:(?:a|b)c|d)e|f)g|h)i|j)");
    let v = run(&deep);
    assert_eq!(v["go_panic"]["code"], "GP900", "{v}");
    assert!(v["go_panic"].get("remediation").is_none(), "compact: {v}");
    for d in [ok, deep] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn simd_is_rejected_as_in_fluent_bit() {
    let simd = wat::parse_str(
        r#"(module (func (export "f") (result i32)
             v128.const i32x4 1 2 3 4
             i32x4.extract_lane 0))"#,
    )
    .expect("wat");
    let err = Harness::with(&simd, WASM_STACK_SIZE, WASM_STACK_SIZE, &[])
        .err()
        .unwrap_or_default();
    assert!(err.starts_with("load:"), "{err}");
}
