//! `panicsig`: scan, annotate and report Go crashes in log files.
//!
//! Files by job: `args` (the command line and exit statuses), `input`
//! (the reader thread and the read loop), `signals`, `output` (stdout and
//! its flushing), `progress`, and one file per command that reads input
//! (`scan`, `annotate`, `report`).

// Input-handling code must not be able to panic (as in the library).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo
    )
)]

mod annotate;
mod args;
mod input;
mod output;
mod progress;
mod report;
mod scan;
mod signals;

use args::{status, Cli, Command, ExportTarget, Format, ShapeArg};
use clap::Parser;
use input::{Ctx, Outcome};
use output::{Sink, WriteError};
use panicsig::annotate::{Options, Shape};
use panicsig::catalog::{docs, Catalog, Lang};
use progress::Progress;
use std::io;
use std::process::ExitCode;

/// Why a run stopped early.
enum Fail {
    /// Bad arguments or configuration; nothing was read.
    Usage(String),
    Write(io::Error),
}

impl From<WriteError> for Fail {
    fn from(e: WriteError) -> Self {
        Fail::Write(e.0)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome {
            signal: Some(sig), ..
        }) => signals::die(sig),
        Ok(Outcome { failed: true, .. }) => ExitCode::from(status::INPUT),
        Ok(Outcome { failed: false, .. }) => ExitCode::from(status::OK),
        Err(Fail::Usage(e)) => {
            eprintln!("panicsig: {e}");
            ExitCode::from(status::USAGE)
        }
        // The reader went away (`| head`): nothing is wrong.
        Err(Fail::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(status::OK),
        Err(Fail::Write(e)) => {
            eprintln!("panicsig: cannot write output: {e}");
            ExitCode::from(status::WRITE)
        }
    }
}

/// Load the catalog, with the user's extra signatures if given.
fn catalog(signatures: Option<&str>) -> Result<Catalog, Fail> {
    match signatures {
        None => Ok(Catalog::builtin().clone()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fail::Usage(format!("cannot read signatures file {path}: {e}")))?;
            Catalog::with_extra(&text).map_err(|e| Fail::Usage(format!("{path}: {e}")))
        }
    }
}

fn lang(s: &str) -> Result<Lang, Fail> {
    s.parse()
        .map_err(|e: panicsig::catalog::Error| Fail::Usage(e.to_string()))
}

const DONE: Outcome = Outcome {
    failed: false,
    signal: None,
};

fn run(cli: Cli) -> Result<Outcome, Fail> {
    match cli.command {
        Command::Scan { files, common } => {
            let cat = catalog(common.signatures.as_deref())?;
            let lang = lang(&common.lang)?;
            let mut ctx = Ctx {
                out: Sink::stdout()?,
                progress: Progress::over(&files),
            };
            let mut scan = scan::Scan::new(&cat, lang, common.key, scan::print);
            let outcome = input::run(&files, &mut scan, &mut ctx)?;
            ctx.progress.finish();
            ctx.out.finish()?;
            Ok(outcome)
        }
        Command::Annotate {
            files,
            common,
            shape,
            compact,
        } => {
            let cat = catalog(common.signatures.as_deref())?;
            let opts = Options {
                lang: lang(&common.lang)?,
                shape: match shape {
                    ShapeArg::Nested => Shape::Nested,
                    ShapeArg::Ecs => Shape::Ecs,
                    ShapeArg::Otel => Shape::Otel,
                },
                compact,
                key: common.key,
            };
            let mut ctx = Ctx {
                out: Sink::stdout()?,
                progress: Progress::none(),
            };
            let mut annotate = annotate::Annotate::new(&cat, opts);
            let outcome = input::run(&files, &mut annotate, &mut ctx)?;
            ctx.out.finish()?;
            Ok(outcome)
        }
        Command::Report { files, common } => {
            let cat = catalog(common.signatures.as_deref())?;
            let lang = lang(&common.lang)?;
            let mut ctx = Ctx {
                out: Sink::stdout()?,
                progress: Progress::over(&files),
            };
            let mut report = report::Report::default();
            let mut scan = scan::Scan::new(&cat, lang, common.key, |found, _: &mut Ctx| {
                report.add(found);
                Ok(())
            });
            let outcome = input::run(&files, &mut scan, &mut ctx)?;
            ctx.progress.finish();
            let color = anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never;
            report
                .write(ctx.out.writer(), lang, color)
                .map_err(Fail::Write)?;
            ctx.out.finish()?;
            Ok(outcome)
        }
        Command::Catalog { format, signatures } => {
            let cat = catalog(signatures.as_deref())?;
            let text = match format {
                Format::Markdown => docs::markdown(&cat).map_err(|e| Fail::Usage(e.to_string()))?,
                Format::Json => {
                    let all: Vec<_> = cat.signatures().collect();
                    serde_json::to_string_pretty(&all).map_err(|e| Fail::Usage(e.to_string()))?
                }
            };
            print(&(text + "\n"))
        }
        Command::Export {
            target:
                ExportTarget::Vrl {
                    lang: l,
                    key,
                    signatures,
                },
        } => {
            let cat = catalog(signatures.as_deref())?;
            let opts = panicsig::export::vrl::Options {
                lang: lang(&l)?,
                key,
            };
            print(&panicsig::export::vrl::generate(&cat, &opts))
        }
        Command::Export {
            target: ExportTarget::Text { lang: l },
        } => {
            let text = panicsig::api::signatures(Catalog::builtin(), lang(&l)?);
            let json = serde_json::to_string(&text).map_err(|e| Fail::Usage(e.to_string()))?;
            print(&(json + "\n"))
        }
    }
}

/// A command's whole output at once.
fn print(text: &str) -> Result<Outcome, Fail> {
    let mut out = Sink::stdout()?;
    out.writer()
        .write_all(text.as_bytes())
        .map_err(Fail::Write)?;
    out.finish()?;
    Ok(DONE)
}
