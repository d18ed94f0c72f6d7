//! The subset's syntax: a pattern parsed into a tree and compiled to
//! the backtracker's instructions.

use super::{Class, Inst};
use crate::catalog::regex_syntax::Cursor;

/// regex-lite's `\d`, `\s`, `\w` (ASCII only).
const DIGIT: &[(char, char)] = &[('0', '9')];
const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

enum Node {
    Char(char),
    Class(Class),
    Any,
    Start,
    End,
    Word(bool),
    /// A group; `Some(i)` captures as group `i`.
    Group(Option<usize>, Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, Rep, bool),
}

impl Node {
    /// Whether it can match the empty string (regex-lite's
    /// `is_match_empty`: assertions do).
    fn matches_empty(&self) -> bool {
        match self {
            Node::Char(_) | Node::Class(_) | Node::Any => false,
            Node::Start | Node::End | Node::Word(_) => true,
            Node::Group(_, n) => n.matches_empty(),
            Node::Concat(items) => items.iter().all(Node::matches_empty),
            Node::Alt(alts) => alts.iter().any(Node::matches_empty),
            Node::Repeat(n, rep, _) => !matches!(rep, Rep::Plus) || n.matches_empty(),
        }
    }
}

#[derive(Clone, Copy)]
enum Rep {
    Opt,
    Star,
    Plus,
}

struct Parser {
    cur: Cursor,
    names: Vec<Option<String>>,
}

impl Parser {
    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        let here = self.cur.chars.get(self.cur.at..self.cur.at + n);
        if here.is_some_and(|h| h.iter().copied().eq(s.chars())) {
            self.cur.at += n;
            return true;
        }
        false
    }

    /// Alternatives up to a `)` or the end.
    fn alt(&mut self) -> Option<Node> {
        let mut alts = vec![self.concat()?];
        while self.eat("|") {
            alts.push(self.concat()?);
        }
        Some(if alts.len() == 1 {
            alts.pop()?
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.cur.peek() {
            let atom = match c {
                '|' | ')' => break,
                '(' => {
                    self.cur.at += 1;
                    self.group()?
                }
                '[' => {
                    self.cur.at += 1;
                    Node::Class(self.class()?)
                }
                '\\' => {
                    self.cur.at += 1;
                    self.escape()?
                }
                '.' => {
                    self.cur.at += 1;
                    Node::Any
                }
                '^' => {
                    self.cur.at += 1;
                    Node::Start
                }
                '$' => {
                    self.cur.at += 1;
                    Node::End
                }
                '*' | '+' | '?' | '{' | '}' | ']' => return None,
                c => {
                    self.cur.at += 1;
                    Node::Char(c)
                }
            };
            items.push(self.repeat(atom)?);
        }
        Some(Node::Concat(items))
    }

    fn repeat(&mut self, atom: Node) -> Option<Node> {
        let rep = match self.cur.peek() {
            Some('?') => Rep::Opt,
            Some('*') => Rep::Star,
            Some('+') => Rep::Plus,
            Some('{') => return None,
            _ => return Some(atom),
        };
        if matches!(atom, Node::Start | Node::End | Node::Word(_)) {
            return None;
        }
        self.cur.at += 1;
        let greedy = !self.eat("?");
        if matches!(self.cur.peek(), Some('?' | '*' | '+' | '{')) {
            return None;
        }
        Some(Node::Repeat(Box::new(atom), rep, greedy))
    }

    fn group(&mut self) -> Option<Node> {
        let index = if self.eat("?:") {
            None
        } else if self.eat("?P<") {
            let mut name = String::new();
            loop {
                match self.cur.next()? {
                    '>' => break,
                    c if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
                    _ => return None,
                }
            }
            self.names.push(Some(name));
            Some(self.names.len() - 1)
        } else if self.cur.peek() == Some('?') {
            return None;
        } else {
            self.names.push(None);
            Some(self.names.len() - 1)
        };
        let body = self.alt()?;
        self.eat(")").then(|| Node::Group(index, Box::new(body)))
    }

    fn escape(&mut self) -> Option<Node> {
        let c = self.cur.next()?;
        Some(match c {
            'd' | 's' | 'w' | 'D' | 'S' | 'W' => Node::Class(perl(c)?),
            'b' => Node::Word(true),
            'B' => Node::Word(false),
            c if literal_escape(c) => Node::Char(c),
            _ => return None,
        })
    }

    /// A class after its `[`. Sets (`[:alpha:]`, nested classes, `&&`,
    /// `--`, `~~`) and negated Perl classes inside are left to regex-lite.
    fn class(&mut self) -> Option<Class> {
        let negated = self.eat("^");
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.cur.next()?;
            let lo = match c {
                ']' if !first => break,
                '[' => return None,
                '&' | '-' | '~' if self.cur.peek() == Some(c) => return None,
                '\\' => {
                    let e = self.cur.next()?;
                    match e {
                        'd' | 's' | 'w' => {
                            ranges.extend_from_slice(&perl(e)?.ranges);
                            first = false;
                            // `[\w-x]` is not a range: leave it to regex-lite.
                            if self.cur.peek() == Some('-')
                                && !matches!(self.cur.chars.get(self.cur.at + 1), Some(']') | None)
                            {
                                return None;
                            }
                            continue;
                        }
                        e if literal_escape(e) => e,
                        _ => return None,
                    }
                }
                c => c,
            };
            first = false;
            // A range, unless the `-` ends the class.
            let is_range = self.cur.peek() == Some('-')
                && !matches!(self.cur.chars.get(self.cur.at + 1), Some(']') | None);
            if !is_range {
                ranges.push((lo, lo));
                continue;
            }
            self.cur.at += 1;
            let hi = match self.cur.next()? {
                '\\' => self.cur.next().filter(|c| literal_escape(*c))?,
                '[' => return None,
                c => c,
            };
            if hi < lo {
                return None;
            }
            ranges.push((lo, hi));
        }
        Some(Class { ranges, negated })
    }
}

