//! `make bench`'s WAMR figures: the Fluent Bit modules' cost per record
//! beside the floor and passthrough modules, and the stack it needs at load, in the
//! interpreter Fluent Bit runs. Written to target/wamr-bench.md (appended
//! to the report).

#[path = "../../common/mod.rs"]
mod common;
#[path = "../../harness/mod.rs"]
mod harness;
#[path = "../../../benches/shared/measure.rs"]
mod measure;

use common::repo_root;
use harness::{module_bytes, Harness, WASM_STACK_SIZE};
use measure::Row;

fn main() {
    let app = common::read("negative/mixed-app-log.txt");
    let bytes = module_bytes();
    let mut rows = measure::rows("WAMR", &bytes, &app);
    // The lean module loads deeper (it reads its text files at load).
    let lean = std::fs::read(repo_root().join("dist/fluent-bit/lean/panicsig.wasm"));
    for (name, module) in [("one-file", Some(bytes.clone())), ("lean", lean.ok())] {
        let Some(module) = module else { continue };
        let needed = Harness::stack_needed_at_load(&module);
        rows.push(Row {
            what: format!(
                "WAMR: wasm_stack_size the {name} module needs to load (compiles the catalog)"
            ),
            value: format!("{needed} bytes"),
            goal: format!("≤ {WASM_STACK_SIZE} (Fluent Bit's default)"),
            met: Some(needed <= WASM_STACK_SIZE),
        });
    }
    // The generated logs, for the same measurement in a real Fluent Bit
    // (docs/fluent-bit.md, "Speed").
    let logs = repo_root().join("target/bench/logs");
    let _ = std::fs::create_dir_all(&logs);
    for (name, lines) in [
        ("quiet", measure::logs::quiet(500_000)),
        ("service", measure::logs::service(500_000)),
        ("adversarial", measure::logs::adversarial(500_000)),
    ] {
        let _ = std::fs::write(logs.join(format!("{name}.log")), lines.join("\n") + "\n");
    }
    let md = measure::table(&rows);
    let out = repo_root().join("tests/wamr/target");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("wamr-bench.md"), &md);
    println!("{md}");
}
