//! Literal search for the few strings every Go crash contains, so that the
//! overwhelmingly common non-crash input is skipped without parsing.
//!
//! Natively all needles are searched in one pass with Aho-Corasick (SIMD
//! "Teddy"). On wasm32 a first-byte table and a byte loop do it: no SIMD
//! there (Fluent Bit's interpreter rejects it), and the automaton's code is
//! a sixth of every module's size for seven needles.

#[cfg(not(target_arch = "wasm32"))]
use aho_corasick::{AhoCorasick, Input, MatchKind};
use pat::Pat;
use std::sync::OnceLock;

mod pat;
mod record;

pub use record::{msgpack_may_match, plausible_in_record, record_may_match, RECORD_NEEDLES};

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

/// The needles [`plausible`] has a rule for; every other one can begin a
/// header wherever it stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Needle {
    /// `panic`
    Panic,
    /// `PANIC`
    PanicUpper,
    /// `fatal error`
    FatalError,
    /// `SIG`
    Sig,
    /// `goroutine `
    Goroutine,
    /// Any other.
    Other,
}

const PANIC: Pat = Pat::new(b"panic");
const PANIC_UPPER: Pat = Pat::new(b"PANIC");
const FATAL_ERROR: Pat = Pat::new(b"fatal error");
const SIG: Pat = Pat::new(b"SIG");
const GOROUTINE: Pat = Pat::new(b"goroutine ");
pub(crate) const COLON_SPACE: Pat = Pat::new(b": ");

impl Needle {
    /// The needle `rest` starts with, as far as [`plausible`] tells them
    /// apart.
    #[inline(always)]
    pub(crate) fn of(rest: &[u8]) -> Needle {
        match rest.first() {
            Some(b'p') if PANIC.at(rest, 0) => Needle::Panic,
            Some(b'P') if PANIC_UPPER.at(rest, 0) => Needle::PanicUpper,
            Some(b'f') if FATAL_ERROR.at(rest, 0) => Needle::FatalError,
            Some(b'S') if SIG.at(rest, 0) => Needle::Sig,
            Some(b'g') if GOROUTINE.at(rest, 0) => Needle::Goroutine,
            _ => Needle::Other,
        }
    }

    /// The needle of a [`RECORD_NEEDLES`] entry, for the tables built
    /// when the crate is compiled.
    pub(crate) const fn of_const(n: &[u8]) -> Needle {
        if same(n, b"panic") {
            Needle::Panic
        } else if same(n, b"PANIC") {
            Needle::PanicUpper
        } else if same(n, b"fatal error") {
            Needle::FatalError
        } else if same(n, b"SIG") {
            Needle::Sig
        } else if same(n, b"goroutine ") {
            Needle::Goroutine
        } else {
            Needle::Other
        }
    }
}

