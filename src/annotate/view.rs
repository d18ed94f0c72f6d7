//! An annotation as borrowed text: what the JSON writers read.
//!
//! An owned [`Annotation`] lends one ([`Annotation::view`]). The record
//! paths build one straight from the incident and the catalog entry
//! ([`View::of`]): an owned annotation clones about twenty strings, and
//! in Fluent Bit's interpreter making and dropping them was a third of a
//! crash record's cost.

use super::{Annotation, Details, GoroutineRef, Options, Shape, Site};
use crate::catalog::{Lang, Signature, CATALOG_VERSION};
use crate::json_write::{self, Obj};
use crate::model::{Frame, Incident, SignalInfo};

/// A frame as reported, borrowed.
#[derive(Clone, Copy)]
pub(crate) struct SiteRef<'a> {
    pub function: &'a str,
    pub file: &'a str,
    pub line: u32,
}

impl<'a> From<&'a Frame> for SiteRef<'a> {
    fn from(f: &'a Frame) -> Self {
        SiteRef {
            function: &f.function,
            file: &f.file,
            line: f.line,
        }
    }
}

impl<'a> From<&'a Site> for SiteRef<'a> {
    fn from(s: &'a Site) -> Self {
        SiteRef {
            function: &s.function,
            file: &s.file,
            line: s.line,
        }
    }
}

impl SiteRef<'_> {
    fn to_owned(self) -> Site {
        Site {
            function: self.function.to_string(),
            file: self.file.to_string(),
            line: self.line,
        }
    }
}

/// [`Annotation`]'s fields, borrowed.
pub(crate) struct View<'a> {
    pub code: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub severity: &'a str,
    pub category: &'a str,
    pub kind: &'a str,
    pub message: &'a str,
    pub recovered: bool,
    pub context: Option<&'a str>,
    /// Id and state.
    pub goroutine: Option<(u64, &'a str)>,
    pub crash_site: Option<SiteRef<'a>>,
    pub culprit: Option<SiteRef<'a>>,
    pub fingerprint: &'a str,
    pub details: &'a Details,
    pub nested: &'a [String],
    pub signal: Option<&'a SignalInfo>,
    pub goroutines: usize,
    pub summary: &'a str,
    pub remediation: &'a str,
    pub commands: &'a [String],
    pub catalog_version: &'a str,
    pub incident_id: Option<&'a str>,
}

