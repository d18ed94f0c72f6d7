//! Lines over the 64 KiB line cap: every `~` of the input stands for
//! 40,000 bytes of filler, so short inputs make long lines (and long JSON
//! records). Chunked feeds, in text and JSON-lines mode, give the same
//! incidents as one feed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use panicsig::Scanner;

fuzz_target!(|data: &[u8]| {
    let (sizes, rest) = data.split_at(data.len().min(2));
    let mut text = Vec::new();
    for &b in rest {
        if b == b'~' {
            text.extend(std::iter::repeat_n(b'y', 40_000));
        } else {
            text.push(b);
        }
    }
    for json in [false, true] {
        let new = || {
            if json {
                Scanner::with_json(None)
            } else {
                Scanner::new()
            }
        };
        let mut whole = new();
        whole.feed(&text);
        let whole = whole.finish();
        let mut chunked = new();
        // Read sizes of a pipe or a file: 1 B to 64 KiB.
        let step = sizes
            .iter()
            .fold(1usize, |a, &b| a.wrapping_mul(256).wrapping_add(usize::from(b)))
            .max(1);
        for chunk in text.chunks(step) {
            chunked.feed(chunk);
        }
        assert_eq!(chunked.finish(), whole);
    }
});
