//! `panicsig` as a streaming tool in pipes: output follows input, signals
//! end the input without losing what was read, a reader that goes away
//! ends the run quietly.

mod cli_util;
mod common;

use cli_util::{crash_record, panicsig, scratch, spawn_piped, wait_drained, Lines};
use std::io::Write;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::Stdio;

#[test]
fn annotate_output_follows_a_slow_writer() {
    // The test is the slow writer: it keeps stdin open and waits for each
    // record's output before writing the next, so a record can only come
    // out if panicsig writes it before its input ends.
    let (mut child, mut stdin, stdout) = spawn_piped("annotate");
    let lines = Lines::new(stdout);
    let plain = r#"{"log":"GET /healthz 200"}"#;
    writeln!(stdin, "{plain}").expect("write");
    assert_eq!(lines.next("a plain record"), format!("{plain}\n"));
    writeln!(stdin, "{}", crash_record("nil-map-write")).expect("write");
    let annotated = lines.next("a crash record");
    let v: serde_json::Value = serde_json::from_str(&annotated).expect("json");
    assert_eq!(v["go_panic"]["slug"], "nil-map-write");
    drop(stdin);
    assert!(lines.rest().is_empty());
    assert!(child.wait().expect("wait").success());
}

#[test]
fn scan_prints_each_incident_while_its_input_stays_open() {
    let (mut child, mut stdin, stdout) = spawn_piped("scan");
    let lines = Lines::new(stdout);
    // A crash is complete when a line that is not part of it follows.
    write!(stdin, "{}", cli_util::crash("closed-channel-send")).expect("write");
    writeln!(stdin, "service restarted").expect("write");
    let found: serde_json::Value =
        serde_json::from_str(&lines.next("the first incident")).expect("json");
    assert_eq!(found["slug"], "send-on-closed-channel");
    write!(stdin, "{}", cli_util::crash("nil-map-write")).expect("write");
    writeln!(stdin, "service restarted").expect("write");
    let found: serde_json::Value =
        serde_json::from_str(&lines.next("the second incident")).expect("json");
    assert_eq!(found["slug"], "nil-map-write");
    drop(stdin);
    assert!(lines.rest().is_empty());
    assert!(child.wait().expect("wait").success());
}

#[test]
fn sigterm_writes_what_was_read_then_ends_by_the_signal() {
    // Stdout is a regular file, the case where output is buffered: what
    // was read must still be written when SIGTERM ends the run.
    let dir = scratch("sigterm");
    let out_path = dir.join("out.jsonl");
    let out = std::fs::File::create(&out_path).expect("create");
    let mut child = panicsig()
        .arg("annotate")
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut input = String::new();
    for i in 0..200 {
        input.push_str(&format!("{{\"log\":\"request {i} done\"}}\n"));
    }
    input.push_str(&crash_record("nil-map-write"));
    input.push('\n');
    stdin.write_all(input.as_bytes()).expect("write");
    wait_drained(&stdin);
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let status = child.wait().expect("wait");
    drop(stdin);
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
    let written = std::fs::read_to_string(&out_path).expect("read");
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 201, "every record read was written");
    assert_eq!(lines[0], r#"{"log":"request 0 done"}"#);
    let v: serde_json::Value = serde_json::from_str(lines[200]).expect("json");
    assert_eq!(v["go_panic"]["slug"], "nil-map-write");
}

#[test]
fn sigint_ends_report_with_the_report_of_what_was_read() {
    // `tail -F app.log | panicsig report`, then Ctrl-C: the report covers
    // what was read, the open incident at the end included.
    let mut child = panicsig();
    child
        .arg("report")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: only async-signal-safe calls between fork and exec. The test
    // runner may have been started with SIGINT ignored; panicsig keeps an
    // ignored SIGINT ignored, as shells expect.
    unsafe {
        child.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = child.spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = cli_util::read_all_on_thread(child.stdout.take().expect("stdout"));
    write!(stdin, "{}", cli_util::crash("nil-map-write")).expect("write");
    writeln!(stdin, "next").expect("write");
    // The last crash has no line after it: still open when the signal comes.
    write!(stdin, "{}", cli_util::crash("closed-channel-send")).expect("write");
    wait_drained(&stdin);
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let status = child.wait().expect("wait");
    drop(stdin);
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    let text = String::from_utf8(stdout.join().expect("reader")).expect("utf8");
    assert!(text.contains("2 crash incident(s) in 2 group(s)"), "{text}");
    assert!(text.contains("send-on-closed-channel"), "{text}");
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    let dir = scratch("closed-pipe");
    let input = dir.join("many.jsonl");
    let record = crash_record("nil-map-write") + "\n";
    std::fs::write(&input, record.repeat(3000)).expect("write");
    let log = dir.join("many.log");
    std::fs::write(&log, (cli_util::crash("nil-deref") + "next\n").repeat(3000)).expect("write");
    for (cmd, file) in [("annotate", &input), ("scan", &log)] {
        // `panicsig ... | head -n 1`
        let mut child = panicsig()
            .arg(cmd)
            .arg(file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let lines = Lines::new(child.stdout.take().expect("stdout"));
        let first = lines.next("the first record");
        assert!(first.contains("nil"), "{first}");
        drop(lines);
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(0), "{cmd}: {:?}", out.status);
        assert!(
            out.stderr.is_empty(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
