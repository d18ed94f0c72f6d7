//! Text → incidents, in the manner of DataDog/gostackparse: one pass,
//! forward only, no regex; a line that does not fit ends the incident
//! instead of failing the input. The work is split by job:
//!
//! - this file: [`Scanner`], which takes bytes in chunks of any size,
//!   carries unfinished lines, decodes JSON-lines records and skips
//!   non-crash text with the [`crate::prefilter`]; no recognition logic;
//! - `open`: what an idle line does (open an incident or announce one);
//! - `records`: records that hold a crash escaped, and the log line that
//!   names a recovered panic;
//! - `lines`, `headers`, `frames`: the line classifier (one line →
//!   [`lines::LineKind`]), header lines, stack lines;
//! - `framework`, `profile`: frameworks' recovery output and goroutine
//!   profiles;
//! - `state`: the state machine of an open incident;
//! - `builder`, `forms`, `prefix`: the incident under construction,
//!   within [`crate::limits`];
//! - `race`: `WARNING: DATA RACE` reports;
//! - `block`: the lines of a plain goroutine block, read without the
//!   general path's per-line work.
//!
//! Incidents are a function of the text alone: the same bytes in any
//! chunking give the same incidents (tests/scanner_properties.rs).

mod block;
mod builder;
mod dump;
pub use dump::own_frame;
mod forms;
pub mod frames;
mod framework;
mod headers;
pub mod lines;
mod open;
mod prefix;
mod profile;
mod race;
mod records;
pub use records::record_lines;
mod state;

use crate::limits;
use crate::model::Incident;
use crate::prefilter::{plausible_in_text, Prefilter};
use crate::wrappers;
use builder::{floor_char_boundary, Builder};

use state::Step;
use std::collections::VecDeque;

/// Find every incident in a complete text.
pub fn scan(text: &str) -> Vec<Incident> {
    let mut s = Scanner::new();
    s.feed(text.as_bytes());
    s.finish()
}

/// The first incident of a text, and no work past it: a record holding a
/// header on every line costs one incident, not one per line.
pub fn first(text: &str) -> Option<Incident> {
    let mut s = Scanner::new();
    s.limit = Some(1);
    s.feed(text.as_bytes());
    s.finish().into_iter().next()
}

/// Incremental scanner. Feed bytes with [`Scanner::feed`], or lines with
/// [`Scanner::push_line`]; collect with [`Scanner::take`] / [`Scanner::finish`].
#[derive(Debug, Default)]
pub struct Scanner {
    current: Option<Builder>,
    /// `runtime: ...` / `unexpected fault address` lines waiting for the
    /// `fatal error:` they announce.
    preamble: Vec<(String, usize)>,
    /// The previous line (for a stack printed after a custom log line, and
    /// `--- FAIL` / race separators before a header).
    prev: String,
    /// Whether `prev` came from the same input line as the line being
    /// read: both are lines of one record that held them escaped.
    prev_in_record: bool,
    /// Whether the last line that was not blank is goleak's title of a
    /// leaked goroutine (`[Goroutine 7 in state ..., with F on top of the
    /// stack:`): the goroutine block under it is not a crash, also when a
    /// paste put blank lines between them.
    after_goleak_title: bool,
    /// The latest line that mentions a panic, with its number: what a
    /// program logged a few lines before the stack of a panic it recovered
    /// (`Panic: VALUE` / `Stack trace:` / `goroutine 7 [running]:`).
    mention: Option<(usize, String)>,
    /// Bytes of an unfinished line from the last chunk, at most
    /// [`limits::MAX_RECORD_BYTES`].
    carry: Vec<u8>,
    /// Decode JSON-object lines (docker json-file, JSON loggers) and scan
    /// their message field instead of the raw line.
    json: Option<JsonLines>,
    /// 1-based number of the last line processed.
    line_no: usize,
    done: Vec<Incident>,
    /// Lines to scan again, in order: the lines kept aside as a possible
    /// panic value and the line that ended an incident. A queue, not
    /// recursion, so the stack stays flat in every host.
    replay: VecDeque<(String, usize)>,
    /// Stop after this many incidents (see [`first`]).
    limit: Option<usize>,
    /// Incidents found so far, taken or not.
    found: usize,
    /// Read every line through the general path (tests hold the block
    /// path equal to it).
    general_only: bool,
}

/// How JSON-object lines are read.
#[derive(Debug, Clone, Default)]
pub struct JsonLines {
    /// The field holding the log text; `None` tries the default keys.
    pub key: Option<String>,
}

