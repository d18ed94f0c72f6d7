//! Text that is not plain lines: a record that holds a stack with its
//! newlines escaped, and the log line that names a panic a program
//! recovered a few lines before printing its stack.

use super::{builder, lossy, Scanner};
use crate::{limits, wrappers};

/// The lines one raw log line stands for, when it holds a crash's lines
/// escaped or joined (see [`Scanner::record_text`]), as [`super::first`]
/// reads it: JSON lines are left to hosts that decode records. `None` for
/// any other line. The VRL export holds its port to this.
pub fn record_lines(raw: &str) -> Option<String> {
    Scanner::new().record_text(raw.as_bytes())
}

/// A record whose stack kept its escapes but no longer parses (a JSON line
/// a paste wrapped in two): `...\\n\\t/src/x.go:71 +0xf7\\n...` as lines.
pub(crate) fn escaped_stack(text: &str) -> Option<String> {
    text.contains("\\n\\t")
        .then(|| crate::locate::unquote_go(text))
}

/// `Aug 10 08:15:13 host unit[781]: panic: xAug 10 08:15:13 host ...`:
/// syslog lines a paste lost the newlines of, split again before each
/// timestamp.
/// A crash header with the goroutine header glued to its end, as a paste
/// that lost a newline leaves it: `panic: V goroutine 32 [running]:`
/// reads as the header and `goroutine 32 [running]:`, so the stack that
/// follows stays with it.
pub(crate) fn glued_goroutine(raw: &[u8]) -> Option<String> {
    // Every line comes here: rule most out on their last bytes.
    let end = raw.iter().rposition(|b| !b.is_ascii_whitespace())?;
    if raw.get(end.checked_sub(1)?..=end) != Some(&b"]:"[..]) {
        return None;
    }
    let text = lossy(raw.get(..limits::MAX_LINE_BYTES).unwrap_or(raw));
    let text = text.trim_end();
    if !text.ends_with("]:") {
        return None;
    }
    let mut from = 0;
    while let Some(i) = crate::find::find_str(text.get(from..)?, " goroutine ") {
        let at = from.saturating_add(i);
        let (head, tail) = (text.get(..at)?, text.get(at.saturating_add(1)..)?);
        from = at.saturating_add(1);
        let header = crate::find::find_str(head, "panic: ").is_some()
            || crate::find::find_str(head, "fatal error: ").is_some();
        if header && is_goroutine_header(tail) {
            return Some(format!("{head}\n{tail}"));
        }
    }
    None
}

/// `goroutine N [state]:` (or `goroutine N gp=... m=N mp=... [state]:`)
/// and nothing after it: its only `]` is the last but one byte.
fn is_goroutine_header(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("goroutine ") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let Some(tail) = rest.get(digits..).and_then(|r| r.strip_prefix(' ')) else {
        return false;
    };
    digits > 0
        && tail.contains('[')
        && tail
            .find(']')
            .is_some_and(|i| i.saturating_add(2) == tail.len())
}

