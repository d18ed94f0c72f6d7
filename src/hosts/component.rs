//! WIT component (`wasm32-wasip2` + wit-bindgen; `make component`): the
//! `panicsig:annotator` world of `wit/`.
//!
//! Conversion only: every operation is the one in [`crate::api`]. Errors
//! are the WIT `error` variant; nothing here can trap. The catalog and the
//! `configure`d options are per component instance.

use crate::annotate::{Annotation, Options, Shape};
use crate::api::{self, Found, Signatures};
use crate::catalog::Lang;
use std::cell::RefCell;

wit_bindgen::generate!({
    path: "wit",
    world: "panicsig",
});

use exports::panicsig::annotator::annotator as wit;
use panicsig::annotator::types as t;

struct Component;

#[derive(Default)]
struct Instance {
    signatures: Signatures,
    options: Options,
}

thread_local! {
    static INSTANCE: RefCell<Instance> = RefCell::new(Instance::default());
}

impl wit::Guest for Component {
    type Scanner = Scanner;

    fn configure(options: t::Options) {
        INSTANCE.with_borrow_mut(|i| i.options = from_wit(options));
    }

    fn scan(text: String) -> Vec<t::Incident> {
        INSTANCE.with_borrow(|i| {
            api::scan(&text, i.signatures.catalog(), &i.options)
                .into_iter()
                .map(incident)
                .collect()
        })
    }

    fn annotate_text(text: String) -> Option<t::Annotation> {
        INSTANCE
            .with_borrow(|i| api::annotate(&text, i.signatures.catalog(), &i.options))
            .map(annotation)
    }

    fn annotate_record(record: String, options: t::Options) -> Result<String, t::Error> {
        INSTANCE.with_borrow(|i| {
            api::annotate_record(&record, i.signatures.catalog(), &from_wit(options)).map_err(error)
        })
    }

    fn catalog() -> Vec<t::SignatureInfo> {
        INSTANCE.with_borrow(|i| {
            api::signatures(i.signatures.catalog(), i.options.lang)
                .into_iter()
                .map(|s| t::SignatureInfo {
                    severity: severity(&s.severity),
                    code: s.code,
                    slug: s.slug,
                    title: s.title,
                    category: s.category,
                    summary: s.summary,
                    remediation: s.remediation,
                    commands: s.commands,
                })
                .collect()
        })
    }

    fn add_signatures(json: String) -> Result<u32, t::Error> {
        INSTANCE.with_borrow_mut(|i| {
            i.signatures
                .add(&json)
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
                .map_err(error)
        })
    }
}

/// The `scanner` resource: one [`api::Stream`] with the instance's
/// language and key at construction.
pub struct Scanner {
    stream: RefCell<api::Stream>,
    lang: Lang,
}

impl wit::GuestScanner for Scanner {
    fn new() -> Self {
        INSTANCE.with_borrow(|i| Scanner {
            stream: RefCell::new(api::Stream::new(i.options.key.clone())),
            lang: i.options.lang,
        })
    }

    fn push(&self, chunk: Vec<u8>) -> Vec<t::Incident> {
        let found = INSTANCE.with_borrow(|i| {
            self.stream
                .borrow_mut()
                .push(&chunk, i.signatures.catalog(), self.lang)
        });
        found.into_iter().map(incident).collect()
    }

    fn finish(&self) -> Vec<t::Incident> {
        let found = INSTANCE.with_borrow(|i| {
            self.stream
                .borrow_mut()
                .finish(i.signatures.catalog(), self.lang)
        });
        found.into_iter().map(incident).collect()
    }
}

fn from_wit(o: t::Options) -> Options {
    Options {
        lang: match o.lang {
            t::Lang::En => Lang::En,
            t::Lang::Zh => Lang::Zh,
        },
        shape: match o.shape {
            t::Shape::Nested => Shape::Nested,
            t::Shape::Ecs => Shape::Ecs,
            t::Shape::Otel => Shape::Otel,
        },
        compact: o.compact,
        key: o.key,
    }
}

fn error(e: api::Error) -> t::Error {
    match e {
        api::Error::InvalidRecord(m) => t::Error::InvalidRecord(m),
        api::Error::InvalidSignatures(m) => t::Error::InvalidSignatures(m),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Severity names come from [`crate::catalog::Severity::as_str`].
fn severity(s: &str) -> t::Severity {
    match s {
        "critical" => t::Severity::Critical,
        "high" => t::Severity::High,
        "medium" => t::Severity::Medium,
        _ => t::Severity::Low,
    }
}

/// Kind names come from [`crate::model::Kind::as_str`].
fn kind(s: &str) -> t::Kind {
    match s {
        "fatal" => t::Kind::Fatal,
        "signal" => t::Kind::Signal,
        "race" => t::Kind::Race,
        "dump" => t::Kind::Dump,
        _ => t::Kind::Panic,
    }
}

fn site(s: crate::annotate::Site) -> t::Site {
    t::Site {
        function: s.function,
        file: s.file,
        line: s.line,
    }
}

fn annotation(a: Annotation) -> t::Annotation {
    t::Annotation {
        severity: severity(&a.severity),
        kind: kind(&a.kind),
        code: a.code,
        slug: a.slug,
        title: a.title,
        category: a.category,
        message: a.message,
        recovered: a.recovered,
        context: a.context,
        goroutine: a.goroutine.map(|g| t::Goroutine {
            id: g.id,
            state: g.state,
        }),
        crash_site: a.crash_site.map(site),
        culprit: a.culprit.map(site),
        fingerprint: a.fingerprint,
        details: a.details.into_iter().collect(),
        nested: a.nested,
        signal: a.signal.map(|s| t::SignalInfo {
            name: s.name,
            code: s.code,
            addr: s.addr,
        }),
        goroutines: to_u32(a.goroutines),
        summary: a.summary,
        remediation: a.remediation,
        commands: a.commands,
        catalog_version: a.catalog_version,
    }
}

fn frame(s: api::StackFrame) -> t::Frame {
    t::Frame {
        function: s.function,
        file: s.file,
        line: s.line,
        runtime: s.runtime,
    }
}

fn bucket(b: api::DumpBucket) -> t::Bucket {
    t::Bucket {
        count: b.count,
        states: b.states,
        wait_min: b.wait_min,
        wait_max: b.wait_max,
        locked: b.locked,
        ids: b.ids,
        own: b.own.map(frame),
        created_by: b.created_by.map(frame),
        stack: b.stack.into_iter().map(frame).collect(),
        crashed: b.crashed,
    }
}

fn incident(f: Found) -> t::Incident {
    t::Incident {
        start_line: to_u32(f.start_line),
        end_line: to_u32(f.end_line),
        annotation: annotation(f.annotation),
        stack: f.stack.into_iter().map(frame).collect(),
        buckets: f.buckets.into_iter().map(bucket).collect(),
        unbucketed: f.unbucketed,
    }
}

export!(Component);
