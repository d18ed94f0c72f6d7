//! `make bench`: one Markdown report, every figure measured in this run on
//! this machine, each beside its goal. Written to target/bench/report.md.

#[path = "baseline/scanner.rs"]
mod baseline;
#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/harness/mod.rs"]
mod harness;
#[path = "shared/measure.rs"]
mod measure;

use measure::{best, Row};
use std::fmt::Write as _;
use std::time::Duration;

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / 1e6
}

/// Builds a worst-case input of a given size.
type MakeInput = dyn Fn(usize) -> String;

/// Speed on the 10,000-goroutine dump and the CLI's peak memory on the
/// 100,000-goroutine one, both printed by tests/go/dump-bench.
fn dump_rows() -> Vec<Row> {
    let dir = common::repo_root().join("target/bench");
    let (Ok(small), true) = (
        std::fs::read_to_string(dir.join("dump-10k.txt")),
        dir.join("dump-100k.txt").exists(),
    ) else {
        return vec![Row {
            what: "goroutine dumps (target/bench/dump-*.txt)".into(),
            value: "not generated: run `make bench-dumps`".into(),
            goal: "—".into(),
            met: None,
        }];
    };
    let (d, goroutines) = best(10, || {
        panicsig::scan(&small)
            .iter()
            .map(|i| i.buckets.iter().map(|b| b.count).sum::<u64>() + i.unbucketed)
            .sum::<u64>()
    });
    assert!(goroutines > 10_000, "{goroutines} goroutines bucketed");
    let mb = mb_per_s(small.len(), d);
    // gostackparse on the same dump, measured outside the repository
    // (docs/recognition.md, Goroutine dumps, says how and when).
    let gostackparse = 310.0;
    let mut rows = vec![Row {
        what: format!(
            "native dump parsing, every goroutine into buckets: pprof debug=2 dump of {goroutines} goroutines ({} MB)",
            small.len() >> 20
        ),
        value: format!("{mb:.0} MB/s ({:.2}× gostackparse's {gostackparse:.0} MB/s: docs/recognition.md)", mb / gostackparse),
        goal: "≥ 2× gostackparse".into(),
        met: Some(mb >= 2.0 * gostackparse),
    }];
    let (peak_mib, found) = cli_peak(&dir.join("dump-100k.txt"));
    rows.push(Row {
        what: "`panicsig scan` peak resident memory on a dump of 100,001 goroutines (60 MB)".into(),
        value: format!("{peak_mib:.1} MiB ({found})"),
        goal: "well under 100 MB".into(),
        met: Some(peak_mib < 50.0),
    });
    rows
}

/// The CLI's peak resident size (VmHWM: this process's memory, which a
/// forked child's `ru_maxrss` would count, is not in it) scanning `path`
/// fed through stdin, read while it waits for more input after the last
/// byte; and what it printed, in short, once stdin is closed.
fn cli_peak(path: &std::path::Path) -> (f64, String) {
    use std::io::{Read as _, Write as _};
    let data = std::fs::read(path).expect("dump");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_panicsig"))
        .arg("scan")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn panicsig");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(&data).expect("feed the dump");
    stdin.flush().expect("flush");
    // The pipe holds at most 64 KiB the child has not read yet.
    std::thread::sleep(Duration::from_millis(500));
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let peak_kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    drop(stdin);
    let mut out = String::new();
    let _ = child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out);
    let _ = child.wait();
    let v: serde_json::Value =
        serde_json::from_str(out.lines().next().unwrap_or("{}")).unwrap_or_default();
    let found = format!(
        "{} {} goroutines, {} buckets",
        v["code"].as_str().unwrap_or("?"),
        v["goroutines"],
        v["buckets"].as_array().map_or(0, Vec::len)
    );
    (peak_kib / 1024.0, found)
}

