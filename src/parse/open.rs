//! What an idle line does: open an incident (a header, a goroutine block,
//! a recovered stack in any of its forms) or wait as a line that announces
//! one. [`opener`] is the one list of those forms: the prefilter's check
//! ([`Scanner::may_open`]) and [`Scanner::start`] both read it.

use super::builder::{self, Builder};
use super::lines::{self, GoroutineHead, Header, LineKind, StackLine};
use super::{framework, lossy, Scanner};
use crate::model::SignalInfo;
use crate::{limits, wrappers};

/// What an idle line can open.
enum Opener {
    /// A header at the start of the line.
    Header(Header),
    /// `runtime: ...` and the like, announcing a header.
    Preamble,
    /// `[signal ...]` whose header was lost.
    Signal(SignalInfo),
    /// `goroutine N [state]:` with no header before it.
    Goroutine(GoroutineHead),
    /// A `panic(...)` frame with no goroutine header before it.
    PanicFrame(String),
    /// The runtime's panic file opening a stack of bare `file:line` frames.
    FileStack(String, u32),
    /// A header after other text on its line, and where it starts.
    Within(usize, Header),
    /// A framework's recovery line.
    Framework(Header),
    /// `panic:VALUE` without its space.
    Spaceless(Header),
    /// A goroutine header ending a log line, and where it starts.
    GoroutineWithin(usize, GoroutineHead),
}

/// What `line` (wrappers stripped) opens, if anything.
fn opener(line: &str) -> Option<Opener> {
    match lines::classify(line) {
        LineKind::Header(h) => return Some(Opener::Header(h)),
        LineKind::Preamble => return Some(Opener::Preamble),
        LineKind::Signal(sig) => return Some(Opener::Signal(sig)),
        LineKind::Goroutine(head) => return Some(Opener::Goroutine(head)),
        LineKind::Stack(StackLine::Function(f)) if lines::is_panic_frame(&f) => {
            return Some(Opener::PanicFrame(f))
        }
        // A stack of bare `file:line` frames (beego, old apimachinery)
        // pasted without the line that announced it. `file:line (0xPC)`
        // is never a traceback's file line, so it may be indented (a
        // paste indented as a whole); a bare `file:line` must not be.
        LineKind::PcFrame(file, no) if framework::is_panic_file(&file) => {
            return Some(Opener::FileStack(file, no))
        }
        LineKind::Stack(StackLine::File(file, no))
            if framework::is_panic_file(&file) && !line.starts_with(['\t', ' ']) =>
        {
            return Some(Opener::FileStack(file, no))
        }
        _ => {}
    }
    if let Some((at, h)) = lines::header_within(line) {
        return Some(Opener::Within(at, h));
    }
    if let Some(h) = framework::header(line) {
        return Some(Opener::Framework(h));
    }
    if let Some(h) = lines::spaceless_panic(line) {
        return Some(Opener::Spaceless(h));
    }
    lines::goroutine_within(line).map(|(at, head)| Opener::GoroutineWithin(at, head))
}

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
        opener(wrappers::strip(&lossy(raw))).is_some()
    }

    /// An idle line: open an incident, or keep an announcing line.
    pub(super) fn start(&mut self, line: &str, line_no: usize) {
        if !self.preamble.is_empty() && lines::is_preamble_detail(line) {
            self.keep_preamble(line, line_no);
            return;
        }
        let Some(open) = opener(line) else {
            self.preamble.clear();
            return;
        };
        if matches!(open, Opener::Preamble) {
            self.keep_preamble(line, line_no);
            return;
        }
        let preamble = std::mem::take(&mut self.preamble);
        let prev = wrappers::strip(&self.prev);
        let b = match open {
            Opener::Preamble => return,
            Opener::Header(mut h) => {
                logrus_value(&mut h, &self.prev);
                Builder::from_header(h, line_no, preamble, prev)
            }
            Opener::Signal(sig) => Builder::lost_header(sig, line, line_no, preamble, prev.trim()),
            Opener::Goroutine(head) => {
                let prev = prev.trim();
                // goleak lists the goroutines a test leaked: not a crash.
                if self.after_goleak_title {
                    return;
                }
                let prev = if lines::goroutine_header(prev).is_some() {
                    ""
                } else {
                    self.recovery_line(line_no, prev)
                };
                let mut b = Builder::headless(prev, line_no, Some(head));
                // The value line was decoded from this same record.
                if self.prev_in_record {
                    b.incident.start_line = line_no;
                }
                b
            }
            Opener::PanicFrame(f) => {
                let mut b = Builder::headless("", line_no, None);
                b.stack(StackLine::Function(f), true);
                b
            }
            Opener::FileStack(file, no) => {
                let prev = self.recovery_line(line_no, prev);
                let prev = if prev.chars().any(char::is_alphanumeric) {
                    prev
                } else {
                    ""
                };
                let mut b = Builder::headless(prev, line_no, Some(GoroutineHead::default()));
                b.pc_frame(file, no);
                b
            }
            Opener::Within(at, mut h) => {
                logrus_value(&mut h, &self.prev);
                let prefix = line.get(..at).unwrap_or("");
                Builder::prefixed(h, line_no, prefix, prev)
            }
            Opener::Framework(h) => Builder::framework(h, line_no, prev),
            Opener::Spaceless(h) => Builder::prefixed(h, line_no, "", prev),
            Opener::GoroutineWithin(at, head) => {
                // `Stack: goroutine 51 [running]:` names no value: the
                // recovery line before it may.
                let before = line.get(..at).unwrap_or("").trim();
                let label = before.trim_end_matches(':').split_whitespace().count() <= 2
                    && !super::records::mentions(before.as_bytes());
                let value = if label {
                    self.recovery_line(line_no, "")
                } else {
                    before
                };
                Builder::headless(value, line_no, Some(head))
            }
        };
        self.current = Some(b);
    }

    pub(super) fn keep_preamble(&mut self, line: &str, line_no: usize) {
        if self.preamble.len() >= limits::MAX_NOTES {
            self.preamble.remove(0);
        }
        self.preamble.push((builder::clip(line), line_no));
    }
}

