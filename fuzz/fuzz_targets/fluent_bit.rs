//! The Fluent Bit entry point's logic: line-per-record linking state
//! across calls on several tags, with any record bytes (the exported
//! functions only add the ABI around `annotate_stream_record`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use panicsig::linker::Linker;
use panicsig::{annotate_stream_record, Catalog, Options, Origin};

fuzz_target!(|data: &[u8]| {
    let mut linker = Linker::new();
    for (i, record) in data.split(|&b| b == 0xff).enumerate() {
        let tag = [b't', (i % 3) as u8];
        let origin = Origin { stream: &tag, sec: i as u32, nsec: 0 };
        let _ = annotate_stream_record(record, Catalog::builtin(), &Options::default(), &mut linker, origin);
    }
    assert!(linker.len() <= panicsig::linker::MAX_STREAMS);
});