fn main() {
    let mut rows: Vec<Row> = Vec::new();
    let mut notes = String::new();

    // 1. Native prefilter throughput on logs with no crash: the negative
    // fixture as is (a third of its lines mention panic, SIGSEGV,
    // goroutine...) and the same log without those lines.
    let app = common::read("negative/mixed-app-log.txt");
    let quiet: String = app
        .lines()
        .filter(|l| {
            panicsig::prefilter::Prefilter::get()
                .find(l.as_bytes(), 0)
                .is_none()
        })
        .map(|l| format!("{l}\n"))
        .collect();
    for (name, unit) in [
        ("lines mentioning no needle", &quiet),
        (
            "mixed-app-log: 36% of lines mention panic/SIG/goroutine",
            &app,
        ),
    ] {
        let mut log = String::new();
        while log.len() < 256 << 20 {
            log.push_str(unit);
        }
        let (d, found) = best(5, || panicsig::scan(&log).len());
        assert_eq!(found, 0);
        // The scanner before the rewrite, side by side (benches/baseline/).
        let (before, _) = best(5, || baseline::scan(&log).len());
        let gbs = log.len() as f64 / d.as_secs_f64() / 1e9;
        let before_gbs = log.len() as f64 / before.as_secs_f64() / 1e9;
        rows.push(Row {
            what: format!(
                "native scan of a non-crash log, {name} ({} MB)",
                log.len() >> 20
            ),
            value: format!(
                "{gbs:.2} GB/s ({:.2}× the scanner before the rewrite: {before_gbs:.2} GB/s)",
                gbs / before_gbs
            ),
            goal: "≥ 2 GB/s".into(),
            met: Some(gbs >= 2.0),
        });
    }

    // 2. Crash parsing on a large GOTRACEBACK=all dump.
    let dump = common::read("gen/go1.23/many-goroutines.all.txt");
    let mut dumps = String::new();
    for _ in 0..40 {
        dumps.push_str(&dump);
    }
    let (d, n) = best(5, || panicsig::scan(&dumps).len());
    rows.push(Row {
        what: format!(
            "native crash parsing, GOTRACEBACK=all dump of 2000 goroutines ×40 ({} MB, {n} incidents)",
            dumps.len() >> 20
        ),
        value: format!("{:.0} MB/s", mb_per_s(dumps.len(), d)),
        goal: "linear (no goal)".into(),
        met: None,
    });

    // 2a. Bare goroutine dumps from a real Go runtime (`make bench-dumps`).
    rows.extend(dump_rows());

    // 2b. The state-machine scanner against the one it replaced
    // (benches/baseline/), on every real crash output of the fixtures,
    // interleaved runs in this process.
    let mut crashes = String::new();
    for (_, t) in common::texts_in(&[
        "corpus/go1.19.8",
        "corpus/go1.23.5",
        "gen/go1.19",
        "gen/go1.21",
        "gen/go1.23",
    ]) {
        crashes.push_str(&t);
        crashes.push('\n');
    }
    let mut all = String::new();
    while all.len() < 64 << 20 {
        all.push_str(&crashes);
    }
    let mut before = Duration::MAX;
    let mut after = Duration::MAX;
    for _ in 0..5 {
        before = before.min(best(1, || baseline::scan(&all).len()).0);
        after = after.min(best(1, || panicsig::scan(&all).len()).0);
    }
    let (mb_before, mb_after) = (mb_per_s(all.len(), before), mb_per_s(all.len(), after));
    rows.push(Row {
        what: format!(
            "native crash parsing of every fixture crash ({} MB): before the rewrite {mb_before:.0} MB/s, after",
            all.len() >> 20
        ),
        value: format!("{mb_after:.0} MB/s ({:.2}×)", mb_after / mb_before),
        goal: "≥ 1× before (0.97× allowed for timing noise)".into(),
        met: Some(mb_after >= mb_before * 0.97),
    });

    // Worst cases: time at size n and 2n; linear means a ratio near 2.
    let stretched = |lines: usize| {
        let mut t = String::from("panic: deep\n\ngoroutine 1 [running]:\n");
        for _ in 0..lines {
            t.push_str("main.recurse(...)\n\t/src/app/main.go:12 +0x1d\n");
        }
        t
    };
    let cases: [(&str, Box<MakeInput>); 3] = [
        ("100k-frame goroutine", Box::new(stretched)),
        (
            "single line of panic value (10 MB)",
            Box::new(|n: usize| format!("panic: {}\n", "x".repeat(n * 100))),
        ),
        (
            "deeply nested JSON record",
            Box::new(|n: usize| {
                format!(
                    "{{\"log\":\"panic: x\",\"a\":{}{}}}",
                    "[".repeat(n),
                    "]".repeat(n)
                )
            }),
        ),
    ];
    for (name, make) in cases {
        // Scan the text and annotate it as a record: both paths.
        // Best of 7: the runs at this size take a few milliseconds.
        let time = |input: &str| {
            best(7, || {
                let record = panicsig::annotate_record(
                    input.as_bytes(),
                    panicsig::Catalog::builtin(),
                    &Default::default(),
                );
                panicsig::scan(input).len() + record.map_or(0, |v| v.len())
            })
            .0
        };
        let (d1, d2) = (time(&make(100_000)), time(&make(200_000)));
        let ratio = d2.as_secs_f64() / d1.as_secs_f64();
        rows.push(Row {
            what: format!("worst case: {name}, time(2n) ÷ time(n)"),
            value: format!("{ratio:.2} ({:.1} ms at 2n)", d2.as_secs_f64() * 1e3),
            goal: "≈ 2 (linear)".into(),
            met: Some(ratio < 3.0),
        });
    }

    // 3. Fluent Bit module: its cost per record beside the floor and
    // passthrough modules is measured in WAMR, Fluent Bit's interpreter
    // (tests/wamr's bench, appended to this report).
    let panicsig_wasm = harness::module_bytes();
    let crash = serde_json::json!({"log": common::read("corpus/go1.23.5/nil-map-write.txt"), "stream": "stderr"}).to_string();
    let plain =
        serde_json::json!({"log": quiet.lines().next().unwrap_or("GET / 200"), "stream": "stdout"})
            .to_string();

    // 4. Memory: linear memory pages over many calls on one instance.
    let mut h = harness::Harness::new(&panicsig_wasm);
    h.call("go_panic_filter", "bench", crash.as_bytes(), true)
        .expect("no trap");
    let before = h.pages();
    let calls = 200_000;
    for i in 0..calls {
        let r = if i % 100 == 0 { &crash } else { &plain };
        h.call(
            "go_panic_filter",
            &format!("t{}", i % 500),
            r.as_bytes(),
            true,
        )
        .expect("no trap");
    }
    rows.push(Row {
        what: format!("wasm linear memory over {calls} calls on one instance"),
        value: format!("{before} → {} pages of 64 KiB", h.pages()),
        goal: "plateau".into(),
        met: Some(h.pages() == before),
    });

    // 5. Artifact sizes.
    let size = |rel: &str| {
        std::fs::metadata(common::repo_root().join(rel))
            .map(|m| m.len())
            .ok()
    };
    if let Some(s) = size("dist/fluent-bit/lean/panicsig.wasm") {
        rows.push(Row {
            what: "Fluent Bit lean module (dist/fluent-bit/lean/panicsig.wasm; its text is read from the files beside it)".into(),
            value: format!("{} KB ({s} bytes)", s / 1024),
            goal: "≤ 256 KB".into(),
            met: Some(s <= 256 * 1024),
        });
    }
    if let Some(s) = size("dist/fluent-bit/panicsig.wasm") {
        rows.push(Row {
            what: "Fluent Bit module in one file, text inside (dist/fluent-bit/panicsig.wasm)"
                .into(),
            value: format!("{} KB ({s} bytes)", s / 1024),
            goal: "no goal: the lean module is the one within 256 KB".into(),
            met: None,
        });
    }
    if let Ok(web) = std::fs::read(common::repo_root().join("dist/web/panicsig_wasm_bg.wasm")) {
        // gzip = deflate + 18 bytes of header and trailer.
        let gz = miniz_oxide::deflate::compress_to_vec(&web, 10).len() + 18;
        rows.push(Row {
            what: "browser module (dist/web/panicsig_wasm_bg.wasm), gzipped".into(),
            value: format!("{} KB ({} KB raw)", gz / 1024, web.len() / 1024),
            goal: "≤ 100 KB gzipped".into(),
            met: Some(gz <= 100 * 1024),
        });
    }
    if let Some(s) = size("dist/component/panicsig.wasm") {
        rows.push(Row {
            what: "WIT component (dist/component/panicsig.wasm)".into(),
            value: format!("{} KB", s / 1024),
            goal: "≤ 384 KB".into(),
            met: Some(s <= 384 * 1024),
        });
    }
    let _ = writeln!(
        notes,
        "The built-in catalog (English and Chinese remediation for every entry) is embedded \
         deflated in the one-file Fluent Bit module and the component: {} KB of each. The lean \
         Fluent Bit module and the browser module carry only its match rules.",
        panicsig::catalog::packed_len() / 1024
    );
    let _ = writeln!(
        notes,
        "The wasmi figures come from the wasmi interpreter configured like Fluent Bit's WAMR \
         (no SIMD, 100-deep call limit); the WAMR figures below from WAMR itself (tests/wamr). \
         The passthrough module is benches/passthrough."
    );

    let mut md = String::from("# panicsig benchmark report\n\n");
    let _ = writeln!(
        md,
        "Measured in one run on this machine ({} cores), best of several runs each.\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    md.push_str(&measure::table(&rows));
    md.push('\n');
    md.push_str(&notes);
    let out = common::repo_root().join("target/bench");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("report.md"), &md);
    println!("{md}");
}
