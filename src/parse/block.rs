//! The lines of a goroutine block read straight from the input buffer: a
//! dump of 100,000 goroutines is nearly all function, file, blank and
//! goroutine header lines, and each takes here only what
//! [`super::state::step`] does for it, without the per-line work of the
//! general path (record decoding, the state `match`, copying the line as
//! the previous one). Any other line, or a line the general path would
//! read differently (a wrapper prefix, an escaped record, a line over the
//! cap), goes back to the general path, so incidents are the same either
//! way (tests/scanner_properties.rs, the fixture corpus).

use super::lines::{self, StackRef};
use super::{records, state, Scanner};
use crate::{limits, wrappers};

/// What a line of a plain goroutine block does.
enum BlockLine<'a> {
    Blank,
    Goroutine(lines::GoroutineHead),
    Stack(StackRef<'a>),
    /// Anything else: for the general path.
    Other,
}

impl Scanner {
    /// Read the complete lines of `buf` from `pos` while they continue a
    /// plain goroutine block; returns where the general path resumes.
    pub(super) fn plain_block(&mut self, buf: &[u8], mut pos: usize) -> usize {
        if !self.replay.is_empty() {
            return pos;
        }
        let mut last: Option<(usize, usize)> = None;
        while let Some(b) = self.current.as_mut() {
            if !state::in_plain_block(b) {
                break;
            }
            let Some(nl) = memchr::memchr(b'\n', buf.get(pos..).unwrap_or(&[])) else {
                break;
            };
            let end = pos.saturating_add(nl);
            let Some(text) = buf.get(pos..end).and_then(plain_text) else {
                break;
            };
            let line_no = self.line_no.saturating_add(1);
            match block_line(text) {
                BlockLine::Other => break,
                BlockLine::Blank => b.last_blank = true,
                BlockLine::Goroutine(head) => {
                    b.last_blank = false;
                    b.after_rule = false;
                    state::goroutine_block(b, head);
                    b.incident.end_line = line_no;
                }
                BlockLine::Stack(sl) => {
                    b.last_blank = false;
                    b.after_rule = false;
                    b.stack_ref(sl);
                    b.incident.end_line = line_no;
                }
            }
            self.line_no = line_no;
            last = Some((pos, end));
            pos = end.saturating_add(1);
        }
        if let Some(text) = last.and_then(|(from, to)| buf.get(from..to)) {
            // The previous line, as the general path keeps it.
            self.remember(std::str::from_utf8(text).unwrap_or(""));
        }
        pos
    }
}

/// The line as text if the general path would read it unchanged: valid
/// UTF-8 within the line cap, not a JSON or joined syslog record, no
/// escaped newline, no wrapper prefix or line-end damage.
fn plain_text(raw: &[u8]) -> Option<&str> {
    if raw.len() > limits::MAX_LINE_BYTES
        || raw.first() == Some(&b'{')
        || !ascii_without_backslash(raw)
        // A syslog stamp starts with a capital (`Nov 24 10:00:00 `).
        || raw.first().is_some_and(u8::is_ascii_uppercase) && records::joined_syslog(raw).is_some()
    {
        return None;
    }
    // SAFETY: every byte is ASCII (checked above), so the line is UTF-8;
    // checking again costs a twentieth of a dump's parse.
    let text = unsafe { std::str::from_utf8_unchecked(raw) };
    (wrappers::strip(text).len() == text.len()).then_some(text)
}

/// All ASCII and no `\\`, eight bytes at a step: Go's stack lines are,
/// and one pass over them beats a UTF-8 check plus a search. Other lines
/// take the general path.
fn ascii_without_backslash(raw: &[u8]) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SLASH: u64 = LOW * b'\\' as u64;
    let mut words = raw.chunks_exact(8);
    for w in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(w);
        let v = u64::from_le_bytes(x);
        // A zero byte of `v ^ SLASH` is a backslash (the classic test).
        let s = v ^ SLASH;
        if (v | (s.wrapping_sub(LOW) & !s)) & HIGH != 0 {
            return false;
        }
    }
    words
        .remainder()
        .iter()
        .all(|&c| c.is_ascii() && c != b'\\')
}

/// [`lines::classify`] for the forms of a plain block, in its order.
fn block_line(text: &str) -> BlockLine<'_> {
    if text.is_empty() {
        return BlockLine::Blank;
    }
    let t = text.trim_end();
    if let Some(sl) = lines::common_stack_line(t) {
        return BlockLine::Stack(sl);
    }
    if t.starts_with("goroutine ") && t.as_bytes().get(10).is_some_and(u8::is_ascii_digit) {
        if let Some(head) = lines::goroutine_header(t) {
            return BlockLine::Goroutine(head);
        }
    }
    BlockLine::Other
}