impl Scanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scanner that also reads lines that are JSON objects, scanning the
    /// text in their message field (per line: plain and JSON lines may mix).
    pub fn with_json(key: Option<String>) -> Self {
        Scanner {
            json: Some(JsonLines { key }),
            ..Self::default()
        }
    }

    fn stopped(&self) -> bool {
        self.limit.is_some_and(|n| self.found >= n)
    }

    /// Feed the next chunk of input. Lines may span chunks.
    pub fn feed(&mut self, chunk: &[u8]) {
        let mut chunk = chunk;
        if !self.carry.is_empty() {
            match crate::find::byte(b'\n', chunk) {
                None => {
                    self.carry_extend(chunk);
                    return;
                }
                Some(nl) => {
                    let (head, tail) = chunk.split_at(nl + 1);
                    self.carry_extend(head);
                    let mut line = std::mem::take(&mut self.carry);
                    // Cut at the record cap, it lost its newline.
                    if line.last() != Some(&b'\n') {
                        line.push(b'\n');
                    }
                    // Through the prefilter like any other line: whether a
                    // line is read depends on its bytes, not on where a
                    // read ended.
                    self.scan_lines(&line);
                    chunk = tail;
                }
            }
        }
        let complete = match crate::find::rbyte(b'\n', chunk) {
            Some(nl) => nl + 1,
            None => 0,
        };
        let (body, rest) = chunk.split_at(complete);
        self.scan_lines(body);
        self.carry_extend(rest);
    }

    /// Keep the start of an unfinished line, up to the record cap: a
    /// longer line is cut there, as [`Scanner::next_line`] cuts a line
    /// read whole, so a file and a pipe give the same incidents.
    fn carry_extend(&mut self, bytes: &[u8]) {
        let room = limits::MAX_RECORD_BYTES.saturating_sub(self.carry.len());
        self.carry
            .extend_from_slice(bytes.get(..room.min(bytes.len())).unwrap_or(bytes));
    }

    /// Scan complete lines, skipping to prefilter hits while idle.
    fn scan_lines(&mut self, buf: &[u8]) {
        let prefilter = Prefilter::get();
        let mut pos = 0;
        while pos < buf.len() && !self.stopped() {
            if self.is_idle() {
                // Skip only whole lines that provably hold no header: every
                // line with a plausible needle is classified whole.
                let mut search = pos;
                let start = loop {
                    let Some(hit) = prefilter.find(buf, search) else {
                        self.skip_lines(buf, pos, buf.len());
                        return;
                    };
                    let start = crate::find::rbyte(b'\n', buf.get(pos..hit).unwrap_or(&[]))
                        .map_or(pos, |i| pos + i + 1);
                    let end = line_end(buf, hit);
                    let may = plausible_in_text(buf.get(hit..).unwrap_or(&[]))
                        && self.may_open(buf.get(start..end).unwrap_or(&[]));
                    if may {
                        break start;
                    }
                    // Another needle later on the same line may still be
                    // the plausible one.
                    search = hit + 1;
                };
                self.skip_lines(buf, pos, start);
                pos = start;
            }
            if self.current.is_some() && !self.general_only {
                let next = self.plain_block(buf, pos);
                if next != pos {
                    pos = next;
                    continue;
                }
            }
            let end = line_end(buf, pos);
            self.next_line(buf.get(pos..end).unwrap_or(&[]));
            pos = end;
        }
    }

    /// Account for lines skipped without parsing, remembering the last one
    /// as the previous line.
    fn skip_lines(&mut self, buf: &[u8], from: usize, to: usize) {
        let Some(skipped) = buf.get(from..to) else {
            return;
        };
        if skipped.is_empty() {
            return;
        }
        self.line_no = self.line_no.saturating_add(count_newlines(skipped));
        let body = skipped.strip_suffix(b"\n").unwrap_or(skipped);
        let last =
            crate::find::rbyte(b'\n', body).map_or(body, |i| body.get(i + 1..).unwrap_or(&[]));
        self.after_goleak_title = last_text_line(body).is_some_and(is_goleak_title);
        self.set_prev(last);
        self.find_mention(body);
    }

    /// The previous line as [`Scanner::push_line`] would have seen it: a
    /// JSON line's message text, not its raw bytes, and decoded before it
    /// is cut (as [`Scanner::next_line`] does), so invalid UTF-8 gives
    /// the same text whether the line was skipped or processed.
    fn set_prev(&mut self, line: &[u8]) {
        let text = self.line_text(line);
        let text = text.strip_suffix('\n').unwrap_or(&text);
        self.remember(text.rsplit('\n').next().unwrap_or(text));
    }

    fn is_idle(&self) -> bool {
        self.current.is_none() && self.preamble.is_empty()
    }

    /// One input line, with or without its newline, cut to the record cap.
    fn next_line(&mut self, raw: &[u8]) {
        self.line_no = self.line_no.saturating_add(1);
        let line_no = self.line_no;
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        let raw = raw.get(..limits::MAX_RECORD_BYTES).unwrap_or(raw);
        if let Some(text) = self.record_text(raw) {
            let text = text.strip_suffix('\n').unwrap_or(&text);
            for (k, sub) in text.split('\n').enumerate() {
                if self.stopped() {
                    break;
                }
                self.prev_in_record = k > 0;
                self.push_line(sub, line_no);
            }
            self.prev_in_record = false;
            return;
        }
        let raw = raw.get(..limits::MAX_LINE_BYTES).unwrap_or(raw);
        self.push_line(&lossy(raw), line_no);
    }

    /// Process one line (without its newline) as input line `line_no`.
    /// Hosts that decode records (JSON lines) call this for each line of
    /// the decoded text. A line longer than [`limits::MAX_LINE_BYTES`] is
    /// cut: Go never prints one, and the part kept still classifies.
    pub fn push_line(&mut self, raw: &str, line_no: usize) {
        let raw = raw
            .get(..floor_char_boundary(raw, limits::MAX_LINE_BYTES))
            .unwrap_or("");
        self.step_line(raw, line_no);
        while let Some((l, n)) = self.replay.pop_front() {
            if self.stopped() {
                self.replay.clear();
                return;
            }
            self.step_line(&l, n);
        }
    }

    fn step_line(&mut self, raw: &str, line_no: usize) {
        self.line_no = self.line_no.max(line_no);
        let line = wrappers::strip(raw);
        let line = match self.current.as_ref().and_then(|b| b.prefix.as_ref()) {
            Some(p) => p.strip(line),
            None => line,
        };
        if let Some(b) = self.current.as_mut() {
            match state::step(b, raw, line) {
                Step::Extend => b.incident.end_line = line_no,
                Step::Filler => {}
                Step::Tentative => b.tentative.push((raw.to_string(), line_no)),
                Step::End => {
                    // The line is scanned again once the incident is
                    // closed, after the lines kept aside before it.
                    self.replay.push_front((raw.to_string(), line_no));
                    self.close();
                    return;
                }
            }
            self.remember(raw);
            return;
        }
        self.start(line, line_no);
        self.remember_idle(raw);
    }

    fn remember(&mut self, raw: &str) {
        if !raw.trim_end().is_empty() {
            self.after_goleak_title = is_goleak_title(raw.as_bytes());
        }
        self.prev.clear();
        let cut = floor_char_boundary(raw, limits::MAX_NOTE_BYTES);
        self.prev.push_str(raw.get(..cut).unwrap_or(""));
    }

    /// Finish the current incident, keeping it if it was confirmed; the
    /// lines it kept aside are scanned again.
    fn close(&mut self) {
        let Some(mut b) = self.current.take() else {
            return;
        };
        for line in std::mem::take(&mut b.tentative).into_iter().rev() {
            self.replay.push_front(line);
        }
        if b.confirmed() && !self.stopped() {
            self.done.push(b.finish());
            self.found = self.found.saturating_add(1);
        }
    }

    /// Incidents completed so far (an incident still open is kept).
    pub fn take(&mut self) -> Vec<Incident> {
        std::mem::take(&mut self.done)
    }

    /// End of input: flush the last line and the open incident.
    pub fn finish(mut self) -> Vec<Incident> {
        self.flush();
        self.done
    }

    /// End of input without consuming the scanner: the unfinished last
    /// line is a line, and every open incident is closed (the lines it
    /// kept aside may open another, which is closed in turn).
    pub fn flush(&mut self) {
        if !self.carry.is_empty() {
            let line = std::mem::take(&mut self.carry);
            if !self.stopped() {
                self.next_line(&line);
            }
        }
        while self.current.is_some() {
            self.close();
            while let Some((l, n)) = self.replay.pop_front() {
                if self.stopped() {
                    self.replay.clear();
                    break;
                }
                self.step_line(&l, n);
            }
        }
        self.preamble.clear();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn count_newlines(b: &[u8]) -> usize {
    bytecount::count(b, b'\n')
}

/// wasm32 must stay free of SIMD (Fluent Bit's WAMR rejects it).
#[cfg(target_arch = "wasm32")]
fn count_newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

/// The text of a line: invalid UTF-8 replaced, valid text borrowed (the
/// standard check is much faster than the lossy decoder's).
fn lossy(raw: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(raw),
    }
}

