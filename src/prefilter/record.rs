use super::pat::Pat;
use super::{plausible_as, same, Needle, COLON_SPACE};

/// Needles for one record (a line, or a crash joined by a multiline
/// parser): every record panicsig annotates contains one. Signal dumps,
/// `runtime:` preambles and fault addresses always come with a goroutine
/// list or a `fatal error:` in the same record; alone on a line they are
/// not annotated anyway.
///
/// `runtime/panic.` is the panic frame's file (`runtime/panic.go`, and
/// `panic.c` before Go 1.5): a stack printed without a header or
/// goroutine line (`debug.Stack()` after a recover, a framework's
/// recovery) holds it.
pub const RECORD_NEEDLES: [&str; 8] = [
    "sigcode=",
    "Exception 0x",
    "panic",
    "PANIC",
    "fatal error",
    "DATA RACE",
    "goroutine ",
    "runtime/panic.",
];

/// Sampling step: the record's byte pair at every sixth position. An
/// occurrence of a form holds, at a sampled position, one of the six pairs
/// that start at offsets `o..o + 6` of the form, if `o + 7` bytes of the
/// form are fixed.
const STEP: usize = 6;

/// Each accepted form of [`RECORD_NEEDLES`] (`panic` only before `: ` or
/// ` serving `, see [`plausible`]) with the offset `o` of its first
/// sampled pair. The offsets give the fewest sampled hits on ordinary
/// logs (the generated `service` and `adversarial` logs, the negative
/// fixtures and the sample logs' lines, as Fluent Bit's JSON records):
/// forms that begin alike share their first pairs (`panic: `, which has
/// no choice, and `panic recovered` both from 0), and `fatal error: `
/// samples `error: ` rather than `fatal `. In WAMR they cut the check's
/// own instructions on those logs by a third against the first choice
/// (every form's pairs from its rarest-looking offset).
const FORMS: [(&str, &str, usize); 13] = [
    // The `PC=0x... m=0 sigcode=1` line a `SIGSEGV: ...` header needs.
    ("sigcode=", "sigcode=", 0),
    // The Windows runtime's header for an exception it could not turn
    // into a panic.
    ("Exception 0x", "Exception 0x", 0),
    ("panic", "panic: ", 0),
    // gin's `[Recovery] ... panic recovered:`, Macaron's and negroni's
    // `PANIC: `, echo's `[PANIC RECOVER]`.
    ("panic", "panic recovered", 0),
    ("PANIC", "PANIC: ", 0),
    ("PANIC", "PANIC RECOVER", 0),
    // Gitea's `PANIC whilst running task:`, `PANIC during ...:`.
    ("PANIC", "PANIC whilst ", 0),
    ("PANIC", "PANIC during ", 0),
    ("runtime/panic.", "runtime/panic.", 7),
    ("panic", "panic serving ", 0),
    ("fatal error", "fatal error: ", 6),
    ("DATA RACE", "DATA RACE", 0),
    ("goroutine ", "goroutine ", 0),
];

/// A sampled pair of a form: its bytes, the needle of the form (as a
/// [`Pat`] and as the [`Needle`] whose rule [`plausible_as`] applies),
/// where the pair starts in it, the next entry with the same bytes
/// (1-based, 0 for none), and whether it is in the table: forms of one
/// needle that share a pair at the same offset (`panic: ` and
/// `panic serving `) need it checked once, as [`plausible`] then tells
/// the forms apart.
#[derive(Clone, Copy)]
struct Pair {
    bytes: [u8; 2],
    needle: &'static str,
    pat: Pat,
    kind: Needle,
    at: usize,
    next: u8,
    live: bool,
}

