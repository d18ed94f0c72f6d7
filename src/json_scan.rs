//! Find the top-level members of a JSON object without recursion.
//!
//! Fluent Bit's WAMR interpreter fits about 100 nested wasm calls in its
//! default stack; a recursive parser given `[[[[...]]]]` would trap and lose
//! the record. This scanner validates the whole document with an explicit
//! stack of open containers on the heap and returns byte spans,
//! so the record is never copied or re-serialised.

/// One top-level member: its key (still JSON-escaped, without quotes) and
/// its value's raw bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member<'a> {
    pub key: &'a [u8],
    pub value: &'a [u8],
}

/// A validated JSON object.
#[derive(Debug)]
pub struct Object<'a> {
    pub members: Vec<Member<'a>>,
    /// Index of the object's closing `}`.
    pub close: usize,
}

/// Scan `input` (whitespace and trailing NULs allowed around it) as one JSON
/// object. `None` when it is not exactly one valid JSON object.
pub fn object(input: &[u8]) -> Option<Object<'_>> {
    let mut p = Parser { s: input, i: 0 };
    p.ws();
    if p.peek()? != b'{' {
        return None;
    }
    p.i += 1;
    let mut members = Vec::new();
    p.ws();
    if p.peek()? == b'}' {
        let close = p.i;
        p.i += 1;
        return p.end().then_some(Object { members, close });
    }
    loop {
        p.ws();
        let ks = p.i;
        p.string()?;
        let key = input.get(ks + 1..p.i - 1)?;
        p.ws();
        if p.peek()? != b':' {
            return None;
        }
        p.i += 1;
        p.ws();
        let vs = p.i;
        p.value()?;
        members.push(Member {
            key,
            value: input.get(vs..p.i)?,
        });
        p.ws();
        match p.peek()? {
            b',' => p.i += 1,
            b'}' => {
                let close = p.i;
                p.i += 1;
                return p.end().then_some(Object { members, close });
            }
            _ => return None,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Only whitespace and NUL terminators may follow the object.
    fn end(&mut self) -> bool {
        self.ws();
        self.s
            .get(self.i..)
            .is_some_and(|rest| rest.iter().all(|&b| b == 0 || b.is_ascii_whitespace()))
    }

    /// A string starting at `self.i` (the opening quote).
    fn string(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        self.i += 1;
        loop {
            let rest = self.s.get(self.i..)?;
            // Control characters must be escaped: check the bytes skipped.
            let j = crate::find::byte2(b'"', b'\\', rest)?;
            if rest.get(..j)?.iter().any(|&b| b < 0x20) {
                return None;
            }
            self.i += j;
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\\' => {
                    let e = *self.s.get(self.i + 1)?;
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 2,
                        b'u' => {
                            let hex = self.s.get(self.i + 2..self.i + 6)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            self.i += 6;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// Any value, nested containers handled with a counter instead of
    /// recursion. Validation inside containers is structural: strings,
    /// literals and numbers are checked token by token.
    fn value(&mut self) -> Option<()> {
        // Stack of open containers as bits: 1 = object, 0 = array.
        let mut stack: Vec<bool> = Vec::new();
        // What the state machine expects next.
        #[derive(PartialEq)]
        enum Want {
            Value,
            ValueOrClose,
            KeyOrClose,
            Key,
            CommaOrClose,
        }
        let mut want = Want::Value;
        loop {
            self.ws();
            let c = self.peek()?;
            match want {
                Want::Value | Want::ValueOrClose => {
                    if want == Want::ValueOrClose && c == b']' {
                        self.i += 1;
                        stack.pop();
                    } else {
                        match c {
                            b'{' => {
                                self.i += 1;
                                stack.push(true);
                                want = Want::KeyOrClose;
                                continue;
                            }
                            b'[' => {
                                self.i += 1;
                                stack.push(false);
                                want = Want::ValueOrClose;
                                continue;
                            }
                            b'"' => self.string()?,
                            b't' => self.literal(b"true")?,
                            b'f' => self.literal(b"false")?,
                            b'n' => self.literal(b"null")?,
                            b'-' | b'0'..=b'9' => self.number()?,
                            _ => return None,
                        }
                    }
                }
                Want::KeyOrClose | Want::Key => {
                    if want == Want::KeyOrClose && c == b'}' {
                        self.i += 1;
                        stack.pop();
                    } else {
                        self.string()?;
                        self.ws();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.i += 1;
                        want = Want::Value;
                        continue;
                    }
                }
                Want::CommaOrClose => match (c, stack.last()) {
                    (b',', Some(true)) => {
                        self.i += 1;
                        want = Want::Key;
                        continue;
                    }
                    (b',', Some(false)) => {
                        self.i += 1;
                        want = Want::Value;
                        continue;
                    }
                    (b'}', Some(true)) | (b']', Some(false)) => {
                        self.i += 1;
                        stack.pop();
                    }
                    _ => return None,
                },
            }
            // A value (or container) just ended.
            if stack.is_empty() {
                return Some(());
            }
            want = Want::CommaOrClose;
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.s.get(self.i..self.i + word.len())? == word {
            self.i += word.len();
            Some(())
        } else {
            None
        }
    }

    fn number(&mut self) -> Option<()> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            p.i > s
        };
        if !digits(self) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        (self.i > start).then_some(())
    }
}

/// Decode a raw JSON string value (with its quotes) into text.
pub fn decode_string(raw: &[u8]) -> Option<String> {
    if raw.first() != Some(&b'"') {
        return None;
    }
    // A lone string parses without recursion; through `Value`, the one
    // serde_json entry point the wasm modules link.
    match std::str::from_utf8(raw).map(serde_json::from_str) {
        Ok(Ok(serde_json::Value::String(s))) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_members_only() {
        let o =
            object(br#" {"a":1,"log":"panic: x\n","n":{"log":"inner"},"l":[1,[2,{"b":null}]]}  "#);
        let o = o.map(|o| o.members.iter().map(|m| m.key).collect::<Vec<_>>());
        assert_eq!(o, Some(vec![&b"a"[..], b"log", b"n", b"l"]));
    }

    #[test]
    fn rejects_non_objects_and_broken_json() {
        for bad in [
            &b"[1]"[..],
            b"\"s\"",
            b"{\"a\":}",
            b"{\"a\":1,}",
            b"{\"a\":[1,2}",
            b"{\"a\":\"\x01\"}",
            b"{\"a\":1} x",
            b"",
            b"{",
        ] {
            assert!(object(bad).is_none(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 200_000;
        let mut s = String::from("{\"a\":");
        s.push_str(&"[".repeat(depth));
        s.push_str(&"]".repeat(depth));
        s.push('}');
        assert!(object(s.as_bytes()).is_some());
    }

    #[test]
    fn trailing_nul_is_allowed() {
        assert!(object(b"{\"a\":1}\0").is_some());
    }
}
