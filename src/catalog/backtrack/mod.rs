//! A bounded backtracking matcher for the regex subset the catalog uses,
//! with regex-lite's leftmost-first semantics.
//!
//! regex-lite finds captures with its PikeVM, which carries every thread's
//! capture slots through every byte: in Fluent Bit's interpreter that was
//! about half the cost of a crash header record (one `^runtime error:
//! index out of range \[(?P<index>-?\d+)\]...` match). Backtracking in
//! priority order finds the same match (the first start position that
//! matches, and there the first path in priority order), and a bitset of
//! visited (instruction, position) pairs bounds the work to one visit each,
//! as RE2's BitState does; the explicit stack keeps it off the call stack.
//!
//! Patterns outside the subset (flags, counted repetition, rare escapes)
//! and haystacks whose bitset would be too large are left to regex-lite:
//! [`Backtrack::compile`] returns `None`, [`Backtrack::captures`]
//! [`Outcome::Unknown`].

/// Visited bits per search at most (instructions × positions): 32 KiB.
const MAX_VISITED: usize = 1 << 18;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Backtrack {
    insts: Vec<Inst>,
    /// Group names by group index (0: the whole match, never named).
    names: Vec<Option<String>>,
    /// The pattern begins with `^`: only position 0 can start a match.
    anchored: bool,
}

/// A search's result.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    NoMatch,
    /// Start and end of every group by index, `None` for a group that
    /// took no part.
    Match(Vec<Option<(usize, usize)>>),
    /// Over the size bound: ask regex-lite.
    Unknown,
}

#[derive(Debug, Clone)]
enum Inst {
    /// A run of literal characters, compared at once: a thread passes
    /// through it without branching, so it is one step.
    Lit(Box<str>),
    Class(Class),
    /// `.`: any character but `\n`.
    Any,
    /// Try the first, then the second.
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Start,
    End,
    /// `\b` (true) or `\B` (false), ASCII word characters.
    Word(bool),
    Match,
}

#[derive(Debug, Clone)]
struct Class {
    ranges: Vec<(char, char)>,
    negated: bool,
}

impl Class {
    fn has(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b) != self.negated
    }
}

mod syntax;
#[cfg(test)]
pub(super) mod tests;

impl Backtrack {
    /// The pattern compiled, or `None` when it is outside the subset.
    /// Only for patterns regex-lite has accepted. The Fluent Bit module
    /// compiles its patterns at the top of its load
    /// ([`super::Match::prepare`]): the parser recurses once per group.
    pub fn compile(pattern: &str) -> Option<Backtrack> {
        let (insts, names, anchored) = syntax::compile(pattern)?;
        Some(Backtrack {
            insts,
            names,
            anchored,
        })
    }

    /// Names by group index, as regex-lite's `capture_names`.
    pub fn names(&self) -> &[Option<String>] {
        &self.names
    }

    /// The leftmost-first match and its groups, as regex-lite's
    /// `captures` finds them.
    pub fn captures(&self, hay: &str) -> Outcome {
        let width = hay.len() + 1;
        let Some(bits) = self.insts.len().checked_mul(width) else {
            return Outcome::Unknown;
        };
        if bits > MAX_VISITED {
            return Outcome::Unknown;
        }
        // Small searches (most: a message against one pattern) keep the
        // bitset on the stack, saving an allocation per search.
        let words = bits.div_ceil(64);
        let mut small = [0u64; 64];
        let mut big = Vec::new();
        let visited: &mut [u64] = match small.get_mut(..words) {
            Some(v) => v,
            None => {
                big.resize(words, 0);
                &mut big
            }
        };
        let mut slots: Vec<Option<usize>> = vec![None; self.names.len() * 2];
        let mut stack: Vec<Job> = Vec::new();
        let starts = hay
            .char_indices()
            .map(|(i, _)| i)
            .chain([hay.len()])
            .take(if self.anchored { 1 } else { usize::MAX });
        for start in starts {
            stack.push(Job::Explore(0, start));
            while let Some(job) = stack.pop() {
                match job {
                    Job::Restore(k, v) => {
                        if let Some(s) = slots.get_mut(k) {
                            *s = v;
                        }
                    }
                    Job::Explore(pc, at) => {
                        let step = Step {
                            hay,
                            width,
                            visited,
                            slots: &mut slots,
                            stack: &mut stack,
                        };
                        if self.run(step, pc, at) {
                            let groups = slots
                                .chunks(2)
                                .map(|s| match s {
                                    [Some(a), Some(b)] => Some((*a, *b)),
                                    _ => None,
                                })
                                .collect();
                            return Outcome::Match(groups);
                        }
                    }
                }
            }
        }
        Outcome::NoMatch
    }

    /// Follows one thread from `pc` at `at` until it fails (false) or
    /// matches (true), pushing the alternatives it passes.
    fn run(&self, s: Step<'_, '_>, mut pc: usize, mut at: usize) -> bool {
        loop {
            let Some(bit) = pc.checked_mul(s.width).and_then(|b| b.checked_add(at)) else {
                return false;
            };
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            match s.visited.get_mut(word) {
                Some(w) if *w & mask == 0 => *w |= mask,
                _ => return false,
            }
            let Some(inst) = self.insts.get(pc) else {
                return false;
            };
            let next_char = || s.hay.get(at..).and_then(|t| t.chars().next());
            match inst {
                Inst::Lit(lit) => match s.hay.get(at..) {
                    Some(rest) if rest.starts_with(&**lit) => at += lit.len(),
                    _ => return false,
                },
                Inst::Class(class) => match next_char() {
                    Some(h) if class.has(h) => at += h.len_utf8(),
                    _ => return false,
                },
                Inst::Any => match next_char() {
                    Some(h) if h != '\n' => at += h.len_utf8(),
                    _ => return false,
                },
                Inst::Split(a, b) => {
                    s.stack.push(Job::Explore(*b, at));
                    pc = *a;
                    continue;
                }
                Inst::Jmp(t) => {
                    pc = *t;
                    continue;
                }
                Inst::Save(k) => {
                    let Some(slot) = s.slots.get_mut(*k) else {
                        return false;
                    };
                    s.stack.push(Job::Restore(*k, *slot));
                    *slot = Some(at);
                }
                Inst::Start if at == 0 => {}
                Inst::End if at == s.hay.len() => {}
                Inst::Start | Inst::End => return false,
                Inst::Word(want) => {
                    let bytes = s.hay.as_bytes();
                    let is_word = |i: Option<usize>| {
                        i.and_then(|i| bytes.get(i))
                            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    };
                    if (is_word(at.checked_sub(1)) != is_word(Some(at))) != *want {
                        return false;
                    }
                }
                Inst::Match => return true,
            }
            pc += 1;
        }
    }
}

/// Work left on the backtracking stack.
enum Job {
    Explore(usize, usize),
    Restore(usize, Option<usize>),
}

/// What a thread reads and writes.
struct Step<'a, 'h> {
    hay: &'h str,
    width: usize,
    visited: &'a mut [u64],
    slots: &'a mut [Option<usize>],
    stack: &'a mut Vec<Job>,
}