/// The sampled pairs of every form, built and checked when the crate is
/// compiled (an out-of-range index or a short form fails the build).
#[allow(clippy::indexing_slicing)]
const PAIRS: [Pair; FORMS.len() * STEP] = {
    let mut p = [Pair {
        bytes: [0; 2],
        needle: "",
        pat: Pat::new(b"-"),
        kind: Needle::Other,
        at: 0,
        next: 0,
        live: false,
    }; FORMS.len() * STEP];
    let mut f = 0;
    while f < FORMS.len() {
        let (needle, form, o) = FORMS[f];
        let b = form.as_bytes();
        assert!(o + STEP < b.len());
        let n = needle.as_bytes();
        let mut i = 0;
        while i < n.len() {
            assert!(n[i] == b[i]);
            i += 1;
        }
        let mut k = 0;
        while k < STEP {
            let at = o + k;
            let bytes = [b[at], b[at + 1]];
            // Live unless an earlier form of the needle has it at `at`.
            let mut live = true;
            let mut e = 0;
            while e < f * STEP {
                let q = p[e];
                if q.live
                    && q.at == at
                    && q.bytes[0] == bytes[0]
                    && q.bytes[1] == bytes[1]
                    && same(q.needle.as_bytes(), n)
                {
                    live = false;
                }
                e += 1;
            }
            p[f * STEP + k] = Pair {
                bytes,
                needle,
                pat: Pat::new(n),
                kind: Needle::of_const(n),
                at,
                next: 0,
                live,
            };
            k += 1;
        }
        f += 1;
    }
    // Chain the live entries with the same bytes, so a table slot names
    // them all.
    let mut i = p.len();
    while i > 0 {
        i -= 1;
        let mut j = i + 1;
        while j < p.len() {
            if p[j].live && p[j].bytes[0] == p[i].bytes[0] && p[j].bytes[1] == p[i].bytes[1] {
                p[i].next = (j + 1) as u8;
                break;
            }
            j += 1;
        }
    }
    p
};

/// `SLOTS[pair]` is 1 + the index in [`PAIRS`] of the first entry with
/// those two bytes (read as a little-endian `u16`), or 0. A byte per pair,
/// so the interpreter does one table load per sample; ordinary text
/// touches about 12 KiB of it, which stays in cache between records.
/// Almost all zeros, which `wasm-opt` leaves out of the modules.
#[allow(clippy::indexing_slicing)]
static SLOTS: [u8; 1 << 16] = {
    let mut t = [0u8; 1 << 16];
    // In reverse, so each slot names the first entry of its chain.
    let mut i = PAIRS.len();
    while i > 0 {
        i -= 1;
        if PAIRS[i].live {
            t[u16::from_le_bytes(PAIRS[i].bytes) as usize] = (i + 1) as u8;
        }
    }
    t
};

/// The slot of the pair at `p`.
///
/// # Safety
/// `p` must point to 2 readable bytes.
#[inline(always)]
unsafe fn slot(p: *const u8) -> u8 {
    let pair = u16::from_le(p.cast::<u16>().read_unaligned());
    // SAFETY: a `u16` indexes the 64 KiB table. Unchecked so the table's
    // address folds into the load.
    *SLOTS.as_ptr().add(usize::from(pair))
}

/// True when the record contains a [`RECORD_NEEDLES`] entry that can begin
/// a header ([`plausible`]).
///
/// The same answer as a substring search, but it looks at one byte pair
/// in six, with a table load each: Fluent Bit runs this on every record in
/// an interpreter (WAMR, a few ns per wasm instruction), where it is three
/// instructions per sample. A byte loop over a 150-byte record cost 25 µs
/// there, twice Fluent Bit's own per-record work.
///
/// For a JSON record (text with escapes); [`msgpack_may_match`] for a
/// msgpack one.
#[inline(always)]
pub fn record_may_match(hay: &[u8]) -> bool {
    sampled::<true>(hay)
}

/// [`record_may_match`] for a msgpack record, whose strings start right
/// after a length that may read as a letter: the needle's neighbours say
/// nothing there, so only [`plausible`] decides.
pub fn msgpack_may_match(hay: &[u8]) -> bool {
    sampled::<false>(hay)
}

/// The sampled search; `TEXT`: judge a needle by its neighbours too
/// ([`plausible_in_record`]).
#[inline(always)]
fn sampled<const TEXT: bool>(hay: &[u8]) -> bool {
    let len = hay.len();
    if len < 2 {
        return false;
    }
    let start = hay.as_ptr();
    // A block is four samples, six bytes apart, whose pairs end within 20
    // bytes. Blocks from the start while they fit, then one that ends
    // with the record's last pair: sampled positions are then at most six
    // apart from the first byte to the last pair, so every form
    // occurrence holds one; there is no loop for the rest.
    const BLOCK: usize = 3 * STEP + 2;
    let Some(last) = len.checked_sub(BLOCK) else {
        return short::<TEXT>(hay);
    };
    // SAFETY: `last + BLOCK == len`.
    let end = unsafe { start.add(last) };
    let mut p = start;
    loop {
        // SAFETY: `p <= end`, so the block's last pair ends within `hay`.
        let hit =
            unsafe { slot(p) | slot(p.add(STEP)) | slot(p.add(2 * STEP)) | slot(p.add(3 * STEP)) };
        if hit != 0 {
            // SAFETY: `p` and `start` point into `hay`.
            let q = unsafe { p.offset_from(start) }.unsigned_abs();
            let mut k = 0;
            while k < 4 * STEP {
                // SAFETY: as above.
                let s = unsafe { slot(p.add(k)) };
                if s != 0 && confirm::<TEXT>(hay, q + k, s) {
                    return true;
                }
                k += STEP;
            }
        }
        if p == end {
            return false;
        }
        // The next block, or the last one. `wrapping_add` as the step may
        // pass the record's end, where `end` replaces it.
        p = p.wrapping_add(4 * STEP);
        if p > end {
            p = end;
        }
    }
}

