//! Locate the log text inside a record: the configured key, else the first
//! of `log`, `message`, `msg`, `MESSAGE` holding a string.

use crate::json_scan::{self, Object};

/// Keys tried, in order, when no key is configured: Fluent Bit tail and
/// docker json-file (`log`), most JSON loggers (`message`, `msg`), journald
/// (`MESSAGE`).
pub const DEFAULT_KEYS: [&str; 4] = ["log", "message", "msg", "MESSAGE"];

/// The log text of a scanned JSON object.
pub fn message_text(obj: &Object<'_>, key: Option<&str>) -> Option<String> {
    let keys: &[&str] = match key {
        Some(k) => &[k][..],
        None => &DEFAULT_KEYS[..],
    };
    for k in keys {
        if let Some(m) = obj.members.iter().find(|m| m.key == k.as_bytes()) {
            if let Some(s) = json_scan::decode_string(m.value) {
                return Some(s);
            }
        }
    }
    None
}

/// The log text of a raw JSON-object line, if it is one and has a text
/// field.
pub fn json_line_text(raw: &[u8], key: Option<&str>) -> Option<String> {
    let obj = json_scan::object(raw)?;
    message_text(&obj, key)
}
