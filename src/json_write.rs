//! JSON text for the annotation, written directly.
//!
//! An annotation is mostly catalog text (summary, remediation, commands):
//! about 1.5 KB of string per crash record. serde_json escapes a string
//! one byte at a time through a table, which in Fluent Bit's interpreter
//! was the largest single cost of a crash record. [`string`] instead tests
//! eight bytes at once for the three things JSON escapes (`"`, `\`,
//! control characters) and copies the clean runs in one piece. The output
//! is serde_json's, byte for byte (tests hold it so).

/// Eight copies of a byte.
pub(crate) const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

const LOW: u64 = splat(0x01);
const HIGH: u64 = splat(0x80);

/// The high bit of each zero byte of `w`, and perhaps of bytes above one:
/// the borrow that can mark a later byte only happens after a byte that
/// is zero. So it is zero exactly when no byte is, and its lowest bit
/// marks the first zero byte.
#[inline(always)]
pub(crate) fn zero_mask(w: u64) -> u64 {
    w.wrapping_sub(LOW) & !w & HIGH
}

/// Whether any byte of `w` is zero.
#[inline(always)]
pub(crate) fn has_zero(w: u64) -> bool {
    zero_mask(w) != 0
}

/// [`zero_mask`] for the bytes below 0x20 (the same argument).
#[inline(always)]
pub(crate) fn control_mask(w: u64) -> u64 {
    w.wrapping_sub(splat(0x20)) & !w & HIGH
}

/// Whether any byte of `w` is below 0x20.
#[inline(always)]
fn has_control(w: u64) -> bool {
    control_mask(w) != 0
}

/// Whether any byte of `w` needs escaping in a JSON string.
#[inline(always)]
fn needs_escape(w: u64) -> bool {
    has_control(w) || has_zero(w ^ splat(b'"')) || has_zero(w ^ splat(b'\\'))
}

/// The escape serde_json writes for `b`, if it needs one.
fn escape(b: u8) -> Option<&'static str> {
    Some(match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        0x08 => "\\b",
        0x0c => "\\f",
        0..=0x1f => return Some(""),
        _ => return None,
    })
}

/// Lower-case hex digits.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// The hex digit of the low four bits of `d`.
pub fn hex_digit(d: u8) -> char {
    char::from(HEX.get(usize::from(d & 0xf)).copied().unwrap_or(b'0'))
}

/// `v` in decimal, appended to `out`: `to_string` goes through the
/// formatting machinery, a few thousand instructions in an interpreter.
pub fn decimal(out: &mut String, v: u64) {
    let mut digits = [b'0'; 20];
    let mut n = digits.len();
    let mut rest = v;
    loop {
        n -= 1;
        if let Some(d) = digits.get_mut(n) {
            // `rest % 10` is a digit.
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || n == 0 {
            break;
        }
    }
    for &d in digits.get(n..).unwrap_or(&[]) {
        put_byte(out, d);
    }
}

/// The low `n` hex digits of `v`, most significant first, appended to
/// `out` (`format!("{v:016x}")` for `n` = 16, without the formatting
/// machinery).
pub fn hex(out: &mut String, v: u64, n: u32) {
    for i in (0..n.min(16)).rev() {
        put_byte(out, hex_digit((v >> (4 * i)) as u8) as u8);
    }
}

/// `s` appended to `out`. `push_str` calls `Vec::reserve` for every
/// piece, which `opt-level = "s"` leaves out of line: in Fluent Bit's
/// interpreter a call costs more than copying a short piece. Within the
/// capacity the piece is copied here.
#[inline(always)]
pub fn put(out: &mut String, s: &str) {
    let len = out.len();
    if out.capacity() - len >= s.len() {
        // SAFETY: `s` is UTF-8 and is appended whole, within the
        // capacity, to UTF-8.
        unsafe {
            let v = out.as_mut_vec();
            std::ptr::copy_nonoverlapping(s.as_ptr(), v.as_mut_ptr().add(len), s.len());
            v.set_len(len + s.len());
        }
    } else {
        out.push_str(s);
    }
}

/// The ASCII byte `b` appended to `out`, without the call to
/// `Vec::reserve` that `String::push` makes (see [`put`]).
#[inline(always)]
pub fn put_byte(out: &mut String, b: u8) {
    if b.is_ascii() && out.len() < out.capacity() {
        // SAFETY: one ASCII byte within the capacity keeps `out` UTF-8.
        unsafe { out.as_mut_vec().push(b) }
    } else {
        out.push(char::from(b));
    }
}

/// `s` as a JSON string, quotes included, appended to `out`.
pub fn string(out: &mut String, s: &str) {
    put_byte(out, b'"');
    let b = s.as_bytes();
    // `b[start..i]` is clean and not yet copied.
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        // Eight bytes at a time; the last few padded with spaces, which
        // need no escape, so a short string is one test too.
        let w = match b.get(i..i.saturating_add(8)) {
            Some(w) => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])),
            None => {
                let mut pad = [b' '; 8];
                for (p, x) in pad.iter_mut().zip(b.get(i..).unwrap_or(&[])) {
                    *p = *x;
                }
                u64::from_le_bytes(pad)
            }
        };
        if !needs_escape(w) {
            i = i.saturating_add(8);
            continue;
        }
        let Some(&c) = b.get(i) else { break };
        if let Some(e) = escape(c) {
            put(out, s.get(start..i).unwrap_or(""));
            if e.is_empty() {
                put(out, "\\u00");
                put_byte(out, hex_digit(c >> 4) as u8);
                put_byte(out, hex_digit(c) as u8);
            } else {
                put(out, e);
            }
            start = i.saturating_add(1);
        }
        i = i.saturating_add(1);
    }
    put(out, s.get(start..).unwrap_or(""));
    put_byte(out, b'"');
}

