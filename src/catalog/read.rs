//! Catalog entries from JSON: the schema of `catalog/*.json` and of users'
//! signature files, checked field by field (see [`crate::json_read`] for
//! why this is not a derived deserializer).

use super::{BucketSpec, MatchSpec, OneOrMany, Severity, Signature, Text};
use crate::json_read::{self as jr, Object};
use serde_json::Value;

const SIGNATURE_FIELDS: [&str; 13] = [
    "code",
    "slug",
    "title",
    "severity",
    "category",
    "match",
    "priority",
    "summary",
    "remediation",
    "commands",
    "examples",
    "no_example",
    "handbook",
];

const MATCH_FIELDS: [&str; 11] = [
    "kind",
    "message",
    "message_prefix",
    "message_contains",
    "message_regex",
    "frame",
    "raised_in",
    "text",
    "context",
    "bucket",
    "min_goroutines",
];

const BUCKET_FIELDS: [&str; 4] = ["state", "min_count", "min_wait_minutes", "min_percent"];

/// One entry. The error names the field (`` `match`: `kind`: ... ``).
pub fn signature(v: &Value) -> Result<Signature, String> {
    let o = jr::object(v, &SIGNATURE_FIELDS)?;
    Ok(Signature {
        code: jr::string(o, "code")?,
        slug: jr::string(o, "slug")?,
        title: required_text(o, "title", true)?,
        severity: jr::variant(o, "severity", &Severity::ALL, Severity::as_str)?,
        category: jr::string(o, "category")?,
        matcher: jr::nested(o, "match", alternatives)?,
        priority: jr::opt_i32(o, "priority")?.unwrap_or(0),
        summary: required_text(o, "summary", false)?,
        remediation: required_text(o, "remediation", false)?,
        commands: jr::strings(o, "commands")?,
        examples: jr::strings(o, "examples")?,
        no_example: jr::opt_string(o, "no_example")?,
        handbook: jr::strings(o, "handbook")?,
        escaped: Default::default(),
    })
}

/// `{"en": ..., "zh": ...}`; with `english_only`, one string (English) too,
/// as users' own titles often are.
fn required_text(o: &Object, key: &str, english_only: bool) -> Result<Text, String> {
    let read = |v: &Value| match v {
        Value::String(en) if english_only => Ok(Text {
            en: en.clone(),
            zh: String::new(),
        }),
        _ => {
            let t = jr::object(v, &["en", "zh"])?;
            Ok(Text {
                en: jr::string(t, "en")?,
                zh: jr::string(t, "zh")?,
            })
        }
    };
    jr::nested(o, key, read)
}

/// One condition object, or a non-empty list of them (any one matches).
fn alternatives(v: &Value) -> Result<Vec<MatchSpec>, String> {
    match v {
        Value::Array(items) if items.is_empty() => Err("an empty list of alternatives".into()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match_spec(v).map_err(|e| format!("alternative {}: {e}", i + 1)))
            .collect(),
        _ => Ok(vec![match_spec(v)?]),
    }
}

fn match_spec(v: &Value) -> Result<MatchSpec, String> {
    let o = jr::object(v, &MATCH_FIELDS)?;
    Ok(MatchSpec {
        kind: one_or_many(o, "kind")?,
        message: jr::opt_string(o, "message")?,
        message_prefix: jr::opt_string(o, "message_prefix")?,
        message_contains: one_or_many(o, "message_contains")?,
        message_regex: jr::opt_string(o, "message_regex")?,
        frame: jr::opt_string(o, "frame")?,
        raised_in: one_or_many(o, "raised_in")?,
        text: jr::opt_string(o, "text")?,
        context: jr::opt_string(o, "context")?,
        bucket: jr::opt_nested(o, "bucket", bucket_spec)?,
        min_goroutines: jr::opt_u64(o, "min_goroutines")?,
    })
}

fn bucket_spec(v: &Value) -> Result<BucketSpec, String> {
    let o = jr::object(v, &BUCKET_FIELDS)?;
    let spec = BucketSpec {
        state: one_or_many(o, "state")?,
        min_count: jr::opt_u64(o, "min_count")?,
        min_wait_minutes: jr::opt_u64(o, "min_wait_minutes")?,
        min_percent: jr::opt_u64(o, "min_percent")?,
    };
    if spec == BucketSpec::default() {
        return Err("a bucket condition needs at least one field".into());
    }
    Ok(spec)
}

