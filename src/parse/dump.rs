//! Goroutine blocks -> buckets: every goroutine of an incident is counted
//! in the bucket of its stack as soon as its block ends, so a dump of
//! 100,000 goroutines is read in one pass while only the kept ones
//! ([`crate::limits::MAX_GOROUTINES`]) and one bucket per distinct stack
//! stay in memory.

use crate::limits;
use crate::model::{Bucket, BucketFirst, Frame, Goroutine};

/// Buckets under construction.
#[derive(Debug, Default)]
pub(crate) struct Buckets {
    list: Vec<Bucket>,
    /// The stack hash of each bucket of `list`. A scan of this short list
    /// beats a map for the few buckets of nearly every incident, and stays
    /// bounded by the cap on any input.
    keys: Vec<u64>,
    /// The bucket of the first goroutine (the one that crashed, in a crash).
    first: Option<usize>,
    unbucketed: u64,
}

/// A goroutine whose block has ended: kept by the incident (its index
/// there), or past the cap (handed over).
pub(crate) enum Ended<'a> {
    Kept(usize, &'a Goroutine),
    Over(Goroutine),
}

impl Ended<'_> {
    fn handed_back(self) -> Option<Goroutine> {
        match self {
            Ended::Kept(..) => None,
            Ended::Over(g) => Some(g),
        }
    }
}

impl Buckets {
    /// Count one goroutine (or a profile record of `g.count` of them).
    /// `kept` are the incident's kept goroutines, which buckets refer to.
    /// A goroutine past the cap comes back unless it starts a bucket.
    pub fn add(&mut self, ended: Ended<'_>, kept: &[Goroutine]) -> Option<Goroutine> {
        let g = match &ended {
            Ended::Kept(_, g) => *g,
            Ended::Over(g) => g,
        };
        let count = g.count.max(1);
        let key = stack_hash(&g.frames);
        let same = |b: &Bucket| {
            let first = match &b.first {
                BucketFirst::Kept(i) => kept.get(*i),
                BucketFirst::Own(f) => Some(&**f),
            };
            first.is_some_and(|f| f.frames == g.frames)
        };
        let found = self
            .keys
            .iter()
            .zip(&self.list)
            .position(|(k, b)| *k == key && same(b));
        if let Some(b) = found.and_then(|at| self.list.get_mut(at)) {
            merge(b, g, count);
            return ended.handed_back();
        }
        if self.list.len() >= limits::MAX_BUCKETS {
            self.unbucketed = self.unbucketed.saturating_add(count);
            return ended.handed_back();
        }
        let mut b = Bucket {
            count: 0,
            states: Vec::new(),
            wait_min: None,
            wait_max: None,
            locked: 0,
            ids: Vec::new(),
            first: BucketFirst::Kept(0),
            crashed: false,
        };
        merge(&mut b, g, count);
        b.first = match ended {
            Ended::Kept(i, _) => BucketFirst::Kept(i),
            Ended::Over(g) => BucketFirst::Own(Box::new(g)),
        };
        self.keys.push(key);
        self.first.get_or_insert(self.list.len());
        self.list.push(b);
        None
    }

    /// The buckets, most goroutines first (ties in order of appearance),
    /// and the count left out. `crashed` marks the first goroutine's bucket.
    pub fn finish(self, crashed: bool) -> (Vec<Bucket>, u64) {
        let mut list = self.list;
        if let Some(b) = self.first.and_then(|i| list.get_mut(i)) {
            b.crashed = crashed;
        }
        list.sort_by_key(|b| std::cmp::Reverse(b.count));
        (list, self.unbucketed)
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
}

/// `12 minutes` -> 12.
pub fn minutes(wait: &str) -> Option<u64> {
    wait.split(' ').next()?.parse().ok()
}

/// A hash of every frame's line, name lengths and last eight bytes of
/// function and file: a few words per frame rather than every byte,
/// since stacks that differ nearly always differ there. Equal hashes are
/// checked by comparing the frames, so a collision costs time only.
fn stack_hash(frames: &[Frame]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let tail = |s: &str| {
        let b = s.as_bytes();
        let mut x = [0u8; 8];
        let from = b.len().saturating_sub(8);
        for (d, s) in x.iter_mut().zip(b.get(from..).unwrap_or(&[])) {
            *d = *s;
        }
        u64::from_le_bytes(x)
    };
    let mut h: u64 = frames.len() as u64;
    for f in frames {
        let lens = (f.function.len() as u64) << 40 ^ (f.file.len() as u64) << 20;
        h = (h ^ lens ^ u64::from(f.line))
            .wrapping_mul(K)
            .rotate_left(29);
        h = (h ^ tail(&f.function)).wrapping_mul(K).rotate_left(29);
        h = (h ^ tail(&f.file)).wrapping_mul(K).rotate_left(29);
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
        // Two kept goroutines, the rest past the cap.
        let kept = vec![
            g(1, "running", None, &[("main.main", 3)]),
            g(
                2,
                "chan receive",
                None,
                &[("main.get", 88), ("main.loop", 9)],
            ),
        ];
        b.add(Ended::Kept(0, &kept[0]), &kept);
        b.add(Ended::Kept(1, &kept[1]), &kept);
        for id in 3..=4 {
            let wait = (id == 3).then_some("12 minutes");
            let over = g(
                id,
                "chan receive",
                wait,
                &[("main.get", 88), ("main.loop", 9)],
            );
            b.add(Ended::Over(over), &kept);
        }
        // Same functions, another line: another stack.
        let other = g(
            5,
            "chan receive",
            None,
            &[("main.get", 89), ("main.loop", 9)],
        );
        b.add(Ended::Over(other), &kept);
        let (list, out) = b.finish(true);
        assert_eq!(out, 0);
        let counts: Vec<u64> = list.iter().map(|b| b.count).collect();
        assert_eq!(counts, [3, 1, 1]);
        let top = &list[0];
        assert_eq!(top.ids, [2, 3, 4]);
        assert_eq!((top.wait_min, top.wait_max), (Some(12), Some(12)));
        assert_eq!(top.first, BucketFirst::Kept(1));
        assert!(!top.crashed && list[1].crashed);
        assert!(matches!(&list[2].first, BucketFirst::Own(f) if f.id == 5));
    }

    #[test]
    fn stacks_past_the_cap_are_counted_not_kept() {
        let mut b = Buckets::default();
        let extra = 10;
        for line in 0..(limits::MAX_BUCKETS as u32 + extra) {
            let over = g(u64::from(line) + 1, "select", None, &[("main.f", line)]);
            b.add(Ended::Over(over), &[]);
        }
        b.add(Ended::Over(g(9999, "select", None, &[("main.f", 0)])), &[]);
        let (list, out) = b.finish(false);
        assert_eq!(list.len(), limits::MAX_BUCKETS);
        assert_eq!(out, u64::from(extra));
        assert_eq!(list[0].count, 2);
    }
}
