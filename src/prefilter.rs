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

    /// True when `hay` may contain a crash. A false answer is final: the
    /// input needs no further look.
    pub fn may_match(&self, hay: &[u8]) -> bool {
        self.find(hay, 0).is_some()
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

/// Every record needle is at least this long.
const MIN_RECORD_NEEDLE: usize = 5;
/// Sampling step: with needles of 5+ bytes, one byte pair starting at a
/// multiple of 4 lies inside the first five bytes of every occurrence.
/// (Longer needles and a longer step were measured slower in Fluent Bit:
/// their pairs include `: ` and `e `, which are everywhere in logs.)
const STEP: usize = MIN_RECORD_NEEDLE - 1;

/// Bit set of the byte pairs at offsets 0..4 of the record needles.
// Evaluated at compile time: an out-of-range index fails the build, it
// cannot panic at run time.
#[allow(clippy::indexing_slicing)]
static PAIRS: [u8; 8192] = {
    let mut t = [0u8; 8192];
    let mut n = 0;
    while n < RECORD_NEEDLES.len() {
        let b = RECORD_NEEDLES[n].as_bytes();
        let mut k = 0;
        while k < STEP {
            let key = (b[k] as usize) << 8 | b[k + 1] as usize;
            t[key >> 3] |= 1 << (key & 7);
            k += 1;
        }
        n += 1;
    }
    t
};

/// True when the record contains a [`RECORD_NEEDLES`] entry that can begin
/// a header ([`plausible`]).
///
/// The same answer as a substring search, but it looks at one byte
/// pair in four: Fluent Bit runs this on every record in an interpreter
/// (WAMR), where a byte-by-byte loop over a 150-byte record cost 25 µs,
/// more than Fluent Bit's own per-record work.
pub fn record_may_match(hay: &[u8]) -> bool {
    // One pair per 4-byte chunk; the byte pattern keeps the wasm loop to
    // two loads, a table lookup and a bit test per chunk.
    for (i, chunk) in hay.chunks_exact(STEP).enumerate() {
        if let [a, b, _, _] = *chunk {
            if pair_bit(a, b) && needle_around(hay, i * STEP) {
                return true;
            }
        }
    }
    // The pair at the start of a 2- or 3-byte remainder.
    let p = hay.len() / STEP * STEP;
    match hay.get(p..) {
        Some([a, b, ..]) => pair_bit(*a, *b) && needle_around(hay, p),
        _ => false,
    }
}

#[inline(always)]
fn pair_bit(a: u8, b: u8) -> bool {
    let key = usize::from(a) << 8 | usize::from(b);
    PAIRS
        .get(key >> 3)
        .is_some_and(|byte| byte & (1 << (key & 7)) != 0)
}

/// Does a record needle start at `p - k` for some `k < STEP`, in a form
/// that can begin a header (see [`plausible`])?
fn needle_around(hay: &[u8], p: usize) -> bool {
    RECORD_NEEDLES.iter().any(|n| {
        (0..STEP).any(|k| {
            p.checked_sub(k)
                .and_then(|start| hay.get(start..))
                .is_some_and(|tail| tail.starts_with(n.as_bytes()) && plausible(tail))
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
                let want = (0..s.len()).any(|i| {
                    let tail = &s.as_bytes()[i..];
                    RECORD_NEEDLES
                        .iter()
                        .any(|n| tail.starts_with(n.as_bytes()))
                        && plausible(tail)
                });
                assert_eq!(record_may_match(s.as_bytes()), want, "{s:?}");
            }
        }
    }

    #[test]
    fn plain_lines_do_not_match() {
        assert!(!Prefilter::get().may_match(b"GET /healthz 200 3ms\n"));
        assert!(Prefilter::get().may_match(b"{\"log\":\"panic: x\"}"));
    }
}
