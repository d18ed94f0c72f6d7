//! Compiled `match` conditions and their specificity score.

use super::{Error, MatchSpec};
use crate::model::{Incident, Kind};
use regex_lite::Regex;

/// The conditions of one entry, ready to test.
#[derive(Debug, Clone)]
pub struct Match {
    kinds: Vec<Kind>,
    message: Option<String>,
    prefix: Option<String>,
    contains: Vec<String>,
    regex: Option<Regex>,
    /// A literal every match of `regex` contains, checked first: a
    /// substring search is far cheaper than the regex engine, most of all
    /// in a wasm interpreter.
    required: Option<String>,
    frame: Option<String>,
    text: Option<String>,
    context: Option<String>,
}

/// Weights from catalog/README.md: a literal message beats a regex beats a
/// prefix; `context` outweighs the message because it changes what the
/// incident means (net/http recovered it).
const W_MESSAGE: i32 = 8;
const W_REGEX: i32 = 6;
const W_PREFIX: i32 = 5;
const W_CONTAINS: i32 = 4;
const W_FRAME: i32 = 3;
const W_TEXT: i32 = 3;
const W_CONTEXT: i32 = 10;
const W_KIND: i32 = 1;

fn parse_kind(s: &str) -> Result<Kind, Error> {
    Ok(match s {
        "panic" => Kind::Panic,
        "fatal" => Kind::Fatal,
        "signal" => Kind::Signal,
        "race" => Kind::Race,
        "dump" => Kind::Dump,
        other => return Err(Error(format!("unknown kind {other:?}"))),
    })
}

impl Match {
    /// Compile a spec; fails on an unknown kind or context, or a bad regex.
    pub fn compile(spec: &MatchSpec) -> Result<Match, Error> {
        let kinds = match &spec.kind {
            Some(k) => k
                .items()
                .iter()
                .map(|s| parse_kind(s))
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let regex = match &spec.message_regex {
            Some(r) => Some(Regex::new(r).map_err(|e| Error(format!("bad message_regex: {e}")))?),
            None => None,
        };
        if let Some(c) = &spec.context {
            if !matches!(c.as_str(), "http" | "k8s" | "test" | "recovered") {
                return Err(Error(format!("unknown context {c:?}")));
            }
        }
        let m = Match {
            kinds,
            message: spec.message.clone(),
            prefix: spec.message_prefix.clone(),
            contains: spec
                .message_contains
                .as_ref()
                .map(|c| c.items().to_vec())
                .unwrap_or_default(),
            required: spec.message_regex.as_deref().and_then(required_literal),
            regex,
            frame: spec.frame.clone(),
            text: spec.text.clone(),
            context: spec.context.clone(),
        };
        if m.specificity() == 0 {
            return Err(Error("a match needs at least one condition".into()));
        }
        Ok(m)
    }

    /// Sum of the weights of the conditions present.
    pub fn specificity(&self) -> i32 {
        let mut s = 0;
        if !self.kinds.is_empty() {
            s += W_KIND;
        }
        if self.message.is_some() {
            s += W_MESSAGE;
        }
        if self.regex.is_some() {
            s += W_REGEX;
        }
        if self.prefix.is_some() {
            s += W_PREFIX;
        }
        if !self.contains.is_empty() {
            s += W_CONTAINS;
        }
        if self.frame.is_some() {
            s += W_FRAME;
        }
        if self.text.is_some() {
            s += W_TEXT;
        }
        if self.context.is_some() {
            s += W_CONTEXT;
        }
        s
    }

    /// `Some(named captures)` when every condition holds.
    pub fn matches(&self, inc: &Incident) -> Option<Vec<(String, String)>> {
        if !self.kinds.is_empty() && !self.kinds.contains(&inc.kind) {
            return None;
        }
        if let Some(c) = &self.context {
            if inc.context.map(|x| x.as_str()) != Some(c.as_str()) {
                return None;
            }
        }
        let msg = inc.message.as_str();
        if let Some(m) = &self.message {
            if msg != m {
                return None;
            }
        }
        if let Some(p) = &self.prefix {
            if !msg.starts_with(p.as_str()) {
                return None;
            }
        }
        if !self.contains.is_empty() && !self.contains.iter().any(|c| msg.contains(c.as_str())) {
            return None;
        }
        if let Some(f) = &self.frame {
            let in_frames = inc
                .goroutines
                .first()
                .map(|g| g.frames.iter())
                .into_iter()
                .flatten()
                .chain(inc.runtime_stack.iter())
                .any(|fr| fr.function.contains(f.as_str()));
            if !in_frames {
                return None;
            }
        }
        if let Some(t) = &self.text {
            let found = msg.contains(t.as_str())
                || inc.notes.iter().any(|n| n.contains(t.as_str()))
                || inc.nested.iter().any(|n| n.contains(t.as_str()));
            if !found {
                return None;
            }
        }
        if let Some(lit) = &self.required {
            if !msg.contains(lit.as_str()) {
                return None;
            }
        }
        let mut details = Vec::new();
        if let Some(re) = &self.regex {
            let caps = re.captures(msg)?;
            for name in re.capture_names().flatten() {
                if let Some(v) = caps.name(name) {
                    details.push((name.to_string(), v.as_str().to_string()));
                }
            }
        }
        Some(details)
    }
}

/// The longest literal every match of a regex must contain: the longest
/// run of plain characters outside any group. None when the pattern has a
/// top-level alternation (then no part is required).
fn required_literal(pattern: &str) -> Option<String> {
    let mut best = String::new();
    let mut run = String::new();
    let mut depth = 0i32;
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    let flush = |run: &mut String, best: &mut String| {
        if run.len() > best.len() {
            *best = std::mem::take(run);
        }
        run.clear();
    };
    while let Some(c) = chars.next() {
        if in_class {
            match c {
                '\\' => {
                    chars.next();
                }
                ']' => in_class = false,
                _ => {}
            }
            continue;
        }
        let literal = match c {
            '\\' => match chars.next() {
                Some(e) if e.is_ascii_punctuation() => Some(e),
                _ => None,
            },
            '[' => {
                in_class = true;
                None
            }
            '(' => {
                depth += 1;
                None
            }
            ')' => {
                depth -= 1;
                None
            }
            '|' if depth == 0 => return None,
            '.' | '+' | '*' | '?' | '{' | '}' | '|' | '^' | '$' => None,
            other => Some(other),
        };
        match literal {
            Some(ch) if depth == 0 => {
                // A quantifier after this character makes it optional.
                if matches!(chars.peek(), Some('?' | '*' | '{')) {
                    flush(&mut run, &mut best);
                } else {
                    run.push(ch);
                }
            }
            _ => flush(&mut run, &mut best),
        }
    }
    flush(&mut run, &mut best);
    (best.len() >= 4).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::required_literal;

    #[test]
    fn literal_prefixes_of_catalog_style_patterns() {
        assert_eq!(
            required_literal(r"^runtime error: index out of range \[(?P<i>-?\d+)\]").as_deref(),
            Some("runtime error: index out of range [")
        );
        assert_eq!(required_literal(r"^(?:a|b)c"), None);
        assert_eq!(required_literal(r"^abcd|efgh"), None);
        assert_eq!(required_literal(r"^abcde?f").as_deref(), Some("abcd"));
    }
}
