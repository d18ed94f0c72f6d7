//! The Fluent Bit module, called as filter_wasm calls it, over the whole
//! fixture corpus: no record lost, non-crash records byte-identical, crash
//! records annotated exactly as the native core annotates them.

mod common;
mod harness;

use common::{fixtures, texts_in};
use harness::{module_if_built, Harness, Native};
use panicsig::Options;

/// Every fixture text (real Go output and negatives), by path.
fn texts() -> Vec<(String, String)> {
    let mut dirs = common::CRASH_DIRS.to_vec();
    dirs.extend(["negative", "realworld/pos", "realworld/neg"]);
    texts_in(&dirs)
}

#[test]
fn module_loads_in_fluent_bits_wamr_configuration() {
    let Some(bytes) = module_if_built("module_loads_in_fluent_bits_wamr_configuration") else {
        return;
    };
    // No SIMD: WAMR in Fluent Bit is built without it and rejects the module.
    let mut features = wasmparser::WasmFeatures::default();
    features.remove(wasmparser::WasmFeatures::SIMD);
    features.remove(wasmparser::WasmFeatures::RELAXED_SIMD);
    wasmparser::Validator::new_with_features(features)
        .validate_all(&bytes)
        .expect("module has no SIMD instruction");
    let mut exports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let Ok(wasmparser::Payload::ExportSection(s)) = payload {
            for e in s.into_iter().flatten() {
                exports.push(e.name.to_string());
            }
        }
    }
    for want in [
        "_initialize",
        "malloc",
        "free",
        "memory",
        "go_panic_filter",
        "go_panic_filter_zh",
        "go_panic_filter_ecs",
        "go_panic_filter_otel",
        "go_panic_filter_compact",
        "go_panic_filter_config",
        "go_panic_filter_msgpack",
    ] {
        assert!(
            exports.iter().any(|e| e == want),
            "missing export {want}: {exports:?}"
        );
    }
    // A reactor, not a command: no _start.
    assert!(!exports.iter().any(|e| e == "_start"));
    Harness::new(&bytes);
}

#[test]
fn whole_corpus_one_line_per_record_and_joined() {
    let Some(bytes) = module_if_built("whole_corpus_one_line_per_record_and_joined") else {
        return;
    };
    let mut h = Harness::new(&bytes);
    let mut native = Native::new(Options::default());
    let (mut annotated, mut linked, mut untouched) = (0, 0, 0);
    for (rel, text) in texts() {
        let tag = format!("kube.{rel}");
        let mut records: Vec<Vec<u8>> = text
            .lines()
            .map(|l| {
                serde_json::json!({"log": l, "stream": "stderr"})
                    .to_string()
                    .into_bytes()
            })
            .collect();
        records.push(
            serde_json::json!({"log": text, "kubernetes": {"pod": "a"}})
                .to_string()
                .into_bytes(),
        );
        for r in records {
            let got = h
                .call("go_panic_filter", &tag, &r, true)
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
            let want = native.call(&tag, &r);
            assert!(got == want, "{rel}: wasm and native differ");
            if got == r {
                untouched += 1;
                continue;
            }
            // An annotated record keeps every original member as it was.
            let v: serde_json::Value = serde_json::from_slice(&got).expect("valid JSON");
            let orig: serde_json::Value = serde_json::from_slice(&r).expect("valid JSON");
            for (k, val) in orig.as_object().expect("object") {
                assert_eq!(&v[k], val, "{rel}: member {k} changed");
            }
            if v.get("go_panic").is_some() {
                annotated += 1;
            } else {
                assert!(v.get("go_panic_incident").is_some());
                linked += 1;
            }
        }
    }
    assert!(annotated > 400, "only {annotated} annotated");
    assert!(linked > 3000, "only {linked} linked traceback lines");
    assert!(untouched > 1000);
}

#[test]
fn every_variant_matches_the_native_options() {
    let Some(bytes) = module_if_built("every_variant_matches_the_native_options") else {
        return;
    };
    let mut h = Harness::new(&bytes);
    let crash = std::fs::read_to_string(fixtures().join("corpus/go1.23.5/nil-map-write.txt"))
        .expect("read");
    let record = serde_json::json!({ "log": crash }).to_string();
    let variants = [
        ("go_panic_filter", Options::default()),
        (
            "go_panic_filter_zh",
            Options {
                lang: panicsig::Lang::Zh,
                ..Options::default()
            },
        ),
        (
            "go_panic_filter_ecs",
            Options {
                shape: panicsig::Shape::Ecs,
                ..Options::default()
            },
        ),
        (
            "go_panic_filter_otel",
            Options {
                shape: panicsig::Shape::Otel,
                ..Options::default()
            },
        ),
        (
            "go_panic_filter_compact",
            Options {
                compact: true,
                ..Options::default()
            },
        ),
        // No panicsig.json is readable in the harness: defaults apply.
        ("go_panic_filter_config", Options::default()),
    ];
    for (f, opts) in variants {
        let got = h.call(f, "t", record.as_bytes(), true).expect("no trap");
        let mut native = Native::new(opts);
        assert_eq!(got, native.call("t", record.as_bytes()), "{f}");
    }
}

