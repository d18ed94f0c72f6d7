//! Typed reads of small JSON documents (catalog entries, options) from a
//! parsed [`serde_json::Value`], with errors that name the field.
//!
//! Why not `#[derive(Deserialize)]`: the derived deserializers, serde's
//! buffering for untagged enums and flattened fields, and the float
//! formatting their error paths reach cost tens of KB in every wasm module,
//! whose size goals are tight. One `Value` parse and these few readers make
//! the same checks (types, required fields, unknown fields and variants).

use serde_json::{Map, Value};

/// A JSON object's members.
pub type Object = Map<String, Value>;

/// Parse JSON text. Syntax errors say where (`at line 1 column 7`).
pub fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// What a value is, for error messages.
pub fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `v` as an object whose keys are all in `known`.
pub fn object<'a>(v: &'a Value, known: &[&str]) -> Result<&'a Object, String> {
    let Value::Object(o) = v else {
        return Err(format!("expected an object, found {}", describe(v)));
    };
    match o.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(format!("unknown field `{k}`, expected {}", one_of(known))),
        None => Ok(o),
    }
}

/// "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// Prefix an error with the field it is about.
fn at(key: &str, e: impl std::fmt::Display) -> String {
    format!("`{key}`: {e}")
}

/// A field that may be absent; `null` counts as absent.
fn field<'a>(o: &'a Object, key: &str) -> Option<&'a Value> {
    o.get(key).filter(|v| !v.is_null())
}

/// A required field.
pub fn required<'a>(o: &'a Object, key: &str) -> Result<&'a Value, String> {
    field(o, key).ok_or_else(|| format!("missing field `{key}`"))
}

fn as_string(v: &Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("expected a string, found {}", describe(v)))
}

/// A required string field.
pub fn string(o: &Object, key: &str) -> Result<String, String> {
    as_string(required(o, key)?).map_err(|e| at(key, e))
}

/// An optional string field.
pub fn opt_string(o: &Object, key: &str) -> Result<Option<String>, String> {
    field(o, key)
        .map(as_string)
        .transpose()
        .map_err(|e| at(key, e))
}

/// A list of strings; absent means empty.
pub fn strings(o: &Object, key: &str) -> Result<Vec<String>, String> {
    let Some(v) = field(o, key) else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = v else {
        return Err(at(
            key,
            format!("expected a list of strings, found {}", describe(v)),
        ));
    };
    items
        .iter()
        .map(as_string)
        .collect::<Result<_, _>>()
        .map_err(|e| at(key, e))
}

/// An optional boolean field.
pub fn opt_bool(o: &Object, key: &str) -> Result<Option<bool>, String> {
    field(o, key)
        .map(|v| {
            v.as_bool()
                .ok_or_else(|| at(key, format!("expected a boolean, found {}", describe(v))))
        })
        .transpose()
}

/// An optional integer field that fits an `i32`.
pub fn opt_i32(o: &Object, key: &str) -> Result<Option<i32>, String> {
    field(o, key)
        .map(|v| {
            v.as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| {
                    at(
                        key,
                        format!("expected a 32-bit integer, found {}", describe(v)),
                    )
                })
        })
        .transpose()
}

/// An optional non-negative integer field.
pub fn opt_u64(o: &Object, key: &str) -> Result<Option<u64>, String> {
    field(o, key)
        .map(|v| {
            v.as_u64().ok_or_else(|| {
                at(
                    key,
                    format!("expected a non-negative integer, found {}", describe(v)),
                )
            })
        })
        .transpose()
}

/// Run `read` on an optional nested value, prefixing its errors with `key`.
pub fn opt_nested<T>(
    o: &Object,
    key: &str,
    read: impl FnOnce(&Value) -> Result<T, String>,
) -> Result<Option<T>, String> {
    field(o, key)
        .map(|v| read(v).map_err(|e| at(key, e)))
        .transpose()
}