impl<'a> View<'a> {
    /// `incident` as entry `sig` annotates it in `lang`, with the named
    /// parts of its message and its fingerprint. Without `text`,
    /// `summary`, `remediation`, `commands` and `catalog_version` are
    /// empty: the record paths write them from the entry's escaped copy.
    pub(crate) fn of(
        incident: &'a Incident,
        sig: &'a Signature,
        details: &'a Details,
        fingerprint: &'a str,
        lang: Lang,
        text: bool,
    ) -> View<'a> {
        let (summary, remediation, commands, catalog_version): (_, _, &[String], _) = if text {
            (
                sig.summary.get(lang),
                sig.remediation.get(lang),
                &sig.commands,
                CATALOG_VERSION,
            )
        } else {
            ("", "", &[], "")
        };
        View {
            code: &sig.code,
            slug: &sig.slug,
            title: sig.title.get(lang),
            severity: sig.severity.as_str(),
            category: &sig.category,
            kind: incident.kind.as_str(),
            message: &incident.message,
            recovered: incident.recovered,
            context: incident.context.map(|c| c.as_str()),
            goroutine: incident.goroutine().map(|g| (g.id, g.state.as_str())),
            crash_site: incident.crash_site().map(SiteRef::from),
            culprit: incident.culprit().map(SiteRef::from),
            fingerprint,
            details,
            nested: &incident.nested,
            signal: incident.signal.as_ref(),
            goroutines: incident.goroutine_count,
            summary,
            remediation,
            commands,
            catalog_version,
            incident_id: None,
        }
    }

    /// The owned annotation.
    pub(crate) fn to_owned(&self) -> Annotation {
        Annotation {
            code: self.code.to_string(),
            slug: self.slug.to_string(),
            title: self.title.to_string(),
            severity: self.severity.to_string(),
            category: self.category.to_string(),
            kind: self.kind.to_string(),
            message: self.message.to_string(),
            recovered: self.recovered,
            context: self.context.map(str::to_string),
            goroutine: self.goroutine.map(|(id, state)| GoroutineRef {
                id,
                state: state.to_string(),
            }),
            crash_site: self.crash_site.map(SiteRef::to_owned),
            culprit: self.culprit.map(SiteRef::to_owned),
            fingerprint: self.fingerprint.to_string(),
            details: self.details.clone(),
            nested: self.nested.to_vec(),
            signal: self.signal.cloned(),
            goroutines: self.goroutines,
            summary: self.summary.to_string(),
            remediation: self.remediation.to_string(),
            commands: self.commands.to_vec(),
            catalog_version: self.catalog_version.to_string(),
            incident_id: self.incident_id.map(str::to_string),
        }
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

    /// See [`Annotation::shape_fields`].
    pub(crate) fn shape_fields(&self, opts: &Options) -> Vec<(&'static str, String)> {
        let s = |v: &str| v.to_string();
        match (opts.shape, opts.compact) {
            (Shape::Nested, _) => Vec::new(),
            (Shape::Ecs, true) => vec![("error.code", s(self.code))],
            (Shape::Otel, true) => vec![("exception.type", s(self.code))],
            (Shape::Ecs, false) => vec![
                ("error.code", s(self.code)),
                ("error.type", s(self.slug)),
                ("error.message", s(self.message)),
                ("error.id", s(self.fingerprint)),
                ("error.stack_trace", self.stack_summary()),
            ],
            (Shape::Otel, false) => vec![
                ("exception.type", s(self.code)),
                ("exception.message", s(self.message)),
                ("exception.stacktrace", self.stack_summary()),
            ],
        }
    }

    /// [`Annotation::members`], with the last members already written
    /// ([`Annotation::escaped_tail`]) when the record path has them.
    pub(crate) fn members_with(&self, opts: &Options, tail: Option<&str>) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .shape_fields(opts)
            .into_iter()
            .map(|(k, v)| {
                let mut js = String::with_capacity(v.len() + 8);
                json_write::string(&mut js, &v);
                (k.to_string(), js)
            })
            .collect();
        let mut body = String::with_capacity(2048);
        if opts.compact {
            let mut o = Obj::new(&mut body);
            o.str("code", self.code);
            o.str("severity", self.severity);
            o.end();
        } else {
            self.write_json_with(&mut body, tail);
        }
        out.push(("go_panic".into(), body));
        out
    }

    /// See [`Annotation::write_json`]; `tail`: the members of
    /// [`Annotation::write_tail`] already written.
    pub(crate) fn write_json_with(&self, out: &mut String, tail: Option<&str>) {
        let site = |out: &mut String, s: &Option<SiteRef<'_>>| match s {
            None => json_write::put(out, "null"),
            Some(s) => {
                let mut o = Obj::new(out);
                o.str("function", s.function);
                o.str("file", s.file);
                o.uint("line", u64::from(s.line));
                o.end();
            }
        };
        let mut o = Obj::new(out);
        o.str("code", self.code);
        o.str("slug", self.slug);
        o.str("title", self.title);
        o.str("severity", self.severity);
        o.str("category", self.category);
        o.str("kind", self.kind);
        o.str("message", self.message);
        o.raw("recovered", if self.recovered { "true" } else { "false" });
        if let Some(c) = self.context {
            o.str("context", c);
        }
        match self.goroutine {
            None => o.raw("goroutine", "null"),
            Some((id, state)) => {
                let mut g_obj = Obj::new(o.key("goroutine"));
                g_obj.uint("id", id);
                g_obj.str("state", state);
                g_obj.end();
            }
        }
        site(o.key("crash_site"), &self.crash_site);
        site(o.key("culprit"), &self.culprit);
        o.str("fingerprint", self.fingerprint);
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
        if let Some(sig) = self.signal {
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
            None => Annotation::write_tail(
                &mut o,
                self.summary,
                self.remediation,
                self.commands,
                self.catalog_version,
            ),
        }
        if let Some(id) = self.incident_id {
            o.str("incident_id", id);
        }
        o.end();
    }
}