/// A string or a list of strings.
fn one_or_many(o: &Object, key: &str) -> Result<Option<OneOrMany>, String> {
    match o.get(key) {
        Some(Value::String(s)) => Ok(Some(OneOrMany::One(s.clone()))),
        Some(Value::Array(_)) => Ok(Some(OneOrMany::Many(jr::strings(o, key)?))),
        None | Some(Value::Null) => Ok(None),
        Some(other) => Err(format!(
            "`{key}`: expected a string or a list of strings, found {}",
            jr::describe(other)
        )),
    }
}

/// Entries from a JSON array of entries, or one entry object. Errors say
/// which entry (1-based, with its code when it has one).
pub fn signatures(json: &str) -> Result<Vec<Signature>, String> {
    let value = jr::parse(json).map_err(|e| format!("invalid signature: {e}"))?;
    let entry = |i: usize, v: &Value| {
        signature(v).map_err(|e| {
            let code = v.get("code").and_then(Value::as_str).unwrap_or("");
            match code {
                "" => format!("invalid signature: entry {i}: {e}"),
                code => format!("invalid signature: entry {i} ({code}): {e}"),
            }
        })
    };
    match &value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| entry(i + 1, v))
            .collect(),
        Value::Object(_) => Ok(vec![entry(1, &value)?]),
        other => Err(format!(
            "expected a JSON array of signatures, found {}",
            jr::describe(other)
        )),
    }
}

/// One entry's text in one language, as `panicsig export text` writes it.
pub struct EntryText {
    pub code: String,
    pub title: String,
    pub summary: String,
    pub remediation: String,
    pub commands: Vec<String>,
}

/// The fields of one entry of a catalog listing in one language
/// (`api::SignatureInfo`, what `panicsig export text` writes).
pub const LISTING_FIELDS: [&str; 8] = [
    "code",
    "slug",
    "title",
    "severity",
    "category",
    "summary",
    "remediation",
    "commands",
];

/// Entries' text in one language from a JSON array.
pub fn texts(json: &str) -> Result<Vec<EntryText>, String> {
    let value = jr::parse(json).map_err(|e| format!("invalid catalog text: {e}"))?;
    let Value::Array(items) = &value else {
        return Err(format!(
            "invalid catalog text: expected an array, found {}",
            jr::describe(&value)
        ));
    };
    let entry = |v: &Value| -> Result<EntryText, String> {
        let o = jr::object(v, &LISTING_FIELDS)?;
        Ok(EntryText {
            code: jr::string(o, "code")?,
            title: jr::string(o, "title")?,
            summary: jr::string(o, "summary")?,
            remediation: jr::string(o, "remediation")?,
            commands: jr::strings(o, "commands")?,
        })
    };
    items
        .iter()
        .enumerate()
        .map(|(i, v)| entry(v).map_err(|e| format!("invalid catalog text: entry {}: {e}", i + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_entry_reads_back_as_written() {
        for (file, text) in crate::catalog::BUILTIN_FILES {
            let list = signatures(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            let raw: Vec<Value> = serde_json::from_str(text).unwrap();
            assert_eq!(list.len(), raw.len(), "{file}");
            for (sig, raw) in list.iter().zip(&raw) {
                // Written back through the Serialize derive, each entry
                // gives the file's own JSON (defaults left out).
                let mut back = serde_json::to_value(sig).unwrap();
                let back = back.as_object_mut().unwrap();
                for k in ["commands", "examples", "handbook"] {
                    if back[k] == Value::Array(vec![]) && raw.get(k).is_none() {
                        back.remove(k);
                    }
                }
                assert_eq!(&Value::Object(back.clone()), raw, "{file} {}", sig.code);
            }
        }
    }

    #[test]
    fn errors_name_the_entry_and_the_field() {
        let e = signatures(r#"[{"code":"X1","slug":"x","title":"X","severity":"high","category":"c","match":{"kind":3},"summary":{"en":"","zh":""},"remediation":{"en":"","zh":""}}]"#)
            .unwrap_err();
        assert_eq!(
            e,
            "invalid signature: entry 1 (X1): `match`: `kind`: expected a string or a list of strings, found a number"
        );
        let e = signatures(r#"{"slug":"x"}"#).unwrap_err();
        assert_eq!(e, "invalid signature: entry 1: missing field `code`");
        assert!(signatures("3")
            .unwrap_err()
            .starts_with("expected a JSON array"));
        assert!(signatures("[").unwrap_err().contains("at line 1 column"));
    }
}
