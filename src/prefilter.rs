//! Literal search for the few strings every Go crash contains, so that the
//! overwhelmingly common non-crash input is skipped without parsing.
//!
//! Natively all needles are searched in one pass with Aho-Corasick (SIMD
//! "Teddy"). On wasm32 a first-byte table and a byte loop do it: no SIMD
//! there (Fluent Bit's interpreter rejects it), and the automaton's code is
//! a sixth of every module's size for seven needles.

#[cfg(not(target_arch = "wasm32"))]
use aho_corasick::{AhoCorasick, Input, MatchKind};
use std::sync::OnceLock;

/// Strings at least one of which occurs on the first line of every
/// incident panicsig recognises (or on the line that precedes it).
pub const NEEDLES: [&str; 7] = [
    "panic",
    "fatal error",
    "SIG",
    "DATA RACE",
    "goroutine ",
    "runtime: ",
    "unexpected fault",
];

/// The compiled needles.
pub struct Prefilter {
    #[cfg(not(target_arch = "wasm32"))]
    ac: Option<AhoCorasick>,
}

impl Prefilter {
    /// The shared prefilter; building it costs more than a search.
    pub fn get() -> &'static Prefilter {
        static P: OnceLock<Prefilter> = OnceLock::new();
        P.get_or_init(|| Prefilter {
            #[cfg(not(target_arch = "wasm32"))]
            ac: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(NEEDLES)
                .ok(),
        })
    }

    /// Earliest position at or after `from` where any needle starts.
    pub fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        if from >= hay.len() {
            return None;
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            // If the automaton could not be built, everything is a
            // candidate: slower, never wrong.
            match &self.ac {
                Some(ac) => ac
                    .find(Input::new(hay).span(from..hay.len()))
                    .map(|m| m.start()),
                None => Some(from),
            }
        }
        #[cfg(target_arch = "wasm32")]
        {
            find_by_first_byte(hay, from)
        }
    }
}

/// `FIRST[b]` is set when a needle starts with byte `b`.
// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
static FIRST: [bool; 256] = {
    let mut t = [false; 256];
    let mut n = 0;
    while n < NEEDLES.len() {
        t[NEEDLES[n].as_bytes()[0] as usize] = true;
        n += 1;
    }
    t
};

/// The wasm32 search: a table lookup per byte, a comparison where a needle
/// could start. Also built natively so the tests compare it with
/// Aho-Corasick.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn find_by_first_byte(hay: &[u8], from: usize) -> Option<usize> {
    let tail = hay.get(from..)?;
    tail.iter()
        .enumerate()
        .filter(|(_, b)| FIRST.get(usize::from(**b)).copied().unwrap_or(false))
        .map(|(i, _)| i)
        .find(|&i| {
            let rest = tail.get(i..).unwrap_or(&[]);
            NEEDLES.iter().any(|n| rest.starts_with(n.as_bytes()))
        })
        .map(|i| from + i)
}

/// Needles for one record (a line, or a crash joined by a multiline
/// parser): every record panicsig annotates contains one. Signal dumps,
/// `runtime:` preambles and fault addresses always come with a goroutine
/// list or a `fatal error:` in the same record; alone on a line they are
/// not annotated anyway.
pub const RECORD_NEEDLES: [&str; 4] = ["panic", "fatal error", "DATA RACE", "goroutine "];

/// A sampled window: four bytes of a record needle's accepted form and the
/// offset in the needle where they start.
#[derive(Clone, Copy)]
struct Window {
    bytes: [u8; 4],
    needle: &'static str,
    at: usize,
}

/// Sampling step: one 4-byte window per 4 bytes of the record. An
/// occurrence of a form holds, at a sampled position, one of the four
/// windows that start at offsets `o..o + 4` of the form, if `o + 7` bytes
/// of the form are fixed.
const STEP: usize = 4;

/// Each accepted form of [`RECORD_NEEDLES`] (`panic` only before `: ` or
/// ` serving `, see [`plausible`]) with the offset `o` of its first
/// sampled window. The offsets avoid windows that are common in ordinary
/// logs (`serv`, `erro`, `ing `).
const FORMS: [(&str, &str, usize); 5] = [
    ("panic", "panic: ", 0),
    ("panic", "panic serving ", 0),
    ("fatal error", "fatal error: ", 1),
    ("DATA RACE", "DATA RACE", 0),
    ("goroutine ", "goroutine ", 3),
];

