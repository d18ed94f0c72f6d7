//! The scanner in JSON-lines mode (as `panicsig scan` reads input): any
//! bytes, fed in chunks whose sizes come from the input, give the same
//! incidents as one feed, and never panic.
#![no_main]

#[path = "chunks.rs"]
mod chunks;

use libfuzzer_sys::fuzz_target;
use panicsig::Scanner;

fuzz_target!(|data: &[u8]| {
    let (sizes, text) = data.split_at(data.len().min(4));
    let mut whole = Scanner::with_json(None);
    whole.feed(text);
    let whole = whole.finish();
    assert_eq!(chunks::feed_chunked(Scanner::with_json(None), sizes, text), whole);
});
