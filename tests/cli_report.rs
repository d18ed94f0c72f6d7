//! `panicsig report` at scale, its colours, and the progress bar of
//! `scan` / `report` on a terminal.

mod cli_util;
mod common;

use cli_util::{distinct_panic, have_script, panicsig, scratch};
use std::path::Path;
use std::process::{Output, Stdio};

fn report(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    panicsig()
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run panicsig")
}

/// `panicsig ARGS` with stdout and stderr a terminal (util-linux
/// `script`); what the terminal showed.
fn on_terminal(args: &str, dir: &Path, env: &[(&str, &str)]) -> String {
    let bin = env!("CARGO_BIN_EXE_panicsig");
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("'{bin}' {args}"), "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("CI")
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run script");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn report_groups_100000_distinct_panics() {
    // 100,000 fingerprints, and the first ten seen twice more.
    let dir = scratch("report-100k");
    let mut log = String::with_capacity(8 << 20);
    for i in 0..100_000 {
        log.push_str(&distinct_panic(i));
    }
    for _ in 0..2 {
        for i in 0..10 {
            log.push_str(&distinct_panic(i));
        }
    }
    std::fs::write(dir.join("distinct.log"), &log).expect("write");
    let out = report(&["report", "distinct.log"], &dir, &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("100020 crash incident(s) in 100000 group(s) by fingerprint\n"),
        "{}",
        &text[..200.min(text.len())]
    );
    // Same severity: most often first, then in the order first seen.
    let firsts: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("   message: "))
        .take(12)
        .collect();
    let expect: Vec<String> = (0..12)
        .map(|i| format!("   message: panic: x{i}"))
        .collect();
    assert_eq!(firsts, expect);
    assert!(text.contains("×3") && text.contains("distinct.log:1, "));
}

#[test]
fn report_colours_only_where_asked() {
    let dir = scratch("report-colour");
    std::fs::write(
        dir.join("app.log"),
        common::read("corpus/go1.23.5/nil-map-write.txt"),
    )
    .expect("write");
    let esc = |s: &[u8]| s.contains(&0x1b);
    // A pipe: plain text.
    let out = report(&["report", "app.log"], &dir, &[]);
    assert!(!esc(&out.stdout) && !esc(&out.stderr));
    // Forced (CLICOLOR_FORCE), and NO_COLOR over everything.
    let out = report(&["report", "app.log"], &dir, &[("CLICOLOR_FORCE", "1")]);
    assert!(esc(&out.stdout));
    let out = report(
        &["report", "app.log"],
        &dir,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!esc(&out.stdout));
    if !have_script() {
        eprintln!("skipped the terminal half: no `script` (util-linux)");
        return;
    }
    // A terminal: colour, unless NO_COLOR. (Standard input, so no
    // progress bar draws on the terminal too.)
    let shown = on_terminal("report < app.log", &dir, &[]);
    assert!(shown.contains("\x1b[1m"), "{shown:?}");
    assert!(shown.contains("nil-map-write"), "{shown:?}");
    let shown = on_terminal("report < app.log", &dir, &[("NO_COLOR", "1")]);
    assert!(!shown.contains('\x1b'), "{shown:?}");
    assert!(shown.contains("nil-map-write"), "{shown:?}");
}

#[test]
fn progress_shows_on_a_terminal_only() {
    let dir = scratch("progress");
    let mut log = String::new();
    for i in 0..2000 {
        log.push_str(&distinct_panic(i));
    }
    std::fs::write(dir.join("app.log"), &log).expect("write");
    // stderr a pipe: nothing but the output.
    for cmd in ["scan", "report"] {
        let out = report(&[cmd, "app.log"], &dir, &[]);
        assert!(out.status.success());
        assert!(
            out.stderr.is_empty(),
            "{cmd}: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if !have_script() {
        eprintln!("skipped the terminal half: no `script` (util-linux)");
        return;
    }
    // A terminal: the bar (with the files' total size) is drawn, then
    // cleared before the report.
    let bar = &format!("/{:.2} KiB", log.len() as f64 / 1024.0);
    for cmd in ["scan", "report"] {
        let shown = on_terminal(&format!("{cmd} app.log"), &dir, &[]);
        assert!(shown.contains(bar), "{cmd}: {shown:.300}");
        assert!(shown.contains("x1999"), "{cmd}: the output follows");
    }
    // Not in CI, not from standard input, not on a dumb terminal.
    for (args, env) in [
        ("report app.log", [("CI", "true")]),
        ("report < app.log", [("CI", "")]),
        ("report app.log", [("TERM", "dumb")]),
    ] {
        let shown = on_terminal(args, &dir, &env);
        assert!(!shown.contains(bar), "{args} {env:?}: {shown:.300}");
    }
}
