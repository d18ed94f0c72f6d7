//! The record check every shipper runs first ([`record_may_match`]) turns
//! a record away only when the full path would leave it alone: it is what
//! makes the common record cheap, and a record it wrongly turns away is a
//! missed crash. Checked over every line and every whole text of the
//! fixtures (crashes, real pastes, look-alikes), as one JSON record each,
//! and over lines assembled from the pieces that make the check hard.

mod common;

use common::texts_in;
use panicsig::prefilter::record_may_match;
use panicsig::{annotate_text, Catalog, Lang};
use proptest::prelude::*;

/// What the full path finds in a record's log text (the path a record
/// takes when the check lets it through on a stream with nothing open).
fn full_path(log: &str) -> bool {
    annotate_text(log, Catalog::builtin(), Lang::En).is_some()
}

/// `None` when the check holds for `log` as a record; else the record.
fn violation(log: &str) -> Option<String> {
    let rec = serde_json::json!({ "log": log, "stream": "stderr" }).to_string();
    (!record_may_match(rec.as_bytes()) && full_path(log)).then_some(rec)
}

#[test]
fn records_the_check_turns_away_are_never_annotated() {
    let texts = texts_in(&[
        "corpus/go1.19.8",
        "corpus/go1.23.5",
        "gen/go1.19",
        "gen/go1.21",
        "gen/go1.23",
        "realworld/pos",
        "realworld/neg",
        "negative",
    ]);
    let (mut records, mut turned_away) = (0, 0);
    for (name, text) in &texts {
        for log in text.lines().chain([text.as_str()]) {
            let rec = serde_json::json!({ "log": log }).to_string();
            records += 1;
            if !record_may_match(rec.as_bytes()) {
                turned_away += 1;
                assert!(
                    !full_path(log),
                    "{name}: turned away, yet annotated: {log:?}"
                );
            }
        }
    }
    eprintln!("{records} records, {turned_away} turned away by the check");
    assert!(records > 20_000 && turned_away > 10_000);
}

/// Pieces of ordinary and crash lines: the needles in every context the
/// check looks at (after a word, a `-`, a quote, an escape, as a header).
const PIECES: [&str; 24] = [
    "panic: ",
    "fatal error: ",
    "goroutine ",
    "17",
    " [running]:",
    " finished batch 3",
    "non-",
    "reason=\"",
    "msg=\"",
    "level=error ",
    "2026/11/24 10:00:00 ",
    "E1124 10:00:00.000000    1 main.go:12] ",
    "\n",
    "\t",
    "\"",
    "x",
    "_",
    "-",
    "http: panic serving 10.0.0.1:80: ",
    "runtime error: index out of range [4] with length 2",
    "concurrent map writes",
    "WARNING: DATA RACE",
    "svc_1  | ",
    "[pod/api-7/app] ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn assembled_lines_the_check_turns_away_are_never_annotated(
        picks in prop::collection::vec(0..PIECES.len(), 1..9)
    ) {
        let log: String = picks.iter().filter_map(|&i| PIECES.get(i).copied()).collect();
        prop_assert_eq!(violation(&log), None);
    }
}
