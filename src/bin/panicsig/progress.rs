//! The progress bar of `scan` and `report` over files: on stderr, and
//! only when a person is watching it (stderr a terminal, not CI).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: Option<ProgressBar>,
}

/// Whether a run shows a progress bar: over files (standard input has no
/// known length), with stderr a terminal, outside CI, on a terminal that
/// can redraw a line.
pub fn wanted(files: &[String]) -> bool {
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    !files.is_empty() && std::io::stderr().is_terminal() && !dumb && !ci
}

impl Progress {
    pub fn none() -> Self {
        Progress { bar: None }
    }

    /// A bar over the total size of `files` when [`wanted`].
    pub fn over(files: &[String]) -> Self {
        if !wanted(files) {
            return Self::none();
        }
        let total: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta} {msg}",
        ) {
            bar.set_style(style);
        }
        Progress { bar: Some(bar) }
    }

    pub fn set_file(&self, name: Option<&str>) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.unwrap_or("").to_string());
        }
    }

    pub fn advance(&self, bytes: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes as u64);
        }
    }

    /// Run `f` (which writes to the terminal) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Remove the bar before the final output.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
