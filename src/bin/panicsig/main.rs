//! `panicsig`: scan, annotate and report Go crashes in log files.

mod report;

use clap::{Parser, Subcommand, ValueEnum};
use panicsig::annotate::{Options, Shape};
use panicsig::catalog::{docs, Catalog, Lang};
use panicsig::Scanner;
use serde::Serialize;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "panicsig",
    version,
    about = "Find Go panics and fatal errors in logs and say what to do about them."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Language of remediation text.
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    lang: String,
    /// Extra signatures (a JSON array of catalog entries) to use beside the built-in ones.
    #[arg(long, value_name = "FILE")]
    signatures: Option<String>,
    /// JSON field holding the log text (default: log, message, msg, MESSAGE).
    #[arg(long)]
    key: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Print one JSON object per crash incident found.
    Scan {
        /// Input files (standard input when none).
        files: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// JSON lines in, the same records out; crash records gain an annotation.
    Annotate {
        files: Vec<String>,
        #[command(flatten)]
        common: Common,
        /// Field layout of the annotation.
        #[arg(long, value_enum, default_value_t = ShapeArg::Nested)]
        shape: ShapeArg,
        /// Only code and severity.
        #[arg(long)]
        compact: bool,
    },
    /// A human report grouped by fingerprint.
    Report {
        files: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Print the signature catalog.
    Catalog {
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        #[arg(long, value_name = "FILE")]
        signatures: Option<String>,
    },
    /// Print a program generated from the catalog for a host that cannot run panicsig itself.
    Export {
        #[command(subcommand)]
        target: ExportTarget,
    },
}

#[derive(Subcommand)]
enum ExportTarget {
    /// A VRL program for Vector's `remap` transform (`file: panicsig.vrl`).
    Vrl {
        /// Language of remediation text.
        #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
        lang: String,
        /// Top-level event field holding the log text (Vector's sources use `message`).
        #[arg(long, default_value = "message")]
        key: String,
        /// Extra signatures (a JSON array of catalog entries) to compile in beside the built-in ones.
        #[arg(long, value_name = "FILE")]
        signatures: Option<String>,
    },
    /// The catalog's text in one language, as the browser module loads it
    /// (`panicsig.en.json`, `panicsig.zh.json`).
    Text {
        #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
        lang: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ShapeArg {
    Nested,
    Ecs,
    Otel,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("panicsig: {e}");
            ExitCode::from(2)
        }
    }
}

/// Load the catalog, with the user's extra signatures if given.
fn catalog(signatures: Option<&str>) -> Result<Catalog, String> {
    match signatures {
        None => Ok(Catalog::builtin().clone()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read signatures file {path}: {e}"))?;
            Catalog::with_extra(&text).map_err(|e| format!("{path}: {e}"))
        }
    }
}

fn lang(s: &str) -> Result<Lang, String> {
    s.parse()
        .map_err(|e: panicsig::catalog::Error| e.to_string())
}

/// Inputs: the named files, or standard input. A file that cannot be read
/// is reported and skipped; the exit code says so at the end.
struct Inputs {
    failed: bool,
}

impl Inputs {
    fn each(
        &mut self,
        files: &[String],
        mut f: impl FnMut(Option<&str>, &mut dyn Read) -> io::Result<()>,
    ) -> io::Result<()> {
        if files.is_empty() {
            return f(None, &mut io::stdin().lock());
        }
        for path in files {
            match std::fs::File::open(path) {
                Ok(mut file) => {
                    if let Err(e) = f(Some(path), &mut file) {
                        if e.kind() == io::ErrorKind::BrokenPipe {
                            return Err(e);
                        }
                        eprintln!("panicsig: cannot read {path}: {e}");
                        self.failed = true;
                    }
                }
                Err(e) => {
                    eprintln!("panicsig: cannot read {path}: {e}");
                    self.failed = true;
                }
            }
        }
        Ok(())
    }
}

/// One incident as `panicsig scan` prints it.
#[derive(Serialize)]
pub struct Found {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(flatten)]
    pub found: panicsig::api::Found,
}

