//! Fingerprints group the same crash and separate different ones. The
//! fixtures are one program built twice (an unrelated edit shifts every
//! line and address) and a third that fails with the same message elsewhere.

mod common;

use common::read;
use panicsig::{Annotation, Catalog, Lang};

fn annotation(rel: &str) -> Annotation {
    let inc = panicsig::scan(&read(rel));
    let first = inc.first().unwrap_or_else(|| panic!("{rel}: no incident"));
    Annotation::new(first, Catalog::builtin(), Lang::En).expect("classified")
}

#[test]
fn rebuilt_binary_with_shifted_lines_keeps_its_fingerprint() {
    for v in ["go1.19", "go1.21", "go1.23"] {
        let base = annotation(&format!("gen/{v}/fingerprint-base.txt"));
        let shifted = annotation(&format!("gen/{v}/fingerprint-shifted.txt"));
        // The premise: lines and messages really differ.
        assert_ne!(base.crash_site, shifted.crash_site, "{v}");
        assert_ne!(base.message, shifted.message, "{v}");
        assert_eq!(base.fingerprint, shifted.fingerprint, "{v}");
    }
}

#[test]
fn different_crash_site_different_fingerprint() {
    for v in ["go1.19", "go1.21", "go1.23"] {
        let base = annotation(&format!("gen/{v}/fingerprint-base.txt"));
        let other = annotation(&format!("gen/{v}/fingerprint-other-site.txt"));
        assert_eq!(base.code, other.code, "{v}");
        assert_ne!(base.fingerprint, other.fingerprint, "{v}");
    }
}

#[test]
fn goroutine_ids_and_tracebacks_do_not_change_the_fingerprint() {
    // The same crash under every GOTRACEBACK level that prints frames.
    for case in [
        "corpus/go1.23.5/nil-map-write",
        "gen/go1.23/concurrent-map-writes",
    ] {
        let want = annotation(&format!("{case}.txt")).fingerprint;
        for tb in ["all", "system", "crash"] {
            assert_eq!(
                annotation(&format!("{case}.{tb}.txt")).fingerprint,
                want,
                "{case} {tb}"
            );
        }
    }
}
