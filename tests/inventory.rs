//! The inventory of crash messages in Go's own sources
//! (`tests/fixtures/inventory/*.tsv`, `make inventory GO=...`): each
//! distinct message, printed as Go prints it, is classified, and the share
//! that gets a specific (non-GP9xx) code is measured, with the misses.

mod common;

use panicsig::{Annotation, Catalog, Lang};
use std::collections::BTreeSet;

/// One inventory row: kind and message (escapes undone).
fn rows() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for path in common::files(&common::fixtures().join("inventory"), ".tsv") {
        let text = std::fs::read_to_string(&path).expect("inventory");
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if let [version, _, _, kind, message] = f.as_slice() {
                let message = common::unescape(message);
                out.push((version.to_string(), kind.to_string(), message));
            }
        }
    }
    out
}

/// Format verbs filled with plausible values.
fn fill(message: &str) -> String {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut verb = None;
        while let Some(&d) = chars.peek() {
            chars.next();
            if d.is_ascii_alphabetic() || d == '%' {
                verb = Some(d);
                break;
            }
        }
        out.push_str(match verb {
            Some('d') | Some('y') => "7",
            Some('x') | Some('X') => "0x1f",
            Some('p') => "0xc000010000",
            Some('q') => "\"x\"",
            Some('T') => "int",
            Some('%') => "%",
            _ => "x",
        });
    }
    out
}

/// The crash text Go prints for a row.
fn crash(kind: &str, message: &str) -> String {
    let header = match kind {
        "fatal" => format!("fatal error: {message}"),
        "runtime" => format!("panic: runtime error: {message}"),
        _ => format!("panic: {message}"),
    };
    format!(
        "{header}\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:9 +0x1d\nexit status 2\n"
    )
}

/// The lowest share, over the versions, of distinct messages with a
/// specific code; the number of distinct messages in all; the misses.
fn share() -> (f64, usize, Vec<String>) {
    let rows = rows();
    let versions: BTreeSet<&str> = rows.iter().map(|(v, _, _)| v.as_str()).collect();
    let mut lowest = 1.0f64;
    for v in &versions {
        let of_v = rows.iter().filter(|(rv, _, _)| rv == v);
        let (s, n, _) = share_of(of_v.map(|(_, k, m)| (k.clone(), m.clone())));
        eprintln!("{v}: {:.1}% of {n} distinct messages", s * 100.0);
        lowest = lowest.min(s);
    }
    let (_, n, misses) = share_of(rows.into_iter().map(|(_, k, m)| (k, m)));
    (lowest, n, misses)
}

/// (share of the distinct messages with a specific code, how many, misses).
fn share_of(rows: impl Iterator<Item = (String, String)>) -> (f64, usize, Vec<String>) {
    let catalog = Catalog::builtin();
    let distinct: BTreeSet<(String, String)> = rows.collect();
    let mut misses = Vec::new();
    for (kind, message) in &distinct {
        let text = crash(kind, &fill(message));
        let code = panicsig::scan(&text)
            .first()
            .and_then(|i| Annotation::new(i, catalog, Lang::En))
            .map(|a| a.code);
        if code.as_deref().is_none_or(|c| c.starts_with("GP9")) {
            misses.push(format!("{kind}\t{message:?} -> {code:?}"));
        }
    }
    let n = distinct.len();
    let hit = n.saturating_sub(misses.len());
    (hit as f64 / n.max(1) as f64, n, misses)
}

/// The share does not fall: a ratchet at today's level while the catalog
/// grows towards the goal below.
#[test]
fn specific_codes_do_not_fall_below_todays_share() {
    let (share, n, misses) = share();
    eprintln!(
        "{:.1}% of {n} distinct messages get a specific code",
        share * 100.0
    );
    assert!(n > 1000, "only {n} distinct messages in the inventory");
    assert!(
        share >= FLOOR,
        "{:.1}% < {:.1}%; misses:\n{}",
        share * 100.0,
        FLOOR * 100.0,
        misses.join("\n")
    );
}

/// Today's lowest share over the versions, rounded down.
const FLOOR: f64 = 0.71;

/// The goal of the catalog-breadth work: 95% of the distinct messages.
/// Not met yet, so not part of `make test`; `make inventory-check` runs
/// it and prints every miss.
#[test]
#[ignore = "the catalog does not cover 95% of the inventory yet: make inventory-check"]
fn ninety_five_percent_get_a_specific_code() {
    let (share, n, misses) = share();
    assert!(
        share >= 0.95,
        "{:.1}% (lowest over the versions) of {n} distinct messages get a specific code; misses:\n{}",
        share * 100.0,
        misses.join("\n")
    );
}
