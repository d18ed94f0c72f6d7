//! What an idle line does: open an incident (a header, a goroutine block,
//! a recovered stack in any of its forms) or wait as a line that announces
//! one.

use super::builder::{self, Builder};
use super::lines::{self, LineKind, StackLine};
use super::{framework, lossy, Scanner};
use crate::{limits, wrappers};

impl Scanner {
    /// Can this line (a prefilter hit while idle) open an incident or
    /// announce one? Most hits are ordinary lines that merely mention a
    /// needle (`panic_on_error=false`).
    pub(super) fn may_open(&self, raw: &[u8]) -> bool {
        if self.json.is_some() && raw.first() == Some(&b'{') {
            return true;
        }
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        if let Some(text) = self.record_text(raw) {
            return text.contains('\n');
        }
        let raw = raw.get(..limits::MAX_LINE_BYTES).unwrap_or(raw);
        let text = lossy(raw);
        let line = wrappers::strip(&text);
        match lines::classify(line) {
            LineKind::Header(_)
            | LineKind::Preamble
            | LineKind::Goroutine(..)
            | LineKind::Signal(_) => true,
            LineKind::Stack(StackLine::Function(f)) => lines::is_panic_frame(&f),
            LineKind::PcFrame(file, _) | LineKind::Stack(StackLine::File(file, _)) => {
                framework::is_panic_file(&file)
            }
            _ => {
                lines::header_within(line).is_some()
                    || framework::header(line).is_some()
                    || lines::spaceless_panic(line).is_some()
                    || lines::goroutine_within(line).is_some()
            }
        }
    }

    /// An idle line: open an incident, or keep an announcing line.
    pub(super) fn start(&mut self, line: &str, line_no: usize) {
        if !self.preamble.is_empty() && lines::is_preamble_detail(line) {
            self.keep_preamble(line, line_no);
            return;
        }
        match lines::classify(line) {
            LineKind::Header(h) => {
                let preamble = std::mem::take(&mut self.preamble);
                let prev = wrappers::strip(&self.prev);
                self.current = Some(Builder::from_header(h, line_no, preamble, prev));
            }
            LineKind::Preamble => self.keep_preamble(line, line_no),
            LineKind::Signal(sig) => {
                let preamble = std::mem::take(&mut self.preamble);
                let prev = wrappers::strip(&self.prev).trim().to_string();
                self.current = Some(Builder::lost_header(sig, line, line_no, preamble, &prev));
            }
            LineKind::Goroutine(id, state, wait) => {
                self.preamble.clear();
                let prev = wrappers::strip(&self.prev).trim();
                // goleak lists the goroutines a test leaked: not a crash.
                if prev.starts_with("[Goroutine ") && prev.ends_with("on top of the stack:") {
                    return;
                }
                let prev = if lines::goroutine_header(prev).is_some() {
                    ""
                } else {
                    self.recovery_line(line_no, prev)
                };
                self.current = Some(Builder::headless(prev, line_no, Some((id, state, wait))));
            }
            LineKind::Stack(StackLine::Function(f)) if lines::is_panic_frame(&f) => {
                self.preamble.clear();
                let mut b = Builder::headless("", line_no, None);
                b.stack(StackLine::Function(f), true);
                self.current = Some(b);
            }
            // A stack of bare `file:line` frames (beego, old apimachinery)
            // pasted without the line that announced it.
            LineKind::PcFrame(file, no) | LineKind::Stack(StackLine::File(file, no))
                if framework::is_panic_file(&file) && !line.starts_with(['\t', ' ']) =>
            {
                let prev = self.recovery_line(line_no, wrappers::strip(&self.prev));
                let prev = if prev.chars().any(char::is_alphanumeric) {
                    prev.to_string()
                } else {
                    String::new()
                };
                self.preamble.clear();
                let mut b = Builder::headless(&prev, line_no, Some((0, String::new(), None)));
                b.pc_frame(file, no);
                self.current = Some(b);
            }
            _ => {
                self.preamble.clear();
                let prev = wrappers::strip(&self.prev);
                if let Some((at, h)) = lines::header_within(line) {
                    let prefix = line.get(..at).unwrap_or("");
                    self.current = Some(Builder::prefixed(h, line_no, prefix, prev));
                } else if let Some(h) = framework::header(line) {
                    self.current = Some(Builder::framework(h, line_no, prev));
                } else if let Some(h) = lines::spaceless_panic(line) {
                    self.current = Some(Builder::prefixed(h, line_no, "", prev));
                } else if let Some((at, head)) = lines::goroutine_within(line) {
                    let before = line.get(..at).unwrap_or("");
                    self.current = Some(Builder::headless(before, line_no, Some(head)));
                }
            }
        }
    }

    pub(super) fn keep_preamble(&mut self, line: &str, line_no: usize) {
        if self.preamble.len() >= limits::MAX_NOTES {
            self.preamble.remove(0);
        }
        self.preamble.push((builder::clip(line), line_no));
    }
}
