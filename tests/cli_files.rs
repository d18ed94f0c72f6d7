//! `panicsig` over files: each file its own stream, output failures
//! reported as such, read failures per file, records of any length.

mod cli_util;
mod common;

use cli_util::{crash, crash_record, panicsig, scratch, spawn_piped};
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::process::{Output, Stdio};

fn run(args: &[&std::ffi::OsStr], stdout: Stdio) -> Output {
    panicsig()
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("run panicsig")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn annotate_keeps_files_apart_when_one_ends_without_newline() {
    let dir = scratch("annotate-files");
    let a = dir.join("a.jsonl");
    let b = dir.join("b.jsonl");
    let last_of_a = crash_record("nil-map-write");
    std::fs::write(&a, format!("{{\"log\":\"a1\"}}\n{last_of_a}")).expect("write");
    std::fs::write(&b, "{\"log\":\"b1\"}\n").expect("write");
    let out = run(
        &["annotate".as_ref(), a.as_ref(), b.as_ref()],
        Stdio::piped(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).expect("utf8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], r#"{"log":"a1"}"#);
    // a's last record is a record of its own, annotated like any other.
    let v: serde_json::Value = serde_json::from_str(lines[1]).expect("a's last record");
    assert_eq!(v["go_panic"]["slug"], "nil-map-write");
    assert_eq!(lines[2], r#"{"log":"b1"}"#);
    assert!(text.ends_with('\n'));
    // One file without a final newline comes out as it went in.
    let out = run(
        &["annotate".as_ref(), b.as_ref(), a.as_ref()],
        Stdio::piped(),
    );
    assert!(!out.stdout.ends_with(b"\n"));
}

#[test]
fn no_incident_spans_two_files() {
    let dir = scratch("scan-files");
    // a ends in the middle of a traceback; b starts with frames that would
    // continue it if the two were one stream.
    let a = dir.join("a.log");
    let b = dir.join("b.log");
    std::fs::write(
        &a,
        "starting\npanic: boom\n\ngoroutine 1 [running]:\nmain.inA()\n\t/src/a.go:3 +0x1d",
    )
    .expect("write");
    std::fs::write(
        &b,
        format!(
            "main.fromB()\n\t/src/b.go:9 +0x2a\n{}",
            crash("nil-map-write")
        ),
    )
    .expect("write");
    let out = run(&["scan".as_ref(), a.as_ref(), b.as_ref()], Stdio::piped());
    assert!(out.status.success(), "{}", stderr(&out));
    let found: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0]["file"], a.display().to_string());
    assert_eq!(found[0]["message"], "boom");
    assert_eq!(found[0]["end_line"], 6, "the incident ends with a");
    let stack = found[0]["stack"].to_string();
    assert!(
        stack.contains("main.inA") && !stack.contains("main.fromB"),
        "{stack}"
    );
    assert_eq!(found[1]["file"], b.display().to_string());
    assert_eq!(found[1]["slug"], "nil-map-write");
    assert_eq!(
        found[1]["start_line"], 3,
        "lines count from each file's start"
    );
    // The report sees the same two incidents, each at its own file.
    let out = run(&["report".as_ref(), a.as_ref(), b.as_ref()], Stdio::piped());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 crash incident(s) in 2 group(s)"), "{text}");
    assert!(
        text.contains("a.log:2") && text.contains("b.log:3"),
        "{text}"
    );
}

#[test]
fn a_full_disk_is_a_write_error_that_stops_the_run() {
    let dir = scratch("dev-full");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        format!("{}\n", crash_record("nil-map-write")).repeat(100),
    )
    .expect("write");
    let log = dir.join("in.log");
    std::fs::write(&log, crash("nil-deref")).expect("write");
    for args in [
        vec!["annotate", "in.jsonl", "in.jsonl"],
        vec!["scan", "in.log", "in.log"],
        vec!["report", "in.log"],
        vec!["catalog"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = panicsig()
            .args(&args)
            .current_dir(&dir)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(
            err.contains("cannot write output: No space left"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("cannot read"), "{args:?}: {err}");
        assert_eq!(
            err.lines().count(),
            1,
            "the run stops at the first failure: {err}"
        );
    }
}

#[test]
fn a_closed_stdout_is_a_write_error() {
    let dir = scratch("closed-stdout");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, "{\"log\":\"x\"}\n").expect("write");
    for cmd in ["annotate", "scan", "report"] {
        // `panicsig annotate in.jsonl >&-`
        let mut command = panicsig();
        command.arg(cmd).arg(&input).stderr(Stdio::piped());
        // SAFETY: close(2) is async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                libc::close(1);
                Ok(())
            });
        }
        let out = command.output().expect("run");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{cmd}: {err}");
        assert!(
            err.contains("cannot write output: standard output is closed"),
            "{err}"
        );
    }
    // Output thrown away on purpose is not an error.
    let null = std::fs::File::create("/dev/null").expect("/dev/null");
    let out = run(&["annotate".as_ref(), input.as_ref()], Stdio::from(null));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_still_processed() {
    let dir = scratch("read-errors");
    let good = dir.join("good.jsonl");
    std::fs::write(&good, "{\"log\":\"ok\"}\n").expect("write");
    let missing = dir.join("missing.jsonl");
    let out = run(
        &[
            "annotate".as_ref(),
            missing.as_ref(),
            dir.as_ref(),
            good.as_ref(),
        ],
        Stdio::piped(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("cannot read {}", missing.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("cannot read {}: Is a directory", dir.display())),
        "{err}"
    );
    assert!(!err.contains("cannot write"), "{err}");
    assert_eq!(out.stdout, b"{\"log\":\"ok\"}\n");
}

#[test]
fn a_record_over_the_limit_passes_through_byte_identical() {
    // 20 MB: a crash record padded past the 16 MiB limit. Records within
    // the limit around it are annotated as usual.
    let dir = scratch("long-record");
    let pad = "x".repeat(20 << 20);
    let long = serde_json::json!({ "log": crash("nil-map-write"), "pad": pad }).to_string();
    let short = crash_record("closed-channel-send");
    let input = dir.join("in.jsonl");
    let mut f = std::fs::File::create(&input).expect("create");
    write!(f, "{short}\n{long}\n{short}\n{long}").expect("write");
    drop(f);
    let out = run(&["annotate".as_ref(), input.as_ref()], Stdio::piped());
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<&[u8]> = out.stdout.split(|&b| b == b'\n').collect();
    assert_eq!(records.len(), 4);
    assert!(
        records[1] == long.as_bytes(),
        "the long record is unchanged"
    );
    assert!(
        records[3] == long.as_bytes(),
        "also at the end of the input"
    );
    for r in [records[0], records[2]] {
        let v: serde_json::Value = serde_json::from_slice(r).expect("json");
        assert_eq!(v["go_panic"]["slug"], "send-on-closed-channel");
    }
}

#[test]
fn a_record_at_the_limit_is_annotated() {
    let dir = scratch("limit-record");
    let record = serde_json::json!({ "log": crash("nil-map-write"), "pad": "" }).to_string();
    let pad = "y".repeat((16 << 20) - record.len());
    let record = serde_json::json!({ "log": crash("nil-map-write"), "pad": pad }).to_string();
    assert_eq!(record.len(), 16 << 20);
    let input = dir.join("in.jsonl");
    std::fs::write(&input, format!("{record}\n")).expect("write");
    let out = run(&["annotate".as_ref(), input.as_ref()], Stdio::piped());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["go_panic"]["slug"], "nil-map-write");
}

