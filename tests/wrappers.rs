//! The same real crash seen through the wrappers of log pipelines (CRI,
//! docker json-file, journald, klog-style and timestamp prefixes, hclog,
//! compose, `kubectl logs --prefix`, GitHub Actions, capnslog, logrus;
//! one line per record or a whole crash joined in one record), through
//! paste damage (markdown quotes and fences, CR, extra indentation) and
//! inside a structured logger's crash record gives the same result as the
//! raw output.

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
            ("caret-m", wrap_lines(&raw, |_, l| format!("{l}^M"))),
            (
                "hclog",
                wrap_lines(&raw, |_, l| {
                    format!("2020-03-17T09:01:23.795Z [DEBUG] plugin.terraform-provider-x: {l}")
                }),
            ),
            (
                "hclog-provider",
                wrap_lines(&raw, |_, l| {
                    format!("2023-06-01T10:00:00.000+0300 [ERROR] provider.terraform-provider-aws_v5.0.0_x5: {l}")
                }),
            ),
            (
                "hclog-old",
                wrap_lines(&raw, |_, l| {
                    format!("2017/05/05 17:55:54 [DEBUG] plugin: terraform: {l}")
                }),
            ),
            (
                "packer",
                wrap_lines(&raw, |_, l| {
                    format!("2019/12/29 19:01:55 packer-post-processor-vagrant plugin: {l}")
                }),
            ),
            (
                "github-actions",
                wrap_lines(&raw, |i, l| {
                    format!("2023-01-01T10:00:{:02}.1234567Z {l}", i % 60)
                }),
            ),
            (
                "compose",
                wrap_lines(&raw, |_, l| format!("api_1           | {l}")),
            ),
            (
                "kubectl-prefix",
                wrap_lines(&raw, |_, l| format!("[pod/api-7d9f/app] {l}")),
            ),
            (
                "syslog-no-host",
                wrap_lines(&raw, |_, l| {
                    format!("May 03 16:11:34 containerd[19317]: {l}")
                }),
            ),
            (
                "ci-line-number",
                wrap_lines(&raw, |i, l| {
                    format!(" {} 2024-08-09T01:45:13.2083163Z {l}", 13043 + i)
                }),
            ),
            (
                "ci-clock",
                wrap_lines(&raw, |_, l| format!("[00:11:11] {l}")),
            ),
            ("logcat", wrap_lines(&raw, |_, l| format!("E/Go: {l}"))),
            (
                "logcat-threadtime",
                wrap_lines(&raw, |_, l| {
                    format!("12-01 12:31:35.108 22021 22154 E GoLog   : {l}")
                }),
            ),
            (
                "logcat-threadtime-year",
                wrap_lines(&raw, |_, l| {
                    format!("2026-12-01 12:31:35.108  1234  1250 F Go: {l}")
                }),
            ),
            (
                "logcat-studio",
                wrap_lines(&raw, |_, l| {
                    format!("2026-01-10 00:51:44.057 31288-31302 Go   com.example.app  E  {l}")
                }),
            ),
            (
                "beego",
                wrap_lines(&raw, |_, l| {
                    format!("2018/09/04 10:09:43.855 [C] [asm_amd64.s:573]  {l}")
                }),
            ),
            (
                "syslog-unit",
                wrap_lines(&raw, |_, l| {
                    format!("jan 27 14:28:02 [hostname] k3s.service: {l}")
                }),
            ),
            (
                "syslog-at-unit",
                wrap_lines(&raw, |_, l| {
                    format!("Nov  4 18:12:42.123456 web-1 app@blue.service[77]: {l}")
                }),
            ),
            (
                "syslog-iso",
                wrap_lines(&raw, |_, l| {
                    format!("2020-12-03T03:33:10.101135+00:00 web-1 api[812]: {l}")
                }),
            ),
            (
                "capnslog",
                wrap_lines(&raw, |_, l| {
                    format!("2025-06-27 18:56:52.314458 E | ceph-file-controller: {l}")
                }),
            ),
            ("markdown-quote", wrap_lines(&raw, |_, l| format!("> {l}"))),
            ("markdown-fence", format!("```go\n{raw}```\n")),
            (
                "compose-journald-klog",
                wrap_lines(&raw, |i, l| {
                    if i == 0 {
                        format!("> Nov 24 18:12:42 web-1 api[812]: E1124 18:16:15.975719   30479 main.go:79] {l}")
                    } else {
                        format!("> Nov 24 18:12:42 web-1 api[812]: {l}")
                    }
                }),
            ),
        ];
        for (name, text) in variants {
            assert_eq!(key(&text), want, "{case} via {name}");
        }
    }
}

/// A whole paste indented by four spaces (markdown code block) or with a
/// backtick glued to its first line.
#[test]
fn pasted_text_with_extra_indentation_or_glued_backtick() {
    for case in CASES {
        let raw = read(case);
        let want = key(&raw);
        let glued = format!("`{raw}");
        assert_eq!(key(&glued), want, "{case} with a glued backtick");
        let indented = wrap_lines(&raw, |_, l| format!("    {l}"));
        assert_eq!(key(&indented), want, "{case} indented by four spaces");
    }
}

