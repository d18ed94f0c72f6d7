//! Substring search for short needles. memchr's `memmem` would bring about
//! 8 KB of searchers into each wasm module, and `str::find` sets up a
//! searcher on every call; a `memchr` on the needle's first byte and a
//! compare is enough for the few short needles tried on each line.

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

    #[test]
    fn first_and_last() {
        assert_eq!(find(b"a panic: panic: x", b"panic: "), Some(2));
        assert_eq!(rfind(b"a panic: panic: x", b"panic: "), Some(9));
        assert_eq!(find(b"pani", b"panic"), None);
        assert_eq!(rfind(b"anic", b"panic"), None);
        assert_eq!(find(b"abc", b""), None);
    }
}
