//! Goroutine blocks -> buckets: every goroutine of an incident is counted
//! in the bucket of its stack as soon as its block ends, so a dump of
//! 100,000 goroutines is read in one pass while only the kept ones
//! ([`crate::limits::MAX_GOROUTINES`]) and one bucket per distinct stack
//! stay in memory.

use crate::limits;
use crate::model::{Bucket, Frame, Goroutine};
use std::collections::BTreeMap;

/// Buckets under construction.
#[derive(Debug, Default)]
pub(crate) struct Buckets {
    list: Vec<Bucket>,
    /// Stack hash -> index in `list`; a hash shared by different stacks
    /// probes on to the next value.
    index: BTreeMap<u64, usize>,
    /// The bucket of the first goroutine (the one that crashed, in a crash).
    first: Option<usize>,
    unbucketed: u64,
}

impl Buckets {
    /// Count one goroutine (or a profile record of `g.count` of them).
    pub fn add(&mut self, g: &Goroutine) {
        let count = g.count.max(1);
        let Some(at) = self.slot(&g.frames) else {
            self.unbucketed = self.unbucketed.saturating_add(count);
            return;
        };
        if self.first.is_none() {
            self.first = Some(at);
        }
        if let Some(b) = self.list.get_mut(at) {
            merge(b, g, count);
        }
    }

    /// The index of the bucket for `frames`, made if new; `None` once
    /// [`limits::MAX_BUCKETS`] distinct stacks are taken.
    fn slot(&mut self, frames: &[Frame]) -> Option<usize> {
        let mut key = stack_hash(frames);
        // Bounded: each probe step passes one taken key.
        for _ in 0..=limits::MAX_BUCKETS {
            match self.index.get(&key) {
                Some(&i) if self.list.get(i).is_some_and(|b| b.frames == frames) => return Some(i),
                Some(_) => key = key.wrapping_add(1),
                None => {
                    if self.list.len() >= limits::MAX_BUCKETS {
                        return None;
                    }
                    self.index.insert(key, self.list.len());
                    self.list.push(empty(frames));
                    return Some(self.list.len().saturating_sub(1));
                }
            }
        }
        None
    }

    /// The buckets, most goroutines first (ties in order of appearance),
    /// and the count left out. `crashed` marks the first goroutine's bucket.
    pub fn finish(self, crashed: bool) -> (Vec<Bucket>, u64) {
        let mut list = self.list;
        if let Some(b) = self.first.and_then(|i| list.get_mut(i)) {
            b.crashed = crashed;
        }
        for b in &mut list {
            b.own = own_frame(&b.frames).or(b.created_by.as_ref()).cloned();
        }
        list.sort_by_key(|b| std::cmp::Reverse(b.count));
        (list, self.unbucketed)
    }
}

fn empty(frames: &[Frame]) -> Bucket {
    Bucket {
        count: 0,
        states: Vec::new(),
        wait_min: None,
        wait_max: None,
        locked: 0,
        ids: Vec::new(),
        own: None,
        created_by: None,
        frames: frames.to_vec(),
        crashed: false,
    }
}

fn merge(b: &mut Bucket, g: &Goroutine, count: u64) {
    b.count = b.count.saturating_add(count);
    if !g.state.is_empty()
        && b.states.len() < limits::MAX_BUCKET_STATES
        && !b.states.contains(&g.state)
    {
        b.states.push(g.state.clone());
    }
    if let Some(m) = g.wait.as_deref().and_then(minutes) {
        b.wait_min = Some(b.wait_min.map_or(m, |w| w.min(m)));
        b.wait_max = Some(b.wait_max.map_or(m, |w| w.max(m)));
    }
    if g.locked {
        b.locked = b.locked.saturating_add(count);
    }
    if g.id != 0 && b.ids.len() < limits::MAX_BUCKET_IDS {
        b.ids.push(g.id);
    }
    if b.created_by.is_none() {
        b.created_by.clone_from(&g.created_by);
    }
}

/// `12 minutes` -> 12.
pub fn minutes(wait: &str) -> Option<u64> {
    wait.split(' ').next()?.parse().ok()
}

/// FNV-1a over function, file and line of every frame: a fixed hash, so
/// the bucket order is the same in every host and every run.
fn stack_hash(frames: &[Frame]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &c in bytes {
            h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in frames {
        eat(f.function.as_bytes());
        eat(&[0]);
        eat(f.file.as_bytes());
        eat(&f.line.to_le_bytes());
    }
    h
}

/// The first frame of the program's own code, from the top.
pub fn own_frame(frames: &[Frame]) -> Option<&Frame> {
    frames
        .iter()
        .find(|f| !f.is_runtime() && !f.is_std() && !f.file.ends_with("_testmain.go"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::builder::goroutine;

    fn g(id: u64, state: &str, wait: Option<&str>, stack: &[(&str, u32)]) -> Goroutine {
        let mut g = goroutine(id, state.into(), wait.map(str::to_string));
        g.frames = stack
            .iter()
            .map(|(f, l)| Frame {
                function: (*f).into(),
                file: "/src/a.go".into(),
                line: *l,
            })
            .collect();
        g
    }

    #[test]
    fn identical_stacks_share_a_bucket_and_the_biggest_comes_first() {
        let mut b = Buckets::default();
        b.add(&g(1, "running", None, &[("main.main", 3)]));
        for id in 2..=4 {
            let wait = (id == 3).then_some("12 minutes");
            b.add(&g(
                id,
                "chan receive",
                wait,
                &[("main.get", 88), ("main.loop", 9)],
            ));
        }
        // Same functions, another line: another stack.
        b.add(&g(
            5,
            "chan receive",
            None,
            &[("main.get", 89), ("main.loop", 9)],
        ));
        let (list, out) = b.finish(true);
        assert_eq!(out, 0);
        let counts: Vec<u64> = list.iter().map(|b| b.count).collect();
        assert_eq!(counts, [3, 1, 1]);
        let top = &list[0];
        assert_eq!(top.ids, [2, 3, 4]);
        assert_eq!((top.wait_min, top.wait_max), (Some(12), Some(12)));
        assert_eq!(top.own.as_ref().map(|f| f.line), Some(88));
        assert!(!top.crashed && list[1].crashed);
    }

    #[test]
    fn stacks_past_the_cap_are_counted_not_kept() {
        let mut b = Buckets::default();
        let extra = 10;
        for line in 0..(limits::MAX_BUCKETS as u32 + extra) {
            b.add(&g(u64::from(line) + 1, "select", None, &[("main.f", line)]));
        }
        b.add(&g(9999, "select", None, &[("main.f", 0)]));
        let (list, out) = b.finish(false);
        assert_eq!(list.len(), limits::MAX_BUCKETS);
        assert_eq!(out, u64::from(extra));
        assert_eq!(list[0].count, 2);
    }
}
