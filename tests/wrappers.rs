//! The same real crash seen through the wrappers of log pipelines (CRI,
//! docker json-file, journald, klog-style and timestamp prefixes; one line
//! per record or a whole crash joined in one record) gives the same result
//! as the raw output.

mod common;

use common::read;
use panicsig::{annotate_record, Annotation, Catalog, Lang, Options, Scanner};

const CASES: [&str; 8] = [
    "corpus/go1.23.5/nil-map-write.txt",
    "corpus/go1.23.5/nested-panic.txt",
    "corpus/go1.23.5/unlock-unlocked-mutex.txt",
    "corpus/go1.23.5/http-handler-panic.txt",
    "corpus/go1.23.5/stack-overflow-stringer.txt",
    "corpus/go1.23.5/data-race.txt",
    "corpus/go1.19.8/index-out-of-range-slice.all.txt",
    "corpus/go1.23.5/http-multiple-registrations.txt",
];

/// What must not change: code, message, crash site, culprit, goroutine.
fn key(text: &str) -> Option<(String, String, String, String, String)> {
    let inc = panicsig::scan(text);
    let a = Annotation::new(inc.first()?, Catalog::builtin(), Lang::En)?;
    Some(summary(&a))
}

fn summary(a: &Annotation) -> (String, String, String, String, String) {
    (
        a.code.clone(),
        a.message.clone(),
        format!("{:?}", a.crash_site),
        format!("{:?}", a.culprit),
        format!("{:?}", a.goroutine),
    )
}

fn wrap_lines(text: &str, f: impl Fn(usize, &str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| f(i, l) + "\n")
        .collect()
}

#[test]
fn prefixes_added_by_pipelines_are_transparent() {
    for case in CASES {
        let raw = read(case);
        let want = key(&raw);
        assert!(want.is_some(), "{case}: raw not recognised");
        let variants = [
            (
                "cri",
                wrap_lines(&raw, |i, l| {
                    format!("2026-11-24T18:12:{:02}.123456789Z stderr F {l}", i % 60)
                }),
            ),
            (
                "journald",
                wrap_lines(&raw, |_, l| format!("Nov 24 18:12:42 web-1 api[812]: {l}")),
            ),
            (
                "timestamp",
                wrap_lines(&raw, |_, l| format!("2026-11-24T18:12:42.001Z {l}")),
            ),
            (
                "klog-first-line",
                wrap_lines(&raw, |i, l| {
                    if i == 0 {
                        format!("E1124 18:16:15.975719   30479 main.go:79] {l}")
                    } else {
                        l.to_string()
                    }
                }),
            ),
            ("crlf", wrap_lines(&raw, |_, l| format!("{l}\r"))),
        ];
        for (name, text) in variants {
            assert_eq!(key(&text), want, "{case} via {name}");
        }
    }
}

#[test]
fn docker_json_file_one_line_per_record() {
    for case in CASES {
        let raw = read(case);
        let want = key(&raw);
        let jsonl: String = raw
            .lines()
            .map(|l| {
                serde_json::json!({"log": format!("{l}\n"), "stream": "stderr", "time": "2026-11-24T18:12:42.1Z"})
                    .to_string()
                    + "\n"
            })
            .collect();
        let mut s = Scanner::with_json(None);
        s.feed(jsonl.as_bytes());
        let got = s
            .finish()
            .first()
            .and_then(|i| Annotation::new(i, Catalog::builtin(), Lang::En))
            .map(|a| summary(&a));
        assert_eq!(got, want, "{case}");
    }
}

#[test]
fn whole_crash_joined_in_one_record() {
    for case in CASES {
        let raw = read(case);
        let want = key(&raw);
        let record =
            serde_json::json!({"log": raw, "kubernetes": {"pod_name": "api-7d9"}}).to_string();
        let out = annotate_record(record.as_bytes(), Catalog::builtin(), &Options::default())
            .unwrap_or_else(|| panic!("{case}: not annotated"));
        let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON out");
        let a: Annotation = serde_json::from_value(v["go_panic"].clone()).expect("annotation");
        assert_eq!(Some(summary(&a)), want, "{case}");
        assert_eq!(v["log"], serde_json::Value::String(raw.clone()));
        assert_eq!(v["kubernetes"]["pod_name"], "api-7d9");
    }
}
