//! Incident + signature → the annotation every host emits.

mod details;
pub mod msgpack;
pub mod record;
mod view;

pub use details::Details;

use crate::catalog::{Catalog, Classified, Lang, Signature, CATALOG_VERSION};
use crate::fingerprint::fingerprint;
use crate::json_read;
use crate::json_write::Obj;
use crate::model::{Frame, Incident, SignalInfo};
use serde::{Deserialize, Serialize};
use view::{SiteRef, View};

/// Field layout of the annotation added to a record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// Everything under one `go_panic` object.
    #[default]
    Nested,
    /// Elastic Common Schema: `error.code`, `error.type`, `error.message`,
    /// `error.id`, `error.stack_trace`, the rest under `go_panic`.
    Ecs,
    /// OpenTelemetry semantic conventions: `exception.type`,
    /// `exception.message`, `exception.stacktrace`, the rest under
    /// `go_panic`.
    Otel,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Nested, Shape::Ecs, Shape::Otel];

    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Nested => "nested",
            Shape::Ecs => "ecs",
            Shape::Otel => "otel",
        }
    }
}

impl std::str::FromStr for Shape {
    type Err = crate::catalog::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nested" => Ok(Shape::Nested),
            "ecs" => Ok(Shape::Ecs),
            "otel" => Ok(Shape::Otel),
            other => Err(crate::catalog::Error(format!(
                "unknown shape {other:?} (use nested, ecs or otel)"
            ))),
        }
    }
}

/// What to emit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Options {
    pub lang: Lang,
    pub shape: Shape,
    /// Only `code` and `severity`.
    pub compact: bool,
    /// The record field holding the log text; `None` tries `log`,
    /// `message`, `msg`, `MESSAGE` in that order.
    pub key: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Options {
    /// The defaults as a constant, for statics.
    pub const DEFAULT: Options = Options {
        lang: Lang::En,
        shape: Shape::Nested,
        compact: false,
        key: None,
    };

    /// The members of a JSON object that hold options.
    pub const FIELDS: [&'static str; 4] = ["lang", "shape", "compact", "key"];

    /// Options from the [`Options::FIELDS`] of a JSON object (absent ones
    /// take their defaults); checking for other keys is the caller's.
    pub fn from_object(o: &json_read::Object) -> Result<Options, String> {
        Ok(Options {
            lang: json_read::opt_variant(o, "lang", &Lang::ALL, Lang::as_str)?.unwrap_or_default(),
            shape: json_read::opt_variant(o, "shape", &Shape::ALL, Shape::as_str)?
                .unwrap_or_default(),
            compact: json_read::opt_bool(o, "compact")?.unwrap_or(false),
            key: json_read::opt_string(o, "key")?,
        })
    }
}

/// A frame as reported: function, file, line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub function: String,
    pub file: String,
    pub line: u32,
}

impl From<&Frame> for Site {
    fn from(f: &Frame) -> Self {
        Site {
            function: f.function.clone(),
            file: f.file.clone(),
            line: f.line,
        }
    }
}

/// The crashing goroutine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoroutineRef {
    pub id: u64,
    pub state: String,
}

/// Everything panicsig says about one incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub code: String,
    pub slug: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub kind: String,
    pub message: String,
    pub recovered: bool,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context: Option<String>,
    pub goroutine: Option<GoroutineRef>,
    pub crash_site: Option<Site>,
    pub culprit: Option<Site>,
    pub fingerprint: String,
    /// Named parts of the message (`index`, `length`, `path`, ...).
    #[serde(skip_serializing_if = "Details::is_empty", default)]
    pub details: Details,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub nested: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub signal: Option<SignalInfo>,
    /// Goroutine blocks printed (all of them, beyond the kept cap).
    pub goroutines: usize,
    pub summary: String,
    pub remediation: String,
    pub commands: Vec<String>,
    pub catalog_version: String,
    /// Set on line-per-record streams, where the traceback records that
    /// follow carry it as `go_panic_incident`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub incident_id: Option<String>,
}

impl Annotation {
    /// Build the annotation for an incident, or `None` when no entry
    /// matches (only possible with a catalog lacking fallbacks).
    pub fn new(incident: &Incident, catalog: &Catalog, lang: Lang) -> Option<Annotation> {
        Self::with_signature(incident, catalog, lang).map(|(a, _)| a)
    }

