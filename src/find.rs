//! Substring search for short needles. memchr's `memmem` would bring about
//! 8 KB of searchers into each wasm module; a `memchr` on the needle's
//! first byte and a compare is enough for the few short needles here.

/// Where `needle` first occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(i) = memchr::memchr(first, hay.get(from..)?) {
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
    while let Some(at) = memchr::memrchr(first, hay.get(..end)?) {
        let after = at.saturating_add(1);
        if hay.get(after..after.saturating_add(rest.len())) == Some(rest) {
            return Some(at);
        }
        end = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_last() {
        assert_eq!(find(b"a panic: panic: x", b"panic: "), Some(2));
        assert_eq!(rfind(b"a panic: panic: x", b"panic: "), Some(9));
        assert_eq!(find(b"pani", b"panic"), None);
        assert_eq!(rfind(b"anic", b"panic"), None);
        assert_eq!(find(b"abc", b""), None);
    }
}
