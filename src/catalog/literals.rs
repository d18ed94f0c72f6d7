//! Literals a regex's matches must contain, so a catalog entry whose
//! regex cannot match is skipped with a substring search instead of the
//! regex engine: classification runs every entry, and in a wasm
//! interpreter (Fluent Bit's WAMR) a regex run costs far more than a
//! search.
//!
//! The analysis is conservative: anything it does not understand (classes,
//! escapes such as `\d`, optional parts, inline flags) contributes no
//! literal, and when nothing is known it answers `None`, never a wrong set.

use super::regex_syntax::{class_end, Cursor};

/// Shortest literal worth searching for; shorter ones occur everywhere.
const MIN_LEN: usize = 3;

/// A set of literals at least one of which every match of `pattern`
/// contains, or `None` when no useful set is known.
pub fn required_any(pattern: &str) -> Option<Vec<String>> {
    // Case-insensitive or other flag groups change what a literal means.
    if has_flag_group(pattern) {
        return None;
    }
    let mut p = Parser {
        cur: Cursor::new(pattern),
        depth: 0,
    };
    let set = p.alternation()?;
    // A stray `)` or anything unparsed: give up.
    if !p.cur.done() {
        return None;
    }
    set.filter(|s| s.iter().all(|l| l.chars().count() >= MIN_LEN))
}

/// `(?` not followed by `:` or a capture name: an inline flag group.
fn has_flag_group(pattern: &str) -> bool {
    pattern
        .match_indices("(?")
        .any(|(i, _)| !matches!(pattern.get(i + 2..i + 3), Some(":" | "P" | "<")))
}

struct Parser {
    cur: Cursor,
    /// Group nesting; deeper patterns are given up on, so a user's
    /// signature cannot run the analysis out of stack.
    depth: u32,
}

const MAX_DEPTH: u32 = 16;

/// A requirement: `Some(set)` when one of the set occurs in every match.
type Req = Option<Vec<String>>;

impl Parser {
    /// `concat ('|' concat)*`: every branch must have a set; the union.
    /// `None` (the outer option) on a syntax it does not follow.
    fn alternation(&mut self) -> Option<Req> {
        let mut union: Req = Some(Vec::new());
        loop {
            let branch = self.concat()?;
            union = match (union, branch) {
                (Some(mut u), Some(b)) => {
                    u.extend(b);
                    Some(u)
                }
                _ => None,
            };
            if self.cur.peek() == Some('|') {
                self.cur.at += 1;
            } else {
                return Some(union.filter(|u| !u.is_empty()));
            }
        }
    }

