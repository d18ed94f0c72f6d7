//! The `panicsig` command as a user runs it.

mod common;

use common::{fixtures, read};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn panicsig(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_panicsig"))
        .args(args)
        .current_dir(fixtures())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn panicsig");
    if let Some(mut si) = child.stdin.take() {
        si.write_all(stdin.unwrap_or(b"")).expect("stdin");
    }
    child.wait_with_output().expect("wait")
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn scan_reports_incidents_with_lines_and_sites() {
    // A plain log with two real crashes embedded among ordinary lines.
    let mut log = String::from("starting api\nlistening on :8080\n");
    log.push_str(&read("corpus/go1.23.5/nil-map-write.txt"));
    log.push_str("restarting\n");
    let second_start = log.lines().count() + 1;
    log.push_str(&read("corpus/go1.23.5/closed-channel-send.txt"));
    let out = panicsig(&["scan"], Some(log.as_bytes()));
    assert!(out.status.success());
    let found = json_lines(&out.stdout);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0]["slug"], "nil-map-write");
    assert_eq!(found[0]["start_line"], 3);
    assert_eq!(found[0]["crash_site"]["function"], "main.(*Registry).Add");
    assert_eq!(found[0]["goroutine"]["id"], 1);
    assert_eq!(found[1]["start_line"], second_start);
    for f in &found {
        for field in [
            "code",
            "slug",
            "title",
            "severity",
            "category",
            "kind",
            "message",
            "crash_site",
            "culprit",
            "goroutine",
            "fingerprint",
            "start_line",
            "end_line",
        ] {
            assert!(f.get(field).is_some(), "missing {field} in {f}");
        }
    }
}

#[test]
fn scan_reads_files_and_json_lines_with_a_key() {
    let raw = read("corpus/go1.23.5/type-assert-nil.txt");
    let jsonl: String = raw
        .lines()
        .map(|l| serde_json::json!({ "body": l }).to_string() + "\n")
        .collect();
    let out = panicsig(&["scan", "--key", "body"], Some(jsonl.as_bytes()));
    let found = json_lines(&out.stdout);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["message"],
        "interface conversion: interface {} is nil, not int"
    );
    let out = panicsig(
        &[
            "scan",
            "corpus/go1.19.8/nil-deref.txt",
            "corpus/go1.23.5/nil-deref.txt",
        ],
        None,
    );
    let found = json_lines(&out.stdout);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["file"], "corpus/go1.19.8/nil-deref.txt");
    assert_eq!(found[0]["fingerprint"], found[1]["fingerprint"]);
}

#[test]
fn annotate_keeps_records_and_adds_the_annotation() {
    let crash = read("corpus/go1.23.5/nil-map-write.txt");
    let records = [
        r#"{"log":"GET /healthz 200","stream":"stdout","n":1.50}"#.to_string(),
        "not json at all".to_string(),
        r#"{"log": "broken"#.to_string(),
        serde_json::json!({"log": crash, "stream": "stderr", "nested": {"a": [1, 2]}}).to_string(),
        r#"[1,2,3]"#.to_string(),
    ];
    let input = records.join("\n") + "\n";
    let out = panicsig(&["annotate"], Some(input.as_bytes()));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), records.len());
    for i in [0, 1, 2, 4] {
        assert_eq!(lines[i], records[i], "record {i} must pass byte-identical");
    }
    let v: serde_json::Value = serde_json::from_str(lines[3]).expect("valid JSON");
    assert_eq!(v["go_panic"]["slug"], "nil-map-write");
    assert_eq!(v["nested"]["a"][1], 2);
    // The user's bytes come first, untouched.
    let orig = &records[3];
    assert!(lines[3].starts_with(&orig[..orig.len() - 1]));
}

