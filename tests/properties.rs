//! Properties that must hold for any input.

mod common;

use common::texts_in;
use panicsig::{Incident, Scanner};

fn all_fixture_texts() -> Vec<(String, String)> {
    texts_in(&[
        "corpus/go1.19.8",
        "corpus/go1.23.5",
        "gen/go1.23",
        "negative",
    ])
}

fn scan_in_chunks(text: &[u8], size: usize) -> Vec<Incident> {
    let mut s = Scanner::new();
    for chunk in text.chunks(size) {
        s.feed(chunk);
    }
    s.finish()
}

#[test]
fn incidents_do_not_depend_on_chunking() {
    // All fixtures in one stream, so incidents also follow each other.
    let mut stream = String::new();
    for (_, t) in all_fixture_texts() {
        stream.push_str(&t);
        if !t.ends_with('\n') {
            stream.push('\n');
        }
    }
    let whole = panicsig::scan(&stream);
    assert!(whole.len() > 150, "only {} incidents", whole.len());
    for size in [1, 2, 3, 7, 64, 1000, 4096, 65_537] {
        assert_eq!(
            scan_in_chunks(stream.as_bytes(), size),
            whole,
            "chunk size {size}"
        );
    }
}

#[test]
fn json_lines_incidents_do_not_depend_on_chunking() {
    // The example service logs mix plain, docker json-file, CRI and
    // journald lines; JSON lines are read through their message field.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/logs");
    let mut stream = Vec::new();
    for n in common::files(&dir, ".log") {
        stream.extend(std::fs::read(n).expect("read log"));
    }
    let scan = |size: usize| {
        let mut s = Scanner::with_json(None);
        for chunk in stream.chunks(size) {
            s.feed(chunk);
        }
        s.finish()
    };
    let whole = scan(stream.len());
    assert!(whole.len() > 10, "only {} incidents", whole.len());
    for size in [1, 3, 7, 64, 1000, 4096] {
        assert_eq!(scan(size), whole, "chunk size {size}");
    }
}

/// Inputs the `scan` and `scan_json` fuzz targets once failed on
/// (tests/fixtures/fuzz/), split into chunks the way the targets do.
#[test]
fn fuzz_regressions_give_the_same_incidents_in_chunks() {
    let mut checked = 0;
    for path in common::files(&common::fixtures().join("fuzz"), ".bin") {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        let name = name.unwrap_or_default();
        let json = name.starts_with("scan_json-");
        if !json && !name.starts_with("scan-") {
            continue;
        }
        let new = || {
            if json {
                Scanner::with_json(None)
            } else {
                Scanner::new()
            }
        };
        let data = std::fs::read(&path).expect("read");
        let (sizes, text) = data.split_at(data.len().min(4));
        let mut rest = text;
        let mut chunked = new();
        let mut i = 0;
        while !rest.is_empty() {
            let n = usize::from(sizes.get(i % sizes.len().max(1)).copied().unwrap_or(7)).max(1);
            let (head, tail) = rest.split_at(n.min(rest.len()));
            chunked.feed(head);
            rest = tail;
            i += 1;
        }
        let mut whole = new();
        whole.feed(text);
        assert_eq!(chunked.finish(), whole.finish(), "{name}");
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn arbitrary_bytes_never_panic() {
    // Deterministic pseudo-random inputs, plus mutations of real crashes.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let texts = all_fixture_texts();
    for round in 0..400 {
        let (_, base) = &texts[round % texts.len()];
        let mut bytes = base.as_bytes().to_vec();
        for _ in 0..(next() % 32) {
            if bytes.is_empty() {
                break;
            }
            let i = (next() as usize) % bytes.len();
            match next() % 4 {
                0 => bytes[i] = next() as u8,
                1 => {
                    bytes.insert(i, b'\n');
                }
                2 => {
                    bytes.remove(i);
                }
                _ => bytes.truncate(i),
            }
        }
        let _ = scan_in_chunks(&bytes, 1 + (next() as usize % 300));
        let _ =
            panicsig::annotate_record(&bytes, panicsig::Catalog::builtin(), &Default::default());
    }
}

#[test]
fn annotated_record_minus_added_members_equals_the_input() {
    // Records of many shapes around real crash texts and negatives.
    let texts = all_fixture_texts();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut annotated = 0;
    for (i, (_, text)) in texts.iter().enumerate() {
        let mut obj = serde_json::Map::new();
        let key = ["log", "message", "msg", "MESSAGE"][i % 4];
        for k in 0..(next() % 4) {
            obj.insert(
                format!("f{k}"),
                serde_json::json!({"n": next() % 1000, "s": "x\u{0}y"}),
            );
        }
        obj.insert(key.to_string(), serde_json::Value::String(text.clone()));
        obj.insert("tail".into(), serde_json::json!([1, 2.5, null, true]));
        let record = serde_json::Value::Object(obj.clone()).to_string();
        let Some(out) = panicsig::annotate_record(
            record.as_bytes(),
            panicsig::Catalog::builtin(),
            &Default::default(),
        ) else {
            // Untouched: a non-crash. Scanning the text agrees.
            assert!(panicsig::annotate_text(
                text,
                panicsig::Catalog::builtin(),
                panicsig::Lang::En
            )
            .is_none());
            continue;
        };
        annotated += 1;
        let mut v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        let added = v.as_object_mut().expect("object");
        assert!(added.remove("go_panic").is_some());
        assert_eq!(
            serde_json::Value::Object(added.clone()),
            serde_json::Value::Object(obj)
        );
        // And byte-wise: the original bytes up to the closing brace come first.
        assert!(out.starts_with(&record.as_bytes()[..record.len() - 1]));
    }
    assert!(annotated > 150, "only {annotated} annotated");
}
