//! The text parser: any bytes, fed in chunks whose sizes come from the
//! input, give the same incidents as one feed, and never panic.
#![no_main]

#[path = "chunks.rs"]
mod chunks;

use libfuzzer_sys::fuzz_target;
use panicsig::Scanner;

fuzz_target!(|data: &[u8]| {
    let (sizes, text) = data.split_at(data.len().min(4));
    let mut whole = Scanner::new();
    whole.feed(text);
    let whole = whole.finish();
    assert_eq!(chunks::feed_chunked(Scanner::new(), sizes, text), whole);
    if let Ok(s) = std::str::from_utf8(text) {
        for inc in panicsig::scan(s) {
            let _ = panicsig::Annotation::new(&inc, panicsig::Catalog::builtin(), panicsig::Lang::En);
        }
    }
});