#[test]
fn annotate_shapes_and_compact() {
    let crash = read("corpus/go1.23.5/unlock-unlocked-mutex.txt");
    let input = serde_json::json!({ "message": crash }).to_string() + "\n";
    let ecs = panicsig(&["annotate", "--shape", "ecs"], Some(input.as_bytes()));
    let v: serde_json::Value = serde_json::from_slice(&ecs.stdout).expect("json");
    assert_eq!(v["error.message"], "sync: unlock of unlocked mutex");
    assert!(v["error.code"]
        .as_str()
        .is_some_and(|c| c.starts_with("GP2")));
    let otel = panicsig(&["annotate", "--shape", "otel"], Some(input.as_bytes()));
    let v: serde_json::Value = serde_json::from_slice(&otel.stdout).expect("json");
    assert!(v["exception.stacktrace"]
        .as_str()
        .is_some_and(|s| s.contains("main.(*Counter).Inc")));
    let compact = panicsig(&["annotate", "--compact"], Some(input.as_bytes()));
    let v: serde_json::Value = serde_json::from_slice(&compact.stdout).expect("json");
    assert_eq!(v["go_panic"].as_object().map(|o| o.len()), Some(2));
    assert_eq!(v["go_panic"]["severity"], "critical");
    let zh = panicsig(&["annotate", "--lang", "zh"], Some(input.as_bytes()));
    let v: serde_json::Value = serde_json::from_slice(&zh.stdout).expect("json");
    assert!(v["go_panic"]["remediation"]
        .as_str()
        .is_some_and(|s| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
}

#[test]
fn report_groups_by_fingerprint() {
    let one = read("corpus/go1.23.5/index-out-of-range-slice.txt");
    let other = read("corpus/go1.23.5/closed-channel-send.txt");
    let log = format!("{one}x\n{one}y\n{other}");
    let out = panicsig(&["report"], Some(log.as_bytes()));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 crash incident(s) in 2 group(s)"), "{text}");
    assert!(
        text.contains("index-out-of-range") && text.contains("×2"),
        "{text}"
    );
    assert!(text.contains("$ "), "commands are listed: {text}");
    let zh = panicsig(&["report", "--lang", "zh"], Some(log.as_bytes()));
    assert!(String::from_utf8_lossy(&zh.stdout).contains("崩溃位置"));
}

#[test]
fn catalog_prints_markdown_and_json() {
    let md = panicsig(&["catalog"], None);
    let text = String::from_utf8_lossy(&md.stdout);
    assert!(text.contains("| GP104 | `nil-map-write` |"), "{text}");
    let js = panicsig(&["catalog", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).expect("json");
    assert!(v.as_array().is_some_and(|a| a.len() >= 80));
}

#[test]
fn bad_input_gives_clear_errors_not_crashes() {
    let out = panicsig(&["scan", "does-not-exist.log"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read does-not-exist.log"));
    let out = panicsig(&["scan", "--signatures", "does-not-exist.json"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("signatures file"));
    // Binary garbage and invalid UTF-8 on stdin: no crash, no incident.
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for cmd in ["scan", "annotate", "report"] {
        let out = panicsig(&[cmd], Some(&garbage));
        assert!(
            out.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = panicsig(&["annotate"], Some(&garbage));
    assert_eq!(out.stdout, garbage, "annotate passes garbage through");
}

/// A crash logged one line per record is linked as Fluent Bit links it:
/// the header's annotation gets an `incident_id`, the traceback records
/// after it `go_panic_incident` with that id, within one input only.
#[test]
fn annotate_links_a_crash_logged_one_line_per_record() {
    let crash = read("gen/go1.27/nil-map-write.txt");
    let mut records = String::new();
    for line in crash.lines() {
        records.push_str(&serde_json::json!({ "log": line }).to_string());
        records.push('\n');
    }
    records.push_str("{\"log\":\"request served\"}\n");
    let out = panicsig(&["annotate"], Some(records.as_bytes()));
    assert!(out.status.success());
    let got = json_lines(&out.stdout);
    assert_eq!(got.len(), crash.lines().count() + 1);
    let id = got[0]["go_panic"]["incident_id"]
        .as_str()
        .expect("the header record carries an incident id")
        .to_string();
    let linked = got
        .iter()
        .filter(|r| r["go_panic_incident"].as_str() == Some(id.as_str()))
        .count();
    assert!(linked >= 4, "{linked} traceback records linked");
    assert!(got
        .last()
        .is_some_and(|r| r.get("go_panic_incident").is_none()));

    // The same records as two files: the second file's records are not
    // linked to the first file's crash.
    let dir = std::env::temp_dir().join(format!("panicsig-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (a, b) = (dir.join("a.log"), dir.join("b.log"));
    let header = records.lines().next().unwrap_or_default();
    std::fs::write(&a, format!("{header}\n")).expect("write a");
    let rest: Vec<&str> = records.lines().skip(1).collect();
    std::fs::write(&b, rest.join("\n") + "\n").expect("write b");
    let out = panicsig(
        &["annotate", &a.to_string_lossy(), &b.to_string_lossy()],
        None,
    );
    let got = json_lines(&out.stdout);
    assert!(got[0]["go_panic"]["incident_id"].is_string());
    assert!(got.iter().all(|r| r.get("go_panic_incident").is_none()));
    let _ = std::fs::remove_dir_all(&dir);
}
