//! Embed the catalog compactly: every `catalog/*.json` entry without the
//! fields only tests and docs use (`examples`, `no_example`, `handbook`),
//! as one minified JSON array, deflated. The wasm modules carry this
//! instead of the pretty-printed files.

use std::path::Path;

/// Same order as `catalog::BUILTIN_FILES` (the tie-break order).
const FILES: [&str; 7] = [
    "memory.json",
    "concurrency.json",
    "dependency.json",
    "runtime.json",
    "stdlib.json",
    "types.json",
    "generic.json",
];

fn main() {
    println!("cargo:rerun-if-changed=catalog");
    let mut all = Vec::new();
    for f in FILES {
        let path = Path::new("catalog").join(f);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let serde_json::Value::Array(entries) = value else {
            panic!("{}: expected an array", path.display());
        };
        for mut e in entries {
            if let Some(o) = e.as_object_mut() {
                for k in ["examples", "no_example", "handbook"] {
                    o.remove(k);
                }
            }
            all.push(e);
        }
    }
    let json = serde_json::to_vec(&all).expect("serialise catalog");
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 10);
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("catalog.json.deflate");
    std::fs::write(out, packed).expect("write packed catalog");
}
