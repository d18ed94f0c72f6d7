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
use std::io::Write as _;

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
    let mut out = std::io::stdout().lock();
    for log in logs {
        let text = std::fs::read_to_string(log).with_context(|| format!("reading {log}"))?;
        for incident in annotator.call_scan(&mut panicsig.store, &text)? {
            let a = &incident.annotation;
            let mut lines = format!(
                "{log}:{}-{} {} [{}] {}\n",
                incident.start_line,
                incident.end_line,
                a.code,
                severity(a.severity),
                a.title
            );
            if let Some(c) = &a.culprit {
                lines += &format!("    culprit: {} ({}:{})\n", c.function, c.file, c.line);
            }
            lines += &format!("    {}\n", a.summary);
            match out.write_all(lines.as_bytes()) {
                // A closed pipe (`| head`) ends the output quietly.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
                r => r?,
            }
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