/// [`sampled`] for a record too short for a block (at least 2 bytes):
/// one sample at a time, and the record's last pair.
#[inline(never)]
fn short<const TEXT: bool>(hay: &[u8]) -> bool {
    let len = hay.len();
    let mut at = 0;
    loop {
        let last = at + 2 > len;
        let q = if last { len.saturating_sub(2) } else { at };
        let Some(pair) = hay.get(q..q + 2) else {
            return false;
        };
        // SAFETY: `pair` holds 2 bytes.
        let s = unsafe { slot(pair.as_ptr()) };
        if s != 0 && confirm::<TEXT>(hay, q, s) {
            return true;
        }
        if last {
            return false;
        }
        at += STEP;
    }
}

/// Is the pair at `q`, whose table slot is `slot`, part of a needle that
/// can begin a header? Inlined, with no call until a needle is found:
/// most hits are ordinary text, which one word compare of the needle
/// ([`Pat`]) rules out, and a call in the interpreter costs more than
/// that whole check.
#[inline(always)]
fn confirm<const TEXT: bool>(hay: &[u8], q: usize, slot: u8) -> bool {
    let mut slot = slot;
    while let Some(e) = usize::from(slot).checked_sub(1).and_then(|i| PAIRS.get(i)) {
        if let Some(start) = q.checked_sub(e.at) {
            if e.pat.at(hay, start) && judge::<TEXT>(e.kind, hay, start) {
                return true;
            }
        }
        slot = e.next;
    }
    false
}

/// Whether the needle found at `start` can begin a header. Out of line:
/// [`confirm`] is inlined into every export, and needles are rare.
#[inline(never)]
fn judge<const TEXT: bool>(needle: Needle, hay: &[u8], start: usize) -> bool {
    if TEXT {
        in_record_as(needle, hay, start)
    } else {
        plausible_as(needle, hay.get(start..).unwrap_or(&[]))
    }
}

/// [`plausible`] for the needle at `at` of a record, with what only the
/// bytes around it show: a goroutine header has its `[` on its own line
/// (`goroutine 17 finished batch 6` is a log line), and a header is
/// never glued to the word before it (`non-fatal error: cache miss`).
/// The record is JSON text (`\n` ends a line, `\t` may precede a header)
/// or a msgpack string (raw bytes).
pub fn plausible_in_record(hay: &[u8], at: usize) -> bool {
    let rest = hay.get(at..).unwrap_or(&[]);
    in_record_as(Needle::of(rest), hay, at)
}

/// [`plausible_in_record`] for a needle known to start at `at`.
#[inline(always)]
fn in_record_as(needle: Needle, hay: &[u8], at: usize) -> bool {
    // After `goroutine `.
    const PROFILE: Pat = Pat::new(b"profile: ");
    let Some(rest) = hay.get(at..) else {
        return false;
    };
    if !plausible_as(needle, rest) {
        return false;
    }
    match needle {
        Needle::Goroutine => PROFILE.at(rest, 10) || bracket_on_line(rest),
        // `panic: ` (not `panic serving`) and `fatal error: `.
        Needle::Panic | Needle::FatalError
            if needle == Needle::FatalError || COLON_SPACE.at(rest, 5) =>
        {
            !glued_to_a_word(hay, at) && !in_one_line_logfmt_value(hay, at)
        }
        _ => true,
    }
}

/// Whether the needle at `at` opens a quoted logfmt value other than
/// `msg` (`err="panic: x"`, `reason=\"panic: x\"` in JSON text) in a
/// record of one line. Only the logrus wrapper takes a header from a
/// logfmt value, and only from `msg`; anywhere else a header needs a
/// stack on the lines after it, and the record has none.
fn in_one_line_logfmt_value(hay: &[u8], at: usize) -> bool {
    let head = hay.get(..at).unwrap_or(&[]);
    let Some(head) = head
        .strip_suffix(b"=\\\"")
        .or_else(|| head.strip_suffix(b"=\""))
    else {
        return false;
    };
    let key_len = head
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        .count();
    let key = head
        .get(head.len().saturating_sub(key_len)..)
        .unwrap_or(&[]);
    if key.is_empty() || key == b"msg" {
        return false;
    }
    !has_line_break(hay)
}