/// An optional field naming one of `variants` (by `name`).
pub fn opt_variant<T: Copy>(
    o: &Object,
    key: &str,
    variants: &[T],
    name: fn(T) -> &'static str,
) -> Result<Option<T>, String> {
    let Some(v) = field(o, key) else {
        return Ok(None);
    };
    let given = as_string(v).map_err(|e| at(key, e))?;
    match variants.iter().find(|t| name(**t) == given) {
        Some(t) => Ok(Some(*t)),
        None => {
            let names: Vec<&str> = variants.iter().map(|t| name(*t)).collect();
            Err(at(
                key,
                format!("unknown variant `{given}`, expected {}", one_of(&names)),
            ))
        }
    }
}

/// A required field naming one of `variants` (by `name`).
pub fn variant<T: Copy>(
    o: &Object,
    key: &str,
    variants: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, String> {
    opt_variant(o, key, variants, name)?.ok_or_else(|| format!("missing field `{key}`"))
}

/// Run `read` on a required nested value, prefixing its errors with `key`.
pub fn nested<T>(
    o: &Object,
    key: &str,
    read: impl FnOnce(&Value) -> Result<T, String>,
) -> Result<T, String> {
    read(required(o, key)?).map_err(|e| at(key, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(text: &str) -> Object {
        match parse(text) {
            Ok(Value::Object(o)) => o,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn unknown_fields_are_named_with_the_known_ones() {
        let v = parse(r#"{"a":1,"language":"zh"}"#).unwrap();
        assert_eq!(
            object(&v, &["a", "lang"]).unwrap_err(),
            "unknown field `language`, expected `a` or `lang`"
        );
        assert!(object(&v, &["a", "language"]).is_ok());
        assert_eq!(
            object(&Value::Bool(true), &[]).unwrap_err(),
            "expected an object, found a boolean"
        );
    }

    #[test]
    fn fields_are_checked_by_type_and_presence() {
        let o = obj(r#"{"s":"x","n":3,"b":true,"l":["a","b"],"z":null,"big":4294967296}"#);
        assert_eq!(string(&o, "s").unwrap(), "x");
        assert_eq!(
            string(&o, "n").unwrap_err(),
            "`n`: expected a string, found a number"
        );
        assert_eq!(string(&o, "z").unwrap_err(), "missing field `z`");
        assert_eq!(opt_string(&o, "z").unwrap(), None);
        assert_eq!(strings(&o, "l").unwrap(), ["a", "b"]);
        assert_eq!(strings(&o, "absent").unwrap(), Vec::<String>::new());
        assert!(strings(&o, "s")
            .unwrap_err()
            .contains("expected a list of strings"));
        assert_eq!(opt_bool(&o, "b").unwrap(), Some(true));
        assert_eq!(opt_i32(&o, "n").unwrap(), Some(3));
        assert!(opt_i32(&o, "big").is_err());
    }

    #[test]
    fn variants_list_the_accepted_names() {
        let o = obj(r#"{"sev":"urgent","lang":"zh"}"#);
        use crate::catalog::{Lang, Severity};
        assert_eq!(
            variant(&o, "sev", &Severity::ALL, Severity::as_str).unwrap_err(),
            "`sev`: unknown variant `urgent`, expected one of `low`, `medium`, `high`, `critical`"
        );
        assert_eq!(
            variant(&o, "lang", &Lang::ALL, Lang::as_str).unwrap(),
            Lang::Zh
        );
        assert_eq!(
            variant(&o, "none", &Lang::ALL, Lang::as_str).unwrap_err(),
            "missing field `none`"
        );
    }

    #[test]
    fn nested_errors_carry_the_path() {
        let o = obj(r#"{"match":{"kind":1}}"#);
        let e = nested(&o, "match", |v| {
            let m = object(v, &["kind"])?;
            opt_string(m, "kind")
        })
        .unwrap_err();
        assert_eq!(e, "`match`: `kind`: expected a string, found a number");
    }

    #[test]
    fn syntax_errors_say_where() {
        assert!(parse("{\"a\":}").unwrap_err().contains("at line 1 column"));
    }
}
