//! The catalog as data: every file loads, every entry is complete, every
//! example (real Go output) is classified as its own entry, and the same
//! failure gets the same entry across Go versions and GOTRACEBACK levels.

mod common;

use common::{fixtures, labels, read};
use panicsig::catalog::{docs, Catalog, BUILTIN_FILES};
use panicsig::{Annotation, Lang};
use std::collections::{BTreeMap, BTreeSet};

/// Code range of each built-in file.
fn range_of(file: &str) -> &'static str {
    match file {
        "memory.json" => "GP1",
        "concurrency.json" => "GP2",
        "dependency.json" => "GP3",
        "runtime.json" => "GP4",
        "stdlib.json" => "GP5",
        "types.json" => "GP6",
        "hangs.json" => "GP7",
        _ => "GP9",
    }
}

#[test]
fn every_builtin_file_loads_and_entries_are_complete() {
    let mut codes = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    let mut total = 0;
    for (name, text) in BUILTIN_FILES {
        let entries = Catalog::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (s, _) in &entries {
            total += 1;
            assert!(
                s.code.starts_with(range_of(name)),
                "{name}: {} out of range",
                s.code
            );
            assert!(s.code.len() == 5, "{}: code must be GP + 3 digits", s.code);
            assert!(codes.insert(s.code.clone()), "duplicate code {}", s.code);
            assert!(slugs.insert(s.slug.clone()), "duplicate slug {}", s.slug);
            let id = format!("{} {}", s.code, s.slug);
            assert!(
                s.slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{id}: slug"
            );
            for (what, t) in [("summary", &s.summary), ("remediation", &s.remediation)] {
                assert!(t.en.len() > 40, "{id}: {what}.en too short");
                assert!(
                    t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{id}: {what}.zh is not Chinese"
                );
            }
            assert!(!s.commands.is_empty(), "{id}: no commands");
            assert!(
                !s.examples.is_empty() || s.no_example.as_deref().is_some_and(|w| w.len() > 20),
                "{id}: needs an example or a no_example reason"
            );
        }
    }
    assert!(total >= 80, "catalog has only {total} entries");
}

