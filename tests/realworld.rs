//! Scores panicsig on the development set of real crash text copied from
//! public GitHub issues (`tests/fixtures/realworld`, see its
//! README): detection, message and crash-site rates over the positives,
//! and incidents on the negatives. Prints every miss.
//!
//! Scoring is the README's, on what `panicsig scan FILE` reports: the file's
//! bytes go through `Scanner::with_json(None)` and each incident through
//! `api::Found::new` with the builtin catalog.
//!
//! - a positive is detected when at least one incident is found;
//! - its message matches when the label's message (whitespace collapsed)
//!   is contained in some incident's message (whitespace collapsed); only
//!   rows with a message are scored;
//! - its crash site matches when some incident's `crash_site.function`
//!   equals the label's `crash_function`; only rows with one are scored;
//! - a negative must give no incident.
//!
//! The set is copied verbatim into `tests/fixtures/realworld` (its README
//! names each file's source), so the test runs on every checkout.

mod common;

use panicsig::api::Found;
use panicsig::{Catalog, Lang, Scanner};
use std::path::{Path, PathBuf};

const MIN_DETECTION: f64 = 0.98;
const MIN_MESSAGE: f64 = 0.98;
const MIN_CRASH_SITE: f64 = 0.95;

fn dev_set() -> PathBuf {
    common::repo_root().join("tests/fixtures/realworld")
}

/// One row of the dev set's `labels.tsv`.
#[derive(Debug)]
struct Row {
    file: String,
    kind: String,
    message: String,
    crash_function: String,
}

fn rows(dir: &Path) -> Vec<Row> {
    let path = dir.join("labels.tsv");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("labels.tsv has no column {name}"))
    };
    let (c_file, c_kind, c_msg, c_fn) = (
        col("file"),
        col("kind"),
        col("message"),
        col("crash_function"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let get = |i: usize| common::unescape(c.get(i).copied().unwrap_or(""));
            Row {
                file: get(c_file),
                kind: get(c_kind),
                message: get(c_msg),
                crash_function: get(c_fn),
            }
        })
        .collect()
}

/// What `panicsig scan FILE` reports.
fn scan(bytes: &[u8]) -> Vec<Found> {
    let mut s = Scanner::with_json(None);
    s.feed(bytes);
    s.finish()
        .iter()
        .filter_map(|i| Found::new(i, Catalog::builtin(), Lang::En))
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(s: &str, n: usize) -> String {
    let s = collapse(s);
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// What was found, for the misses table.
fn found_summary(found: &[Found]) -> String {
    if found.is_empty() {
        return "nothing".into();
    }
    found
        .iter()
        .map(|f| {
            let site = f
                .annotation
                .crash_site
                .as_ref()
                .map_or("-", |s| s.function.as_str());
            format!(
                "{} {:?} @ {} ({} frames)",
                f.annotation.kind,
                clip(&f.annotation.message, 60),
                site,
                f.stack.len()
            )
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[derive(Default)]
struct Score {
    positives: usize,
    detected: usize,
    messages: usize,
    message_ok: usize,
    sites: usize,
    site_ok: usize,
    negatives: usize,
    false_positives: usize,
}

fn rate(ok: usize, n: usize) -> f64 {
    if n == 0 {
        1.0
    } else {
        ok as f64 / n as f64
    }
}

#[test]
fn realworld_dev_set_score() {
    let dir = dev_set();
    let mut score = Score::default();
    let mut misses: Vec<(String, String, String)> = Vec::new();
    for row in rows(&dir) {
        let path = dir.join(&row.file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let found = scan(&bytes);
        if row.kind == "none" {
            score.negatives += 1;
            if !found.is_empty() {
                score.false_positives += 1;
                misses.push((row.file, "false positive".into(), found_summary(&found)));
            }
            continue;
        }
        let mut missed = Vec::new();
        let detected = !found.is_empty();
        if !detected {
            missed.push("detection");
        }
        let msg_ok = row.message.is_empty() || {
            let want = collapse(&row.message);
            found
                .iter()
                .any(|f| collapse(&f.annotation.message).contains(&want))
        };
        if !msg_ok {
            missed.push("message");
        }
        let site_ok = row.crash_function.is_empty()
            || found.iter().any(|f| {
                f.annotation
                    .crash_site
                    .as_ref()
                    .is_some_and(|s| s.function == row.crash_function)
            });
        if !site_ok {
            missed.push("crash site");
        }
        let want = format!(
            "msg {:?}, site {}",
            clip(&row.message, 40),
            if row.crash_function.is_empty() {
                "-"
            } else {
                &row.crash_function
            }
        );
        score.positives += 1;
        score.detected += usize::from(detected);
        if !row.message.is_empty() {
            score.messages += 1;
            score.message_ok += usize::from(msg_ok);
        }
        if !row.crash_function.is_empty() {
            score.sites += 1;
            score.site_ok += usize::from(site_ok);
        }
        if !missed.is_empty() {
            misses.push((
                row.file,
                format!("{} (want {want})", missed.join(", ")),
                found_summary(&found),
            ));
        }
    }

    println!("\n== realworld dev set: misses ({}) ==", misses.len());
    for (file, what, got) in &misses {
        println!("{file}\t{what}\n\t\tfound: {got}");
    }
    let detection = rate(score.detected, score.positives);
    let message = rate(score.message_ok, score.messages);
    let site = rate(score.site_ok, score.sites);
    println!("\n== realworld dev set: score ==");
    println!(
        "detection   {:>3}/{:<3} {:6.1}%  (min {:.0}%)",
        score.detected,
        score.positives,
        100.0 * detection,
        100.0 * MIN_DETECTION
    );
    println!(
        "message     {:>3}/{:<3} {:6.1}%  (min {:.0}%)",
        score.message_ok,
        score.messages,
        100.0 * message,
        100.0 * MIN_MESSAGE
    );
    println!(
        "crash site  {:>3}/{:<3} {:6.1}%  (min {:.0}%)",
        score.site_ok,
        score.sites,
        100.0 * site,
        100.0 * MIN_CRASH_SITE
    );
    println!(
        "negatives   {:>3}/{:<3} with an incident (max 0)",
        score.false_positives, score.negatives
    );

    assert!(
        detection >= MIN_DETECTION,
        "detection {:.1}%",
        100.0 * detection
    );
    assert!(message >= MIN_MESSAGE, "message {:.1}%", 100.0 * message);
    assert!(site >= MIN_CRASH_SITE, "crash site {:.1}%", 100.0 * site);
    assert_eq!(score.false_positives, 0, "incidents on negatives");
}
