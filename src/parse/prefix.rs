//! The text a header stood after on its line (`> `, `// `, `svc_1  | `),
//! stripped from the incident's further lines that carry it too.

/// Text that stood before a header on its line. Further lines match it
/// by shape: the same bytes, with any run of digits for a run of digits
/// (timestamps and counters change from line to line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prefix(pub(super) String);

impl Prefix {
    /// `line` without the prefix; a line that is the prefix with its
    /// trailing blanks trimmed is blank; a line without it is unchanged.
    pub fn strip<'a>(&self, line: &'a str) -> &'a str {
        if let Some(n) = match_shape(self.0.as_bytes(), line.as_bytes()) {
            return line.get(n..).unwrap_or(line);
        }
        if line.trim_end() == self.0.trim_end() {
            return "";
        }
        // Indentation alone: lost or changed on some lines.
        if self.0.bytes().all(|b| b == b' ') {
            return line.trim_start_matches(' ');
        }
        line
    }
}

/// Length in `s` of a match of the shape `p` at its start.
fn match_shape(p: &[u8], s: &[u8]) -> Option<usize> {
    let (mut i, mut j) = (0usize, 0usize);
    while let Some(&c) = p.get(i) {
        if c.is_ascii_digit() {
            if !s.get(j)?.is_ascii_digit() {
                return None;
            }
            while p.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            while s.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
        } else {
            if *s.get(j)? != c {
                return None;
            }
            i += 1;
            j += 1;
        }
    }
    Some(j)
}
