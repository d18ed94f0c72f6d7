//! Goroutine dumps through the real binary: every goroutine of every real
//! Go output (bare pprof dumps, SIGQUIT dumps, goroutine profiles, crashes
//! under GOTRACEBACK=all) lands in exactly one bucket, and the dump
//! signatures fire on the dumps made for them.

mod cli_util;
mod common;

use cli_util::panicsig;
use common::{fixtures, labels};
use serde_json::Value;
use std::collections::BTreeSet;

/// Goroutines the text itself declares: one per `goroutine N [...]:`
/// header, N per goroutine profile (`goroutine profile: total N`).
fn declared(text: &str) -> u64 {
    let mut n = 0;
    for line in text.lines() {
        if let Some(total) = line.strip_prefix("goroutine profile: total ") {
            return total.trim().parse().unwrap_or(0);
        }
        let header = line
            .strip_prefix("goroutine ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            && line.trim_end().ends_with("]:");
        n += u64::from(header);
    }
    n
}

fn scan(path: &std::path::Path) -> Vec<Value> {
    let out = panicsig().arg("scan").arg(path).output().expect("run scan");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{path:?}: {out:?}"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("scan prints JSON lines"))
        .collect()
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

#[test]
fn every_goroutine_of_every_real_dump_is_in_one_bucket() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for dir in ["corpus", "gen"] {
        for l in labels(dir) {
            let path = fixtures().join(&l.path);
            let text = std::fs::read_to_string(&path).expect("fixture");
            let want = declared(&text);
            if l.kind == "none" || l.kind == "race" || want < 2 {
                continue;
            }
            checked += 1;
            let found = scan(&path);
            let Some(first) = found.first() else {
                wrong.push(format!("{}: no incident", l.path));
                continue;
            };
            let buckets = first["buckets"].as_array().cloned().unwrap_or_default();
            let counts: Vec<u64> = buckets.iter().map(|b| u(&b["count"])).collect();
            let total: u64 = counts.iter().sum::<u64>() + u(&first["unbucketed"]);
            if total != want || u(&first["goroutines"]) != want {
                wrong.push(format!(
                    "{}: {want} goroutines in the text, {total} in buckets, {} counted",
                    l.path, first["goroutines"]
                ));
            }
            if counts.windows(2).any(|w| w[0] < w[1]) {
                wrong.push(format!("{}: buckets not sorted by count", l.path));
            }
            // No goroutine is in two buckets unless the runtime printed it
            // twice (a throw hit by two goroutines at once, a stack logged
            // before the crash); a crash marks the bucket of the goroutine
            // that crashed, a dump none.
            let mut ids = BTreeSet::new();
            for b in &buckets {
                for id in b["ids"].as_array().into_iter().flatten() {
                    let printed = text
                        .lines()
                        .filter(|x| x.starts_with(&format!("goroutine {id} ")))
                        .count();
                    if !ids.insert(u(id)) && u(id) != 0 && printed < 2 {
                        wrong.push(format!("{}: goroutine {id} in two buckets", l.path));
                    }
                }
            }
            let crashed: Vec<&Value> = buckets.iter().filter(|b| b["crashed"] == true).collect();
            let crash = first["crash_site"].is_object() || l.kind != "dump";
            let gid = first["goroutine"]["id"].as_u64();
            let ok = match crashed.as_slice() {
                [] => !crash,
                [b] => crash && b["ids"].as_array().is_some_and(|i| i.first().map(u) == gid),
                _ => false,
            };
            if !ok {
                wrong.push(format!(
                    "{}: crashed mark on {} buckets",
                    l.path,
                    crashed.len()
                ));
            }
        }
    }
    assert!(
        checked >= 100,
        "only {checked} fixtures with several goroutines"
    );
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The dumps made for the dump signatures, from every Go version: the
/// signature and the bucket it is about.
#[test]
fn dump_signatures_fire_on_the_dumps_made_for_them() {
    let cases = [
        (
            "dump-mutex-pileup",
            "GP701",
            40,
            &["sync.Mutex.Lock", "semacquire"][..],
        ),
        ("dump-chan-send-pileup", "GP702", 30, &["chan send"][..]),
        ("dump-select-pileup", "GP703", 25, &["select"][..]),
        ("dump-io-wait-pileup", "GP704", 200, &["IO wait"][..]),
        ("dump-goroutine-count", "GP705", 12000, &[][..]),
    ];
    let mut seen = 0;
    for l in labels("gen") {
        let Some((_, code, count, states)) = cases.iter().find(|c| c.0 == l.case) else {
            continue;
        };
        seen += 1;
        let found = scan(&fixtures().join(&l.path));
        let first = found
            .first()
            .unwrap_or_else(|| panic!("{}: no incident", l.path));
        assert_eq!(first["code"], *code, "{}", l.path);
        assert_eq!(first["kind"], "dump", "{}", l.path);
        let top = &first["buckets"][0];
        assert_eq!(u(&top["count"]), *count, "{}", l.path);
        let state = top["states"][0].as_str().unwrap_or("");
        assert!(
            states.is_empty() || states.contains(&state),
            "{}: {state}",
            l.path
        );
        // The waits the signatures ask for were printed and read.
        if ["GP701", "GP702", "GP703"].contains(code) {
            assert!(u(&top["wait_max"]) >= 1, "{}: {top}", l.path);
        }
        // The bucket names the program's own frame where they wait.
        let own = top["own"]["function"].as_str().unwrap_or("");
        assert!(own.starts_with("main."), "{}: {own}", l.path);
    }
    assert_eq!(
        seen,
        cases.len() * 5,
        "each case from Go 1.19, 1.21, 1.23, 1.25, 1.27"
    );
}

#[test]
fn report_lists_the_biggest_buckets() {
    let path = fixtures().join("gen/go1.27/dump-mutex-pileup.txt");
    let out = panicsig()
        .arg("report")
        .arg(&path)
        .output()
        .expect("run report");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("GP701"), "{text}");
    assert!(
        text.contains("goroutines: 44 in 3 distinct stack(s)"),
        "{text}"
    );
    assert!(
        text.contains("40 × sync.Mutex.Lock (up to 1 min) at main.(*Store).Put main.go:20"),
        "{text}"
    );
}
