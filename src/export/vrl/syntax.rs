//! VRL literals: strings, regexes, and regex-lite patterns rewritten for
//! the `regex` crate VRL compiles them with.

use std::fmt::Write as _;

/// A VRL string literal (`"..."`) holding exactly `s`.
///
/// VRL strings are templates: `{{` opens an interpolation, so it is written
/// `\{{`, the escape VRL documents for a literal `{{`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push_str("\\{{");
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A VRL regex literal (`r'...'`) for a pattern in `regex` crate syntax.
/// The literal's only escape is `\'`: VRL's parser turns every `\'` back
/// into `'` before compiling the regex.
pub fn regex(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 3);
    out.push_str("r'");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            // An escaped character passes through whole, so that `\\`
            // before a quote is not read as escaping it.
            '\\' => {
                out.push('\\');
                match chars.next() {
                    Some('\'') => out.push('\''),
                    Some(n) => out.push(n),
                    None => {}
                }
            }
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `s` as a regex matching exactly it (what `regex::escape` does).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Rewrite a regex-lite pattern (the catalog's syntax) so that the `regex`
/// crate, which VRL uses, matches exactly the same strings.
///
/// The two differ in what the Perl classes mean: regex-lite's `\d`, `\w`,
/// `\s` and `\b` are ASCII-only, the `regex` crate's are Unicode-aware (a
/// `\S+` there would stop at a no-break space that regex-lite accepts). So
/// the classes are spelled out as ASCII sets, and word boundaries made
/// ASCII with `(?-u:...)`. Everything else means the same in both, except
/// `(?i)`, which folds ASCII case only in regex-lite.
pub fn ascii_classes(pattern: &str) -> String {
    const DIGIT: &str = "0-9";
    const WORD: &str = "0-9A-Za-z_";
    const SPACE: &str = "\\t\\n\\x0B\\x0C\\r ";
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let set = match e.to_ascii_lowercase() {
                    'd' => Some(DIGIT),
                    'w' => Some(WORD),
                    's' => Some(SPACE),
                    _ => None,
                };
                match (set, e.is_ascii_uppercase(), in_class) {
                    (Some(set), false, false) => {
                        let _ = write!(out, "[{set}]");
                    }
                    (Some(set), false, true) => out.push_str(set),
                    // A negated class nests inside a class in the regex crate.
                    (Some(set), true, _) => {
                        let _ = write!(out, "[^{set}]");
                    }
                    (None, _, false) if matches!(e, 'b' | 'B' | '<' | '>') => {
                        // Word boundaries, also `\b{start}` and the like.
                        let _ = write!(out, "(?-u:\\{e}");
                        if e == 'b' && chars.peek() == Some(&'{') {
                            for n in chars.by_ref() {
                                out.push(n);
                                if n == '}' {
                                    break;
                                }
                            }
                        }
                        out.push(')');
                    }
                    (None, _, _) => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // `]` or `^]` right after the opening bracket is literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            '[' if in_class && chars.peek() == Some(&':') => {
                // A POSIX class such as `[:alpha:]`, copied to its `:]`.
                out.push('[');
                let mut last = '[';
                for n in chars.by_ref() {
                    out.push(n);
                    if last == ':' && n == ']' {
                        break;
                    }
                    last = n;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_controls_and_templates() {
        assert_eq!(string("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(string("{{.Name}} {x}"), r#""\{{.Name}} {x}""#);
        assert_eq!(string("\u{1}"), r#""\u{1}""#);
    }

    #[test]
    fn regex_literals_escape_quotes_only() {
        assert_eq!(regex(r"^a'b\d$"), r"r'^a\'b\d$'");
        assert_eq!(regex(r"\\'"), r"r'\\\''");
        assert_eq!(regex(r"\'"), r"r'\''");
    }

    #[test]
    fn perl_classes_become_ascii_sets() {
        assert_eq!(ascii_classes(r"\d+"), "[0-9]+");
        assert_eq!(ascii_classes(r"[^\s:]+"), r"[^\t\n\x0B\x0C\r :]+");
        assert_eq!(ascii_classes(r"\S"), r"[^\t\n\x0B\x0C\r ]");
        assert_eq!(ascii_classes(r"[\w.-]"), "[0-9A-Za-z_.-]");
        assert_eq!(ascii_classes(r"[\D]"), "[[^0-9]]");
        assert_eq!(ascii_classes(r"\bx\."), r"(?-u:\b)x\.");
        assert_eq!(ascii_classes(r"\b{start}x\>"), r"(?-u:\b{start})x(?-u:\>)");
        assert_eq!(ascii_classes(r"[]\d]"), "[]0-9]");
        assert_eq!(ascii_classes(r"[[:alpha:]\d]"), "[[:alpha:]0-9]");
        assert_eq!(ascii_classes(r"\$\[\("), r"\$\[\(");
    }
}
