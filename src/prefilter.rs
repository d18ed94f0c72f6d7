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

/// The record needles as [`plausible`] accepts them (`panic` only before
/// `: ` or ` serving `): each at least [`MIN_FORM`] bytes long.
const RECORD_FORMS: [&str; 5] = [
    "panic: ",
    "panic serving ",
    "fatal error: ",
    "DATA RACE",
    "goroutine ",
];
const MIN_FORM: usize = 7;
/// Sampling step: one 4-byte window per 4 bytes. A form of 7+ bytes at any
/// alignment holds a whole sampled window at one of its offsets 0..4.
const STEP: usize = 4;

/// Bucket of a 4-byte window in [`WINDOWS`].
const fn window_hash(w: u32) -> usize {
    (w.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// Bit set of the windows at offsets 0..4 of the record forms. 4-byte
/// windows of these forms (`pani`, `ic: `, `fata`, `orou`, ...) are rare in
/// ordinary log text, unlike byte pairs (`an`, `at`, `or`), so a sampled
/// hit is almost always a real needle.
// Evaluated at compile time: an out-of-range index fails the build, it
// cannot panic at run time.
#[allow(clippy::indexing_slicing)]
static WINDOWS: [u8; 8192] = {
    let mut t = [0u8; 8192];
    let mut n = 0;
    while n < RECORD_FORMS.len() {
        let b = RECORD_FORMS[n].as_bytes();
        assert!(b.len() >= MIN_FORM);
        let mut k = 0;
        while k < STEP {
            let w = u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]);
            let h = window_hash(w);
            t[h >> 3] |= 1 << (h & 7);
            k += 1;
        }
        n += 1;
    }
    t
};

/// True when the record contains a [`RECORD_NEEDLES`] entry that can begin
/// a header ([`plausible`]).
///
/// The same answer as a substring search, but it looks at one 4-byte
/// window in four bytes: Fluent Bit runs this on every record in an
/// interpreter (WAMR), where a byte-by-byte loop over a 150-byte record
/// cost 25 µs, more than Fluent Bit's own per-record work.
pub fn record_may_match(hay: &[u8]) -> bool {
    for (i, chunk) in hay.chunks_exact(STEP).enumerate() {
        if let [a, b, c, d] = *chunk {
            if window_bit(u32::from_le_bytes([a, b, c, d])) && needle_around(hay, i * STEP) {
                return true;
            }
        }
    }
    // Every form occurrence holds a whole sampled window, so the bytes
    // after the last full window need no look of their own.
    false
}

#[inline(always)]
fn window_bit(w: u32) -> bool {
    let h = window_hash(w);
    WINDOWS
        .get(h >> 3)
        .is_some_and(|byte| byte & (1 << (h & 7)) != 0)
}

/// Does a record needle start at `p - k` for some `k < STEP`, in a form
/// that can begin a header (see [`plausible`])?
fn needle_around(hay: &[u8], p: usize) -> bool {
    (0..STEP).any(|k| {
        p.checked_sub(k)
            .and_then(|start| hay.get(start..))
            .is_some_and(|tail| {
                RECORD_NEEDLES
                    .iter()
                    .any(|n| tail.starts_with(n.as_bytes()))
                    && plausible(tail)
            })
    })
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
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = 0;
        let mut hits = 0;
        for dir in [
            "examples/logs",
            "tests/fixtures/corpus/go1.19.8",
            "tests/fixtures/corpus/go1.23.5",
            "tests/fixtures/gen/go1.21",
            "tests/fixtures/negative",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let Ok(text) = std::fs::read(entry.unwrap().path()) else {
                    continue;
                };
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
