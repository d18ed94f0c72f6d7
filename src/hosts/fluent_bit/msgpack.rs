//! `event_format msgpack` entry point: the record is a msgpack map without
//! a trailing NUL; see [`crate::annotate::msgpack`] for what survives
//! Fluent Bit's `strdup` of the result. Options and user signatures come
//! from `panicsig.json`, as for `go_panic_filter_config` (defaults
//! without one).

use super::{base, read_config, with_text, STATE};
use crate::annotate::msgpack::annotate;

pub(super) fn run(
    _tag: *const u8,
    _tag_len: u32,
    _sec: u32,
    _nsec: u32,
    record: *const u8,
    record_len: u32,
) -> *const u8 {
    // SAFETY: Fluent Bit passes a buffer it copied into our memory.
    let rec = unsafe { super::bytes(record, record_len) };
    let result = STATE.try_with(|cell| {
        let mut st = cell.try_borrow_mut().ok()?;
        let st = &mut *st;
        let (opts, catalog) = st.config.get_or_insert_with(read_config);
        let catalog = catalog.as_ref().unwrap_or_else(|| base());
        let mut compact = None;
        let opts = with_text(opts, catalog, &mut compact);
        let out = annotate(rec, catalog, opts);
        st.out.clear();
        st.out.extend_from_slice(out.as_deref().unwrap_or(rec));
        st.out.push(0);
        Some(st.out.as_ptr())
    });
    match result {
        Ok(Some(p)) => p,
        _ => record,
    }
}
