//! Scan log files with the panicsig component in wasmtime and print one
//! line per incident.
//!
//! ```text
//! make component
//! cd tests/component && cargo run --example host -- ../../dist/component/panicsig.wasm ../../examples/logs/api-server.log
//! ```

mod host;

use anyhow::{bail, Context, Result};
use host::types::{Lang, Options, Severity, Shape};
use host::Instance;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((component, logs)) = args.split_first() else {
        bail!("usage: host COMPONENT.wasm LOG... (set PANICSIG_LANG=zh for Chinese)");
    };
    let mut panicsig = Instance::load(component).with_context(|| format!("loading {component}"))?;
    let lang = match std::env::var("PANICSIG_LANG").as_deref() {
        Ok("zh") => Lang::Zh,
        _ => Lang::En,
    };
    let options = Options {
        lang,
        shape: Shape::Nested,
        compact: false,
        key: None,
    };
    let annotator = panicsig.annotator().clone();
    annotator.call_configure(&mut panicsig.store, &options)?;
    for log in logs {
        let text = std::fs::read_to_string(log).with_context(|| format!("reading {log}"))?;
        for incident in annotator.call_scan(&mut panicsig.store, &text)? {
            let a = &incident.annotation;
            println!(
                "{log}:{}-{} {} [{}] {}",
                incident.start_line,
                incident.end_line,
                a.code,
                severity(a.severity),
                a.title
            );
            if let Some(c) = &a.culprit {
                println!("    culprit: {} ({}:{})", c.function, c.file, c.line);
            }
            println!("    {}", a.summary);
        }
    }
    Ok(())
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}