#[test]
fn every_example_is_classified_as_its_own_entry() {
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    let mut checked = 0;
    let full: Vec<_> = BUILTIN_FILES
        .iter()
        .flat_map(|(_, text)| Catalog::parse(text).expect("parses"))
        .map(|(s, _)| s)
        .collect();
    // The packed catalog the hosts embed holds the same entries.
    assert_eq!(full.len(), catalog.signatures().count());
    for sig in &full {
        for ex in &sig.examples {
            let path = fixtures().join(ex);
            assert!(path.is_file(), "{}: example {ex} does not exist", sig.code);
            let incidents = panicsig::scan(&read(ex));
            let got = incidents
                .first()
                .and_then(|i| Annotation::new(i, catalog, Lang::En))
                .map(|a| a.code);
            checked += 1;
            if got.as_deref() != Some(sig.code.as_str()) {
                failures.push(format!("{ex}: {got:?}, want {} {}", sig.code, sig.slug));
            }
        }
    }
    assert!(checked >= 100, "only {checked} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The shared corpus's class names, mapped to our slugs.
fn corpus_class(class: &str) -> &str {
    match class {
        "nil-deref" => "nil-pointer-dereference",
        "slice-bounds" => "slice-bounds-out-of-range",
        "unsafe-slice" => "unsafe-slice-or-string-len",
        "unhashable-type" => "hash-of-unhashable-type",
        "uncomparable-type" => "comparing-uncomparable-type",
        "closed-channel-send" => "send-on-closed-channel",
        "makechan-size" => "makechan-size-out-of-range",
        "makeslice-len" => "makeslice-len-out-of-range",
        "makeslice-cap" => "makeslice-cap-out-of-range",
        "deadlock" => "deadlock-all-goroutines-asleep",
        "unlock-unlocked-mutex" => "unlock-of-unlocked-mutex",
        "runlock-unlocked-rwmutex" => "rwmutex-unlock-of-unlocked",
        "atomic-value-type" => "atomic-value-inconsistent-type",
        "atomic-unaligned" => "atomic-unaligned-64bit",
        "custom-panic" => "application-panic",
        "recovered-panic-log" => "recovered-panic-stack",
        "template-exec" => "template-error",
        "json-unmarshal" => "json-invalid-unmarshal",
        "sql-register" => "sql-register-twice",
        "time-ticker" => "time-ticker-nonpositive",
        "too-many-open-files" => "too-many-open-files",
        "tls-handshake" => "tls-first-record-not-handshake",
        "http-mux-register" => "http-duplicate-route",
        "fault" => "unexpected-fault-address",
        // go1.19 prints the same cgo SIGSEGV as `fatal error: unexpected
        // signal during runtime execution`, go1.23 as `SIGSEGV:`.
        "sigsegv" | "unexpected-signal" => "signal-in-non-go-code",
        "sigtrap" => "sigtrap-breakpoint",
        "sigquit" => "sigquit-goroutine-dump",
        "sigabrt" => "sigabrt-dump",
        "reflect-kind" => "reflect-wrong-kind",
        "reflect-makeslice" => "reflect-make-negative",
        "interface-conversion" => "interface-conversion",
        other => other,
    }
}

#[test]
fn labelled_fixtures_get_the_labelled_entry() {
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    for dir in ["corpus", "gen"] {
        for l in labels(dir) {
            if l.kind == "none"
                || l.class.is_empty()
                || common::NOT_FOUND.contains(&l.case.as_str())
            {
                continue;
            }
            let want = if dir == "corpus" {
                corpus_class(&l.class)
            } else {
                &l.class
            };
            let inc = panicsig::scan(&read(&l.path));
            let got = inc
                .first()
                .and_then(|i| Annotation::new(i, catalog, Lang::En))
                .map(|a| a.slug)
                .unwrap_or_default();
            // The corpus's classes are coarser than ours in three places:
            // `interface-conversion` is split into nil / wrong type / missing
            // method; `nil-deref` includes the value-method-on-nil-pointer
            // wrapper panic; `custom-panic` includes panics whose value is an
            // OS error (`open ...: no such file or directory`), which get
            // the dependency entry (GP3xx) for that error.
            let ok = got == want
                || (want == "interface-conversion" && got.starts_with(want))
                || (want == "nil-pointer-dereference" && got == "nil-receiver-value-method")
                || (want == "application-panic"
                    && catalog.get(&got).is_some_and(|s| s.code.starts_with("GP3")));
            if !ok {
                failures.push(format!("{}: {got}, want {want}", l.path));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn same_failure_same_entry_across_go_versions_and_tracebacks() {
    let catalog = Catalog::builtin();
    let mut by_case: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for dir in ["corpus", "gen"] {
        for l in labels(dir) {
            if l.kind == "none" {
                continue;
            }
            let inc = panicsig::scan(&read(&l.path));
            let code = inc
                .first()
                .and_then(|i| Annotation::new(i, catalog, Lang::En))
                .map(|a| a.code)
                .unwrap_or_default();
            // Keyed by the message too: where a Go release changed what the
            // runtime prints, the entry may change with it.
            by_case
                .entry(format!("{} {}", l.case, l.message))
                .or_default()
                .insert((code, format!("{} {}", l.go_version, l.traceback)));
        }
    }
    let mut multi = 0;
    for (case, seen) in &by_case {
        let codes: BTreeSet<_> = seen.iter().map(|(c, _)| c.clone()).collect();
        if seen.len() > 1 {
            multi += 1;
        }
        assert_eq!(codes.len(), 1, "{case}: {seen:?}");
    }
    assert!(
        multi >= 20,
        "only {multi} cases exist in several versions/tracebacks"
    );
}

#[test]
fn handbook_maps_every_chapter_to_an_existing_code() {
    let catalog = Catalog::builtin();
    let chapters = docs::handbook().expect("handbook.json");
    let names: BTreeSet<_> = chapters.iter().map(|c| c.chapter.clone()).collect();
    for n in 6..=100 {
        assert!(names.contains(&format!("{n}.1")), "chapter {n}.1 missing");
    }
    for c in [
        "1", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4",
        "5",
    ] {
        assert!(names.contains(c), "chapter {c} missing");
    }
    for c in &chapters {
        assert!(
            catalog.get(&c.code).is_some(),
            "chapter {}: unknown code {}",
            c.chapter,
            c.code
        );
    }
}

#[test]
fn user_signatures_extend_and_win_ties() {
    let extra = r#"[{"code":"GPX01","slug":"quorum-lost","title":"Raft quorum lost","severity":"critical",
      "category":"custom","match":{"kind":"panic","message_prefix":"raft: "},
      "summary":{"en":"x","zh":"x"},"remediation":{"en":"x","zh":"x"},"commands":[]}]"#;
    let c = Catalog::with_extra(extra).expect("valid extra signatures");
    let inc = panicsig::scan(&read("corpus/go1.23.5/panic-error.txt"));
    let a = Annotation::new(&inc[0], &c, Lang::En).expect("classified");
    assert_eq!(a.slug, "quorum-lost");
    // The built-in catalog is unchanged.
    let b = Annotation::new(&inc[0], Catalog::builtin(), Lang::En).expect("classified");
    assert_eq!(b.slug, "application-panic");
    for bad in ["", "{", "[1]", r#"[{"code":"GP900","slug":"x"}]"#] {
        assert!(Catalog::with_extra(bad).is_err(), "{bad:?} accepted");
    }
    let dup = extra.replace("GPX01", "GP101").replace("quorum-lost", "q2");
    assert!(Catalog::with_extra(&dup).is_err() || Catalog::builtin().get("GP101").is_none());
}

/// A `match` list is a list of alternatives, each ranked on its own: the
/// first one wins where it outranks the built-in entry, the second loses
/// where the built-in entry is more specific.
#[test]
fn match_alternatives_rank_apart() {
    let extra = r#"[{"code":"GPX03","slug":"map-trouble","title":"Map trouble","severity":"high",
      "category":"custom","priority":2,
      "match":[{"kind":"panic","message":"assignment to entry in nil map"},
               {"kind":"fatal","message_prefix":"concurrent map"}],
      "summary":{"en":"x","zh":"x"},"remediation":{"en":"x","zh":"x"}}]"#;
    let c = Catalog::with_extra(extra).expect("valid alternatives");
    let code = |fixture: &str| {
        let inc = panicsig::scan(&read(fixture));
        Annotation::new(&inc[0], &c, Lang::En).map(|a| a.code)
    };
    assert_eq!(
        code("gen/go1.23/nil-map-write.txt").as_deref(),
        Some("GPX03")
    );
    assert_eq!(
        code("gen/go1.23/concurrent-map-writes.txt").as_deref(),
        Some("GP201")
    );
    let sig = c.get("GPX03").expect("added");
    assert_eq!(sig.matcher.len(), 2);
    // Written back, a list stays a list and one alternative an object.
    let back = serde_json::to_value(sig).expect("serializes");
    assert!(back["match"].is_array());
    let one = serde_json::to_value(c.get("GP201").expect("built in")).expect("serializes");
    assert!(one["match"].is_object());
    let empty = extra.replace(
        r#"[{"kind":"panic","message":"assignment to entry in nil map"},
               {"kind":"fatal","message_prefix":"concurrent map"}]"#,
        "[]",
    );
    let e = Catalog::with_extra(&empty)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("empty list of alternatives"), "{e}");
    let bad = extra.replace(r#""message_prefix""#, r#""prefix""#);
    let e = Catalog::with_extra(&bad)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("alternative 2"), "{e}");
}

