//! Incident + signature → the annotation every host emits.

mod details;
pub mod msgpack;
pub mod record;

pub use details::Details;

use crate::catalog::{Catalog, Classified, Lang, Signature, CATALOG_VERSION};
use crate::fingerprint::fingerprint;
use crate::json_read;
use crate::json_write::{self, Obj};
use crate::model::{Frame, Incident, SignalInfo};
use serde::{Deserialize, Serialize};

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
        Self::with_signature(incident, catalog, lang, true).map(|(a, _)| a)
    }

    /// [`Annotation::new`], and the entry that matched. Without `text`,
    /// `summary`, `remediation`, `commands` and `catalog_version` are left
    /// empty, for [`RecordAnnotation`], which writes them from the entry.
    fn with_signature<'c>(
        incident: &Incident,
        catalog: &'c Catalog,
        lang: Lang,
        text: bool,
    ) -> Option<(Annotation, &'c Signature)> {
        let Classified { signature, details } = catalog.classify(incident)?;
        let (summary, remediation, commands, catalog_version) = if text {
            (
                signature.summary.get(lang).to_string(),
                signature.remediation.get(lang).to_string(),
                signature.commands.clone(),
                CATALOG_VERSION.to_string(),
            )
        } else {
            Default::default()
        };
        let kind = incident.kind.as_str().to_string();
        Some(Annotation {
            code: signature.code.clone(),
            slug: signature.slug.clone(),
            title: signature.title.get(lang).to_string(),
            severity: signature.severity.as_str().to_string(),
            category: signature.category.clone(),
            kind,
            message: incident.message.clone(),
            recovered: incident.recovered,
            context: incident.context.map(|c| c.as_str().to_string()),
            goroutine: incident.goroutine().map(|g| GoroutineRef {
                id: g.id,
                state: g.state.clone(),
            }),
            crash_site: incident.crash_site().map(Site::from),
            culprit: incident.culprit().map(Site::from),
            fingerprint: fingerprint(&signature.code, incident),
            details: details.into_iter().collect(),
            nested: incident.nested.clone(),
            signal: incident.signal.clone(),
            goroutines: incident.goroutine_count,
            summary,
            remediation,
            commands,
            catalog_version,
            incident_id: None,
        })
        .map(|a| (a, signature))
    }

    /// A short stack trace for ECS `error.stack_trace` / OTel
    /// `exception.stacktrace`: the header and the crash site.
    fn stack_summary(&self) -> String {
        let mut s = format!("{}: {}", self.kind, self.message);
        for (label, site) in [("at", &self.crash_site), ("culprit", &self.culprit)] {
            if let Some(site) = site {
                s.push_str(&format!(
                    "\n  {label} {} ({}:{})",
                    site.function, site.file, site.line
                ));
            }
        }
        s
    }

    /// The flat fields of the requested shape (ECS `error.*`, OTel
    /// `exception.*`), as strings; none for the nested shape.
    pub fn shape_fields(&self, opts: &Options) -> Vec<(&'static str, String)> {
        match (opts.shape, opts.compact) {
            (Shape::Nested, _) => Vec::new(),
            (Shape::Ecs, true) => vec![("error.code", self.code.clone())],
            (Shape::Otel, true) => vec![("exception.type", self.code.clone())],
            (Shape::Ecs, false) => vec![
                ("error.code", self.code.clone()),
                ("error.type", self.slug.clone()),
                ("error.message", self.message.clone()),
                ("error.id", self.fingerprint.clone()),
                ("error.stack_trace", self.stack_summary()),
            ],
            (Shape::Otel, false) => vec![
                ("exception.type", self.code.clone()),
                ("exception.message", self.message.clone()),
                ("exception.stacktrace", self.stack_summary()),
            ],
        }
    }

    /// The JSON members to add to a record, as `(key, JSON text)` pairs in
    /// the requested shape, fields in their documented order (`code`
    /// first).
    pub fn members(&self, opts: &Options) -> Vec<(String, String)> {
        self.members_with(opts, None)
    }

    /// [`Annotation::members`], with the last members already written
    /// ([`Annotation::escaped_tail`]) when the record path has them.
    fn members_with(&self, opts: &Options, tail: Option<&str>) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .shape_fields(opts)
            .into_iter()
            .map(|(k, v)| {
                let mut js = String::new();
                json_write::string(&mut js, &v);
                (k.to_string(), js)
            })
            .collect();
        let mut body = String::with_capacity(2048);
        if opts.compact {
            let mut o = Obj::new(&mut body);
            o.str("code", &self.code);
            o.str("severity", &self.severity);
            o.end();
        } else {
            self.write_json_with(&mut body, tail);
        }
        out.push(("go_panic".into(), body));
        out
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
        self.write_json_with(out, None);
    }

    /// [`Annotation::write_json`], with the members of
    /// [`Annotation::write_tail`] already written.
    fn write_json_with(&self, out: &mut String, tail: Option<&str>) {
        let site = |out: &mut String, s: &Option<Site>| match s {
            None => json_write::put(out, "null"),
            Some(s) => {
                let mut o = Obj::new(out);
                o.str("function", &s.function);
                o.str("file", &s.file);
                o.uint("line", u64::from(s.line));
                o.end();
            }
        };
        let mut o = Obj::new(out);
        o.str("code", &self.code);
        o.str("slug", &self.slug);
        o.str("title", &self.title);
        o.str("severity", &self.severity);
        o.str("category", &self.category);
        o.str("kind", &self.kind);
        o.str("message", &self.message);
        o.raw("recovered", if self.recovered { "true" } else { "false" });
        if let Some(c) = &self.context {
            o.str("context", c);
        }
        match &self.goroutine {
            None => o.raw("goroutine", "null"),
            Some(g) => {
                let mut g_obj = Obj::new(o.key("goroutine"));
                g_obj.uint("id", g.id);
                g_obj.str("state", &g.state);
                g_obj.end();
            }
        }
        site(o.key("crash_site"), &self.crash_site);
        site(o.key("culprit"), &self.culprit);
        o.str("fingerprint", &self.fingerprint);
        if !self.details.is_empty() {
            let mut d = Obj::new(o.key("details"));
            for (k, v) in self.details.iter() {
                d.str(k, v);
            }
            d.end();
        }
        if !self.nested.is_empty() {
            o.strs("nested", self.nested.iter().map(String::as_str));
        }
        if let Some(sig) = &self.signal {
            let mut so = Obj::new(o.key("signal"));
            so.str("name", &sig.name);
            if let Some(c) = &sig.code {
                so.str("code", c);
            }
            if let Some(a) = &sig.addr {
                so.str("addr", a);
            }
            so.end();
        }
        o.uint("goroutines", self.goroutines as u64);
        match tail {
            Some(t) => o.members(t),
            None => Self::write_tail(
                &mut o,
                &self.summary,
                &self.remediation,
                &self.commands,
                &self.catalog_version,
            ),
        }
        if let Some(id) = &self.incident_id {
            o.str("incident_id", id);
        }
        o.end();
    }
}

