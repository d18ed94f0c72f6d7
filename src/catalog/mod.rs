//! The signature catalog: data in `catalog/*.json`, compiled once.
//!
//! The JSON files are embedded at build time so every host (native, wasm,
//! component) carries the same catalog; users add their own entries at run
//! time with [`Catalog::with_extra`].

#[cfg(panicsig_backtracker)]
mod backtrack;
pub mod docs;
mod literals;
mod matcher;
pub mod read;
mod regex_syntax;

pub use matcher::Match;

use crate::model::Incident;
use serde::Serialize;
use std::fmt;
use std::sync::OnceLock;

/// Version of the catalog data, reported in every annotation so a stored
/// annotation can be traced to the entries that produced it.
pub const CATALOG_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", "2026.11");

/// The built-in catalog as embedded: all files' entries in order, without
/// `examples`/`handbook`, one minified entry per line, deflated by
/// `build.rs`.
#[cfg(panicsig_packed_catalog)]
const PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.json.deflate"));

/// The browser build's catalog: the entries without their text, not
/// deflated (see `build.rs`); [`Catalog::add_text`] supplies the text.
#[cfg(not(panicsig_packed_catalog))]
const RULES: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.rules.json"));

/// Bytes of the embedded catalog, for size reports.
pub fn packed_len() -> usize {
    #[cfg(panicsig_packed_catalog)]
    return PACKED.len();
    #[cfg(not(panicsig_packed_catalog))]
    return RULES.len();
}

// `BUILTIN_FILES`, written by build.rs from its list of catalog files.
include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The seed handbook's chapter → code mapping.
pub const HANDBOOK: &str = include_str!("../../catalog/handbook.json");

/// Text in English and Chinese.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    /// The text in `lang`, English when that language is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh if !self.zh.is_empty() => &self.zh,
            _ => &self.en,
        }
    }
}

/// Output language for remediation text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "en" => Ok(Lang::En),
            "zh" | "zh-CN" | "zh-cn" => Ok(Lang::Zh),
            other => Err(Error(format!("unknown language {other:?} (use en or zh)"))),
        }
    }
}

/// Match conditions of an entry, as written in the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MatchSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<OneOrMany>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_contains: Option<OneOrMany>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_regex: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    /// Prefixes, any one starting the function of the frame that raised
    /// the crash ([`crate::model::Incident::raiser`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raised_in: Option<OneOrMany>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket: Option<BucketSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_goroutines: Option<u64>,
}

/// A condition on the incident's goroutine buckets: some one bucket meets
/// every field given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BucketSpec {
    /// Any of these goroutine states (`sync.Mutex.Lock`, `chan send`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<OneOrMany>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_count: Option<u64>,
    /// The longest wait printed in the bucket, in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_wait_minutes: Option<u64>,
    /// The bucket's share of all goroutines, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_percent: Option<u64>,
}

/// A string or a list of strings (any of).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// One catalog entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    pub code: String,
    pub slug: String,
    /// `{"en": ..., "zh": ...}`, or one string (English only) as users'
    /// signatures often have it.
    pub title: Text,
    pub severity: Severity,
    pub category: String,
    /// The conditions, any one of which makes the entry match: one
    /// object in the file, or a list when one meaning shows in several
    /// shapes (a runtime throw known by its words, or by the function
    /// that raised it). Never empty.
    #[serde(rename = "match", serialize_with = "one_or_list")]
    pub matcher: Vec<MatchSpec>,
    #[serde(skip_serializing_if = "is_zero")]
    pub priority: i32,
    pub summary: Text,
    pub remediation: Text,
    pub commands: Vec<String>,
    pub examples: Vec<String>,
    /// Why an entry has no example: the condition cannot be produced by a
    /// test program on a CI machine (an exhausted kernel table, a runtime
    /// self-check that only corruption trips).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_example: Option<String>,
    pub handbook: Vec<String>,
    /// The annotation's last members, escaped once (see
    /// [`crate::annotate`]); not part of the entry.
    #[serde(skip)]
    pub(crate) escaped: Escaped,
}

/// A signature's text as JSON, per language, written on first use: the
/// record path then copies it instead of escaping a kilobyte or two of
/// prose per crash record. Never part of comparisons or output.
#[derive(Debug, Clone, Default)]
pub(crate) struct Escaped([std::sync::OnceLock<String>; 2]);

impl Escaped {
    /// The JSON for `lang`, written by `write` the first time.
    pub(crate) fn get(&self, lang: Lang, write: impl FnOnce() -> String) -> &str {
        let i = match lang {
            Lang::En => 0,
            Lang::Zh => 1,
        };
        match self.0.get(i) {
            Some(cell) => cell.get_or_init(write),
            None => "",
        }
    }

    /// Forget what was written: the text changed.
    fn clear(&mut self) {
        *self = Escaped::default();
    }
}

impl PartialEq for Escaped {
    fn eq(&self, _: &Escaped) -> bool {
        true
    }
}