/// A line break anywhere in the record: a raw one, or a JSON escape
/// (`\n`, `\r`, `\u000a`...; a `\\` before the letter is a backslash).
fn has_line_break(hay: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = hay.get(i) {
        let n = plain(hay, i, false);
        if n > 0 {
            i += n;
            continue;
        }
        match b {
            b'\n' | b'\r' => return true,
            b'\\' => match hay.get(i + 1) {
                Some(b'n' | b'r' | b'u') => return true,
                _ => i += 1,
            },
            _ => {}
        }
        i += 1;
    }
    false
}

/// How many of the eight bytes at `i` come before the first control byte
/// (a raw line break among them), backslash (an escape) or, with
/// `bracket`, `[`: 8 for none, 0 when fewer than eight remain. The byte
/// loops below skip such runs in a few word operations, as an
/// adversarial log's mentions (`reason="panic: ..."` in a logfmt line,
/// `goroutine 17 finished`) run them over whole records in Fluent Bit's
/// interpreter.
#[inline(always)]
fn plain(hay: &[u8], i: usize, bracket: bool) -> usize {
    use crate::json_write::{control_mask, splat, zero_mask};
    let Some(w) = hay.get(i..i.saturating_add(8)) else {
        return 0;
    };
    let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
    let mut m = control_mask(w) | zero_mask(w ^ splat(b'\\'));
    if bracket {
        m |= zero_mask(w ^ splat(b'['));
    }
    // The lowest mark is exact (see `zero_mask`); 64 / 8 for none.
    (m.trailing_zeros() / 8) as usize
}

