//! Record annotation, JSON and msgpack: never panics; a JSON record that
//! comes back annotated is the input with members inserted before its
//! closing brace.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panicsig::annotate::msgpack;
use panicsig::{annotate_record, Catalog, Lang, Options};

fuzz_target!(|data: &[u8]| {
    if let Some(out) = annotate_record(data, Catalog::builtin(), &Options::default()) {
        let close = data.iter().rposition(|&b| b == b'}').expect("an object");
        assert!(out.starts_with(&data[..close]));
        assert!(out.ends_with(&data[close..]));
    }
    let _ = msgpack::annotate(data, Catalog::builtin(), Lang::Zh);
});
