//! The command line, as clap reads it.

use clap::{Parser, Subcommand, ValueEnum};

/// Exit statuses; `--help` and docs/cli.md list them.
pub mod status {
    /// Every input was read and all output written.
    pub const OK: u8 = 0;
    /// An input could not be read (the others were still processed).
    pub const INPUT: u8 = 1;
    /// Bad arguments or a bad signatures file; nothing was read.
    pub const USAGE: u8 = 2;
    /// The output could not be written (full disk, closed stdout): the run
    /// stopped there.
    pub const WRITE: u8 = 3;
}

pub const AFTER_HELP: &str = "\
Streaming: input is read as it arrives; when stdout is a pipe or a terminal,
output is flushed whenever panicsig would wait for input (and after each
incident of `scan`), so each record comes out as soon as it is complete.
Each FILE is its own stream: no incident spans two files.

Exit status:
  0    success (also when the reader of stdout went away, as `| head` does)
  1    a FILE could not be read (the other files were still processed)
  2    bad arguments or a bad signatures file
  3    stdout could not be written (full disk, stdout closed): the run stops
  SIGINT / SIGTERM end the input: what was read is written out (`report`
  prints its report), then panicsig ends by the same signal (the shell shows
  130 / 143). A second signal ends it at once.";

#[derive(Parser)]
#[command(
    name = "panicsig",
    version,
    about = "Find Go panics and fatal errors in logs and say what to do about them.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Args, Clone)]
pub struct Common {
    /// Language of remediation text.
    #[arg(long, default_value = "en", value_parser = ["en", "zh"])]
    pub lang: String,
    /// Extra signatures (a JSON array of catalog entries) to use beside the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub signatures: Option<String>,
    /// JSON field holding the log text (default: log, message, msg, MESSAGE).
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print one JSON object per crash incident found.
    #[command(after_help = AFTER_HELP)]
    Scan {
        /// Input files (standard input when none).
        files: Vec<String>,
        #[command(flatten)]
        common: Common,
    },
    /// JSON lines in, the same records out; crash records gain an annotation.
    ///
    /// A record (line) longer than 16 MiB is passed through unchanged.
    #[command(after_help = AFTER_HELP)]
    Annotate {
        /// Input files (standard input when none).
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
    /// A human report grouped by fingerprint (coloured on a terminal unless
    /// NO_COLOR is set).
    #[command(after_help = AFTER_HELP)]
    Report {
        /// Input files (standard input when none).
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
pub enum ExportTarget {
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
pub enum ShapeArg {
    Nested,
    Ecs,
    Otel,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}
