#![allow(dead_code)]
//! Measuring for `make bench`'s reports: best-of timing, the Markdown
//! table, and the Fluent Bit module's cost per record beside a minimal
//! passthrough module, called as filter_wasm calls it. Shared by the main
//! report (in wasmi) and tests/wamr's bench (in WAMR, Fluent Bit's
//! interpreter), which compiles this file with its own `harness`.

#[path = "logs.rs"]
pub mod logs;

use crate::common::{read, repo_root};
use crate::harness::Harness;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// One line of a report.
pub struct Row {
    pub what: String,
    pub value: String,
    pub goal: String,
    /// `None` where there is no goal to meet.
    pub met: Option<bool>,
}

/// The rows as a Markdown table.
pub fn table(rows: &[Row]) -> String {
    let mut md = String::from("| measure | value | goal | met |\n| --- | --- | --- | --- |\n");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        let _ = writeln!(md, "| {} | {} | {} | {} |", r.what, r.value, r.goal, met);
    }
    md
}

/// Best of `runs` timings of `f` (the least disturbed by the other core).
pub fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        last = Some(r);
    }
    (best, last.expect("runs > 0"))
}

/// A module `make bench` builds: benches/passthrough (returns the record,
/// exports wasi-libc's allocator), benches/floor (copies the record out,
/// exports no allocator), or panicsig's `wamr-heap` build.
pub fn bench_module(name: &str) -> Vec<u8> {
    let path = match name {
        "heap" => repo_root().join("dist/fluent-bit/heap/panicsig.wasm"),
        _ => repo_root().join(format!(
            "benches/{name}/target/wasm32-wasip1/release/{name}.wasm"
        )),
    };
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run `make bench`", path.display()))
}

/// Records per second over `n` calls cycling through `records`.
fn rate(bytes: &[u8], n: usize, records: &[&str]) -> f64 {
    let mut h = Harness::new(bytes);
    for r in records.iter().cycle().take(100) {
        h.call("go_panic_filter", "bench", r.as_bytes(), true)
            .expect("no trap");
    }
    let (d, _) = best(3, || {
        for r in records.iter().cycle().take(n) {
            h.call("go_panic_filter", "bench", r.as_bytes(), true)
                .expect("no trap");
        }
    });
    n as f64 / d.as_secs_f64()
}

/// Microseconds per record spent in the module's exported `malloc` and
/// `free` as Fluent Bit uses them: tag and record copied in, both freed.
fn alloc_us(bytes: &[u8], n: u32) -> f64 {
    let mut h = Harness::new(bytes);
    let (d, _) = best(3, || {
        for i in 0..n {
            let tag = h.malloc(12);
            let record = h.malloc(100 + i % 100);
            h.free(tag);
            h.free(record);
        }
    });
    d.as_secs_f64() * 1e6 / f64::from(n)
}

/// `lines` cycled to `n` records, every thousandth replaced by `crash`.
fn with_crashes<'a>(lines: &[&'a str], crash: &'a str, n: usize) -> Vec<&'a str> {
    lines
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        .map(|(i, l)| if i % 1000 == 0 { crash } else { *l })
        .collect()
}

/// `lines` as Fluent Bit's tail input makes them: `{"log": line}`.
fn records(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| serde_json::json!({ "log": l }).to_string())
        .collect()
}

/// Report rows for `panicsig` and its `wamr-heap` build in the
/// interpreter named `interp`, beside the floor module (no allocator
/// export, copies the record out) and the passthrough module (exports
/// wasi-libc's allocator): the cost of a crash header record, and
/// records/s on the generated logs (`quiet`, no needle; `service` and
/// `adversarial`, see [`logs`]) and on the application log `app` (all
/// its lines, a third of which mention a needle, with 0.1% crash
/// records). The ratios leave out what Fluent Bit itself spends per
/// record (about 2 µs in a release build, docs/fluent-bit.md), so they
/// are far below what a real Fluent Bit shows.
pub fn rows(interp: &str, panicsig: &[u8], app: &str) -> Vec<Row> {
    let (floor, pass, heap) = (
        bench_module("floor"),
        bench_module("passthrough"),
        bench_module("heap"),
    );
    let wamr = interp == "WAMR";
    let crash =
        serde_json::json!({"log": read("corpus/go1.23.5/nil-map-write.txt"), "stream": "stderr"})
            .to_string();
    let header = serde_json::json!({ "log": logs::CRASH_HEADER }).to_string();
    let n = 20_000;
    let us = |per_s: f64| 1e6 / per_s;
    let (alloc_ps, alloc_pass) = (alloc_us(panicsig, 20_000), alloc_us(&pass, 20_000));
    let mut out = vec![Row {
        what: format!("{interp}: µs per record in the exported malloc and free (2 calls each, as Fluent Bit copies tag and record in)"),
        value: format!("{alloc_ps:.2} µs (passthrough, wasi-libc's dlmalloc: {alloc_pass:.2} µs; the floor and `wamr-heap` modules leave it to WAMR's native heap)"),
        goal: "no goal".into(),
        met: None,
    }];
    for (what, rec) in [
        ("crash header record (one line)", &header),
        ("crash record (nil-map-write, 1 goroutine)", &crash),
    ] {
        let (a, b) = (
            us(rate(panicsig, 300, &[rec])),
            us(rate(&heap, 300, &[rec])),
        );
        let one_line = rec == &header;
        out.push(Row {
            what: format!("{interp}: µs per {what}, panicsig / `wamr-heap`"),
            value: format!("{a:.0} / {b:.0} µs"),
            goal: if wamr && one_line {
                "≤ 100 µs".into()
            } else {
                "no goal".into()
            },
            met: (wamr && one_line).then_some(a.max(b) <= 100.0),
        });
    }
    let app_lines: Vec<String> = app.lines().map(str::to_string).collect();
    let logs = [
        ("generated `quiet` log", logs::quiet(3000)),
        ("generated `service` log", logs::service(3000)),
        ("generated `adversarial` log", logs::adversarial(3000)),
        ("all mixed-app-log lines + 0.1% crash records", app_lines),
    ];
    for (what, lines) in logs {
        let recs = records(&lines);
        let mut all: Vec<&str> = recs.iter().map(String::as_str).collect();
        if what.starts_with("all mixed") {
            all = with_crashes(&all, &crash, n);
        }
        let [f, p, q, h] = [&floor[..], &pass[..], panicsig, &heap[..]].map(|m| rate(m, n, &all));
        out.push(Row {
            what: format!("{interp}: µs per record, {what}: floor / passthrough / panicsig / `wamr-heap`"),
            value: format!(
                "{:.2} / {:.2} / {:.2} / {:.2} µs (panicsig {:.2}×, `wamr-heap` {:.2}× the floor)",
                us(f), us(p), us(q), us(h), q / f, h / f
            ),
            goal: "none here (Fluent Bit's own work per record is left out; the docs give Fluent Bit's figures)".into(),
            met: None,
        });
    }
    out
}
