//! Compiled `match` conditions and their specificity score.

#[cfg(panicsig_backtracker)]
use super::backtrack::{Backtrack, Outcome};
use super::literals::required_any;
use super::regex_syntax::group_depth;
use super::{BucketSpec, Error, MatchSpec};
use crate::limits::{MAX_REGEX_GROUP_DEPTH, MAX_REGEX_NESTING};
use crate::model::{Bucket, Incident, Kind};
use regex_lite::{Regex, RegexBuilder};
#[cfg(panicsig_backtracker)]
use std::sync::OnceLock;

/// The conditions of one entry, ready to test.
#[derive(Debug, Clone)]
pub struct Match {
    kinds: Vec<Kind>,
    /// `kinds` as bits of [`kind_bit`], 0 for any: with the message's
    /// length, what [`Match::may_match`] checks without a call.
    kind_mask: u8,
    message: Option<String>,
    prefix: Option<String>,
    contains: Vec<String>,
    regex: Option<Regex>,
    /// The same pattern for the backtracker, when it is in its subset
    /// (regex-lite's PikeVM is kept for the rest); compiled on first use
    /// or by [`Match::prepare`].
    #[cfg(panicsig_backtracker)]
    fast: OnceLock<Option<Backtrack>>,
    /// Literals one of which every match of `regex` contains, checked
    /// first: a substring search is far cheaper than the regex engine,
    /// most of all in a wasm interpreter.
    required: Option<Vec<String>>,
    frame: Option<String>,
    raised_in: Vec<String>,
    text: Option<String>,
    context: Option<String>,
    bucket: Option<BucketSpec>,
    min_goroutines: Option<u64>,
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
/// A bucket condition says more about a dump than its kind: how many
/// goroutines wait where and how long.
const W_BUCKET: i32 = 10;
const W_GOROUTINES: i32 = 3;

/// A kind as one bit, for [`Match::may_match`].
pub fn kind_bit(k: Kind) -> u8 {
    match k {
        Kind::Panic => 1,
        Kind::Fatal => 2,
        Kind::Signal => 4,
        Kind::Race => 8,
        Kind::Dump => 16,
    }
}

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
            Some(r) if group_depth(r) > MAX_REGEX_GROUP_DEPTH => {
                return Err(Error(format!(
                    "bad message_regex: groups nested more than {MAX_REGEX_GROUP_DEPTH} deep"
                )))
            }
            Some(r) => Some(
                RegexBuilder::new(r)
                    .nest_limit(MAX_REGEX_NESTING)
                    .build()
                    .map_err(|e| Error(format!("bad message_regex: {e}")))?,
            ),
            None => None,
        };
        if let Some(c) = &spec.context {
            if !matches!(c.as_str(), "http" | "k8s" | "test" | "recovered") {
                return Err(Error(format!("unknown context {c:?}")));
            }
        }
        let m = Match {
            kind_mask: kinds.iter().fold(0, |m, k| m | kind_bit(*k)),
            kinds,
            message: spec.message.clone(),
            prefix: spec.message_prefix.clone(),
            contains: spec
                .message_contains
                .as_ref()
                .map(|c| c.items().to_vec())
                .unwrap_or_default(),
            required: spec.message_regex.as_deref().and_then(required_any),
            #[cfg(panicsig_backtracker)]
            fast: OnceLock::new(),
            regex,
            frame: spec.frame.clone(),
            raised_in: spec
                .raised_in
                .as_ref()
                .map(|c| c.items().to_vec())
                .unwrap_or_default(),
            text: spec.text.clone(),
            context: spec.context.clone(),
            bucket: spec.bucket.clone(),
            min_goroutines: spec.min_goroutines,
        };
        if m.specificity() == 0 {
            return Err(Error("a match needs at least one condition".into()));
        }
        Ok(m)
    }

    /// The backtracker for the regex, compiled the first time.
    #[cfg(panicsig_backtracker)]
    fn fast(&self) -> Option<&Backtrack> {
        self.fast
            .get_or_init(|| {
                self.regex
                    .as_ref()
                    .and_then(|r| Backtrack::compile(r.as_str()))
            })
            .as_ref()
    }

    /// Compile what is compiled on first use now. The Fluent Bit module
    /// calls it at the end of its load, from `_initialize` itself: the
    /// backtracker's parser recurses once per group, and compiled inside
    /// the catalog's parse it made the load up to 90 bytes deeper, in
    /// Fluent Bit's 8 KiB wasm stack that the load nearly fills.
    pub fn prepare(&self) {
        #[cfg(panicsig_backtracker)]
        let _ = self.fast();
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
        if !self.raised_in.is_empty() {
            s += W_FRAME;
        }
        if self.text.is_some() {
            s += W_TEXT;
        }
        if self.context.is_some() {
            s += W_CONTEXT;
        }
        if self.bucket.is_some() {
            s += W_BUCKET;
        }
        if self.min_goroutines.is_some() {
            s += W_GOROUTINES;
        }
        s
    }

    /// False when the kind (as [`kind_bit`]) or the message's length
    /// rules the entry out: most entries are ruled out so, and
    /// classification tries them in turn (in Fluent Bit's interpreter a
    /// call to [`Match::matches`] costs more than these checks).
    #[inline(always)]
    pub fn may_match(&self, kind: u8, message_len: usize) -> bool {
        (self.kind_mask == 0 || self.kind_mask & kind != 0)
            && self.message.as_ref().is_none_or(|m| m.len() == message_len)
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
        if !self.contains.is_empty() && !self.contains.iter().any(|c| has(msg, c)) {
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
                .any(|fr| has(&fr.function, f));
            if !in_frames {
                return None;
            }
        }
        if !self.raised_in.is_empty() {
            let raiser = inc.raiser().map_or("", |f| f.function.as_str());
            if !self
                .raised_in
                .iter()
                .any(|r| raiser.starts_with(r.as_str()))
            {
                return None;
            }
        }
        if let Some(t) = &self.text {
            let found = has(msg, t)
                || inc.notes.iter().any(|n| has(n, t))
                || inc.nested.iter().any(|n| has(n, t));
            if !found {
                return None;
            }
        }
        if let Some(min) = self.min_goroutines {
            if (inc.goroutine_count as u64) < min {
                return None;
            }
        }
        if let Some(spec) = &self.bucket {
            if !inc
                .buckets
                .iter()
                .any(|b| bucket_meets(spec, b, inc.goroutine_count))
            {
                return None;
            }
        }
        if let Some(lits) = &self.required {
            if !lits.iter().any(|l| has(msg, l)) {
                return None;
            }
        }
        let mut details = Vec::new();
        let Some(re) = &self.regex else {
            return Some(details);
        };
        #[cfg(panicsig_backtracker)]
        match self.fast().map(|b| (b, b.captures(msg))) {
            Some((_, Outcome::NoMatch)) => return None,
            Some((b, Outcome::Match(groups))) => {
                for (name, span) in b.names().iter().zip(groups) {
                    if let (Some(name), Some(v)) = (name, span.and_then(|(s, e)| msg.get(s..e))) {
                        details.push((name.clone(), v.to_string()));
                    }
                }
                return Some(details);
            }
            Some((_, Outcome::Unknown)) | None => {}
        }
        let caps = re.captures(msg)?;
        for name in re.capture_names().flatten() {
            if let Some(v) = caps.name(name) {
                details.push((name.to_string(), v.as_str().to_string()));
            }
        }
        Some(details)
    }
}