/// A structured logger's crash record: the first line in the message,
/// the rest of the crash in the stack field.
#[test]
fn structured_logger_crash_record() {
    for case in CASES {
        let raw = read(case);
        let want = key(&raw);
        let (first, rest) = raw.split_once('\n').unwrap_or((&raw, ""));
        for (level, stack_key) in [
            ("panic", "stacktrace"),
            ("fatal", "stack"),
            ("dpanic", "stack_trace"),
        ] {
            let rec = serde_json::json!({"level": level, "ts": 1.5, "msg": first, stack_key: rest})
                .to_string();
            let mut s = Scanner::with_json(None);
            s.feed(rec.as_bytes());
            s.feed(b"\n");
            let got = s
                .finish()
                .first()
                .and_then(|i| Annotation::new(i, Catalog::builtin(), Lang::En))
                .map(|a| summary(&a));
            assert_eq!(got, want, "{case} as a {level} record with {stack_key}");
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

/// A panic a service recovered and logged at error level (slog has no
/// panic level) with the stack it captured: read from the record in JSON
/// mode as in text mode. An error record whose stack was not captured
/// while panicking stays its message alone.
#[test]
fn recovered_panic_logged_at_error_level() {
    let json_mode = |text: &str| {
        let mut s = Scanner::with_json(None);
        s.feed(text.as_bytes());
        s.finish()
            .first()
            .and_then(|i| Annotation::new(i, Catalog::builtin(), Lang::En))
            .map(|a| summary(&a))
    };
    for f in [
        "gen/go1.23/slog-json-recovered.txt",
        "gen/go1.27/slog-json-recovered.txt",
        "gen/go1.23/slog-text-recovered.txt",
    ] {
        let text = read(f);
        let want = key(&text);
        let (code, message, site, ..) = want.clone().expect("an incident");
        assert_eq!(code, "GP513", "{f}");
        assert_eq!(
            message,
            "runtime error: index out of range [3] with length 1"
        );
        assert!(site.contains("main.lookup"), "{f}: {site}");
        assert_eq!(json_mode(&text), want, "{f} in JSON mode");
    }
    let stack = read("gen/go1.23/dump-goroutine-count.txt");
    let rec = serde_json::json!({"level": "error", "msg": "slow request", "stack": stack});
    assert_eq!(json_mode(&format!("{rec}\n")), None);
}

/// A paste that lost the newlines between the crash header and the
/// goroutine header (`panic: V goroutine 1 [running]:`) keeps its stack.
#[test]
fn goroutine_header_glued_to_the_crash_header() {
    let mut glued_any = 0;
    for (case, raw) in common::texts_in(&common::CRASH_DIRS) {
        let lines: Vec<&str> = raw.lines().collect();
        let header = lines
            .iter()
            .position(|l| l.starts_with("panic: ") || l.starts_with("fatal error: "));
        let Some(h) = header else { continue };
        // Only a one-line header followed by blank lines and the goroutine.
        let g = h
            + 1
            + lines
                .iter()
                .skip(h + 1)
                .take_while(|l| l.is_empty())
                .count();
        if !lines.get(g).is_some_and(|l| l.starts_with("goroutine ")) {
            continue;
        }
        let mut out: Vec<String> = lines.iter().take(h).map(|l| l.to_string()).collect();
        out.push(format!("{} {}", lines[h], lines[g]));
        out.extend(lines.iter().skip(g + 1).map(|l| l.to_string()));
        let glued = out.join("\n") + "\n";
        assert_eq!(
            key(&glued),
            key(&raw),
            "{case} with the goroutine header glued"
        );
        glued_any += 1;
    }
    assert!(glued_any >= 100, "only {glued_any} fixtures have the shape");
}

/// A crash header set in markdown emphasis (`**panic: x**`, `_panic: x_`)
/// reads as the header.
#[test]
fn crash_header_in_markdown_emphasis() {
    let mut tried = 0;
    for case in CASES {
        let raw = read(case);
        let Some(h) = raw
            .lines()
            .position(|l| l.starts_with("panic: ") || l.starts_with("fatal error: "))
        else {
            continue;
        };
        for m in ["**", "_", "*"] {
            let text = wrap_lines(&raw, |i, l| {
                if i == h {
                    format!("{m}{l}{m}")
                } else {
                    l.to_string()
                }
            });
            assert_eq!(key(&text), key(&raw), "{case} in {m}");
            tried += 1;
        }
    }
    assert!(tried >= 15, "only {tried} variants");
}

/// A panic value that starts with a newline, printed as Go before 1.23
/// printed it (its further lines not indented): the same incident.
#[test]
fn value_on_the_lines_after_an_empty_panic_header() {
    let raw = read("gen/go1.23/panic-value-first-line-empty.txt");
    let want = key(&raw);
    assert!(
        want.as_ref()
            .is_some_and(|k| k.1.starts_with("Your test failed.")),
        "{want:?}"
    );
    // The value's lines: after the header, up to the blank line.
    let end = raw.find("\n\n").unwrap_or(raw.len());
    let (value, rest) = raw.split_at(end);
    let old = value.replace("\n\t", "\n") + rest;
    assert_ne!(old, raw);
    assert_eq!(key(&old), want);
}

/// Go 1.6 and before printed net/http's recovering closure on top of the
/// stack with no `panic(` frame under it: the crash site is still the
/// handler.
#[test]
fn old_net_http_recovery_without_a_panic_frame() {
    let raw = read("corpus/go1.23.5/http-handler-panic.txt");
    let want = key(&raw);
    let lines: Vec<&str> = raw.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("panic("))
        .expect("a panic frame");
    let old: String = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at && *i != at + 1)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    assert!(old.contains("net/http.(*conn).serve.func1"));
    assert_eq!(key(&old), want);
}