/// A user pattern nested deeper than the built-in ones is refused with
/// the reason, not compiled: in Fluent Bit's default 8 KiB stack the
/// compile would trap and the module would fail to load.
#[test]
fn user_regex_nesting_is_capped() {
    use panicsig::limits::MAX_REGEX_NESTING;
    let sig = |re: &str| {
        let entry = serde_json::json!([{"code":"GPX02","slug":"deep","title":"t","severity":"high",
            "category":"custom","match":{"kind":"panic","message_regex":re},
            "summary":{"en":"x","zh":"x"},"remediation":{"en":"x","zh":"x"},"commands":[]}]);
        Catalog::with_extra(&entry.to_string()).map_err(|e| e.to_string())
    };
    let steps = |re: &str| {
        (0..64)
            .find(|&n| {
                regex_lite::RegexBuilder::new(re)
                    .nest_limit(n)
                    .build()
                    .is_ok()
            })
            .unwrap_or(64)
    };
    // Three groups and within the step limit: accepted.
    let ok = "x(?:(?:(?P<n>a|b)c|d)e|f)";
    assert!(steps(ok) <= MAX_REGEX_NESTING);
    sig(ok).expect("a pattern as deep as the built-in ones");
    // Three groups, too many steps.
    let steep = "x(?:(?:(?:a+|b)+c|d)+e|f)+";
    assert!(steps(steep) > MAX_REGEX_NESTING);
    let err = sig(steep).err();
    assert!(
        err.as_deref().is_some_and(|e| e.contains("nesting")),
        "{err:?}"
    );
    // Few steps, but four groups deep (and any deeper).
    for k in [4, 5, 40] {
        let deep = format!("{}a{}", "(".repeat(k), ")".repeat(k));
        let err = sig(&deep).err();
        assert!(
            err.as_deref().is_some_and(|e| e.contains("groups nested")),
            "{deep}: {err:?}"
        );
    }
    // The limits are no tighter than the built-in catalog needs: every
    // built-in entry compiled (a failure would leave it out).
    let builtin = BUILTIN_FILES
        .iter()
        .map(|(_, text)| {
            serde_json::from_str::<Vec<serde_json::Value>>(text).map_or(0, |v| v.len())
        })
        .sum::<usize>();
    assert_eq!(Catalog::builtin().signatures().count(), builtin);
}