/// `hay.contains(needle)` without `str::contains`' searcher set-up, which
/// costs more than the search on these short messages.
fn has(hay: &str, needle: &str) -> bool {
    needle.is_empty() || crate::find::find_str(hay, needle).is_some()
}

/// Whether one bucket meets every field of `spec`.
fn bucket_meets(spec: &BucketSpec, b: &Bucket, total: usize) -> bool {
    let state = spec
        .state
        .as_ref()
        .is_none_or(|s| s.items().iter().any(|want| b.states.contains(want)));
    let count = spec.min_count.is_none_or(|n| b.count >= n);
    let wait = spec
        .min_wait_minutes
        .is_none_or(|m| b.wait_max.is_some_and(|w| w >= m));
    // count * 100 >= percent * total, in integers.
    let share = spec.min_percent.is_none_or(|p| {
        u128::from(b.count).saturating_mul(100) >= u128::from(p).saturating_mul(total as u128)
    });
    state && count && wait && share
}

#[cfg(test)]
mod tests {
    use super::Outcome;
    use crate::catalog::backtrack::tests::reference;
    use crate::catalog::Catalog;

    /// Every message of the real outputs and pastes, and each cut short
    /// and grown by a character: what the catalog's regexes meet.
    fn messages() -> Vec<String> {
        let mut out: Vec<String> =
            crate::test_fixtures::incidents(&crate::test_fixtures::CRASH_DIRS)
                .into_iter()
                .map(|i| i.message)
                .collect();
        // The message column of every Go version's inventory, as the
        // runtime prints it with `runtime error: ` where it does.
        for tsv in crate::test_fixtures::read_all(&["tests/fixtures/inventory"]) {
            for line in String::from_utf8_lossy(&tsv).lines().skip(1) {
                if let Some(msg) = line.split('\t').nth(4) {
                    out.push(msg.to_string());
                    out.push(format!("runtime error: {msg}"));
                }
            }
        }
        out.sort();
        out.dedup();
        let variants: Vec<String> = out
            .iter()
            .flat_map(|m| {
                let cut = m
                    .char_indices()
                    .nth(m.chars().count() / 2)
                    .map_or(0, |(i, _)| i);
                [m[..cut].to_string(), format!("{m}x"), format!(" {m}")]
            })
            .collect();
        out.extend(variants);
        out
    }

