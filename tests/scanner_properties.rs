//! Properties of the scanner that hold for any input, checked on random
//! streams built from real crash text, tricky lines and junk:
//!
//! - the incidents of a stream do not depend on how it is chunked (1 byte
//!   up to 1 MiB), in text and in JSON-lines mode;
//! - a header line that opens an incident on its own still opens one
//!   wherever it sits: after any other text, after another header, behind
//!   a wrapper or JSON fields holding needles, at end of input;
//! - a JSON record up to the documented 16 MiB is read whole from any
//!   read size.

mod common;

use common::texts_in;
use panicsig::{Incident, Scanner};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Pieces streams are made of: whole real crash outputs, their lines one
/// by one, and lines that mention needles without being crashes.
fn pieces() -> &'static Vec<String> {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        let mut out: Vec<String> = Vec::new();
        for (_, t) in texts_in(&["corpus/go1.23.5", "gen/go1.19", "negative"]) {
            out.extend(t.lines().take(40).map(|l| format!("{l}\n")));
            out.push(t);
        }
        for l in TRICKY {
            out.push(format!("{l}\n"));
        }
        out
    })
}

/// Lines that hold needles, or look like parts of a crash, but are not.
const TRICKY: [&str; 16] = [
    "panic_on_error=false goroutine pool size 8",
    "SIGTERM handler installed; SIGNAL ok",
    "{\"level\":\"panic\",\"app\":\"my-panic-button\",\"msg\":\"fatal errors: 0\"}",
    "Nov 24 10:00:00 host panicsvc[123]: started",
    "runtime: note: GC forced",
    "goroutine 5 [running]:",
    "\tpanic: nested without a header",
    "main.main()",
    "\t/src/app/main.go:9 +0x25",
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]",
    "==================",
    "",
    "exit status 2",
    "fatal error",
    // Classified as a signal line, yet no needle passes the prefilter.
    "[signal SIGSEGV!: segmentation violation code=0x1]",
    "value before a signal line",
];

/// Headers that open an incident on their own, with the message each
/// gives.
const HEADERS: [(&str, &str); 6] = [
    ("panic: boom", "boom"),
    (
        "panic: runtime error: invalid memory address or nil pointer dereference",
        "runtime error: invalid memory address or nil pointer dereference",
    ),
    (
        "fatal error: concurrent map writes",
        "concurrent map writes",
    ),
    (
        "fatal error: all goroutines are asleep - deadlock!",
        "all goroutines are asleep - deadlock!",
    ),
    ("http: panic serving 10.0.0.1:4242: oops", "oops"),
    (
        "Observed a panic: \"x\" (runtime error: index out of range [3] with length 1)",
        "runtime error: index out of range [3] with length 1",
    ),
];

/// Ways a header line reaches the scanner: as printed, behind a wrapper
/// whose text holds needles, or inside a JSON record after fields that do.
fn wrap(header: &str, how: usize) -> String {
    match how % 5 {
        0 => header.to_string(),
        1 => format!("Nov 24 10:00:00 host panicsvc[123]: {header}"),
        2 => format!("2024-05-05T10:00:00.123456789Z stderr F {header}"),
        3 => serde_json::json!({"level": "panic", "SIGNAL": "fatal errors", "msg": header})
            .to_string(),
        _ => {
            serde_json::json!({"app": "my-panic-button", "log": format!("{header}\n")}).to_string()
        }
    }
}

fn feed_in(text: &[u8], sizes: &[usize], json: bool) -> Vec<Incident> {
    let mut s = if json {
        Scanner::with_json(None)
    } else {
        Scanner::new()
    };
    let mut rest = text;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes
            .get(i % sizes.len().max(1))
            .copied()
            .unwrap_or(7)
            .max(1);
        let (head, tail) = rest.split_at(n.min(rest.len()));
        s.feed(head);
        rest = tail;
        i += 1;
    }
    s.finish()
}

fn stream_of(picks: &[usize], long_line: bool, trailing_newline: bool) -> Vec<u8> {
    let p = pieces();
    let mut out = String::new();
    for (k, i) in picks.iter().enumerate() {
        if long_line && k == picks.len() / 2 {
            // A line over 64 KiB, and a JSON crash record over 64 KiB.
            out.push_str(&"y".repeat(70_000));
            out.push('\n');
            let msg = format!(
                "{}\npanic: inside a big record\n\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1\n",
                "z".repeat(80_000)
            );
            out.push_str(&serde_json::json!({"msg": msg}).to_string());
            out.push('\n');
        }
        out.push_str(&p[i % p.len()]);
    }
    if !trailing_newline {
        out.push_str("panic: at the very end");
    }
    out.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn incidents_do_not_depend_on_chunking(
        picks in prop::collection::vec(any::<usize>(), 1..40),
        sizes in prop::collection::vec(prop_oneof![1usize..16, 16usize..4096, 4096usize..(1 << 20)], 1..8),
        long_line in any::<bool>(),
        trailing_newline in any::<bool>(),
        json in any::<bool>(),
    ) {
        let text = stream_of(&picks, long_line, trailing_newline);
        let whole = feed_in(&text, &[text.len().max(1)], json);
        prop_assert_eq!(feed_in(&text, &sizes, json), whole);
    }

    #[test]
    fn a_header_opens_an_incident_wherever_it_sits(
        before in prop::collection::vec(any::<usize>(), 0..12),
        header in 0..HEADERS.len(),
        second in prop::option::of(0..HEADERS.len()),
        how in 0usize..5,
        after in 0usize..4,
        chunk in 1usize..300,
    ) {
        let p = pieces();
        let mut text = String::new();
        for i in &before {
            text.push_str(&p[i % p.len()]);
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let mut wanted = Vec::new();
        for h in std::iter::once(header).chain(second) {
            let (line, message) = HEADERS[h];
            text.push_str(&wrap(line, how));
            text.push('\n');
            wanted.push((text.lines().count(), message));
        }
        match after {
            0 => {}
            // At end of input without a newline.
            3 => {
                text.pop();
            }
            1 => text.push_str("\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1\n"),
            _ => text.push_str("GET /healthz 200 3ms\n"),
        }
        for json in [false, true] {
            // JSON-wrapped headers are read in JSON-lines mode only.
            if !json && how >= 3 {
                continue;
            }
            let found = feed_in(text.as_bytes(), &[chunk], json);
            for (line, message) in &wanted {
                prop_assert!(
                    found.iter().any(|i| i.start_line <= *line && *line <= i.end_line && i.message == *message),
                    "header {message:?} on line {line} not found (json {json}) in {found:#?}\n{text}"
                );
            }
        }
    }
}

/// Records up to the 16 MiB limit are read whole from any read size: a
/// pipe delivers 64 KiB at a time, a file 1 MiB.
#[test]
fn a_json_record_up_to_the_limit_is_read_whole_from_any_read_size() {
    let msg = format!(
        "{}\npanic: at the end of a big record\n\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1\n",
        "p".repeat(15 << 20)
    );
    let mut text = b"{\"a\":1}\n".repeat(3).to_vec();
    text.extend_from_slice(serde_json::json!({"msg": msg}).to_string().as_bytes());
    text.push(b'\n');
    assert!(text.len() < panicsig::limits::MAX_RECORD_BYTES);
    for size in [4096, 65_536, 1 << 20, text.len()] {
        let found = feed_in(&text, &[size], true);
        assert_eq!(found.len(), 1, "read size {size}");
        assert_eq!(found[0].message, "at the end of a big record");
    }
}