/// End of the line holding `pos` (after its newline).
fn line_end(buf: &[u8], pos: usize) -> usize {
    crate::find::byte(b'\n', buf.get(pos..).unwrap_or(&[])).map_or(buf.len(), |i| pos + i + 1)
}

/// The last of the last few lines of `body` that is not blank.
fn last_text_line(body: &[u8]) -> Option<&[u8]> {
    let mut end = body.len();
    for _ in 0..4 {
        let head = body.get(..end)?;
        let start = crate::find::rbyte(b'\n', head).map_or(0, |i| i.saturating_add(1));
        let line = head.get(start..)?;
        if !line.trim_ascii().is_empty() {
            return Some(line);
        }
        end = start.checked_sub(1)?;
    }
    None
}

/// goleak's title of a leaked goroutine, `[Goroutine 7 in state chan
/// send, with main.f on top of the stack:`, behind any wrapper.
fn is_goleak_title(line: &[u8]) -> bool {
    const START: &str = "[Goroutine ";
    // `[` is rare on a traceback's lines: a cheap check first.
    crate::find::find(line, START.as_bytes()).is_some()
        && std::str::from_utf8(line).is_ok_and(|t| {
            let t = wrappers::strip(t).trim();
            t.starts_with(START) && t.ends_with("on top of the stack:")
        })
}

#[cfg(test)]
mod tests;