/// Scan a reader in chunks; plain and JSON lines may mix.
pub fn scan_reader(
    r: &mut dyn Read,
    file: Option<&str>,
    catalog: &Catalog,
    lang: Lang,
    key: Option<String>,
    mut emit: impl FnMut(Found) -> io::Result<()>,
) -> io::Result<()> {
    let mut scanner = Scanner::with_json(key);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        scanner.feed(buf.get(..n).unwrap_or(&[]));
        for inc in scanner.take() {
            emit_one(&inc, file, catalog, lang, &mut emit)?;
        }
    }
    scanner.flush();
    for inc in scanner.take() {
        emit_one(&inc, file, catalog, lang, &mut emit)?;
    }
    Ok(())
}

fn emit_one(
    inc: &panicsig::Incident,
    file: Option<&str>,
    catalog: &Catalog,
    lang: Lang,
    emit: &mut impl FnMut(Found) -> io::Result<()>,
) -> io::Result<()> {
    if let Some(found) = panicsig::api::Found::new(inc, catalog, lang) {
        emit(Found {
            file: file.map(str::to_string),
            found,
        })?;
    }
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let mut inputs = Inputs { failed: false };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let io_result = match cli.command {
        Command::Scan { files, common } => {
            let cat = catalog(common.signatures.as_deref())?;
            let lang = lang(&common.lang)?;
            inputs.each(&files, |name, r| {
                scan_reader(r, name, &cat, lang, common.key.clone(), |found| {
                    let line = serde_json::to_string(&found).map_err(io::Error::other)?;
                    writeln!(out, "{line}")
                })
            })
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
                key: common.key.clone(),
            };
            inputs.each(&files, |_, r| {
                let mut reader = io::BufReader::with_capacity(1 << 20, r);
                let mut line = Vec::new();
                loop {
                    line.clear();
                    if reader.read_until(b'\n', &mut line)? == 0 {
                        break;
                    }
                    let body_len = line.strip_suffix(b"\n").map_or(line.len(), <[u8]>::len);
                    let (body, newline) = line.split_at(body_len);
                    match panicsig::annotate_record(body, &cat, &opts) {
                        Some(annotated) => {
                            out.write_all(&annotated)?;
                            out.write_all(newline)?;
                        }
                        None => out.write_all(&line)?,
                    }
                }
                Ok(())
            })
        }
        Command::Report { files, common } => {
            let cat = catalog(common.signatures.as_deref())?;
            let lang = lang(&common.lang)?;
            let mut report = report::Report::default();
            let r = inputs.each(&files, |name, r| {
                scan_reader(r, name, &cat, lang, common.key.clone(), |found| {
                    report.add(found);
                    Ok(())
                })
            });
            r.and_then(|()| report.write(&mut out, lang))
        }
        Command::Catalog { format, signatures } => {
            let cat = catalog(signatures.as_deref())?;
            let text = match format {
                Format::Markdown => docs::markdown(&cat).map_err(|e| e.to_string())?,
                Format::Json => {
                    let all: Vec<_> = cat.signatures().collect();
                    serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?
                }
            };
            writeln!(out, "{text}").map_err(|e| e.to_string())?;
            Ok(())
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
            let program = panicsig::export::vrl::generate(&cat, &opts);
            out.write_all(program.as_bytes())
        }
        Command::Export {
            target: ExportTarget::Text { lang: l },
        } => {
            let text = panicsig::api::signatures(Catalog::builtin(), lang(&l)?);
            let json = serde_json::to_string(&text).map_err(|e| e.to_string())?;
            writeln!(out, "{json}")
        }
    };
    let flushed = io_result.and_then(|()| out.flush());
    match flushed {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e.to_string()),
    }
    Ok(if inputs.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
