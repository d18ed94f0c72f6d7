//! `make bench`'s WAMR figures: the Fluent Bit module's cost per record
//! beside the passthrough module, and the stack it needs at load, in the
//! interpreter Fluent Bit runs. Written to target/wamr-bench.md (appended
//! to the report).

#[path = "../../../benches/shared/filter_cost.rs"]
mod filter_cost;
#[path = "../../harness/mod.rs"]
mod harness;

use harness::{module_bytes, repo_root, Harness, WASM_STACK_SIZE};
use std::fmt::Write as _;

fn main() {
    let app =
        std::fs::read_to_string(repo_root().join("tests/fixtures/negative/mixed-app-log.txt"))
            .expect("fixture");
    let bytes = module_bytes();
    let mut rows = filter_cost::rows("WAMR", &bytes, &app);
    let needed = Harness::stack_needed_at_load(&bytes);
    rows.push((
        "WAMR: wasm_stack_size the module needs to load (compiles the catalog)".into(),
        format!("{needed} bytes"),
        format!("≤ {WASM_STACK_SIZE} (Fluent Bit's default)"),
        Some(needed <= WASM_STACK_SIZE),
    ));
    let mut md = String::from("| measure | value | goal | met |\n| --- | --- | --- | --- |\n");
    for (what, value, goal, met) in &rows {
        let met = match met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        let _ = writeln!(md, "| {what} | {value} | {goal} | {met} |");
    }
    let out = repo_root().join("tests/wamr/target");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("wamr-bench.md"), &md);
    println!("{md}");
}
