//! Annotate one JSON record in place: the user's bytes are kept as they
//! are and the annotation members are inserted before the closing brace.
//! Anything unexpected returns `None`, which every host turns into "emit
//! the input unchanged".

use super::{annotate_text, Options};
use crate::catalog::Catalog;
use crate::json_scan;
use crate::locate::message_text;
use crate::prefilter::Prefilter;

/// The annotated record, or `None` to pass the record through untouched:
/// not a crash, not a JSON object, already annotated, or any failure.
pub fn annotate_record(record: &[u8], catalog: &Catalog, opts: &Options) -> Option<Vec<u8>> {
    // The common case costs a few literal searches and no parsing.
    if !Prefilter::get().may_match(record) {
        return None;
    }
    let obj = json_scan::object(record)?;
    let text = message_text(&obj, opts.key.as_deref())?;
    let annotation = annotate_text(&text, catalog, opts.lang)?;
    let members = annotation.members(opts);
    // Never produce duplicate keys: a record that already carries one of
    // ours (annotated upstream) passes through.
    if members
        .iter()
        .any(|(k, _)| obj.members.iter().any(|m| m.key == k.as_bytes()))
    {
        return None;
    }
    let mut insert = String::new();
    for (k, v) in &members {
        if !insert.is_empty() || !obj.members.is_empty() {
            insert.push(',');
        }
        insert.push_str(&serde_json::to_string(k).ok()?);
        insert.push(':');
        insert.push_str(&serde_json::to_string(v).ok()?);
    }
    let head = record.get(..obj.close)?;
    let tail = record.get(obj.close..)?;
    let mut out = Vec::with_capacity(record.len() + insert.len());
    out.extend_from_slice(head);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(tail);
    Some(out)
}