pub(crate) fn joined_syslog(raw: &[u8]) -> Option<String> {
    if !raw.get(..STAMP).is_some_and(is_stamp) {
        return None;
    }
    let mut cuts = Vec::new();
    let mut from = STAMP;
    while let Some(i) = crate::find::byte(b':', raw.get(from..)?) {
        let colon = from.saturating_add(i);
        from = colon.saturating_add(1);
        let Some(start) = colon.checked_sub(9) else {
            continue;
        };
        if raw
            .get(start..start.saturating_add(STAMP))
            .is_some_and(is_stamp)
        {
            cuts.push(start);
            from = start.saturating_add(STAMP);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(raw.len().saturating_add(cuts.len()));
    let mut last = 0;
    for cut in cuts {
        out.push_str(&lossy(raw.get(last..cut)?));
        out.push('\n');
        last = cut;
    }
    out.push_str(&lossy(raw.get(last..)?));
    Some(out)
}

/// The length of a syslog timestamp and its space: `Aug 10 08:15:13 `.
const STAMP: usize = 16;

fn is_stamp(b: &[u8]) -> bool {
    wrappers::is_syslog_stamp(b) && b.get(15) == Some(&b' ')
}

pub(crate) use crate::limits::MENTION_LINES;

/// Does a log line mention a panic (`panic`, `Panic`, `PANIC`), a runtime
/// error or a crash (beego's `Handler crashed with error`)? Stack lines
/// (a tab or a path, after any spaces) do not count.
pub(crate) fn mentions(line: &[u8]) -> bool {
    // Spaces alone may be a paste's indentation of every line; a tab or a
    // path after them is a traceback's file line or a value's further line.
    let spaces = line.iter().take_while(|&&b| b == b' ').count();
    let t = line.get(spaces..).unwrap_or_default();
    !matches!(t.first(), Some(b'\t' | b'/')) && last_mention(t).is_some()
}

/// Where the last mention in `text` starts.
pub(crate) fn last_mention(text: &[u8]) -> Option<usize> {
    [
        "anic".as_bytes(),
        b"ANIC",
        b"runtime error: ",
        b"crashed with",
    ]
    .iter()
    .filter_map(|n| crate::find::rfind(text, n))
    .max()
}

impl Scanner {
    /// The text of a record that holds its lines escaped: a JSON line's
    /// message, a logrus/logfmt `msg="...\n..."`, a console line's
    /// trailing JSON fields with a stack in them, or syslog lines a paste
    /// joined into one.
    pub(super) fn record_text(&self, raw: &[u8]) -> Option<String> {
        // A JSON line is decoded when the host reads JSON lines; one that
        // does not parse (a paste wrapped it), or any JSON line otherwise,
        // is read by the forms below like any other line.
        if let Some(json) = self.json.as_ref().filter(|_| raw.first() == Some(&b'{')) {
            let text = crate::locate::json_line_text(raw, json.key.as_deref());
            if text.is_some() {
                return text;
            }
        }
        if let Some(text) = joined_syslog(raw) {
            return Some(text);
        }
        if let Some(text) = glued_goroutine(raw) {
            return Some(text);
        }
        // Every form below holds an escaped newline.
        crate::find::find(raw, b"\\n")?;
        let text = lossy(raw.get(..limits::MAX_LINE_BYTES).unwrap_or(raw));
        if crate::find::find(raw, b"msg=").is_some() {
            if let Some(text) = crate::locate::logfmt_line_text(&text) {
                return Some(text);
            }
        }
        crate::locate::console_line_text(&text).or_else(|| escaped_stack(&text))
    }

    /// A raw line's text: a JSON line's message, or the line itself.
    pub(super) fn line_text<'a>(&self, line: &'a [u8]) -> std::borrow::Cow<'a, str> {
        let line = line.get(..limits::MAX_RECORD_BYTES).unwrap_or(line);
        match self.record_text(line) {
            Some(text) => std::borrow::Cow::Owned(text),
            None => lossy(line.get(..limits::MAX_LINE_BYTES).unwrap_or(line)),
        }
    }

    /// Remember the latest line among the last [`MENTION_LINES`] of
    /// skipped lines (`body`, ending at line `self.line_no`) that mentions
    /// a panic, as [`Scanner::remember_idle`] does for a line it reads.
    pub(super) fn find_mention(&mut self, body: &[u8]) {
        let mut end = body.len();
        for back in 0..MENTION_LINES {
            let head = body.get(..end).unwrap_or(&[]);
            let start = crate::find::rbyte(b'\n', head).map_or(0, |i| i + 1);
            let line = head.get(start..).unwrap_or(&[]);
            if last_mention(line).is_some() {
                let text = self.line_text(line);
                if let Some(t) = text.rsplit('\n').find(|l| mentions(l.as_bytes())) {
                    self.mention = Some((self.line_no.saturating_sub(back), builder::clip(t)));
                    return;
                }
            }
            let Some(prev_end) = start.checked_sub(1) else {
                return;
            };
            end = prev_end;
        }
    }

    /// An idle line that mentions a panic is kept as [`Scanner::mention`].
    pub(super) fn remember_idle(&mut self, raw: &str) {
        self.remember(raw);
        if mentions(raw.as_bytes()) {
            self.mention = Some((self.line_no, self.prev.clone()));
        }
    }

    /// The line before a headless stack that says what was recovered: the
    /// latest mention of a panic within [`MENTION_LINES`], else `prev`.
    pub(super) fn recovery_line<'a>(&'a self, line_no: usize, prev: &'a str) -> &'a str {
        match &self.mention {
            Some((n, text)) if *n < line_no && line_no.saturating_sub(*n) <= MENTION_LINES => {
                wrappers::strip(text)
            }
            _ => prev,
        }
    }
}
