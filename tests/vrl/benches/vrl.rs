//! Events per second of the generated VRL program in the VRL runtime,
//! beside the native core on the same text: `make vrl-bench`.
//!
//! Prints a Markdown table and writes it to `target/vrl-bench.md` (in this
//! crate's target directory).

use panicsig::export::vrl::{generate, Options};
use panicsig::{Catalog, Lang};
use panicsig_vrl_tests::{compile, event, root, run, Schema};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Run `f` repeatedly for about `budget`; returns calls per second.
fn rate(budget: Duration, mut f: impl FnMut()) -> f64 {
    // Warm up (first-use initialisation, caches).
    for _ in 0..3 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..16 {
            f();
        }
        n += 16;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("VRL_BENCH_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1500),
    );
    let source = generate(Catalog::builtin(), &Options::default());
    let t = Instant::now();
    let program = compile(&source, Schema::Unknown).expect("compiles");
    let compile_ms = t.elapsed().as_secs_f64() * 1e3;

    let fixture =
        |p: &str| std::fs::read_to_string(root().join("tests/fixtures").join(p)).expect("fixture");
    let cases: Vec<(&str, String)> =
        vec![
        (
            "non-crash line",
            "2026-11-24T18:12:42.123Z INFO GET /api/v1/users/42 200 3.1ms user=alice req=7f3a9c"
                .to_string(),
        ),
        (
            "non-crash line with a needle (`goroutine pool`)",
            "2026-11-24T18:12:42.123Z INFO worker goroutine pool resized to 16 (SIGHUP reload)"
                .to_string(),
        ),
        ("crash header line alone", "panic: assignment to entry in nil map".to_string()),
        (
            "joined crash, 1 goroutine (nil-map-write, 7 lines)",
            fixture("corpus/go1.23.5/nil-map-write.txt"),
        ),
        (
            "joined crash, data race report (33 lines)",
            fixture("corpus/go1.23.5/data-race-map.txt"),
        ),
        (
            "joined crash, GOTRACEBACK=crash with registers (376 lines)",
            fixture("corpus/go1.23.5/sigabrt-crash.txt"),
        ),
        (
            "joined goroutine dump, 20k lines (many-goroutines.all)",
            fixture("gen/go1.23/many-goroutines.all.txt"),
        ),
    ];

    let mut md = String::new();
    md.push_str(&format!(
        "VRL program: {} KiB, compiled in {compile_ms:.0} ms (vrl crate, once at Vector start-up).\n\n",
        source.len() / 1024
    ));
    md.push_str("| event | bytes | VRL events/s | native events/s | native / VRL |\n");
    md.push_str("| --- | ---: | ---: | ---: | ---: |\n");
    for (name, text) in &cases {
        let ev = event(text);
        let annotated = run(&program, ev.clone())
            .map(|v| v.as_object().is_some_and(|m| m.contains_key("go_panic")))
            .unwrap_or(false);
        let native_hit = panicsig::annotate_text(text, Catalog::builtin(), Lang::En).is_some();
        assert_eq!(annotated, native_hit, "{name}: VRL and native disagree");
        let vrl = rate(budget, || {
            black_box(run(&program, black_box(ev.clone())).ok());
        });
        let native = rate(budget, || {
            black_box(panicsig::annotate_text(
                black_box(text),
                Catalog::builtin(),
                Lang::En,
            ));
        });
        md.push_str(&format!(
            "| {name}{} | {} | {vrl:.0} | {native:.0} | {:.0}× |\n",
            if annotated { " → annotated" } else { "" },
            text.len(),
            native / vrl
        ));
    }
    println!("{md}");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/vrl-bench.md");
    if let Err(e) = std::fs::write(&out, &md) {
        eprintln!("cannot write {}: {e}", out.display());
    }
}