    /// A sequence of items: the best of its literal runs and its groups'
    /// sets (the one whose shortest literal is longest).
    fn concat(&mut self) -> Option<Req> {
        let mut best: Req = None;
        let mut run = String::new();
        let consider = |best: &mut Req, cand: Vec<String>| {
            let score = |s: &[String]| s.iter().map(|l| l.chars().count()).min().unwrap_or(0);
            if best.as_deref().is_none_or(|b| score(&cand) > score(b)) {
                *best = Some(cand);
            }
        };
        while let Some(c) = self.cur.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let (literal, group) = self.atom()?;
            let quant = self.quantifier()?;
            match (literal, quant) {
                // A plain character, exactly once: extends the run.
                (Some(ch), Quant::One) => {
                    run.push(ch);
                    continue;
                }
                // At least once: the character is required, the run ends.
                (Some(ch), Quant::AtLeastOne) => run.push(ch),
                _ => {}
            }
            if !run.is_empty() {
                consider(&mut best, vec![std::mem::take(&mut run)]);
            }
            if let (Some(Some(set)), Quant::One | Quant::AtLeastOne) = (group, quant) {
                consider(&mut best, set);
            }
        }
        if !run.is_empty() {
            consider(&mut best, vec![run]);
        }
        Some(best)
    }

    /// One atom: `(Some(char), None)` for a literal character,
    /// `(None, Some(req))` for a group, `(None, None)` for anything else.
    fn atom(&mut self) -> Option<(Option<char>, Option<Req>)> {
        let c = self.cur.next()?;
        Some(match c {
            '\\' => match self.cur.next()? {
                // Escaped punctuation is itself.
                e if e.is_ascii_punctuation() => (Some(e), None),
                // Classes, assertions, control characters: no literal.
                'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'b' | 'B' | 'A' | 'z' | 'n' | 't' | 'r'
                | 'f' | 'v' => (None, None),
                // `\x41`, `\pL`, `\u{...}`...: give up rather than parse.
                _ => return None,
            },
            '[' => {
                self.skip_class()?;
                (None, None)
            }
            '(' => {
                self.group_prefix()?;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let req = self.alternation()?;
                self.depth -= 1;
                if self.cur.next()? != ')' {
                    return None;
                }
                (None, Some(req))
            }
            '.' | '^' | '$' => (None, None),
            // A quantifier with nothing before it, or a stray `{`.
            '*' | '+' | '?' | '{' | '}' | ')' | '|' => return None,
            other => (Some(other), None),
        })
    }

    /// After `(`: `?:`, `?P<name>` or `?<name>`, or nothing.
    fn group_prefix(&mut self) -> Option<()> {
        if self.cur.peek() != Some('?') {
            return Some(());
        }
        self.cur.at += 1;
        match self.cur.next()? {
            ':' => Some(()),
            'P' | '<' => {
                if self.cur.chars.get(self.cur.at - 1) == Some(&'P') && self.cur.next()? != '<' {
                    return None;
                }
                while self.cur.next()? != '>' {}
                Some(())
            }
            _ => None,
        }
    }

    /// Past the `]` that ends a class. `[[:alpha:]]` sets: give up
    /// rather than parse.
    fn skip_class(&mut self) -> Option<()> {
        match class_end(&self.cur.chars, self.cur.at)? {
            (end, false) => {
                self.cur.at = end;
                Some(())
            }
            (_, true) => None,
        }
    }

    fn quantifier(&mut self) -> Option<Quant> {
        let q = match self.cur.peek() {
            Some('?') | Some('*') => Quant::Optional,
            Some('+') => Quant::AtLeastOne,
            Some('{') => {
                self.cur.at += 1;
                let mut min = String::new();
                while let Some(c) = self.cur.next() {
                    if c == '}' || c == ',' {
                        if c == ',' {
                            while self.cur.next()? != '}' {}
                        }
                        break;
                    }
                    min.push(c);
                }
                // Lazy suffix.
                if self.cur.peek() == Some('?') {
                    self.cur.at += 1;
                }
                return Some(match min.parse::<u32>().ok()? {
                    0 => Quant::Optional,
                    _ => Quant::AtLeastOne,
                });
            }
            _ => return Some(Quant::One),
        };
        self.cur.at += 1;
        if self.cur.peek() == Some('?') {
            self.cur.at += 1;
        }
        Some(q)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quant {
    One,
    Optional,
    AtLeastOne,
}

#[cfg(test)]
mod tests {
    use super::required_any;

    fn req(p: &str) -> Option<Vec<String>> {
        required_any(p)
    }

    fn set(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn literal_runs_and_alternations() {
        assert_eq!(
            req(r"^runtime error: index out of range \[(?P<i>-?\d+)\]"),
            set(&["runtime error: index out of range ["])
        );
        assert_eq!(req(r"^abcde?f"), set(&["abcd"]));
        assert_eq!(req(r"^abcd|efgh"), set(&["abcd", "efgh"]));
        assert_eq!(
            req(r"^(?:panic called with nil argument|nil)$"),
            set(&["panic called with nil argument", "nil"])
        );
        assert_eq!(
            req(r"(?P<errno>function not implemented|operation not supported)"),
            set(&["function not implemented", "operation not supported"])
        );
        // An optional prefix group does not count; the required group does.
        assert_eq!(
            req(r"(?:(?P<op>[a-z]+) (?P<net>\S+): )?(?P<errno>broken pipe|reset by peer)"),
            set(&["broken pipe", "reset by peer"])
        );
        // Nested alternation inside a branch.
        assert_eq!(req(r"^x(?:abc(?:def|ghi)|jkl)"), set(&["abc", "jkl"]));
        assert_eq!(req(r"a+bcd"), set(&["bcd"]));
        assert_eq!(req(r"abc{2}defg"), set(&["defg"]));
        assert_eq!(req(r"ab{2}cd"), None);
    }

    #[test]
    fn unknown_or_useless_gives_none() {
        assert_eq!(req(r"^(?:a|b)c"), None);
        assert_eq!(req(r"(?i)panic"), None);
        assert_eq!(req(r"\d+"), None);
        assert_eq!(req(r"^(?:abc|\d+)"), None);
        assert_eq!(req(r"(?:abcd)?"), None);
        assert_eq!(req(r"abc)"), None);
        assert_eq!(req(r"[abc]+"), None);
        assert_eq!(req(r"[[:alpha:]]abcd"), None);
        assert_eq!(req(r"\pLabcd"), None);
        assert_eq!(req(r"\x41bcd"), None);
        let deep = format!("{}abcd{}", "(?:".repeat(40), ")".repeat(40));
        assert_eq!(req(&deep), None);
        let shallow = format!("{}abcd{}", "(?:".repeat(4), ")".repeat(4));
        assert_eq!(req(&shallow), set(&["abcd"]));
        assert_eq!(req(r"abc\dxyz"), set(&["abc"]));
    }
}