/// `a == b` in a constant's evaluation.
#[allow(clippy::indexing_slicing)]
pub(crate) const fn same(a: &[u8], b: &[u8]) -> bool {
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

/// Can the needle at the start of `rest` begin a header? A byte check that
/// rejects mentions such as `panic_on_error`, `SIGTERM handler` or
/// `goroutine pool` before anything is decoded.
pub fn plausible(rest: &[u8]) -> bool {
    plausible_as(Needle::of(rest), rest)
}

/// [`plausible`] for `rest` that starts with `needle`. In word compares
/// ([`Pat`]), as the record check runs it on every mention of a needle.
#[inline(always)]
pub(crate) fn plausible_as(needle: Needle, rest: &[u8]) -> bool {
    const SERVING: Pat = Pat::new(b" serving ");
    const RECOVERED: Pat = Pat::new(b" recovered");
    const RECOVER: Pat = Pat::new(b" RECOVER");
    const WHILST: Pat = Pat::new(b" whilst ");
    const DURING: Pat = Pat::new(b" during ");
    const PROFILE: Pat = Pat::new(b"profile: ");
    match needle {
        Needle::Panic => COLON_SPACE.at(rest, 5) || SERVING.at(rest, 5) || RECOVERED.at(rest, 5),
        Needle::PanicUpper => {
            COLON_SPACE.at(rest, 5)
                || RECOVER.at(rest, 5)
                || WHILST.at(rest, 5)
                || DURING.at(rest, 5)
        }
        Needle::FatalError => COLON_SPACE.at(rest, 11),
        Needle::Sig => {
            let r = rest.get(3..).unwrap_or(&[]);
            let n = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
            n >= 2 && r.get(n) == Some(&b':')
        }
        // `goroutine 7 [...]:` or a goroutine profile's first line.
        Needle::Goroutine => rest.get(10).is_some_and(u8::is_ascii_digit) || PROFILE.at(rest, 10),
        Needle::Other => true,
    }
}

/// [`plausible`], and the further forms a text scan looks at: the
/// `panic(` frame of a paste that lost its header, a framework's
/// `panic recovered`, `panic caught:`, `PANIC:` and `panic.go:N (0x...)`
/// frame, and the Windows `Exception 0x...` header.
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
        // go-grpc-middleware's `panic caught: VALUE`.
        let caught = r.starts_with(b" caught: ");
        if r.starts_with(b"(")
            || r.starts_with(b" recovered")
            || pc_stack
            || spaceless
            || quoted
            || caught
        {
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

    #[test]
    fn plain_lines_do_not_match() {
        assert!(Prefilter::get()
            .find(b"GET /healthz 200 3ms\n", 0)
            .is_none());
        assert!(Prefilter::get()
            .find(b"{\"log\":\"panic: x\"}", 0)
            .is_some());
    }

    /// [`plausible`] as first written, one `starts_with` at a time: the
    /// definition the word compares must keep.
    fn plausible_by_definition(rest: &[u8]) -> bool {
        let after = |n: &[u8]| rest.get(n.len()..).unwrap_or(&[]);
        if rest.starts_with(b"panic") {
            let r = after(b"panic");
            return r.starts_with(b": ")
                || r.starts_with(b" serving ")
                || r.starts_with(b" recovered");
        }
        if rest.starts_with(b"PANIC") {
            let r = after(b"PANIC");
            return r.starts_with(b": ")
                || r.starts_with(b" RECOVER")
                || r.starts_with(b" whilst ")
                || r.starts_with(b" during ");
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
            let r = after(b"goroutine ");
            return r.first().is_some_and(u8::is_ascii_digit) || r.starts_with(b"profile: ");
        }
        true
    }

    /// Pieces of needles and of what follows them, so random text holds
    /// whole, cut and near-miss forms.
    const PIECES: [&str; 22] = [
        "panic",
        "PANIC",
        "pani",
        "fatal error",
        "fatal erro",
        "SIG",
        "SIGQUIT",
        "SIGn",
        "goroutine ",
        "goroutine",
        ": ",
        ":",
        " serving ",
        " serving",
        " recovered",
        " RECOVER",
        " whilst ",
        " during",
        "profile: ",
        "7",
        "x",
        " ",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// The word-compare rules are the definition's.
        #[test]
        fn plausible_keeps_its_definition(
            parts in proptest::collection::vec(0..PIECES.len(), 0..6),
        ) {
            let s: String = parts.iter().map(|&i| PIECES[i]).collect();
            proptest::prop_assert_eq!(
                plausible(s.as_bytes()),
                plausible_by_definition(s.as_bytes()),
                "{:?}",
                s
            );
        }
    }

    /// The needle a record's table entry names is the one read from the
    /// text it matches.
    #[test]
    fn needle_kinds_agree() {
        for n in RECORD_NEEDLES.iter().chain(NEEDLES.iter()) {
            assert_eq!(
                Needle::of_const(n.as_bytes()),
                Needle::of(n.as_bytes()),
                "{n}"
            );
        }
        assert_eq!(Needle::of(b"panic"), Needle::Panic);
        assert_eq!(Needle::of(b"goroutine 1"), Needle::Goroutine);
        assert_eq!(Needle::of(b"SIGSEGV"), Needle::Sig);
    }
}
