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
pub const NEEDLES: [&str; 10] = [
    "panic",
    "fatal error",
    "SIG",
    // Windows exceptions: `[signal 0xc0000005 code=0x0 addr=0x20 pc=...]`.
    "signal 0x",
    "DATA RACE",
    "goroutine ",
    "runtime: ",
    "unexpected fault",
    "PANIC",
    "Exception 0x",
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

/// Sampling step: the record's byte pair at every sixth position. An
/// occurrence of a form holds, at a sampled position, one of the six pairs
/// that start at offsets `o..o + 6` of the form, if `o + 7` bytes of the
/// form are fixed.
const STEP: usize = 6;

/// Each accepted form of [`RECORD_NEEDLES`] (`panic` only before `: ` or
/// ` serving `, see [`plausible`]) with the offset `o` of its first
/// sampled pair, chosen so the pairs are the rarest in ordinary logs
/// (`panic: ` is seven bytes and has no choice).
const FORMS: [(&str, &str, usize); 5] = [
    ("panic", "panic: ", 0),
    ("panic", "panic serving ", 0),
    ("fatal error", "fatal error: ", 0),
    ("DATA RACE", "DATA RACE", 0),
    ("goroutine ", "goroutine ", 3),
];

/// A sampled pair of a form: its bytes, the needle of the form, where the
/// pair starts in it, the form's first eight bytes (as a little-endian
/// `u64` and a mask for forms shorter than that), and the next entry with
/// the same bytes (1-based, 0 for none).
#[derive(Clone, Copy)]
struct Pair {
    bytes: [u8; 2],
    needle: &'static str,
    at: usize,
    head: u64,
    mask: u64,
    next: u8,
}

/// The sampled pairs of every form, built and checked when the crate is
/// compiled (an out-of-range index or a short form fails the build).
#[allow(clippy::indexing_slicing)]
const PAIRS: [Pair; FORMS.len() * STEP] = {
    let mut p = [Pair {
        bytes: [0; 2],
        needle: "",
        at: 0,
        head: 0,
        mask: 0,
        next: 0,
    }; FORMS.len() * STEP];
    let mut f = 0;
    while f < FORMS.len() {
        let (needle, form, o) = FORMS[f];
        let b = form.as_bytes();
        assert!(o + STEP < b.len());
        let (mut head, mut mask, mut i) = (0u64, 0u64, 0);
        while i < 8 && i < b.len() {
            head |= (b[i] as u64) << (8 * i);
            mask |= 0xff << (8 * i);
            i += 1;
        }
        let mut k = 0;
        while k < STEP {
            let at = o + k;
            p[f * STEP + k] = Pair {
                bytes: [b[at], b[at + 1]],
                needle,
                at,
                head,
                mask,
                next: 0,
            };
            k += 1;
        }
        f += 1;
    }
    // Chain entries with the same bytes, so a table slot names them all.
    let mut i = p.len();
    while i > 0 {
        i -= 1;
        let mut j = i + 1;
        while j < p.len() {
            if p[j].bytes[0] == p[i].bytes[0] && p[j].bytes[1] == p[i].bytes[1] {
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
        t[u16::from_le_bytes(PAIRS[i].bytes) as usize] = (i + 1) as u8;
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
#[inline(always)]
pub fn record_may_match(hay: &[u8]) -> bool {
    let len = hay.len();
    if len < 2 {
        return false;
    }
    let start = hay.as_ptr();
    // Four samples per 24 bytes while whole 24 bytes remain: the loop's
    // own instructions are then a fifth of the work.
    let whole = len - len % (4 * STEP);
    // SAFETY: `whole <= len`.
    let end = unsafe { start.add(whole) };
    let mut p = start;
    while p != end {
        // SAFETY: `p + 24 <= end`, and the last pair read ends at `p + 20`.
        let hit =
            unsafe { slot(p) | slot(p.add(STEP)) | slot(p.add(2 * STEP)) | slot(p.add(3 * STEP)) };
        if hit != 0 {
            // SAFETY: `p` and `start` point into `hay`.
            let q = unsafe { p.offset_from(start) }.unsigned_abs();
            for k in 0..4 {
                // SAFETY: as above.
                if unsafe { slot(p.add(k * STEP)) } != 0 && confirm(hay, q + k * STEP) {
                    return true;
                }
            }
        }
        // SAFETY: at most `end`.
        p = unsafe { p.add(4 * STEP) };
    }
    // The rest one sample at a time, and the pair that ends the record:
    // sampled positions are then at most six apart from the first byte to
    // the last pair, so every form occurrence still holds one.
    let mut at = whole;
    while at + 2 <= len {
        // SAFETY: the pair at `at` ends within `hay`.
        if unsafe { slot(start.add(at)) } != 0 && confirm(hay, at) {
            return true;
        }
        at += STEP;
    }
    // SAFETY: `len >= 2`.
    (unsafe { slot(start.add(len - 2)) } != 0) && confirm(hay, len - 2)
}

/// Is the pair at `q` part of a needle that can begin a header?
#[inline(never)]
fn confirm(hay: &[u8], q: usize) -> bool {
    let Some(&[a, b]) = hay.get(q..q + 2) else {
        return false;
    };
    let mut slot = SLOTS
        .get(usize::from(u16::from_le_bytes([a, b])))
        .copied()
        .unwrap_or(0);
    while let Some(e) = usize::from(slot).checked_sub(1).and_then(|i| PAIRS.get(i)) {
        if let Some(tail) = q.checked_sub(e.at).and_then(|start| hay.get(start..)) {
            // Most hits are ordinary text: one 8-byte comparison rules
            // them out before the byte-wise check.
            let head = tail
                .get(..8)
                .and_then(|h| h.try_into().ok())
                .map(u64::from_le_bytes);
            if head.is_none_or(|h| h & e.mask == e.head)
                && tail.starts_with(e.needle.as_bytes())
                && plausible(tail)
            {
                return true;
            }
        }
        slot = e.next;
    }
    false
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
        // `goroutine 7 [...]:` or a goroutine profile's first line.
        let r = after(b"goroutine ");
        return r.first().is_some_and(u8::is_ascii_digit) || r.starts_with(b"profile: ");
    }
    true
}

/// [`plausible`], and the further forms a text scan looks at: the
/// `panic(` frame of a paste that lost its header, a framework's
/// `panic recovered`, `PANIC:` and `panic.go:N (0x...)` frame, and the
/// Windows `Exception 0x...` header.
pub fn plausible_in_text(rest: &[u8]) -> bool {
    if rest.starts_with(b"panic") {
        let r = rest.get(5..).unwrap_or(&[]);
        // `runtime/panic.go:387 (0x491748)` opens a framework's stack.
        let pc_stack = [&b".go:"[..], b".c:", b".go ", b".c "]
            .iter()
            .any(|p| r.starts_with(p));
        let spaceless = r.starts_with(b":") && !r.starts_with(b": ");
        // klog's `recovered from panic "VALUE"`.
        let quoted = r.starts_with(b" \"");
        if r.starts_with(b"(") || r.starts_with(b" recovered") || pc_stack || spaceless || quoted {
            return true;
        }
    }
    plausible(rest)
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
    /// records of every length up to 80 (up to three whole 24-byte spans,
    /// the samples after them and the record's last pair).
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
