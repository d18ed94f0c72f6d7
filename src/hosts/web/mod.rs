//! Browser ES module (`wasm32-unknown-unknown` + wasm-bindgen; `make web`).
//!
//! Results cross the boundary as JSON text and come out of `JSON.parse` as
//! plain objects: one copy, no per-field glue, and the TypeScript types
//! below describe them. Options are a plain object (`{lang: "zh"}`), read
//! through `JSON.stringify`. Every failure is a thrown `Error` with a
//! message; nothing here can trap.
//!
//! The catalog is per module instance (per page or Worker):
//! `addSignatures` extends it for every later call.
//!
//! The module carries the catalog without its text (the `external-text`
//! build): `panicsig.js` beside it fetches `panicsig.<lang>.json` for each
//! language a page asks for and hands it to [`set_language_text`]. A call
//! in a language whose text is not loaded throws.

use crate::annotate::Options;
use crate::api::{self, Signatures};
use crate::catalog::Lang;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
export type Severity = "low" | "medium" | "high" | "critical";
export type Kind = "panic" | "fatal" | "signal" | "race" | "dump";

/** Output options; every field is optional. */
export interface Options {
  /** Remediation language (default "en"). */
  lang?: "en" | "zh";
  /** Field layout `annotateRecord` adds (default "nested"). */
  shape?: "nested" | "ecs" | "otel";
  /** `annotateRecord` adds only code and severity. */
  compact?: boolean;
  /** Record field with the log text; default tries log, message, msg, MESSAGE. */
  key?: string;
}

export interface Site { function: string; file: string; line: number }

export interface Annotation {
  code: string;
  slug: string;
  title: string;
  severity: Severity;
  category: string;
  kind: Kind;
  message: string;
  recovered: boolean;
  context?: "http" | "k8s" | "test" | "recovered";
  goroutine: { id: number; state: string } | null;
  /** Innermost frame of the crashing goroutine. */
  crash_site: Site | null;
  /** The frame most likely at fault (first user frame). */
  culprit: Site | null;
  /** Stable across runs and builds: groups repeats of one crash. */
  fingerprint: string;
  details?: Record<string, string>;
  nested?: string[];
  signal?: { name: string; code?: string; addr?: string };
  goroutines: number;
  summary: string;
  remediation: string;
  commands: string[];
  catalog_version: string;
}

export interface StackFrame extends Site {
  /** A runtime frame: where the runtime noticed, not the cause. */
  runtime: boolean;
}

/** Goroutines with the same stack (function, file and line of every frame). */
export interface Bucket {
  count: number;
  /** Distinct states printed (`semacquire`, `chan receive`, ...). */
  states: string[];
  /** Shortest and longest wait printed, in minutes. */
  wait_min?: number;
  wait_max?: number;
  /** Goroutines `locked to thread`. */
  locked?: number;
  /** The first few goroutine ids. */
  ids: number[];
  /** The first frame in the program's own code. */
  own?: StackFrame;
  created_by?: StackFrame;
  stack: StackFrame[];
  /** Holds the goroutine that crashed. */
  crashed?: boolean;
}

/** An incident found by `scan` / `Scanner`: 1-based, inclusive line range. */
export interface Incident extends Annotation {
  start_line: number;
  end_line: number;
  stack: StackFrame[];
  /** With more than one goroutine: all of them grouped by identical stack, most first. */
  buckets?: Bucket[];
  /** Goroutines left out of `buckets` (past the cap of distinct stacks). */
  unbucketed?: number;
}

export interface SignatureInfo {
  code: string;
  slug: string;
  title: string;
  severity: Severity;
  category: string;
  summary: string;
  remediation: string;
  commands: string[];
}
"#;

thread_local! {
    static SIGNATURES: RefCell<Signatures> = RefCell::new(Signatures::default());
}

/// Options from a JS value; the catalog text of their language must be
/// loaded.
fn options(value: &JsValue) -> Result<Options, JsError> {
    let opts = parse_options(value)?;
    let lang = opts.lang;
    if SIGNATURES.with_borrow(|s| s.catalog().has_text(lang)) {
        return Ok(opts);
    }
    let name = lang.as_str();
    Err(JsError::new(&format!(
        "the catalog text in {name:?} is not loaded: call `await loadLanguage(\"{name}\")` first"
    )))
}

fn parse_options(value: &JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    if !value.is_object() {
        return Err(JsError::new("invalid options: expected an object"));
    }
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new("invalid options: not serialisable"))?;
    api::parse_options(&String::from(json)).map_err(|e| JsError::new(&e))
}

/// A language name as `loadLanguage` takes it (`"en"`, `"zh"`).
fn lang(name: &str) -> Result<Lang, JsError> {
    Lang::ALL
        .into_iter()
        .find(|l| l.as_str() == name)
        .ok_or_else(|| JsError::new(&format!("unknown language {name:?} (use \"en\" or \"zh\")")))
}

