//! The operations the interactive hosts expose (CLI `scan`, browser,
//! component), defined once so every host returns the same results: scan a
//! text or a stream of chunks, annotate one text or record, list and extend
//! the catalog. Hosts only convert arguments and results.

use crate::annotate::{annotate_text, Annotation, Options};
use crate::catalog::{Catalog, Lang};
use crate::json_read;
use crate::json_scan;
use crate::locate::message_text;
use crate::model::{Bucket, Frame, Incident};
use crate::parse::own_frame;
use crate::parse::Scanner;
use serde::Serialize;
use std::fmt;

/// A failure a caller can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `annotate_record` input is not a JSON object.
    InvalidRecord(String),
    /// `add_signatures` input was rejected (bad JSON, a bad regex, a
    /// duplicate code); nothing was added.
    InvalidSignatures(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRecord(m) => write!(f, "invalid record: {m}"),
            Error::InvalidSignatures(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

/// Options from JSON text (`{"lang":"zh","shape":"ecs"}`); empty text
/// means the defaults. The error says what is wrong.
pub fn parse_options(json: &str) -> Result<Options, String> {
    if json.trim().is_empty() {
        return Ok(Options::default());
    }
    // Unknown keys are refused, so a typo such as `{"language":"zh"}` is an
    // error rather than silently English.
    json_read::parse(json)
        .and_then(|v| Options::from_object(json_read::object(&v, &Options::FIELDS)?))
        .map_err(|e| format!("invalid options: {e}"))
}

/// One frame of the crashing goroutine, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackFrame {
    pub function: String,
    pub file: String,
    pub line: u32,
    /// A runtime frame: where the runtime noticed, not the cause.
    pub runtime: bool,
}

/// One incident found in a text: its annotation, where it is, its stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// 1-based first and last input line of the incident.
    pub start_line: usize,
    pub end_line: usize,
    #[serde(flatten)]
    pub annotation: Annotation,
    /// The crashing goroutine's frames, innermost first (capped at
    /// [`crate::limits::MAX_FRAMES`]).
    pub stack: Vec<StackFrame>,
    /// With more than one goroutine: all of them grouped by identical
    /// stack, most goroutines first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<DumpBucket>,
    /// Goroutines left out of `buckets` (past the cap of distinct stacks).
    #[serde(skip_serializing_if = "is_zero")]
    pub unbucketed: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A bucket of goroutines with the same stack, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DumpBucket {
    pub count: u64,
    pub states: Vec<String>,
    /// Shortest and longest wait printed, in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_min: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_max: Option<u64>,
    /// Goroutines `locked to thread`.
    #[serde(skip_serializing_if = "is_zero")]
    pub locked: u64,
    /// The first few goroutine ids.
    pub ids: Vec<u64>,
    /// The first frame in the program's own code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own: Option<StackFrame>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<StackFrame>,
    pub stack: Vec<StackFrame>,
    /// Holds the goroutine that crashed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub crashed: bool,
}

impl From<&Frame> for StackFrame {
    fn from(f: &Frame) -> Self {
        StackFrame {
            function: f.function.clone(),
            file: f.file.clone(),
            line: f.line,
            runtime: f.is_runtime(),
        }
    }
}

impl DumpBucket {
    fn new(b: &Bucket, inc: &Incident) -> Self {
        let first = inc.bucket_goroutine(b);
        let frames = first.map_or(&[][..], |g| &g.frames);
        let created_by = first.and_then(|g| g.created_by.as_ref());
        DumpBucket {
            count: b.count,
            states: b.states.clone(),
            wait_min: b.wait_min,
            wait_max: b.wait_max,
            locked: b.locked,
            ids: b.ids.clone(),
            own: own_frame(frames).or(created_by).map(StackFrame::from),
            created_by: created_by.map(StackFrame::from),
            stack: frames.iter().map(StackFrame::from).collect(),
            crashed: b.crashed,
        }
    }
}

impl Found {
    /// `None` only with a catalog lacking the fallback entries.
    pub fn new(incident: &Incident, catalog: &Catalog, lang: Lang) -> Option<Found> {
        let annotation = Annotation::new(incident, catalog, lang)?;
        let stack = incident.frames().iter().map(StackFrame::from).collect();
        let several = incident.goroutine_count > 1;
        let buckets = match several {
            true => incident
                .buckets
                .iter()
                .map(|b| DumpBucket::new(b, incident))
                .collect(),
            false => Vec::new(),
        };
        Some(Found {
            start_line: incident.start_line,
            end_line: incident.end_line,
            annotation,
            stack,
            buckets,
            unbucketed: incident.unbucketed,
        })
    }
}

/// Every incident in a complete text. Lines that are JSON objects (docker
/// json-file, JSON loggers) are read through their message field, as
/// `panicsig scan` does.
pub fn scan(text: &str, catalog: &Catalog, opts: &Options) -> Vec<Found> {
    let mut stream = Stream::new(opts.key.clone());
    let mut found = stream.push(text.as_bytes(), catalog, opts.lang);
    found.extend(stream.finish(catalog, opts.lang));
    found
}

/// Incremental scan over chunks of any size: an incident split across
/// chunks is reported whole, once, when it is complete.
#[derive(Debug)]
pub struct Stream {
    scanner: Scanner,
    bytes: u64,
}

impl Stream {
    pub fn new(key: Option<String>) -> Self {
        Stream {
            scanner: Scanner::with_json(key),
            bytes: 0,
        }
    }

    /// Feed a chunk; returns the incidents it completed.
    pub fn push(&mut self, chunk: &[u8], catalog: &Catalog, lang: Lang) -> Vec<Found> {
        self.bytes = self.bytes.saturating_add(chunk.len() as u64);
        self.scanner.feed(chunk);
        annotate_all(self.scanner.take(), catalog, lang)
    }

    /// End of input: the incidents still open.
    pub fn finish(&mut self, catalog: &Catalog, lang: Lang) -> Vec<Found> {
        self.scanner.flush();
        annotate_all(self.scanner.take(), catalog, lang)
    }

    /// Bytes fed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

fn annotate_all(incidents: Vec<Incident>, catalog: &Catalog, lang: Lang) -> Vec<Found> {
    incidents
        .iter()
        .filter_map(|i| Found::new(i, catalog, lang))
        .collect()
}

/// The first incident in the message field of one JSON object record, or
/// in a log text (whose lines may be JSON records, as [`scan`] reads them).
pub fn annotate(input: &str, catalog: &Catalog, opts: &Options) -> Option<Annotation> {
    if input.trim_start().starts_with('{') {
        if let Some(obj) = json_scan::object(input.as_bytes()) {
            let text = message_text(&obj, opts.key.as_deref())?;
            return annotate_text(&text, catalog, opts.lang);
        }
    }
    let mut scanner = Scanner::with_json(opts.key.clone());
    scanner.feed(input.as_bytes());
    let first = scanner.finish().into_iter().next()?;
    Annotation::new(&first, catalog, opts.lang)
}

/// A JSON object record with the annotation added in the requested shape,
/// as the log-shipper hosts emit it; unchanged when it holds no crash or is
/// already annotated. Anything but a JSON object is an error.
pub fn annotate_record(record: &str, catalog: &Catalog, opts: &Options) -> Result<String, Error> {
    if json_scan::object(record.as_bytes()).is_none() {
        return Err(Error::InvalidRecord(
            "expected one complete JSON object".into(),
        ));
    }
    Ok(crate::annotate_record(record.as_bytes(), catalog, opts)
        .and_then(|v| String::from_utf8(v).ok())
        .unwrap_or_else(|| record.to_string()))
}

/// A catalog entry as listed to users, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureInfo {
    pub code: String,
    pub slug: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub summary: String,
    pub remediation: String,
    pub commands: Vec<String>,
}

/// Every entry, in tie-break order.
pub fn signatures(catalog: &Catalog, lang: Lang) -> Vec<SignatureInfo> {
    catalog
        .signatures()
        .map(|s| SignatureInfo {
            code: s.code.clone(),
            slug: s.slug.clone(),
            title: s.title.get(lang).to_string(),
            severity: s.severity.as_str().to_string(),
            category: s.category.clone(),
            summary: s.summary.get(lang).to_string(),
            remediation: s.remediation.get(lang).to_string(),
            commands: s.commands.clone(),
        })
        .collect()
}

/// The built-in catalog plus what the user added, for hosts that keep a
/// catalog per instance.
#[derive(Debug, Default)]
pub struct Signatures {
    /// The built-in catalog with the text loaded into it, once any is
    /// (builds with `external-text`).
    base: Option<Catalog>,
    extended: Option<Catalog>,
}

impl Signatures {
    pub fn catalog(&self) -> &Catalog {
        self.extended
            .as_ref()
            .or(self.base.as_ref())
            .unwrap_or_else(|| Catalog::builtin())
    }

    /// Add entries from JSON (one object or an array); all or nothing.
    pub fn add(&mut self, json: &str) -> Result<usize, Error> {
        let (next, n) = self
            .catalog()
            .with_added(json)
            .map_err(|e| Error::InvalidSignatures(e.to_string()))?;
        self.extended = Some(next);
        Ok(n)
    }

    /// Back to the built-in entries (keeping the text loaded).
    pub fn reset(&mut self) {
        self.extended = None;
    }

    /// Supply the built-in entries' text in `lang` (see
    /// [`Catalog::add_text`]); all or nothing.
    pub fn add_text(&mut self, lang: Lang, json: &str) -> Result<usize, crate::catalog::Error> {
        let texts = crate::catalog::read::texts(json).map_err(crate::catalog::Error)?;
        let with_text = |c: &Catalog| {
            let mut c = c.clone();
            c.apply_text(lang, &texts).map(|n| (c, n))
        };
        let (base, n) = with_text(self.base.as_ref().unwrap_or_else(|| Catalog::builtin()))?;
        let extended = self.extended.as_ref().map(with_text).transpose()?;
        self.base = Some(base);
        self.extended = extended.map(|(c, _)| c);
        Ok(n)
    }
}