/// logrus' Panic panics with its `*Entry`, which Go prints as
/// `(*logrus.Entry) 0xc000...`: the message is the `msg` of the
/// panic-level record logrus wrote on the line before (text or JSON).
fn logrus_value(h: &mut lines::Header, prev_raw: &str) {
    if !h.message.starts_with("(*logrus.Entry) 0x") {
        return;
    }
    if let Some(v) = panic_record_msg(prev_raw).filter(|v| !v.is_empty()) {
        h.message = v.to_string();
    }
}

/// The `msg` of a logrus record at level panic: `level=panic ...
/// msg="v"` (or a bare `msg=v`), or `{"level":"panic",...,"msg":"v"}`;
/// values with escapes are left alone.
fn panic_record_msg(line: &str) -> Option<&str> {
    let find = crate::find::find_str;
    if find(line, "level=panic").is_some() {
        let mut from = 0;
        while let Some(i) = line.get(from..).and_then(|r| find(r, "msg=")) {
            let at = from.saturating_add(i);
            from = at.saturating_add(1);
            let at_field = at == 0 || line.as_bytes().get(at.saturating_sub(1)) == Some(&b' ');
            let rest = line.get(at.saturating_add(4)..).unwrap_or("");
            if !at_field {
                continue;
            }
            if let Some(q) = rest.strip_prefix('"') {
                match unescaped_quoted(q) {
                    Some(v) => return Some(v),
                    None => continue,
                }
            }
            if rest.is_empty() || rest.starts_with(' ') {
                continue;
            }
            return rest.get(..rest.find(' ').unwrap_or(rest.len()));
        }
        return None;
    }
    find(line, "\"level\":\"panic\"")?;
    let key = "\"msg\":\"";
    let mut from = 0;
    while let Some(i) = line.get(from..).and_then(|r| find(r, key)) {
        let at = from.saturating_add(i);
        from = at.saturating_add(1);
        let rest = line.get(at.saturating_add(key.len())..).unwrap_or("");
        if let Some(v) = unescaped_quoted(rest) {
            return Some(v);
        }
    }
    None
}

/// A quoted value's text up to its closing quote, if it holds no escape.
fn unescaped_quoted(after_quote: &str) -> Option<&str> {
    let end = after_quote.find(['"', '\\'])?;
    (after_quote.as_bytes().get(end) == Some(&b'"')).then(|| after_quote.get(..end))?
}