/// Whether a `[` follows on the line `rest` starts.
fn bracket_on_line(rest: &[u8]) -> bool {
    let rest = rest.get(..crate::limits::MAX_LINE_BYTES).unwrap_or(rest);
    let mut i = 0;
    while let Some(&b) = rest.get(i) {
        let n = plain(rest, i, true);
        if n > 0 {
            i += n;
            continue;
        }
        match b {
            b'[' => return true,
            b'\n' | b'\r' => return false,
            // `\n`, `\r`, `\u000a`, `\u000d` in JSON text end the line;
            // `\\` is a backslash.
            b'\\' => {
                let esc = rest.get(i + 1..).unwrap_or(&[]);
                let unicode_end = [&b"u000a"[..], b"u000d", b"u000A", b"u000D"]
                    .iter()
                    .any(|u| esc.starts_with(u));
                if esc.starts_with(b"n") || esc.starts_with(b"r") || unicode_end {
                    return false;
                }
                if esc.starts_with(b"\\") {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Whether the byte before `at` is part of a word (a letter, digit, `_`
/// or `-` that is not the end of a JSON escape such as `\n` or `\u0009`):
/// the scanner only takes a header at a line start or after a boundary.
fn glued_to_a_word(hay: &[u8], at: usize) -> bool {
    let before = |n: usize| at.checked_sub(n).and_then(|i| hay.get(i)).copied();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let Some(prev) = before(1) else {
        return false;
    };
    let escape = |n: usize| {
        before(n.saturating_add(1)) == Some(b'\\')
            || (before(n.saturating_add(5)) == Some(b'\\')
                && before(n.saturating_add(4)) == Some(b'u'))
    };
    // Markdown emphasis (`_panic: x_`, `__panic: x__`): the underscores
    // after a non-word byte, the start or an escape.
    if prev == b'_' {
        let n: usize = if before(2) == Some(b'_') { 2 } else { 1 };
        let first = n.saturating_add(1);
        if before(first).is_none_or(|b| !is_word(b)) || escape(first) {
            return false;
        }
    }
    is_word(prev) && !escape(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prefilter::plausible;

    /// The definition [`record_may_match`] must agree with.
    fn substring_answer(s: &[u8]) -> bool {
        substring_search(s, true)
    }

    /// The definitions of [`record_may_match`] (`text`) and
    /// [`msgpack_may_match`].
    fn substring_search(s: &[u8], text: bool) -> bool {
        (0..s.len()).any(|i| {
            let tail = &s[i..];
            RECORD_NEEDLES
                .iter()
                .any(|n| tail.starts_with(n.as_bytes()))
                && if text {
                    plausible_in_record(s, i)
                } else {
                    plausible(tail)
                }
        })
    }

    #[test]
    fn sampled_record_check_agrees_on_every_real_log_line() {
        let mut lines = 0;
        let mut hits = 0;
        for text in crate::test_fixtures::read_all(&[
            "examples/logs",
            "tests/fixtures/corpus/go1.19.8",
            "tests/fixtures/corpus/go1.23.5",
            "tests/fixtures/gen/go1.21",
            "tests/fixtures/negative",
        ]) {
            for line in text.split(|b| *b == b'\n') {
                let want = substring_answer(line);
                assert_eq!(
                    record_may_match(line),
                    want,
                    "{:?}",
                    String::from_utf8_lossy(line)
                );
                assert_eq!(msgpack_may_match(line), substring_search(line, false));
                lines += 1;
                hits += usize::from(want);
            }
        }
        assert!(lines > 9000 && hits > 1000, "{lines} lines, {hits} hits");
    }

    #[test]
    fn sampled_record_check_equals_substring_search() {
        let texts = [
            "GET /healthz 200",
            "panic: x",
            "xx fatal error: y",
            "pani",
            "panic:",
            "http: panic serving x",
            "WARNING: DATA RACE",
            "a goroutine 7 [running]:",
            "fatal erro",
            "xpanic: ",
            "xxpanic: ",
            "xxxpanic: ",
            "xxxxpanic: y",
            "panic_on_error=false goroutine pool",
            "goroutine 12 [running]:",
        ];
        for t in texts {
            // Every shift, so needles fall at every alignment.
            for pad in 0..13 {
                let s = format!("{}{t}{}", "-".repeat(pad), "=".repeat(pad % 3));
                let want = substring_answer(s.as_bytes());
                assert_eq!(record_may_match(s.as_bytes()), want, "{s:?}");
            }
        }
    }

    /// Every form, whole and cut short by one byte, at every offset of
    /// records of every length up to 80: the one-sample path below 20
    /// bytes, then up to three blocks and the last block that overlaps
    /// them by every amount.
    #[test]
    fn sampled_record_check_at_every_offset_and_length() {
        let mut forms: Vec<String> = FORMS.iter().map(|(_, f, _)| f.to_string()).collect();
        forms.push("goroutine 7".into());
        forms.push("WARNING: DATA RACE".into());
        let mut checked = 0;
        for form in &forms {
            for cut in [form.len(), form.len() - 1] {
                let needle = &form.as_bytes()[..cut];
                for len in needle.len()..=80 {
                    for at in 0..=len - needle.len() {
                        let mut rec = vec![b'.'; len];
                        rec[at..at + needle.len()].copy_from_slice(needle);
                        assert_eq!(
                            record_may_match(&rec),
                            substring_answer(&rec),
                            "{:?}",
                            String::from_utf8_lossy(&rec)
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 20_000, "{checked}");
    }

    /// Does an escape starting at `e` (after its backslash) end a line?
    fn ends_line(e: &[u8]) -> bool {
        e.starts_with(b"n")
            || e.starts_with(b"r")
            || [&b"u000a"[..], b"u000d", b"u000A", b"u000D"]
                .iter()
                .any(|u| e.starts_with(u))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// The line checks, which skip eight plain bytes at a time, agree
        /// with a byte-at-a-time reading at every alignment of the bytes
        /// they look for: a break is a raw `\n` / `\r` or an escape
        /// `\n`, `\r`, `\u...` (a backslash escapes the byte after it);
        /// a bracket counts before the first raw break or line-ending
        /// escape (a backslash there escapes only a backslash).
        #[test]
        fn line_checks_follow_their_definitions(
            s in "[a\\\\nru0A\\[\n\r\t é]{0,40}",
        ) {
            let hay = s.as_bytes();
            let mut brk = false;
            let mut i = 0;
            while i < hay.len() {
                match hay[i] {
                    b'\n' | b'\r' => brk = true,
                    b'\\' => {
                        brk |= matches!(hay.get(i + 1), Some(b'n' | b'r' | b'u'));
                        i += 1;
                    }
                    _ => {}
                }
                i += 1;
            }
            proptest::prop_assert_eq!(has_line_break(hay), brk);
            let (mut bracket, mut i) = (false, 0);
            while i < hay.len() {
                match hay[i] {
                    b'[' => {
                        bracket = true;
                        break;
                    }
                    b'\n' | b'\r' => break,
                    b'\\' if ends_line(&hay[i + 1..]) => break,
                    b'\\' if hay.get(i + 1) == Some(&b'\\') => i += 1,
                    _ => {}
                }
                i += 1;
            }
            proptest::prop_assert_eq!(bracket_on_line(hay), bracket);
        }
    }
}
