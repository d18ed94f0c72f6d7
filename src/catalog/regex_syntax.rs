//! What the catalog needs to know of regex-lite's syntax before handing it
//! a pattern: where a character class ends, and how deeply groups nest.
//! Shared by the nesting check ([`group_depth`]) and the literal analyzer;
//! [`Cursor`] by the two parsers (the literal analyzer and the
//! backtracker's compiler).

/// The end of the character class whose `[` is just before `chars[i]`:
/// the index past its `]`, and whether it holds a `[:name:]` set. A `]`
/// first (after an optional `^`) is a literal. `None` when the class is
/// unclosed or holds another `[` (regex-lite has no nested classes).
pub fn class_end(chars: &[char], mut i: usize) -> Option<(usize, bool)> {
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    let mut posix = false;
    loop {
        match chars.get(i)? {
            '\\' => i += 2,
            ']' => return Some((i + 1, posix)),
            '[' if chars.get(i + 1) == Some(&':') => {
                // Up to the `:]` that ends `[:alpha:]`.
                let close = chars
                    .get(i + 2..)?
                    .windows(2)
                    .position(|w| w == [':', ']'])?;
                i += 2 + close + 2;
                posix = true;
            }
            '[' => return None,
            _ => i += 1,
        }
    }
}

/// How deeply the groups of a pattern nest, counted in one pass without
/// recursion (so it is safe on any input, unlike handing a deep pattern
/// to regex-lite's recursive parser). Parentheses that are escaped or
/// inside a character class are literals; a `[` that does not open a
/// valid class is passed over as one character, which can only count more.
pub fn group_depth(pattern: &str) -> usize {
    let chars: Vec<char> = pattern.chars().collect();
    let (mut i, mut depth, mut max) = (0, 0usize, 0);
    while let Some(c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => i += 1,
            '[' => {
                if let Some((end, _)) = class_end(&chars, i) {
                    i = end;
                }
            }
            '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// A pattern's characters and the position a parser has reached.
pub struct Cursor {
    pub chars: Vec<char>,
    pub at: usize,
}

impl Cursor {
    pub fn new(pattern: &str) -> Cursor {
        Cursor {
            chars: pattern.chars().collect(),
            at: 0,
        }
    }

    pub fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    pub fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    /// Whether the whole pattern was read.
    pub fn done(&self) -> bool {
        self.at == self.chars.len()
    }
}

#[cfg(test)]
mod tests {
    use super::{class_end, group_depth};

    #[test]
    fn group_depth_counts_only_real_groups() {
        for (pattern, depth) in [
            ("abc", 0),
            ("(a)(?:b)", 1),
            ("x(?:(?P<n>a|b)c|d)", 2),
            ("((((a))))", 4),
            (r"\(\((a)", 1),
            ("[(][(]", 0),
            ("[]()]((a))", 2),
            ("[^](](a)", 1),
            (r"[\](](a)", 1),
            ("[[:alpha:](](a)", 1),
            ("(((", 3),
            (")))(", 1),
        ] {
            assert_eq!(group_depth(pattern), depth, "{pattern}");
        }
    }

    #[test]
    fn class_ends() {
        let end = |s: &str| class_end(&s.chars().collect::<Vec<_>>(), 1);
        assert_eq!(end("[abc]d"), Some((5, false)));
        assert_eq!(end("[]a]"), Some((4, false)));
        assert_eq!(end("[^]a]"), Some((5, false)));
        assert_eq!(end(r"[\]]"), Some((4, false)));
        assert_eq!(end("[[:alpha:]x]"), Some((12, true)));
        assert_eq!(end("[a[b]]"), None);
        assert_eq!(end("[abc"), None);
        assert_eq!(end("[[:alpha]"), None);
    }
}