    /// [`Annotation::new`], and the entry that matched.
    fn with_signature<'c>(
        incident: &Incident,
        catalog: &'c Catalog,
        lang: Lang,
    ) -> Option<(Annotation, &'c Signature)> {
        let Classified { signature, details } = catalog.classify(incident)?;
        let details: Details = details.into_iter().collect();
        let fingerprint = fingerprint(&signature.code, incident);
        let view = View::of(incident, signature, &details, &fingerprint, lang, true);
        Some((view.to_owned(), signature))
    }

    /// The annotation's fields, borrowed, for the writers.
    pub(crate) fn view(&self) -> View<'_> {
        View {
            code: &self.code,
            slug: &self.slug,
            title: &self.title,
            severity: &self.severity,
            category: &self.category,
            kind: &self.kind,
            message: &self.message,
            recovered: self.recovered,
            context: self.context.as_deref(),
            goroutine: self.goroutine.as_ref().map(|g| (g.id, g.state.as_str())),
            crash_site: self.crash_site.as_ref().map(SiteRef::from),
            culprit: self.culprit.as_ref().map(SiteRef::from),
            fingerprint: &self.fingerprint,
            details: &self.details,
            nested: &self.nested,
            signal: self.signal.as_ref(),
            goroutines: self.goroutines,
            summary: &self.summary,
            remediation: &self.remediation,
            commands: &self.commands,
            catalog_version: &self.catalog_version,
            incident_id: self.incident_id.as_deref(),
        }
    }

    /// The flat fields of the requested shape (ECS `error.*`, OTel
    /// `exception.*`), as strings; none for the nested shape.
    pub fn shape_fields(&self, opts: &Options) -> Vec<(&'static str, String)> {
        self.view().shape_fields(opts)
    }

    /// The JSON members to add to a record, as `(key, JSON text)` pairs in
    /// the requested shape, fields in their documented order (`code`
    /// first).
    pub fn members(&self, opts: &Options) -> Vec<(String, String)> {
        self.view().members_with(opts, None)
    }

    /// The members after `goroutines`, which come from the catalog entry
    /// alone: `summary`, `remediation`, `commands`, `catalog_version`.
    fn write_tail(
        o: &mut Obj<'_>,
        summary: &str,
        remediation: &str,
        commands: &[String],
        catalog_version: &str,
    ) {
        o.str("summary", summary);
        o.str("remediation", remediation);
        o.strs("commands", commands.iter().map(String::as_str));
        o.str("catalog_version", catalog_version);
    }

    /// [`Annotation::write_tail`] of `sig` in `lang`, written once per
    /// entry and language.
    fn escaped_tail(sig: &Signature, lang: Lang) -> &str {
        sig.escaped.get(lang, || {
            let mut out = String::new();
            let mut o = Obj::bare(&mut out);
            Self::write_tail(
                &mut o,
                sig.summary.get(lang),
                sig.remediation.get(lang),
                &sig.commands,
                CATALOG_VERSION,
            );
            out
        })
    }

    /// The annotation as JSON: the text `serde_json::to_string` gives
    /// (tests hold the two equal), written without serde's byte-at-a-time
    /// escaping of the catalog text (see [`json_write`]).
    pub fn write_json(&self, out: &mut String) {
        self.view().write_json_with(out, None);
    }
}

/// The first incident in `text`, annotated. The scanner's own prefilter
/// skips text without a needle; the record paths have already run the
/// sampled record prefilter, so no pass over the text comes before it.
pub fn annotate_text(text: &str, catalog: &Catalog, lang: Lang) -> Option<Annotation> {
    let first = crate::parse::first(text)?;
    Annotation::new(&first, catalog, lang)
}

/// The record paths' annotation: the incident, the entry and what
/// classifying it found, written through a [`View`] without an owned
/// [`Annotation`]; the entry's text is written from its
/// [`Annotation::escaped_tail`], so a crash record neither copies nor
/// escapes a kilobyte or two of prose.
pub(crate) struct RecordAnnotation<'c> {
    incident: Incident,
    signature: &'c Signature,
    details: Details,
    fingerprint: String,
    lang: Lang,
    /// See [`Annotation::incident_id`].
    pub(crate) incident_id: Option<String>,
}

impl<'c> RecordAnnotation<'c> {
    /// `incident` classified by `catalog`, or `None` when no entry
    /// matches.
    pub(crate) fn new(incident: Incident, catalog: &'c Catalog, lang: Lang) -> Option<Self> {
        let Classified { signature, details } = catalog.classify(&incident)?;
        Some(RecordAnnotation {
            fingerprint: fingerprint(&signature.code, &incident),
            details: details.into_iter().collect(),
            incident,
            signature,
            lang,
            incident_id: None,
        })
    }

    /// [`Annotation::members`] of the whole annotation.
    pub(crate) fn members(&self, opts: &Options) -> Vec<(String, String)> {
        let mut view = View::of(
            &self.incident,
            self.signature,
            &self.details,
            &self.fingerprint,
            self.lang,
            false,
        );
        view.incident_id = self.incident_id.as_deref();
        let tail = Annotation::escaped_tail(self.signature, self.lang);
        view.members_with(opts, Some(tail))
    }
}

/// [`annotate_text`] for the record paths.
pub(crate) fn annotate_record_text<'c>(
    text: &str,
    catalog: &'c Catalog,
    lang: Lang,
) -> Option<RecordAnnotation<'c>> {
    RecordAnnotation::new(crate::parse::first(text)?, catalog, lang)
}

#[cfg(test)]
mod tests;