/// Load the catalog text of one language: `json` is `panicsig.<lang>.json`
/// (`panicsig export text --lang <lang>`). `panicsig.js`'s `init` and
/// `loadLanguage` call this; returns how many entries got text.
#[wasm_bindgen(js_name = setLanguageText)]
pub fn set_language_text(lang_name: &str, json: &str) -> Result<u32, JsError> {
    let lang = lang(lang_name)?;
    SIGNATURES.with_borrow_mut(|s| {
        s.add_text(lang, json)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .map_err(|e| JsError::new(&e.to_string()))
    })
}

/// Whether the catalog text of a language is loaded.
#[wasm_bindgen(js_name = hasLanguage)]
pub fn has_language(lang_name: &str) -> Result<bool, JsError> {
    let lang = lang(lang_name)?;
    Ok(SIGNATURES.with_borrow(|s| s.catalog().has_text(lang)))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("internal error: result is not JSON"))
}

/// Every incident in a log text (plain, JSON lines, CRI, journald...).
#[wasm_bindgen(unchecked_return_type = "Incident[]")]
pub fn scan(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    let opts = self::options(&options)?;
    SIGNATURES.with_borrow(|s| to_js(&api::scan(text, s.catalog(), &opts)))
}

/// The first incident in a log text or in a JSON record's message field.
#[wasm_bindgen(unchecked_return_type = "Annotation | undefined")]
pub fn annotate(
    input: &str,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    let opts = self::options(&options)?;
    SIGNATURES.with_borrow(|s| match api::annotate(input, s.catalog(), &opts) {
        Some(a) => to_js(&a),
        None => Ok(JsValue::UNDEFINED),
    })
}

/// A JSON object record with the annotation added (as the Fluent Bit
/// filter adds it), or unchanged when it holds no crash. Throws for
/// anything that is not one JSON object.
#[wasm_bindgen(js_name = annotateRecord)]
pub fn annotate_record(
    record: &str,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> Result<String, JsError> {
    let opts = self::options(&options)?;
    SIGNATURES.with_borrow(|s| {
        api::annotate_record(record, s.catalog(), &opts).map_err(|e| JsError::new(&e.to_string()))
    })
}

/// The catalog's entries in one language.
#[wasm_bindgen(unchecked_return_type = "SignatureInfo[]")]
pub fn catalog(
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    let opts = self::options(&options)?;
    SIGNATURES.with_borrow(|s| to_js(&api::signatures(s.catalog(), opts.lang)))
}

/// Add signatures (a JSON array or one object, catalog format); returns
/// how many were added. All or nothing: a bad entry throws and adds none.
#[wasm_bindgen(js_name = addSignatures)]
pub fn add_signatures(json: &str) -> Result<u32, JsError> {
    SIGNATURES.with_borrow_mut(|s| {
        s.add(json)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .map_err(|e| JsError::new(&e.to_string()))
    })
}

/// Back to the built-in catalog (the text loaded stays).
#[wasm_bindgen(js_name = resetSignatures)]
pub fn reset_signatures() {
    SIGNATURES.with_borrow_mut(Signatures::reset);
}

/// Streaming scan for large inputs: `push` chunks (bytes or text) in
/// order, then `finish`. Each call returns the incidents it completed; an
/// incident spanning chunks is returned whole, once.
#[wasm_bindgen]
pub struct Scanner {
    stream: api::Stream,
    opts: Options,
}

#[wasm_bindgen]
impl Scanner {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
    ) -> Result<Scanner, JsError> {
        let opts = self::options(&options)?;
        Ok(Scanner {
            stream: api::Stream::new(opts.key.clone()),
            opts,
        })
    }

    /// Feed the next chunk of bytes (UTF-8; a chunk may end mid-line or
    /// mid-character).
    #[wasm_bindgen(unchecked_return_type = "Incident[]")]
    pub fn push(&mut self, chunk: &[u8]) -> Result<JsValue, JsError> {
        SIGNATURES.with_borrow(|s| to_js(&self.stream.push(chunk, s.catalog(), self.opts.lang)))
    }

    /// Feed the next chunk of text.
    #[wasm_bindgen(js_name = pushText, unchecked_return_type = "Incident[]")]
    pub fn push_text(&mut self, chunk: &str) -> Result<JsValue, JsError> {
        self.push(chunk.as_bytes())
    }

    /// End of input: the incidents still open.
    #[wasm_bindgen(unchecked_return_type = "Incident[]")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        SIGNATURES.with_borrow(|s| to_js(&self.stream.finish(s.catalog(), self.opts.lang)))
    }

    /// Bytes fed so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.stream.bytes() as f64
    }
}
