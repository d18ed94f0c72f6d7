//! Substring search for short needles. memchr's `memmem` would bring about
//! 8 KB of searchers into each wasm module, and `str::find` sets up a
//! searcher on every call; a search for the needle's first byte and a
//! compare is enough for the few short needles tried on each line.
//!
//! Byte search is memchr's natively (SIMD). In wasm it is a loop over
//! eight-byte words in one function: memchr's portable version there
//! splits each search into helper calls, and Fluent Bit's interpreter
//! pays for every call on every short line.

#[cfg(any(test, target_arch = "wasm32"))]
use crate::json_write::{has_zero, splat};

/// Where `b` first occurs in `hay`.
#[inline]
pub fn byte(b: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(not(target_arch = "wasm32"))]
    return memchr::memchr(b, hay);
    #[cfg(target_arch = "wasm32")]
    return words(hay, |w| has_zero(w ^ splat(b)), |x| x == b);
}

/// Where `a` or `b` first occurs in `hay`.
#[inline]
pub fn byte2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(not(target_arch = "wasm32"))]
    return memchr::memchr2(a, b, hay);
    #[cfg(target_arch = "wasm32")]
    return words(
        hay,
        |w| has_zero(w ^ splat(a)) || has_zero(w ^ splat(b)),
        |x| x == a || x == b,
    );
}

/// Where `b` last occurs in `hay`.
#[inline]
pub fn rbyte(b: u8, hay: &[u8]) -> Option<usize> {
    #[cfg(not(target_arch = "wasm32"))]
    return memchr::memrchr(b, hay);
    #[cfg(target_arch = "wasm32")]
    return rwords(hay, |w| has_zero(w ^ splat(b)), |x| x == b);
}

/// The first byte of `hay` that `is` accepts, skipping the eight-byte
/// words `maybe` rejects (`maybe` holds for every word with such a byte).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[inline(always)]
fn words(hay: &[u8], maybe: impl Fn(u64) -> bool, is: impl Fn(u8) -> bool) -> Option<usize> {
    let mut i: usize = 0;
    while let Some(w) = hay.get(i..i.saturating_add(8)) {
        if maybe(u64::from_le_bytes(w.try_into().unwrap_or([0; 8]))) {
            break;
        }
        i += 8;
    }
    let at = hay.get(i..)?.iter().position(|&x| is(x))?;
    Some(i + at)
}

/// [`words`] from the end: the last byte `is` accepts.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[inline(always)]
fn rwords(hay: &[u8], maybe: impl Fn(u64) -> bool, is: impl Fn(u8) -> bool) -> Option<usize> {
    let mut end = hay.len();
    while let Some(w) = end.checked_sub(8).and_then(|s| hay.get(s..end)) {
        if maybe(u64::from_le_bytes(w.try_into().unwrap_or([0; 8]))) {
            break;
        }
        end -= 8;
    }
    hay.get(..end)?.iter().rposition(|&x| is(x))
}

/// Where `needle` first occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(i) = byte(first, hay.get(from..)?) {
        let at = from.saturating_add(i);
        let after = at.saturating_add(1);
        if hay.get(after..after.saturating_add(rest.len())) == Some(rest) {
            return Some(at);
        }
        from = after;
    }
    None
}

/// Where `needle` last occurs in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut end = hay.len();
    while let Some(at) = rbyte(first, hay.get(..end)?) {
        let after = at.saturating_add(1);
        if hay.get(after..after.saturating_add(rest.len())) == Some(rest) {
            return Some(at);
        }
        end = at;
    }
    None
}

/// [`find`] on text: a byte offset that is a char boundary, as the needle
/// starts with its first char. `str::find` builds a two-way searcher per
/// call, too slow for the few short needles tried on every line.
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    find(hay.as_bytes(), needle.as_bytes())
}

/// [`rfind`] on text (see [`find_str`]).
pub fn rfind_str(hay: &str, needle: &str) -> Option<usize> {
    rfind(hay.as_bytes(), needle.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// The word loops find what memchr finds, at every alignment.
        #[test]
        fn word_loops_are_memchr(
            hay in proptest::collection::vec(0u8..4, 0..40),
            a in 0u8..4,
            b in 0u8..4,
        ) {
            let one = |x: u8| x == a;
            let two = |x: u8| x == a || x == b;
            proptest::prop_assert_eq!(
                words(&hay, |w| has_zero(w ^ splat(a)), one),
                memchr::memchr(a, &hay)
            );
            proptest::prop_assert_eq!(
                words(&hay, |w| has_zero(w ^ splat(a)) || has_zero(w ^ splat(b)), two),
                memchr::memchr2(a, b, &hay)
            );
            proptest::prop_assert_eq!(
                rwords(&hay, |w| has_zero(w ^ splat(a)), one),
                memchr::memrchr(a, &hay)
            );
        }
    }

    #[test]
    fn first_and_last() {
        assert_eq!(find(b"a panic: panic: x", b"panic: "), Some(2));
        assert_eq!(rfind(b"a panic: panic: x", b"panic: "), Some(9));
        assert_eq!(find(b"pani", b"panic"), None);
        assert_eq!(rfind(b"anic", b"panic"), None);
        assert_eq!(find(b"abc", b""), None);
    }
}
