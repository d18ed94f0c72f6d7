//! Embed the catalog compactly: every `catalog/*.json` entry without the
//! fields only tests and docs use (`examples`, `no_example`, `handbook`),
//! as one minified JSON array, deflated. The wasm modules carry this
//! instead of the pretty-printed files. Also writes
//! `catalog::BUILTIN_FILES`, the files in full, from the same list
//! (discovered: see [`catalog_files`]).
//!
//! With the `external-text` feature (the browser module, the lean Fluent
//! Bit module) the entries lose their text too (titles, summaries,
//! remediation, commands), which the host loads per language at run time.
//! The browser module keeps the rest undeflated: it is served compressed
//! anyway, so an inflater would only add code. Where the catalog is
//! deflated, build.rs sets `cfg(panicsig_packed_catalog)`.

use std::path::Path;

/// The catalog files: every `catalog/*.json` that is a list of entries
/// (not `handbook.json`, whose rows have no slug), in the order of their codes (GP1xx memory first,
/// GP9xx fallbacks last), which is also the order ties would be broken in
/// (tests/catalog.rs checks that no fixture has a tie). A new file needs
/// no change here.
fn catalog_files() -> Vec<String> {
    let dir = Path::new("catalog");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("catalog/: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            let entries = value.as_array()?;
            // Entries have a slug; the handbook's chapter rows do not.
            if !entries.iter().all(|e| e.get("slug").is_some()) {
                return None;
            }
            let first_code = entries
                .iter()
                .filter_map(|e| e.get("code")?.as_str())
                .min()?
                .to_string();
            let name = p.file_name()?.to_str()?.to_string();
            Some((first_code, name))
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, name)| name).collect()
}

fn main() {
    println!("cargo:rerun-if-changed=catalog");
    fluent_bit_link_args();
    let files_in_order = catalog_files();
    let mut all = Vec::new();
    for f in &files_in_order {
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
    let external_text = std::env::var_os("CARGO_FEATURE_EXTERNAL_TEXT").is_some();
    if external_text {
        for e in &mut all {
            if let Some(o) = e.as_object_mut() {
                o.remove("commands");
                for k in ["title", "summary", "remediation"] {
                    o.insert(k.into(), serde_json::json!({"en": "", "zh": ""}));
                }
            }
        }
    }
    // One entry per line, read one at a time (`Catalog::add_json_lines`):
    // no outer array, one level less of parser recursion at load, where
    // Fluent Bit's default 8 KiB wasm stack is the limit.
    let mut json = Vec::new();
    for e in &all {
        json.extend(serde_json::to_vec(e).expect("serialise catalog entry"));
        json.push(b'\n');
    }
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out_dir);
    let packed = !external_text || std::env::var_os("CARGO_FEATURE_FLUENT_BIT").is_some();
    // The catalog's own regex backtracker (src/catalog/backtrack/) is
    // for speed in Fluent Bit's interpreter: natively and in the one-file
    // and `wamr-heap` Fluent Bit modules. The modules built for size (lean
    // Fluent Bit, browser, component) keep regex-lite alone.
    println!("cargo:rustc-check-cfg=cfg(panicsig_backtracker)");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let for_size = external_text || std::env::var_os("CARGO_FEATURE_COMPONENT").is_some();
    if !(wasm && for_size) {
        println!("cargo:rustc-cfg=panicsig_backtracker");
    }
    println!("cargo:rustc-check-cfg=cfg(panicsig_packed_catalog)");
    if !packed {
        std::fs::write(out.join("catalog.rules.json"), &json).expect("write catalog");
    } else {
        println!("cargo:rustc-cfg=panicsig_packed_catalog");
        let mut packed = Vec::new();
        zopfli::compress(
            zopfli::Options::default(),
            zopfli::Format::Deflate,
            json.as_slice(),
            &mut packed,
        )
        .expect("deflate catalog");
        std::fs::write(out.join("catalog.json.deflate"), packed).expect("write packed catalog");
    }

    let mut files = String::from(
        "/// The catalog source files in full, in specificity tie-break order (for\n\
         /// tests and docs; hosts use the packed copy).\n",
    );
    files.push_str(&format!(
        "pub const BUILTIN_FILES: [(&str, &str); {}] = [\n",
        files_in_order.len()
    ));
    for f in &files_in_order {
        files.push_str(&format!(
            "    ({f:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/catalog/{f}\"))),\n"
        ));
    }
    files.push_str("];\n");
    std::fs::write(out.join("builtin_files.rs"), files).expect("write file list");
}

/// The Fluent Bit module defines its own `malloc` and `free`
/// (src/hosts/fluent_bit/alloc.rs) in front of wasi-libc's, which come in
/// one object with the rest of dlmalloc: let the linker keep the first
/// definition, ours, instead of refusing the duplicate. And it exports
/// them, so WAMR copies records in through them (any record size with
/// Fluent Bit's defaults), except in the `wamr-heap` build, which leaves
/// the copies to WAMR's own heap (see src/hosts/fluent_bit.rs).
fn fluent_bit_link_args() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if std::env::var_os("CARGO_FEATURE_FLUENT_BIT").is_some() && target.starts_with("wasm32-wasi") {
        println!("cargo:rustc-cdylib-link-arg=--allow-multiple-definition");
        if std::env::var_os("CARGO_FEATURE_WAMR_HEAP").is_none() {
            println!("cargo:rustc-cdylib-link-arg=--export=malloc");
            println!("cargo:rustc-cdylib-link-arg=--export=free");
        }
    }
}