/// The text `panicsig export text` writes (the browser module's
/// `panicsig.<lang>.json`) loads back into a catalog entry by entry; an
/// unknown code rejects the whole file.
#[test]
fn exported_text_loads_back_by_code() {
    let builtin = Catalog::builtin();
    assert!(builtin.has_text(Lang::En) && builtin.has_text(Lang::Zh));
    let english = serde_json::to_string(&panicsig::api::signatures(builtin, Lang::En)).unwrap();
    let mut c = builtin.clone();
    // English text loaded as the Chinese one: every entry shows it in zh.
    assert_eq!(
        c.add_text(Lang::Zh, &english),
        Ok(builtin.signatures().count())
    );
    for (got, want) in c.signatures().zip(builtin.signatures()) {
        assert_eq!(got.title.get(Lang::Zh), want.title.en);
        assert_eq!(got.summary.get(Lang::Zh), want.summary.en);
        assert_eq!(got.remediation.get(Lang::Zh), want.remediation.en);
        assert_eq!(got.commands, want.commands);
    }
    let mut c = builtin.clone();
    let bad = r#"[{"code":"GP101","title":"t","summary":"s","remediation":"r"},
                  {"code":"XX1","title":"t","summary":"s","remediation":"r"}]"#;
    assert_eq!(
        c.add_text(Lang::En, bad).map_err(|e| e.to_string()),
        Err("text for unknown signature XX1".to_string())
    );
    assert_eq!(
        c.get("GP101").map(|s| &s.title),
        builtin.get("GP101").map(|s| &s.title)
    );
    let e = c.add_text(Lang::En, r#"[{"code":"GP101"}]"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid catalog text: entry 1: missing field `title`"
    );
}

/// No two entries tie for the top rank on any fixture: which one wins
/// must never depend on the order of the catalog files.
#[test]
fn no_two_entries_tie_for_an_incident() {
    let catalog = Catalog::builtin();
    let mut ties = Vec::new();
    let mut checked = 0;
    for dir in common::CRASH_DIRS.iter().chain(&["realworld/pos"]) {
        for (name, text) in common::texts_in(&[*dir]) {
            for inc in panicsig::scan(&text) {
                let found = catalog.matching(&inc);
                let Some(top) = found.iter().map(|(r, _)| *r).max() else {
                    continue;
                };
                checked += 1;
                let best: Vec<&str> = found
                    .iter()
                    .filter(|(r, _)| *r == top)
                    .map(|(_, s)| s.code.as_str())
                    .collect();
                if best.len() > 1 {
                    ties.push(format!("{name} ({}): {best:?} at rank {top}", inc.message));
                }
            }
        }
    }
    assert!(checked > 500, "{checked} incidents checked");
    ties.sort();
    ties.dedup();
    assert!(ties.is_empty(), "{} ties:\n{}", ties.len(), ties.join("\n"));
}

/// docs/catalog.md, "Adding a signature", steps 3 and 5 on a throwaway
/// entry: an entry in a catalog file's format, naming a real fixture as
/// its example, reads; the example is then classified as the new entry,
/// and no other entry ties with it.
#[test]
fn the_documented_steps_add_a_signature() {
    let example = "gen/go1.27/sigsys-external.txt";
    let entry = format!(
        r#"[{{
  "code": "GP499",
  "slug": "sigsys-bad-system-call",
  "title": {{ "en": "A system call the kernel refused (SIGSYS)", "zh": "内核拒绝的系统调用（SIGSYS）" }},
  "severity": "high",
  "category": "runtime",
  "match": {{ "kind": "signal", "message_prefix": "SIGSYS: bad system call" }},
  "summary": {{ "en": "A seccomp filter killed a system call.", "zh": "seccomp 过滤器拦截了一个系统调用。" }},
  "remediation": {{ "en": "Allow the call in the seccomp profile.", "zh": "在 seccomp 配置中放行该调用。" }},
  "commands": ["grep Seccomp /proc/self/status"],
  "examples": ["{example}"]
}}]"#
    );
    // Step 3: the entry reads as a catalog file's entries do.
    let parsed = Catalog::parse(&entry).expect("the documented entry reads");
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].0.examples, [example]);
    // Before: the example falls to a generic entry.
    let inc = panicsig::scan(&read(example));
    let before = Annotation::new(&inc[0], Catalog::builtin(), Lang::En).expect("classified");
    assert_ne!(before.code, "GP499");
    // Step 5: with the entry, its example is classified as it, alone at
    // the top rank.
    let catalog = Catalog::with_extra(&entry).expect("the entry is added");
    let after = Annotation::new(&inc[0], &catalog, Lang::En).expect("classified");
    assert_eq!(after.code, "GP499");
    let found = catalog.matching(&inc[0]);
    let top = found.iter().map(|(r, _)| *r).max().unwrap_or_default();
    assert_eq!(
        found.iter().filter(|(r, _)| *r == top).count(),
        1,
        "{found:?}"
    );
}