/// The sampled windows of every form, built and checked when the crate
/// is compiled (an out-of-range index or a short form fails the build).
#[allow(clippy::indexing_slicing)]
const WINDOWS: [Window; FORMS.len() * STEP] = {
    let mut w = [Window {
        bytes: [0; 4],
        needle: "",
        at: 0,
    }; FORMS.len() * STEP];
    let mut f = 0;
    while f < FORMS.len() {
        let (needle, form, o) = FORMS[f];
        let b = form.as_bytes();
        assert!(o + STEP + 3 <= b.len());
        let mut k = 0;
        while k < STEP {
            let at = o + k;
            w[f * STEP + k] = Window {
                bytes: [b[at], b[at + 1], b[at + 2], b[at + 3]],
                needle,
                at,
            };
            k += 1;
        }
        f += 1;
    }
    w
};

/// Bucket of a 4-byte window in [`SLOTS`]: the top 12 bits of a
/// multiplicative hash.
const fn bucket(w: u32) -> usize {
    (w.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

/// `SLOTS[bucket(w)]` is 1 + the index in [`WINDOWS`] of window `w`, or 0.
/// A byte per bucket, so the interpreter does one load per window; 4 KiB,
/// so it stays in the L1 cache between Fluent Bit's records (in Fluent Bit
/// this measured faster than a 64 KiB table with fewer false hits). No two
/// different windows share a bucket (checked at compile time), so a slot
/// names the one window to compare with.
#[allow(clippy::indexing_slicing)]
static SLOTS: [u8; 1 << 12] = {
    let mut t = [0u8; 1 << 12];
    let mut i = 0;
    while i < WINDOWS.len() {
        let w = WINDOWS[i];
        let h = bucket(u32::from_le_bytes(w.bytes));
        if t[h] == 0 {
            t[h] = (i + 1) as u8;
        } else {
            // Only the same window of the same form twice (`pani` of
            // `panic: ` and `panic serving `).
            let o = WINDOWS[t[h] as usize - 1];
            assert!(o.at == w.at && same(o.needle.as_bytes(), w.needle.as_bytes()));
            assert!(same(&o.bytes, &w.bytes));
        }
        i += 1;
    }
    t
};

/// Byte equality, for the compile-time checks.
#[allow(clippy::indexing_slicing)]
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[inline(always)]
fn slot(w: u32) -> u8 {
    // SAFETY: `bucket` is a 12-bit value, within the table. Unchecked so
    // the table's address folds into the load (see `block_may_match`).
    unsafe { *SLOTS.as_ptr().add(bucket(w)) }
}

/// True when the record contains a [`RECORD_NEEDLES`] entry that can begin
/// a header ([`plausible`]).
///
/// The same answer as a substring search, but it looks at one 4-byte
/// window in four bytes, four per 16-byte block, with a table load each:
/// Fluent Bit runs this on every record in an interpreter (WAMR, a few ns
/// per wasm instruction). A byte loop over a 150-byte record cost 25 µs
/// there, twice Fluent Bit's own per-record work; this costs about 1 µs
/// for 125 bytes.
#[inline(always)]
pub fn record_may_match(hay: &[u8]) -> bool {
    let len = hay.len();
    if len < 16 {
        return (0..len.saturating_sub(3))
            .step_by(STEP)
            .any(|at| window_at(hay, at).is_some_and(|w| confirm(hay, at, w, slot(w))));
    }
    let start = hay.as_ptr();
    // Two blocks per turn: the loop's own instructions are a fifth of the
    // interpreter's work per block.
    // SAFETY: `len & !31 <= len`: one past the last whole pair at most.
    let end = unsafe { start.add(len & !31) };
    let mut p = start;
    while p != end {
        // SAFETY: `p..p + 32` lies before `end`.
        if unsafe { block_may_match(hay, p) || block_may_match(hay, p.add(16)) } {
            return true;
        }
        // SAFETY: at most `end`.
        p = unsafe { p.add(32) };
    }
    // SAFETY (both): `len >= 16`, and a block at `len & !31` fits when
    // `len & 16` is set.
    unsafe {
        (len & 16 != 0 && block_may_match(hay, end))
        // The last, partial block as a whole block ending at the record's
        // end: sampled windows then start at most four bytes apart from
        // the first byte to the last window, so every form occurrence
        // still holds one, and no window-by-window tail is needed.
            || (len % 16 != 0 && block_may_match(hay, start.add(len - 16)))
    }
}

/// The four sampled windows of the 16 bytes at `p`.
///
/// Raw pointers rather than slices: the loop then compiles to four loads
/// at constant offsets and one table load per window, and in the
/// interpreter every extra instruction (bounds checks, offset and base
/// additions) cost a third more per block.
///
/// # Safety
/// `p..p + 16` must lie within `hay`.
#[inline(always)]
unsafe fn block_may_match(hay: &[u8], p: *const u8) -> bool {
    let (w0, w1, w2, w3) = (
        read_le(p),
        read_le(p.add(4)),
        read_le(p.add(8)),
        read_le(p.add(12)),
    );
    let (s0, s1, s2, s3) = (slot(w0), slot(w1), slot(w2), slot(w3));
    // One branch per 16 bytes in the common case.
    if s0 | s1 | s2 | s3 == 0 {
        return false;
    }
    let at = p.offset_from(hay.as_ptr()).unsigned_abs();
    confirm(hay, at, w0, s0)
        || confirm(hay, at + 4, w1, s1)
        || confirm(hay, at + 8, w2, s2)
        || confirm(hay, at + 12, w3, s3)
}

/// # Safety
/// `p` must point to 4 readable bytes.
#[inline(always)]
unsafe fn read_le(p: *const u8) -> u32 {
    u32::from_le(p.cast::<u32>().read_unaligned())
}

fn window_at(hay: &[u8], at: usize) -> Option<u32> {
    let w = hay.get(at..at + 4)?;
    Some(u32::from_le_bytes(w.try_into().ok()?))
}

/// Is the window `w` at `q` (whose slot is `slot`) part of a needle that
/// can begin a header?
#[inline(never)]
fn confirm(hay: &[u8], q: usize, w: u32, slot: u8) -> bool {
    if slot == 0 {
        return false;
    }
    let Some(win) = usize::from(slot)
        .checked_sub(1)
        .and_then(|i| WINDOWS.get(i))
    else {
        return false;
    };
    u32::from_le_bytes(win.bytes) == w
        && q.checked_sub(win.at)
            .and_then(|start| hay.get(start..))
            .is_some_and(|tail| tail.starts_with(win.needle.as_bytes()) && plausible(tail))
}

/// Can the needle at the start of `rest` begin a header? A byte check that
/// rejects mentions such as `panic_on_error`, `SIGTERM handler` or
/// `goroutine pool` before anything is decoded.
pub fn plausible(rest: &[u8]) -> bool {
    let after = |n: &[u8]| rest.get(n.len()..).unwrap_or(&[]);
    if rest.starts_with(b"panic") {
        let r = after(b"panic");
        return r.starts_with(b": ") || r.starts_with(b" serving ");
    }
    if rest.starts_with(b"fatal error") {
        return after(b"fatal error").starts_with(b": ");
    }
    if rest.starts_with(b"SIG") {
        let r = after(b"SIG");
        let n = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
        return n >= 2 && r.get(n) == Some(&b':');
    }
    if rest.starts_with(b"goroutine ") {
        return after(b"goroutine ").first().is_some_and(u8::is_ascii_digit);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_needle_in_order() {
        let hay = b"ok\nok\npanic: x\nok\nfatal error: y\nWARNING: DATA RACE\nend";
        let p = Prefilter::get();
        let mut hits = Vec::new();
        let mut from = 0;
        while let Some(h) = p.find(hay, from) {
            hits.push(h);
            from = h + 1;
        }
        assert_eq!(hits, vec![6, 18, 42]);
    }

    #[test]
    fn the_wasm_search_finds_what_aho_corasick_finds() {
        let p = Prefilter::get();
        for (_, text) in crate::catalog::BUILTIN_FILES {
            let hay = text.as_bytes();
            for from in (0..hay.len()).step_by(97) {
                assert_eq!(
                    find_by_first_byte(hay, from),
                    p.find(hay, from),
                    "from {from}"
                );
            }
        }
        let hay = b"ok\nSIGQUIT: quit\nrunning: runtime: x\nunexpected fault address";
        for from in 0..hay.len() {
            assert_eq!(
                find_by_first_byte(hay, from),
                p.find(hay, from),
                "from {from}"
            );
        }
    }

    /// The definition [`record_may_match`] must agree with.
    fn substring_answer(s: &[u8]) -> bool {
        (0..s.len()).any(|i| {
            let tail = &s[i..];
            RECORD_NEEDLES
                .iter()
                .any(|n| tail.starts_with(n.as_bytes()))
                && plausible(tail)
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
    /// records of every length up to 80 (whole blocks, pairs of blocks,
    /// the overlapping last block and records under 16 bytes).
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

    #[test]
    fn plain_lines_do_not_match() {
        assert!(Prefilter::get()
            .find(b"GET /healthz 200 3ms\n", 0)
            .is_none());
        assert!(Prefilter::get()
            .find(b"{\"log\":\"panic: x\"}", 0)
            .is_some());
    }
}
