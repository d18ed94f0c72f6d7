//! Text that looks panic-like but is no Go crash is never annotated: Rust,
//! Java, Python and Node traces, kernel and Postgres panics, recovered-info
//! lines, `panic=0` key-values, log.Fatal and os.Exit output.

mod common;

use common::fixtures;
use panicsig::{annotate_record, Catalog, Options};

fn negative_files() -> Vec<std::path::PathBuf> {
    common::files(&fixtures().join("negative"), ".txt")
}

#[test]
fn negative_texts_yield_no_incident() {
    let files = negative_files();
    assert!(files.len() >= 12, "only {} negative fixtures", files.len());
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        let found = panicsig::scan(&text);
        assert!(
            found.is_empty(),
            "{}: found {:?} at line {}",
            f.display(),
            found[0].message,
            found[0].start_line
        );
    }
}

#[test]
fn negative_lines_as_records_pass_through() {
    let opts = Options::default();
    for f in negative_files() {
        let text = std::fs::read_to_string(&f).expect("read");
        // One record per line, and the whole file as one joined record.
        let mut records: Vec<String> = text
            .lines()
            .map(|l| serde_json::json!({ "log": l, "stream": "stderr" }).to_string())
            .collect();
        records.push(serde_json::json!({ "message": text }).to_string());
        for r in records {
            assert_eq!(
                annotate_record(r.as_bytes(), Catalog::builtin(), &opts),
                None,
                "{}: {r}",
                f.display()
            );
        }
    }
}

#[test]
fn the_go_program_that_logs_panics_in_lines_is_among_them() {
    // The negatives must include real Go output that mentions panics
    // without crashing: recovered-info lines and panic=0 key-values.
    let text = std::fs::read_to_string(fixtures().join("negative/go-recovered-info.txt"))
        .expect("go-recovered-info.txt");
    assert!(text.contains("recovered"));
    assert!(text.contains("panic=0"));
}
