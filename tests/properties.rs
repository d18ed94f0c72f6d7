//! Properties that must hold for any input.

mod common;

use common::{fixtures, read};
use panicsig::{Incident, Scanner};

fn all_fixture_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [
        "corpus/go1.19.8",
        "corpus/go1.23.5",
        "gen/go1.23",
        "negative",
    ] {
        let Ok(rd) = std::fs::read_dir(fixtures().join(dir)) else {
            continue;
        };
        let mut names: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        names.sort();
        for n in names {
            let n = n.to_string_lossy().to_string();
            if n.ends_with(".txt") {
                let rel = format!("{dir}/{n}");
                out.push((rel.clone(), read(&rel)));
            }
        }
    }
    out
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
