//! Short byte patterns compared a word at a time.
//!
//! The record check runs on every record in Fluent Bit's interpreter,
//! where a call (`memcmp` behind `starts_with`) costs more than the
//! comparison itself. A pattern of up to 16 bytes is two little-endian
//! words and their masks, built when the crate is compiled, so a test is
//! one or two word loads and compares, with no call and no loop.

/// A pattern of 1 to 16 bytes, none of them zero.
#[derive(Clone, Copy)]
pub struct Pat {
    words: [u64; 2],
    masks: [u64; 2],
}

impl Pat {
    /// The pattern `p`. A zero byte would compare equal to the zeros
    /// [`word`] reads past the end of its input, so the build fails on
    /// one, and on an empty or too long pattern.
    #[allow(clippy::indexing_slicing)]
    pub const fn new(p: &[u8]) -> Pat {
        assert!(!p.is_empty() && p.len() <= 16);
        let mut pat = Pat {
            words: [0; 2],
            masks: [0; 2],
        };
        let mut i = 0;
        while i < p.len() {
            assert!(p[i] != 0);
            pat.words[i / 8] |= (p[i] as u64) << (8 * (i % 8));
            pat.masks[i / 8] |= 0xff << (8 * (i % 8));
            i += 1;
        }
        pat
    }

    /// Whether `s[i..]` starts with the pattern.
    #[inline(always)]
    pub fn at(&self, s: &[u8], i: usize) -> bool {
        let [w0, w1] = self.words;
        let [m0, m1] = self.masks;
        word(s, i) & m0 == w0 && (m1 == 0 || word(s, i.saturating_add(8)) & m1 == w1)
    }
}

/// The eight bytes of `s` from `i` as a little-endian word, zeros for
/// those past its end.
#[inline(always)]
pub fn word(s: &[u8], i: usize) -> u64 {
    match s.get(i..i.saturating_add(8)) {
        Some(w) => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])),
        None => short_word(s, i),
    }
}

/// [`word`] within the last eight bytes of `s`: rare, so kept out of
/// line.
#[inline(never)]
fn short_word(s: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    for (d, b) in w.iter_mut().zip(s.get(i..).unwrap_or(&[])) {
        *d = *b;
    }
    u64::from_le_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// `at` is `starts_with`, for every pattern length, every offset
        /// (past the end too) and inputs that share long prefixes with
        /// the pattern.
        #[test]
        fn at_is_starts_with(
            p in proptest::collection::vec(1u8..=4, 1..=16),
            s in proptest::collection::vec(0u8..=4, 0..=40),
            i in 0usize..48,
        ) {
            let pat = Pat::new(&p);
            let want = s.get(i..).is_some_and(|t| t.starts_with(&p));
            proptest::prop_assert_eq!(pat.at(&s, i), want);
        }
    }
}
