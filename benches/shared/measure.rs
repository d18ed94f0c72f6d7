//! Measuring for `make bench`'s reports: best-of timing, the Markdown
//! table, and the Fluent Bit module's cost per record beside a minimal
//! passthrough module, called as filter_wasm calls it. Shared by the main
//! report (in wasmi) and tests/wamr's bench (in WAMR, Fluent Bit's
//! interpreter), which compiles this file with its own `harness`.

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

/// The passthrough module `make bench` builds (benches/passthrough).
pub fn passthrough_bytes() -> Vec<u8> {
    let path =
        repo_root().join("benches/passthrough/target/wasm32-wasip1/release/passthrough.wasm");
    std::fs::read(&path).expect("passthrough module: run `make bench`")
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

/// Report rows for `panicsig` in the
/// interpreter named `interp`, each beside the passthrough module: the
/// lines of the application log `app` that hold no needle, a crash record
/// alone, those lines with 0.1% crash records, and all of `app`'s lines
/// with 0.1% crash records.
pub fn rows(interp: &str, panicsig: &[u8], app: &str) -> Vec<Row> {
    let pass = passthrough_bytes();
    let crash =
        serde_json::json!({"log": read("corpus/go1.23.5/nil-map-write.txt"), "stream": "stderr"})
            .to_string();
    let records: Vec<String> = app
        .lines()
        .map(|l| serde_json::json!({"log": l, "stream": "stdout"}).to_string())
        .collect();
    let all: Vec<&str> = records.iter().map(String::as_str).collect();
    let quiet: Vec<&str> = all
        .iter()
        .copied()
        .filter(|r| {
            panicsig::prefilter::Prefilter::get()
                .find(r.as_bytes(), 0)
                .is_none()
        })
        .collect();
    let n = 20_000;
    let pass_quiet = rate(&pass, n, &quiet);
    let ps_quiet = rate(panicsig, n, &quiet);
    let ps_crash = rate(panicsig, 200, &[&crash]);
    let ratio = |recs: &[&str]| {
        let (p, q) = (rate(&pass, n, recs), rate(panicsig, n, recs));
        (q / p, q, p)
    };
    let (real, real_ps, real_pass) = ratio(&with_crashes(&quiet, &crash, n));
    let (adv, adv_ps, adv_pass) = ratio(&with_crashes(&all, &crash, n));
    let us = |per_s: f64| 1e6 / per_s;
    let (alloc_ps, alloc_pass) = (alloc_us(panicsig, 20_000), alloc_us(&pass, 20_000));
    vec![
        Row {
            what: format!("{interp}: µs per record in the exported malloc and free (2 calls each, as Fluent Bit copies tag and record in)"),
            value: format!("{alloc_ps:.2} µs (passthrough, wasi-libc's dlmalloc: {alloc_pass:.2} µs)"),
            goal: "no goal".into(),
            met: None,
        },
        Row {
            what: format!("{interp}: µs per record, app-log lines mentioning no needle (incl. copy-in/out)"),
            value: format!("{:.2} µs (passthrough {:.2} µs)", us(ps_quiet), us(pass_quiet)),
            goal: "close to passthrough".into(),
            met: None,
        },
        Row {
            what: format!("{interp}: µs per record, crash (nil-map-write, 1 goroutine)"),
            value: format!("{:.0} µs", us(ps_crash)),
            goal: "no goal".into(),
            met: None,
        },
        Row {
            what: format!("{interp}: records/s, those lines + 0.1% crash records, panicsig ÷ passthrough"),
            value: format!("{real:.2}× ({real_ps:.0} vs {real_pass:.0} records/s)"),
            goal: "none here: the 0.9× goal is for Fluent Bit itself, whose own work per record this leaves out".into(),
            met: None,
        },
        Row {
            what: format!("{interp}: records/s, all mixed-app-log lines (36% mention a needle) + 0.1% crash records, panicsig ÷ passthrough"),
            value: format!("{adv:.2}× ({adv_ps:.0} vs {adv_pass:.0} records/s)"),
            goal: "no goal (adversarial)".into(),
            met: None,
        },
    ]
}
