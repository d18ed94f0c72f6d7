//! The scanner in JSON-lines mode (as `panicsig scan` reads input): any
//! bytes, fed in chunks whose sizes come from the input, give the same
//! incidents as one feed, and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panicsig::Scanner;

fuzz_target!(|data: &[u8]| {
    let (sizes, text) = data.split_at(data.len().min(4));
    let mut whole = Scanner::with_json(None);
    whole.feed(text);
    let whole = whole.finish();
    let mut chunked = Scanner::with_json(None);
    let mut rest = text;
    let mut i = 0;
    while !rest.is_empty() {
        let n = usize::from(*sizes.get(i % sizes.len().max(1)).unwrap_or(&7)).max(1);
        let (head, tail) = rest.split_at(n.min(rest.len()));
        chunked.feed(head);
        rest = tail;
        i += 1;
    }
    assert_eq!(chunked.finish(), whole);
});
