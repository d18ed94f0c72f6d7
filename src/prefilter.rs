//! Literal search for the few strings every Go crash contains, so that the
//! overwhelmingly common non-crash input is skipped without parsing.
//!
//! Each needle is searched with `memchr::memmem` (SIMD on native targets,
//! a plain loop on wasm32 where Fluent Bit's interpreter rejects SIMD), and
//! each needle's next hit is cached so a buffer is scanned once per needle,
//! not once per line.

use memchr::memmem::Finder;
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

/// Compiled needles.
pub struct Prefilter {
    finders: Vec<Finder<'static>>,
}

impl Prefilter {
    /// The shared prefilter; building finders costs more than a search.
    pub fn get() -> &'static Prefilter {
        static P: OnceLock<Prefilter> = OnceLock::new();
        P.get_or_init(|| Prefilter {
            finders: NEEDLES.iter().map(|n| Finder::new(n.as_bytes())).collect(),
        })
    }

    /// True when `hay` may contain a crash. A false answer is final: the
    /// input needs no further look.
    pub fn may_match(&self, hay: &[u8]) -> bool {
        self.finders.iter().any(|f| f.find(hay).is_some())
    }

    /// A cursor that finds successive candidate positions in one buffer.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            prefilter: self,
            next: vec![None; self.finders.len()],
        }
    }
}

/// Successive searches over one buffer with non-decreasing start
/// positions, remembering each needle's next hit so that no byte is
/// searched twice for the same needle.
pub struct Cursor<'p> {
    prefilter: &'p Prefilter,
    /// Next hit of each needle (`usize::MAX`: none left); `None` until
    /// first searched.
    next: Vec<Option<usize>>,
}

impl Cursor<'_> {
    /// Earliest position at or after `from` where any needle starts.
    /// `from` must not decrease between calls on one buffer.
    pub fn find(&mut self, hay: &[u8], from: usize) -> Option<usize> {
        let mut best = usize::MAX;
        for (finder, next) in self.prefilter.finders.iter().zip(self.next.iter_mut()) {
            let stale = match *next {
                None => true,
                Some(p) => p != usize::MAX && p < from,
            };
            if stale {
                let hit = hay.get(from..).and_then(|h| finder.find(h));
                *next = Some(hit.map_or(usize::MAX, |p| p + from));
            }
            best = best.min(next.unwrap_or(usize::MAX));
        }
        (best != usize::MAX).then_some(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_finds_every_needle_in_order() {
        let hay = b"ok\nok\npanic: x\nok\nfatal error: y\nWARNING: DATA RACE\nend";
        let mut c = Prefilter::get().cursor();
        let mut hits = Vec::new();
        let mut from = 0;
        while let Some(h) = c.find(hay, from) {
            hits.push(h);
            from = h + 1;
        }
        assert_eq!(hits, vec![6, 18, 42]);
    }

    #[test]
    fn plain_lines_do_not_match() {
        assert!(!Prefilter::get().may_match(b"GET /healthz 200 3ms\n"));
        assert!(Prefilter::get().may_match(b"{\"log\":\"panic: x\"}"));
    }
}