    /// The backtracker takes nearly every catalog regex, and finds what
    /// regex-lite finds, groups included, on every message.
    #[test]
    fn backtracker_agrees_with_regex_lite_on_every_catalog_regex() {
        let messages = messages();
        let (mut compiled, mut left, mut matched) = (0, Vec::new(), 0);
        for (sig, m) in Catalog::builtin()
            .entries
            .iter()
            .flat_map(|(s, alts)| alts.iter().map(move |m| (s, m)))
        {
            let Some(re) = &m.regex else { continue };
            let Some(fast) = m.fast() else {
                left.push(re.as_str().to_string());
                continue;
            };
            compiled += 1;
            for msg in &messages {
                let want = reference(re, msg);
                matched += usize::from(want != Outcome::NoMatch);
                assert_eq!(fast.captures(msg), want, "{}: {msg:?}", sig.code);
            }
        }
        // Only the case-insensitive keyword lists are left to regex-lite.
        assert!(left.iter().all(|p| p.starts_with("(?i)")), "{left:?}");
        assert!(
            compiled > 60 && matched > 1000,
            "{compiled} regexes, {matched} matches"
        );
    }

    /// The required literals of every catalog regex hold for every message
    /// of the real Go outputs that the regex matches, so the pre-check
    /// never skips an entry that would have matched.
    #[test]
    fn required_literals_hold_for_every_match_in_the_fixtures() {
        let messages: Vec<String> = crate::test_fixtures::read_all(&[
            "tests/fixtures/corpus/go1.19.8",
            "tests/fixtures/corpus/go1.23.5",
            "tests/fixtures/gen/go1.19",
            "tests/fixtures/gen/go1.21",
            "tests/fixtures/gen/go1.23",
            "examples/logs",
        ])
        .iter()
        .filter_map(|bytes| std::str::from_utf8(bytes).ok())
        .flat_map(crate::parse::scan)
        .map(|i| i.message)
        .collect();
        let (mut with_set, mut checked) = (0, 0);
        let entries = &Catalog::builtin().entries;
        for (sig, m) in entries
            .iter()
            .flat_map(|(s, alts)| alts.iter().map(move |m| (s, m)))
        {
            let (Some(re), Some(lits)) = (&m.regex, &m.required) else {
                continue;
            };
            with_set += 1;
            for msg in messages.iter().filter(|msg| re.is_match(msg)) {
                assert!(
                    lits.iter().any(|l| msg.contains(l.as_str())),
                    "{}: {lits:?} not in {msg:?}",
                    sig.code
                );
                checked += 1;
            }
        }
        assert!(
            with_set > 40 && checked > 200,
            "{with_set} entries, {checked} matches"
        );
    }
}