impl Eq for Escaped {}

/// One alternative is written as the object, as catalog files have it.
fn one_or_list<S: serde::Serializer>(v: &[MatchSpec], s: S) -> Result<S::Ok, S::Error> {
    match v {
        [one] => one.serialize(s),
        many => many.serialize(s),
    }
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

/// How bad it is for the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// A catalog error: bad JSON, a bad regex, a duplicate code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// A compiled catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Each entry with its compiled alternatives.
    entries: Vec<(Signature, Vec<Match>)>,
    /// (entry, alternative) indices by rank, highest first, ties in entry
    /// order: [`Catalog::classify`] stops at the first match instead of
    /// testing every entry (a crash record's largest cost in an
    /// interpreter).
    by_rank: Vec<(usize, usize)>,
    /// Whether the built-in entries have their text in English and in
    /// Chinese (always, unless built with `external-text`).
    text_en: bool,
    text_zh: bool,
}

impl Catalog {
    /// The built-in catalog, compiled on first use.
    pub fn builtin() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| {
            let mut c = Catalog {
                entries: Vec::new(),
                by_rank: Vec::new(),
                text_en: !cfg!(feature = "external-text"),
                text_zh: !cfg!(feature = "external-text"),
            };
            // The build's own tests reject a bad built-in file, so a failure
            // here can only come from a broken build: an empty catalog keeps
            // records flowing rather than taking the host down.
            #[cfg(panicsig_packed_catalog)]
            if let Ok(json) = miniz_oxide::inflate::decompress_to_vec(PACKED) {
                if let Ok(text) = std::str::from_utf8(&json) {
                    let _ = c.add_json_lines(text);
                }
            }
            #[cfg(not(panicsig_packed_catalog))]
            let _ = c.add_json_lines(RULES);
            c
        })
    }

    /// Whether the built-in entries have their text in `lang`: always,
    /// unless built with `external-text` and [`Catalog::add_text`] has not
    /// supplied it.
    pub fn has_text(&self, lang: Lang) -> bool {
        match lang {
            Lang::En => self.text_en,
            Lang::Zh => self.text_zh,
        }
    }

    /// Supply the entries' text in one language, from a JSON array of
    /// `{code, title, summary, remediation, commands}` objects (the form of
    /// `panicsig export text`); returns how many entries got text. An
    /// unknown code is an error, and then nothing changes.
    pub fn add_text(&mut self, lang: Lang, json: &str) -> Result<usize, Error> {
        self.apply_text(lang, &read::texts(json).map_err(Error)?)
    }

    /// [`Catalog::add_text`] with the text already read, for a host that
    /// gives one text to several catalogs.
    pub fn apply_text(&mut self, lang: Lang, texts: &[read::EntryText]) -> Result<usize, Error> {
        let mut at = Vec::with_capacity(texts.len());
        for t in texts {
            match self.entries.iter().position(|(s, _)| s.code == t.code) {
                Some(i) => at.push(i),
                None => return Err(Error(format!("text for unknown signature {}", t.code))),
            }
        }
        let n = at.len();
        for (t, i) in texts.iter().zip(at) {
            if let Some((sig, _)) = self.entries.get_mut(i) {
                for (field, value) in [
                    (&mut sig.title, &t.title),
                    (&mut sig.summary, &t.summary),
                    (&mut sig.remediation, &t.remediation),
                ] {
                    let value = value.clone();
                    match lang {
                        Lang::En => field.en = value,
                        Lang::Zh => field.zh = value,
                    }
                }
                if sig.commands.is_empty() {
                    sig.commands.clone_from(&t.commands);
                }
                sig.escaped.clear();
            }
        }
        match lang {
            Lang::En => self.text_en = true,
            Lang::Zh => self.text_zh = true,
        }
        Ok(n)
    }

    /// Parse and compile entries from a JSON array (or one object).
    pub fn parse(json: &str) -> Result<Vec<(Signature, Vec<Match>)>, Error> {
        let list = read::signatures(json).map_err(Error)?;
        let mut out = Vec::with_capacity(list.len());
        for sig in list {
            // A plain loop, no iterator adaptors around the compile: the
            // regex compile is the deepest call chain of a module's load,
            // and Fluent Bit's default 8 KiB wasm stack holds it only so.
            let mut alts = Vec::with_capacity(sig.matcher.len());
            for spec in &sig.matcher {
                let m = Match::compile(spec)
                    .map_err(|e| Error(format!("signature {}: {e}", sig.code)))?;
                alts.push(m);
            }
            out.push((sig, alts));
        }
        Ok(out)
    }

    /// Add entries from JSON; returns how many were added. Codes and slugs
    /// must be new.
    pub fn add_json(&mut self, json: &str) -> Result<usize, Error> {
        self.add_parsed(Self::parse(json)?)
    }

    /// Add entries written one JSON object per line (the embedded
    /// catalog, see build.rs), each parsed on its own.
    fn add_json_lines(&mut self, lines: &str) -> Result<usize, Error> {
        let mut new = Vec::new();
        for line in lines.lines().filter(|l| !l.trim().is_empty()) {
            new.append(&mut Self::parse(line)?);
        }
        self.add_parsed(new)
    }

    fn add_parsed(&mut self, new: Vec<(Signature, Vec<Match>)>) -> Result<usize, Error> {
        for (s, _) in &new {
            if s.code.is_empty() || s.slug.is_empty() {
                return Err(Error("a signature needs a code and a slug".into()));
            }
            let dup = self
                .entries
                .iter()
                .map(|(e, _)| e)
                .chain(new.iter().map(|(e, _)| e).filter(|e| !std::ptr::eq(*e, s)))
                .find(|e| e.code == s.code || e.slug == s.slug);
            if let Some(d) = dup {
                return Err(Error(format!(
                    "signature {} ({}) duplicates {} ({})",
                    s.code, s.slug, d.code, d.slug
                )));
            }
        }
        let n = new.len();
        // User entries go first so they win ties against built-in ones.
        let mut merged = new;
        merged.append(&mut self.entries);
        self.entries = merged;
        let mut by_rank: Vec<(i32, (usize, usize))> = Vec::new();
        for (i, (s, alts)) in self.entries.iter().enumerate() {
            by_rank.extend(alts.iter().enumerate().map(|(a, m)| (rank(s, m), (i, a))));
        }
        // Stable: equal ranks keep entry order, which breaks their ties.
        by_rank.sort_by_key(|&(r, _)| std::cmp::Reverse(r));
        self.by_rank = by_rank.into_iter().map(|(_, at)| at).collect();
        Ok(n)
    }

    /// The built-in catalog plus the user's entries.
    pub fn with_extra(json: &str) -> Result<Catalog, Error> {
        Catalog::builtin().with_added(json).map(|(c, _)| c)
    }

    /// A copy of this catalog with entries added from JSON (see
    /// [`Catalog::add_json`]), and how many; this one stays as it is.
    pub fn with_added(&self, json: &str) -> Result<(Catalog, usize), Error> {
        let mut c = self.clone();
        let n = c.add_json(json)?;
        Ok((c, n))
    }

    /// All entries in tie-break order.
    pub fn signatures(&self) -> impl Iterator<Item = &Signature> {
        self.entries.iter().map(|(s, _)| s)
    }

    /// The entry with this code or slug.
    pub fn get(&self, code_or_slug: &str) -> Option<&Signature> {
        self.signatures()
            .find(|s| s.code == code_or_slug || s.slug == code_or_slug)
    }

    /// Every alternative of every entry with its rank, in the order
    /// [`Catalog::classify`] tries them: where several match an incident,
    /// it picks the highest, ties to the earlier entry.
    pub fn ranked(&self) -> impl Iterator<Item = (i32, &Signature, &MatchSpec)> {
        self.by_rank.iter().filter_map(|&(i, a)| {
            let (sig, alts) = self.entries.get(i)?;
            Some((rank(sig, alts.get(a)?), sig, sig.matcher.get(a)?))
        })
    }

    /// Every entry that matches the incident, with the rank of its best
    /// matching alternative, in catalog order (for tests and tools:
    /// [`Catalog::classify`] picks from these).
    pub fn matching(&self, incident: &Incident) -> Vec<(i32, &Signature)> {
        self.entries
            .iter()
            .filter_map(|(sig, alts)| {
                let best = alts
                    .iter()
                    .filter(|m| m.matches(incident).is_some())
                    .map(|m| rank(sig, m))
                    .max()?;
                Some((best, sig))
            })
            .collect()
    }

    /// Compile now what the entries compile on first use (see
    /// [`Match::prepare`]).
    pub fn prepare(&self) {
        for (_, alts) in &self.entries {
            for m in alts {
                m.prepare();
            }
        }
    }

    /// The most specific entry matching the incident, with the named
    /// captures of its message regex.
    pub fn classify(&self, incident: &Incident) -> Option<Classified<'_>> {
        let (kind, len) = (matcher::kind_bit(incident.kind), incident.message.len());
        self.by_rank.iter().find_map(|&(i, a)| {
            let (signature, alts) = self.entries.get(i)?;
            let m = alts.get(a)?;
            if !m.may_match(kind, len) {
                return None;
            }
            let details = m.matches(incident)?;
            Some(Classified { signature, details })
        })
    }
}

/// An entry's rank among the entries that match: how specific its
/// conditions are, plus its `priority`.
fn rank(sig: &Signature, m: &Match) -> i32 {
    m.specificity() + sig.priority
}

/// A classification result.
#[derive(Debug, Clone)]
pub struct Classified<'c> {
    pub signature: &'c Signature,
    /// Named captures of the entry's `message_regex`.
    pub details: Vec<(String, String)>,
}