/// A JSON object written member by member.
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    pub fn new(out: &'a mut String) -> Obj<'a> {
        put_byte(out, b'{');
        Obj { out, first: true }
    }

    /// Start a member: its key, and the output to write its value to.
    /// Members without the braces: for text written once and copied in
    /// with [`Obj::members`].
    pub fn bare(out: &'a mut String) -> Obj<'a> {
        Obj { out, first: true }
    }

    /// Members written by an [`Obj::bare`].
    pub fn members(&mut self, json: &str) {
        if json.is_empty() {
            return;
        }
        if !self.first {
            put_byte(self.out, b',');
        }
        self.first = false;
        put(self.out, json);
    }

    pub fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            put_byte(self.out, b',');
        }
        self.first = false;
        string(self.out, k);
        put_byte(self.out, b':');
        self.out
    }

    pub fn str(&mut self, k: &str, v: &str) {
        string(self.key(k), v);
    }

    /// A number, a boolean or `null`: text that needs no escaping.
    pub fn raw(&mut self, k: &str, v: &str) {
        put(self.key(k), v);
    }

    pub fn uint(&mut self, k: &str, v: u64) {
        decimal(self.key(k), v);
    }

    pub fn strs<'s>(&mut self, k: &str, v: impl IntoIterator<Item = &'s str>) {
        let out = self.key(k);
        put_byte(out, b'[');
        for (n, s) in v.into_iter().enumerate() {
            if n > 0 {
                put_byte(out, b',');
            }
            string(out, s);
        }
        put_byte(out, b']');
    }

    pub fn end(self) {
        put_byte(self.out, b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mine(s: &str) -> String {
        let mut out = String::new();
        string(&mut out, s);
        out
    }

    #[test]
    fn every_byte_class_as_serde_json_writes_it() {
        for c in (0u32..0x80).chain([0xe9, 0x4e2d, 0x1f600]) {
            let ch = char::from_u32(c).unwrap_or('?');
            // The byte at each offset of a word, and in the tail.
            for pad in 0..10 {
                let s = format!("{}{ch}{}", "a".repeat(pad), "b".repeat(9 - pad));
                assert_eq!(mine(&s), serde_json::to_string(&s).unwrap_or_default());
            }
        }
    }

    #[test]
    fn numbers_as_format_writes_them() {
        for v in [0, 1, 9, 10, 99, 100, 4_294_967_295, u64::MAX - 1, u64::MAX] {
            let mut out = String::new();
            decimal(&mut out, v);
            assert_eq!(out, v.to_string());
            let mut out = String::new();
            hex(&mut out, v, 16);
            assert_eq!(out, format!("{v:016x}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn any_number_as_format_writes_it(v in any::<u64>()) {
            let mut out = String::new();
            decimal(&mut out, v);
            prop_assert_eq!(&out, &v.to_string());
            out.clear();
            hex(&mut out, v, 16);
            prop_assert_eq!(out, format!("{v:016x}"));
        }

        #[test]
        fn any_string_as_serde_json_writes_it(s in "(?s).{0,80}") {
            prop_assert_eq!(mine(&s), serde_json::to_string(&s).unwrap_or_default());
        }

        #[test]
        fn control_heavy_strings_as_serde_json_writes_them(
            s in "[\\x00-\\x1f\"\\\\a-z\u{e9}\u{4e2d}]{0,40}"
        ) {
            prop_assert_eq!(mine(&s), serde_json::to_string(&s).unwrap_or_default());
        }
    }
}