/// Escapes that stand for the character itself: regex-lite's meta
/// characters and a few others (`\<` and `\>` are word boundaries there).
fn literal_escape(c: char) -> bool {
    "\\.+*?()|[]{}^$#&-~/\"':%=,!@;".contains(c)
}

/// `\d`, `\s`, `\w` and their negations.
fn perl(c: char) -> Option<Class> {
    let ranges = match c.to_ascii_lowercase() {
        'd' => DIGIT,
        's' => SPACE,
        'w' => WORD,
        _ => return None,
    };
    Some(Class {
        ranges: ranges.to_vec(),
        negated: c.is_ascii_uppercase(),
    })
}

/// Appends `node`'s instructions.
fn emit(node: &Node, out: &mut Vec<Inst>) -> Option<()> {
    match node {
        Node::Char(c) => out.push(Inst::Lit(c.to_string().into())),
        Node::Class(c) => out.push(Inst::Class(c.clone())),
        Node::Any => out.push(Inst::Any),
        Node::Start => out.push(Inst::Start),
        Node::End => out.push(Inst::End),
        Node::Word(b) => out.push(Inst::Word(*b)),
        Node::Group(None, body) => emit(body, out)?,
        Node::Group(Some(i), body) => {
            out.push(Inst::Save(i.checked_mul(2)?));
            emit(body, out)?;
            out.push(Inst::Save(i.checked_mul(2)?.checked_add(1)?));
        }
        Node::Concat(items) => {
            let mut lit = String::new();
            for n in items {
                if let Node::Char(c) = n {
                    lit.push(*c);
                    continue;
                }
                if !lit.is_empty() {
                    out.push(Inst::Lit(std::mem::take(&mut lit).into()));
                }
                emit(n, out)?;
            }
            if !lit.is_empty() {
                out.push(Inst::Lit(lit.into()));
            }
        }
        Node::Alt(alts) => {
            let mut jumps = Vec::new();
            let (last, init) = alts.split_last()?;
            for a in init {
                let split = out.len();
                out.push(Inst::Split(split + 1, 0));
                emit(a, out)?;
                jumps.push(out.len());
                out.push(Inst::Jmp(0));
                let next = out.len();
                if let Some(Inst::Split(_, b)) = out.get_mut(split) {
                    *b = next;
                }
            }
            emit(last, out)?;
            let end = out.len();
            for j in jumps {
                if let Some(Inst::Jmp(t)) = out.get_mut(j) {
                    *t = end;
                }
            }
        }
        Node::Repeat(body, rep, greedy) => {
            let order = |take: usize, skip: usize| {
                if *greedy {
                    Inst::Split(take, skip)
                } else {
                    Inst::Split(skip, take)
                }
            };
            let top = out.len();
            // `x*` for an `x` that can match empty is compiled as
            // `(?:x+)?`, as regex-lite does: that keeps leftmost-first
            // preference order (rust-lang/regex#779).
            let star_as_plus = matches!(rep, Rep::Star) && body.matches_empty();
            if matches!(rep, Rep::Plus) {
                emit(body, out)?;
                let after = out.len() + 1;
                out.push(order(top, after));
                return Some(());
            }
            out.push(Inst::Jmp(0));
            emit(body, out)?;
            match rep {
                Rep::Star if star_as_plus => {
                    let after = out.len() + 1;
                    out.push(order(top + 1, after));
                }
                Rep::Star => out.push(Inst::Jmp(top)),
                _ => {}
            }
            let after = out.len();
            *out.get_mut(top)? = order(top + 1, after);
        }
    }
    Some(())
}

/// Instructions (the whole match saved as group 0), group names by
/// index, and whether the pattern begins with `^`.
#[allow(clippy::type_complexity)]
pub(super) fn compile(pattern: &str) -> Option<(Vec<Inst>, Vec<Option<String>>, bool)> {
    let mut p = Parser {
        cur: Cursor::new(pattern),
        names: vec![None],
    };
    let node = p.alt()?;
    if !p.cur.done() {
        return None;
    }
    let anchored = match &node {
        Node::Concat(items) => matches!(items.first(), Some(Node::Start)),
        _ => false,
    };
    let mut insts = vec![Inst::Save(0)];
    emit(&node, &mut insts)?;
    insts.push(Inst::Save(1));
    insts.push(Inst::Match);
    Some((insts, p.names, anchored))
}
