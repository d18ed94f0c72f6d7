//! Annotate one JSON record in place: the user's bytes are kept as they
//! are and the annotation members are inserted before the closing brace.
//! Anything unexpected returns `None`, which every host turns into "emit
//! the input unchanged".

use super::Options;
use crate::catalog::Catalog;
use crate::json_scan::{self, Object};
use crate::json_write;
use crate::linker::{self, Linker};
use crate::locate::message_text;
use crate::prefilter::record_may_match;

/// Key added to traceback records that follow an annotated header record
/// (line-per-record streams).
pub const LINK_KEY: &str = "go_panic_incident";

/// The annotated record, or `None` to pass the record through untouched:
/// not a crash, not a JSON object, already annotated, or any failure.
pub fn annotate_record(record: &[u8], catalog: &Catalog, opts: &Options) -> Option<Vec<u8>> {
    // The common case costs a few literal searches and no parsing.
    if !record_may_match(record) {
        return None;
    }
    let obj = json_scan::object(record)?;
    let text = message_text(&obj, opts.key.as_deref())?;
    let annotation = super::annotate_record_text(&text, catalog, opts.lang)?;
    insert(record, &obj, &annotation.members(opts))
}

/// Where a record came from, for linking the records of one traceback.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The stream (Fluent Bit tag, file, container).
    pub stream: &'a [u8],
    pub sec: u32,
    pub nsec: u32,
}

/// Like [`annotate_record`] for streams that deliver one line per record:
/// a header record is annotated and gets an `incident_id`; the traceback
/// records after it on the same stream get `go_panic_incident` with that id.
pub fn annotate_stream_record(
    record: &[u8],
    catalog: &Catalog,
    opts: &Options,
    linker: &mut Linker,
    origin: Origin<'_>,
) -> Option<Vec<u8>> {
    let hit = record_may_match(record);
    if !hit && !linker.is_open(origin.stream) {
        return None;
    }
    let obj = json_scan::object(record)?;
    let text = message_text(&obj, opts.key.as_deref())?;
    if hit {
        if let Some(mut a) = super::annotate_record_text(&text, catalog, opts.lang) {
            let id = linker::incident_id(origin.stream, origin.sec, origin.nsec, &text);
            linker.open(origin.stream, id.clone());
            a.incident_id = Some(id);
            return insert(record, &obj, &a.members(opts));
        }
    }
    let id = linker.follow(origin.stream, &text)?;
    let mut js = String::with_capacity(id.len() + 2);
    json_write::string(&mut js, &id);
    insert(record, &obj, &[(LINK_KEY.to_string(), js)])
}

/// Insert members before the object's closing brace. Never produces
/// duplicate keys: a record that already carries one of them (annotated
/// upstream) passes through.
fn insert(record: &[u8], obj: &Object<'_>, members: &[(String, String)]) -> Option<Vec<u8>> {
    if members
        .iter()
        .any(|(k, _)| obj.members.iter().any(|m| m.key == k.as_bytes()))
    {
        return None;
    }
    let head = record.get(..obj.close)?;
    let tail = record.get(obj.close..)?;
    let size = members
        .iter()
        .map(|(k, v)| k.len() + v.len() + 4)
        .sum::<usize>();
    let mut add = String::with_capacity(size + 16);
    for (k, v) in members {
        if !add.is_empty() || !obj.members.is_empty() {
            json_write::put_byte(&mut add, b',');
        }
        json_write::string(&mut add, k);
        json_write::put_byte(&mut add, b':');
        json_write::put(&mut add, v);
    }
    let mut out = Vec::with_capacity(record.len() + add.len());
    out.extend_from_slice(head);
    out.extend_from_slice(add.as_bytes());
    out.extend_from_slice(tail);
    Some(out)
}