#[test]
fn hostile_records_come_back_unchanged_without_traps() {
    let Some(bytes) = module_if_built("hostile_records_come_back_unchanged_without_traps") else {
        return;
    };
    let mut h = Harness::new(&bytes);
    let crash =
        std::fs::read_to_string(fixtures().join("corpus/go1.23.5/nil-deref.txt")).expect("read");
    let nest = |log: &str| {
        format!(
            "{{\"log\":\"{log}\",\"a\":{}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        )
    };
    let mut cases: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        b"[1,2]".to_vec(),
        b"\"panic: x\"".to_vec(),
        b"{\"log\":\"panic: x\"".to_vec(),
        b"{\"log\":\"panic: \xff\xfe invalid utf8\"}".to_vec(),
        b"{\"log\":\"panic: bad escape \\q\"}".to_vec(),
        nest("GET / 200").into_bytes(),
        format!("{{\"log\":{}}}", serde_json::json!(crash))
            .replace("goroutine", "goroutine\u{0}")
            .into_bytes(),
        b"{\"log\":\"fatal error: x\",\"go_panic\":{\"code\":\"GP1\"}}".to_vec(),
    ];
    // Truncations of a real crash record at every 97th byte.
    let full = serde_json::json!({ "log": crash }).to_string().into_bytes();
    for cut in (1..full.len()).step_by(97) {
        cases.push(full[..cut].to_vec());
    }
    for c in cases {
        let got = h.call("go_panic_filter", "t", &c, true).expect("no trap");
        // What Fluent Bit keeps is the C string: the input up to its first NUL.
        let until_nul = c.iter().position(|&b| b == 0).map_or(&c[..], |n| &c[..n]);
        assert!(
            got == until_nul,
            "changed: {:?}",
            String::from_utf8_lossy(&c[..c.len().min(80)])
        );
    }
    // A crash record with 100k levels of nesting beside the message is
    // annotated, without recursion (WAMR would trap) and without touching
    // the nested value.
    let deep = nest("panic: boom");
    let got = h
        .call("go_panic_filter", "t", deep.as_bytes(), true)
        .expect("no trap");
    let head = &deep.as_bytes()[..deep.len() - 1];
    assert!(got.starts_with(head) && got.ends_with(b"}") && got.len() > deep.len());
    assert!(String::from_utf8_lossy(&got[head.len()..])
        .starts_with(",\"go_panic\":{\"code\":\"GP900\""));
}

#[test]
fn one_mebibyte_record_with_default_heap() {
    let Some(bytes) = module_if_built("one_mebibyte_record_with_default_heap") else {
        return;
    };
    let mut h = Harness::new(&bytes);
    let big = harness::mebibyte_crash_text();
    let record = serde_json::json!({ "log": big }).to_string();
    assert!(record.len() >= 1 << 20);
    let got = h
        .call("go_panic_filter", "t", record.as_bytes(), true)
        .expect("no trap");
    let v: serde_json::Value = serde_json::from_slice(&got).expect("valid JSON");
    assert_eq!(v["go_panic"]["slug"], "nil-map-write");
    assert_eq!(v["log"].as_str().map(str::len), Some(big.len()));
    // A non-crash record of the same size passes through untouched.
    let plain = serde_json::json!({ "log": "x".repeat(1 << 20) }).to_string();
    assert_eq!(
        h.call("go_panic_filter", "t", plain.as_bytes(), true)
            .expect("no trap"),
        plain.as_bytes()
    );
}

#[test]
fn memory_reaches_a_plateau() {
    let Some(bytes) = module_if_built("memory_reaches_a_plateau") else {
        return;
    };
    let mut h = Harness::new(&bytes);
    let crash = std::fs::read_to_string(fixtures().join("corpus/go1.23.5/nil-map-write.txt"))
        .expect("read");
    let records = [
        serde_json::json!({ "log": crash }).to_string(),
        serde_json::json!({ "log": "GET /healthz 200" }).to_string(),
        serde_json::json!({ "log": "panic: boom" }).to_string(),
        serde_json::json!({ "log": "\tmain.go:3 +0x1" }).to_string(),
    ];
    let calls = |h: &mut Harness, n: usize| {
        for i in 0..n {
            let r = &records[i % records.len()];
            let tag = format!("tag{}", i % 200);
            h.call("go_panic_filter", &tag, r.as_bytes(), true)
                .expect("no trap");
        }
    };
    calls(&mut h, 1_000);
    let before = h.pages();
    calls(&mut h, 6_000);
    assert_eq!(h.pages(), before, "linear memory grew after warm-up");
}

