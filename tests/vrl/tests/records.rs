//! The VRL port of `Scanner::record_text` against the native one: a line
//! that holds a crash's lines escaped (logfmt, console JSON fields, a bare
//! escaped stack) or syslog lines joined into one must be read as the same
//! lines in both.

use panicsig_vrl_tests::{
    assert_lines_agree, compile, crash_fixtures, negative_fixtures, output_field,
    realworld_fixtures, record_shapes, rel, Schema,
};

fn short(s: &str) -> String {
    s.chars().take(300).collect()
}

#[test]
fn records_are_decoded_as_native() {
    let program = compile(&panicsig::export::vrl::records_program(), Schema::Unknown)
        .unwrap_or_else(|e| panic!("records program:\n{e}"));
    let read = |f: &std::path::PathBuf| std::fs::read_to_string(f).expect("read fixture");
    let mut cases: Vec<(String, String)> = Vec::new();
    for f in crash_fixtures()
        .iter()
        .chain(&negative_fixtures())
        .chain(&realworld_fixtures())
    {
        let text = read(f);
        for (n, line) in text.split('\n').enumerate() {
            cases.push((format!("{}:{}", rel(f), n + 1), line.to_string()));
        }
        for (shape, line) in record_shapes(&text) {
            cases.push((format!("{} as {shape}", rel(f)), line));
        }
    }
    let (mut decoded, mut wrong) = (0, Vec::new());
    for (what, line) in &cases {
        let want = panicsig::parse::record_lines(line);
        decoded += usize::from(want.is_some());
        let got = output_field(&program, line, "decoded");
        if got.as_ref().ok() != Some(&want) {
            wrong.push(format!(
                "{what} ({} bytes): {}\n  native {}\n  vrl    {}",
                line.len(),
                short(line),
                short(&format!("{want:?}")),
                short(&format!("{got:?}"))
            ));
        }
    }
    assert!(
        decoded > 2_000,
        "only {decoded} of {} lines decode",
        cases.len()
    );
    assert_lines_agree(&wrong, cases.len());
}
