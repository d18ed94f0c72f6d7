//! The lines of a goroutine block read straight from the input buffer: a
//! dump of 100,000 goroutines is nearly all function, file, blank and
//! goroutine header lines, and each takes here only what
//! [`super::state::step`] does for it, without the per-line work of the
//! general path (record decoding, the state `match`, copying the line as
//! the previous one). Any other line, or a line the general path would
//! read differently (a wrapper prefix, an escaped record, a line over the
//! cap), goes back to the general path, so incidents are the same either
//! way (a test in src/parse/tests.rs holds the two paths equal over every
//! fixture, wrapped, doubled and cut at every line).

use super::lines::{self, StackRef};
use super::{frames, records, state, Scanner};
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
            let rest = buf.get(pos..).unwrap_or(&[]);
            let Some(nl) = plain_line(rest) else {
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

/// The length of the line at the start of `rest` if it is complete, all
/// ASCII and without a backslash: Go's stack lines are, and one pass, eight
/// bytes at a step, both finds the newline and checks the bytes before
/// it. Other lines take the general path.
fn plain_line(rest: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SLASH: u64 = LOW * b'\\' as u64;
    const NL: u64 = LOW * b'\n' as u64;
    // The high bit of each zero byte of `x`: exact up to the first one,
    // which is all that is read of it (the classic test).
    let zeros = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    let mut words = rest.chunks_exact(8);
    let mut at = 0usize;
    for w in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(w);
        let v = u64::from_le_bytes(x);
        let nl = zeros(v ^ NL);
        let bad = (v & HIGH) | zeros(v ^ SLASH);
        if nl != 0 {
            // Bytes before the newline: bits below its high bit.
            let before = (nl & nl.wrapping_neg()).wrapping_sub(1);
            let len = at.saturating_add(nl.trailing_zeros() as usize / 8);
            return (bad & before == 0).then_some(len);
        }
        if bad != 0 {
            return None;
        }
        at = at.saturating_add(8);
    }
    for &c in words.remainder() {
        if c == b'\n' {
            return Some(at);
        }
        if !c.is_ascii() || c == b'\\' {
            return None;
        }
        at = at.saturating_add(1);
    }
    None
}

/// The line as text if the general path would read it as one line: within
/// the line cap, not a JSON or joined syslog record ([`block_line`] checks
/// for wrappers). `raw` is a [`plain_line`].
fn plain_text(raw: &[u8]) -> Option<&str> {
    if raw.len() > limits::MAX_LINE_BYTES
        || raw.first() == Some(&b'{')
        // A syslog stamp starts with a capital (`Nov 24 10:00:00 `).
        || raw.first().is_some_and(u8::is_ascii_uppercase) && records::joined_syslog(raw).is_some()
    {
        return None;
    }
    // SAFETY: every byte is ASCII (`plain_line`), so the line is UTF-8;
    // checking again costs a twentieth of a dump's parse.
    Some(unsafe { std::str::from_utf8_unchecked(raw) })
}

/// [`lines::classify`] for the forms of a plain block, in its order.
fn block_line(text: &str) -> BlockLine<'_> {
    if text.is_empty() {
        return BlockLine::Blank;
    }
    // Half the lines of a dump: no wrapper can be there.
    if wrappers::is_bare_function_line(text) {
        return match frames::function_ref(text) {
            Some(sl) => BlockLine::Stack(sl),
            None => BlockLine::Other,
        };
    }
    let t = if wrappers::is_bare_file_line(text) {
        text
    } else if wrappers::strip(text).len() != text.len() {
        return BlockLine::Other;
    } else {
        text.trim_end()
    };
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

#[cfg(test)]
mod tests {
    use super::plain_line;
    use proptest::prelude::*;

    proptest! {
        /// The newline and the bytes before it, at every alignment, with
        /// the bytes that matter most often.
        #[test]
        fn plain_line_finds_the_newline_and_checks_the_bytes(
            bytes in proptest::collection::vec(
                prop_oneof![
                    Just(b'\n'), Just(b'\\'), Just(0x80u8), Just(0xffu8), Just(0x01u8),
                    Just(0x0bu8), Just(0x5du8), Just(b'a'), Just(b'\t'), any::<u8>(),
                ],
                0..40,
            )
        ) {
            let want = bytes.iter().position(|&c| c == b'\n').filter(|&nl| {
                bytes.iter().take(nl).all(|&c| c.is_ascii() && c != b'\\')
            });
            prop_assert_eq!(plain_line(&bytes), want);
        }
    }
}