/// The first incident in `text`, annotated. The scanner's own prefilter
/// skips text without a needle; the record paths have already run the
/// sampled record prefilter, so no pass over the text comes before it.
pub fn annotate_text(text: &str, catalog: &Catalog, lang: Lang) -> Option<Annotation> {
    let first = crate::parse::first(text)?;
    Annotation::new(&first, catalog, lang)
}

/// The record paths' annotation: all but the entry's text, which is
/// written from the entry's [`Annotation::escaped_tail`]: a crash record
/// then neither copies nor escapes a kilobyte or two of prose.
pub(crate) struct RecordAnnotation<'c> {
    pub(crate) annotation: Annotation,
    tail: &'c str,
}

impl RecordAnnotation<'_> {
    /// [`Annotation::members`] of the whole annotation.
    pub(crate) fn members(&self, opts: &Options) -> Vec<(String, String)> {
        self.annotation.members_with(opts, Some(self.tail))
    }
}

/// [`annotate_text`] for the record paths.
pub(crate) fn annotate_record_text<'c>(
    text: &str,
    catalog: &'c Catalog,
    lang: Lang,
) -> Option<RecordAnnotation<'c>> {
    let first = crate::parse::first(text)?;
    let (annotation, sig) = Annotation::with_signature(&first, catalog, lang, false)?;
    Some(RecordAnnotation {
        annotation,
        tail: Annotation::escaped_tail(sig, lang),
    })
}

#[cfg(test)]
mod tests;
