//! Worst-case inputs stay within the documented per-incident caps (time
//! is measured by `make bench`, not here).

mod common;

use common::read;
use panicsig::limits;

/// A real crash whose goroutine block is stretched to `n` frames by
/// repeating its own frame lines (as unbounded recursion would print them
/// if Go did not elide the middle).
fn deep_stack(n: usize) -> String {
    let text = read("gen/go1.23/stack-overflow-recursion.txt");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("main.depth("))
        .expect("recursive frame");
    let (func, file) = (lines[at], lines[at + 1]);
    let mut out: Vec<String> = lines[..at].iter().map(|s| s.to_string()).collect();
    for _ in 0..n {
        out.push(func.to_string());
        out.push(file.to_string());
    }
    out.extend(lines[at..].iter().map(|s| s.to_string()));
    out.join("\n")
}

#[test]
fn a_hundred_thousand_frames_keep_the_frame_cap() {
    let incidents = panicsig::scan(&deep_stack(100_000));
    let inc = incidents.first().expect("incident");
    assert_eq!(inc.message, "stack overflow");
    let g = inc.goroutine().expect("goroutine");
    assert_eq!(g.frames.len(), limits::MAX_FRAMES);
    assert!(g.frames_dropped >= 100_000 - limits::MAX_FRAMES);
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("main.depth")
    );
}

#[test]
fn ten_thousand_goroutines_keep_the_goroutine_cap() {
    let dump = read("gen/go1.23/many-goroutines.all.txt");
    let mut text = dump.clone();
    // Five copies of the goroutine blocks after the first: 10k goroutines.
    let body = &dump[dump.find("\n\ngoroutine ").expect("second goroutine")..];
    for _ in 0..4 {
        text.push_str(body);
    }
    let incidents = panicsig::scan(&text);
    let inc = incidents.first().expect("incident");
    assert!(inc.goroutine_count >= 10_000, "{}", inc.goroutine_count);
    assert_eq!(inc.goroutines.len(), limits::MAX_GOROUTINES);
}

#[test]
fn a_ten_megabyte_line_is_cut_not_copied_whole() {
    let mut line = String::from("panic: ");
    line.push_str(&"x".repeat(10 << 20));
    line.push('\n');
    let incidents = panicsig::scan(&line);
    let inc = incidents.first().expect("incident");
    assert!(inc.message.len() <= limits::MAX_MESSAGE_BYTES);
    // Fed in small chunks the carried line is capped too.
    let mut s = panicsig::Scanner::new();
    for c in line.as_bytes().chunks(4096) {
        s.feed(c);
    }
    let chunked = s.finish();
    assert_eq!(chunked.len(), 1);
    assert!(chunked[0].message.len() <= limits::MAX_MESSAGE_BYTES);
}

#[test]
fn long_multiline_values_and_nested_panics_are_capped() {
    let mut text = String::from("panic: first\n");
    for i in 0..1000 {
        text.push_str(&format!("\tpanic: nested {i}\n"));
    }
    text.push_str("\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1\n");
    let inc = panicsig::scan(&text).remove(0);
    assert_eq!(inc.nested.len(), limits::MAX_NESTED);
    let mut text = String::from("panic: line 0\n");
    for i in 1..10_000 {
        text.push_str(&format!("\tline {i}\n"));
    }
    text.push_str("\ngoroutine 1 [running]:\n");
    let inc = panicsig::scan(&text).remove(0);
    assert!(inc.message.lines().count() <= limits::MAX_MESSAGE_LINES);
    assert!(inc.message.len() <= limits::MAX_MESSAGE_BYTES + limits::MAX_NOTE_BYTES);
}