/// The exported allocator as hosts use it, with sizes and lifetimes in a
/// seeded random order and crash records annotated in between (which
/// allocate, grow and free inside the module): a block keeps its bytes
/// until it is freed, live blocks never overlap, every block is aligned
/// for any C type (16 bytes on wasm32), and Fluent Bit's per-record
/// pattern (tag and record in, both freed) settles on a few blocks
/// instead of taking new memory.
#[test]
fn exported_allocator_keeps_blocks_intact_apart_and_reused() {
    let Some(bytes) = module_if_built("exported_allocator_keeps_blocks_intact_apart_and_reused")
    else {
        return;
    };
    let mut h = Harness::new(&bytes);
    let crash = std::fs::read_to_string(fixtures().join("corpus/go1.23.5/nil-map-write.txt"))
        .expect("read");
    let crash = serde_json::json!({ "log": crash }).to_string();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut live: Vec<(u32, Vec<u8>)> = Vec::new();
    for i in 0..4000u32 {
        let r = next();
        if i % 100 == 0 {
            let got = h
                .call("go_panic_filter", "t", crash.as_bytes(), true)
                .expect("no trap");
            assert!(
                got.len() > crash.len(),
                "the crash record was not annotated"
            );
        }
        if live.is_empty() || (live.len() < 24 && r % 4 != 0) {
            let len = match (r >> 8) % 8 {
                0 => (r >> 16) % 200_000,
                1 | 2 => (r >> 16) % 4096,
                _ => (r >> 16) % 300,
            } as u32;
            let p = h.malloc(len);
            assert_ne!(p, 0, "malloc({len}) returned NULL");
            assert_eq!(p % 16, 0, "malloc({len}) = {p} is not 16-byte aligned");
            let fill: Vec<u8> = (0..len).map(|k| (k ^ i) as u8).collect();
            h.write(p, &fill);
            live.push((p, fill));
        } else {
            let (p, fill) = live.swap_remove((r >> 20) as usize % live.len());
            assert!(h.read(p, fill.len()) == fill, "block at {p} changed");
            h.free(p);
        }
    }
    let mut spans: Vec<(u32, u32)> = live
        .iter()
        .map(|(p, f)| (*p, *p + f.len() as u32))
        .collect();
    spans.sort_unstable();
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "live blocks overlap: {w:?}");
    }
    for (p, fill) in live {
        assert!(h.read(p, fill.len()) == fill, "block at {p} changed");
        h.free(p);
    }

    let pages = h.pages();
    let mut seen = std::collections::BTreeSet::new();
    for n in 0..1000u32 {
        let tag = h.malloc(12);
        let record = h.malloc(100 + n % 150);
        h.free(tag);
        h.free(record);
        if n >= 100 {
            seen.extend([tag, record]);
        }
    }
    assert!(seen.len() <= 6, "per-record blocks kept changing: {seen:?}");
    assert_eq!(h.pages(), pages, "the per-record pattern took new memory");
}

#[test]
fn msgpack_mode_decodes_and_documents_what_survives_strdup() {
    let Some(bytes) = module_if_built("msgpack_mode_decodes_and_documents_what_survives_strdup")
    else {
        return;
    };
    let mut h = Harness::new(&bytes);
    // {"log": <crash>, "stream": "stderr"} with no zero byte anywhere.
    let crash = std::fs::read_to_string(fixtures().join("corpus/go1.23.5/closed-channel-send.txt"))
        .expect("read");
    let mut rec = vec![0x82];
    for (k, v) in [("log", crash.as_str()), ("stream", "stderr")] {
        push_str(&mut rec, k);
        push_str(&mut rec, v);
    }
    assert!(!rec.contains(&0), "fixture must have no zero byte");
    let got = h
        .call("go_panic_filter_msgpack", "t", &rec, false)
        .expect("no trap");
    assert!(!got.is_empty());
    // The result decodes as a map with the original members and go_panic.
    let text = String::from_utf8_lossy(&got);
    assert_eq!(got[0], 0x83, "map of 3 entries");
    assert!(text.contains("send-on-closed-channel"));
    assert!(
        got.windows(rec.len() - 1).any(|w| w == &rec[1..]),
        "original entries kept byte for byte"
    );
    // A non-crash record without zero bytes comes back whole.
    let mut plain = vec![0x81];
    push_str(&mut plain, "log");
    push_str(&mut plain, "GET /healthz 200");
    assert_eq!(
        h.call("go_panic_filter_msgpack", "t", &plain, false)
            .expect("no trap"),
        plain
    );
    // A record containing a zero byte ({"n": 0}) is cut there by strdup,
    // whatever the filter returns: the documented msgpack-mode loss.
    let zero = vec![0x81, 0xa1, b'n', 0x00];
    assert_eq!(
        h.call("go_panic_filter_msgpack", "t", &zero, false)
            .expect("no trap"),
        &zero[..3]
    );
    // Garbage is returned as given (up to its first NUL), no trap.
    for junk in [
        &[0xc1u8, 0xff][..],
        &[0xdf, 0xff, 0xff, 0xff, 0xff][..],
        &[0x91][..],
    ] {
        let got = h
            .call("go_panic_filter_msgpack", "t", junk, false)
            .expect("no trap");
        assert_eq!(got, junk);
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    let n = s.len();
    if n < 32 {
        out.push(0xa0 | n as u8);
    } else if n < 256 {
        out.extend_from_slice(&[0xd9, n as u8]);
    } else {
        out.push(0xda);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    }
    out.extend_from_slice(s.as_bytes());
}