#[test]
fn a_long_header_dense_record_streams_within_the_memory_bound() {
    // The issue's worst case: one record with a `panic:` header on every
    // line. 128 MB of it go through with a peak resident size well under
    // the record's size: the record is passed through, not held.
    use std::hash::{DefaultHasher, Hasher};
    use std::io::Read;
    const LINES: usize = 128 << 20 >> 4;
    let unit = b"panic: x1234567\\n"; // 16 bytes: `\n` escaped inside the JSON string
    let record = |emit: &mut dyn FnMut(&[u8]) -> bool| {
        if !emit(b"{\"log\":\"") {
            return;
        }
        let block = unit.repeat(4096);
        for _ in 0..LINES / 4096 {
            if !emit(&block) {
                return;
            }
        }
        emit(b"\"}\n");
    };
    let mut expected = DefaultHasher::new();
    let mut expected_len = 0usize;
    record(&mut |b: &[u8]| {
        expected.write(b);
        expected_len += b.len();
        true
    });
    let (mut child, mut stdin, stdout) = spawn_piped("annotate");
    // The writer keeps stdin open after the record, so panicsig is still
    // running, waiting for more, when its peak is read.
    let writer = std::thread::spawn(move || {
        record(&mut |b: &[u8]| stdin.write_all(b).is_ok());
        stdin
    });
    let mut stdout = stdout;
    let mut got = DefaultHasher::new();
    let mut got_len = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    while got_len < expected_len {
        match stdout.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                got.write(&buf[..n]);
                got_len += n;
            }
        }
    }
    let stdin = writer.join().expect("writer");
    // The peak of panicsig's own memory (VmHWM: not the parent's memory
    // that a child's `ru_maxrss` counts from before its exec).
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).expect("status");
    let peak_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    drop(stdin);
    assert!(child.wait().expect("wait").success());
    assert_eq!(got_len, expected_len);
    assert_eq!(got.finish(), expected.finish(), "byte-identical");
    let peak_mib = peak_kib / 1024;
    assert!(peak_mib < 64, "peak resident size {peak_mib} MiB");
}

#[test]
fn help_states_streaming_exit_statuses_and_the_record_limit() {
    let out = panicsig().arg("--help").output().expect("run");
    let top = String::from_utf8_lossy(&out.stdout);
    let out = panicsig()
        .args(["annotate", "--help"])
        .output()
        .expect("run");
    let annotate = String::from_utf8_lossy(&out.stdout);
    for text in [&top, &annotate] {
        for needle in ["Exit status:", "  1 ", "  2 ", "  3 ", "SIGTERM", "flushed"] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
    }
    assert!(annotate.contains("16 MiB"), "{annotate}");
}
