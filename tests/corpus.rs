//! Every real Go output in tests/fixtures (shared corpus and generated
//! fixtures) is detected with the labelled message, crash site, culprit
//! and goroutine.

mod common;

use common::{labels, read, Label};
use panicsig::{Annotation, Catalog, Lang};

fn site(function: &str, file: &str, line: u32) -> (String, String) {
    (function.to_string(), format!("{file}:{line}"))
}

fn check(l: &Label) -> Vec<String> {
    let mut errs = Vec::new();
    let text = read(&l.path);
    let incidents = panicsig::scan(&text);
    if l.kind == "none" {
        if !incidents.is_empty() {
            errs.push(format!(
                "expected no incident, found {:?}",
                incidents[0].message
            ));
        }
        return errs;
    }
    let Some(inc) = incidents.first() else {
        return vec!["no incident found".into()];
    };
    if inc.kind.as_str() != l.kind {
        errs.push(format!("kind {} != {}", inc.kind.as_str(), l.kind));
    }
    if inc.message != l.message {
        errs.push(format!("message {:?} != {:?}", inc.message, l.message));
    }
    let got = inc.crash_site().map(|f| site(&f.function, &f.file, f.line));
    let want = (!l.crash_function.is_empty())
        .then(|| (l.crash_function.clone(), l.crash_file_line.clone()));
    if got != want {
        errs.push(format!("crash site {got:?} != {want:?}"));
    }
    let got = inc.culprit().map(|f| site(&f.function, &f.file, f.line));
    let want =
        (!l.user_function.is_empty()).then(|| (l.user_function.clone(), l.user_file_line.clone()));
    if got != want {
        errs.push(format!("culprit {got:?} != {want:?}"));
    }
    if !l.goroutine_id.is_empty() {
        let got = inc.goroutine().map(|g| (g.id.to_string(), g.state.clone()));
        let want = Some((l.goroutine_id.clone(), l.goroutine_state.clone()));
        if got != want {
            errs.push(format!("goroutine {got:?} != {want:?}"));
        }
    }
    if !l.block_first_line.is_empty() {
        let first = text
            .lines()
            .nth(inc.start_line.saturating_sub(1))
            .unwrap_or("");
        if first != l.block_first_line {
            errs.push(format!(
                "start line {} is {first:?}, want {:?}",
                inc.start_line, l.block_first_line
            ));
        }
    }
    if Annotation::new(inc, Catalog::builtin(), Lang::En).is_none() {
        errs.push("no catalog entry matched".into());
    }
    errs
}

fn run(dir: &str, min_rows: usize) {
    let rows = labels(dir);
    assert!(
        rows.len() >= min_rows,
        "{dir}: only {} labelled files",
        rows.len()
    );
    let mut failures = Vec::new();
    for l in &rows {
        for e in check(l) {
            failures.push(format!("{}: {e}", l.path));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files wrong:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn shared_corpus_is_detected_as_labelled() {
    run("corpus", 190);
}

#[test]
fn generated_fixtures_are_detected_as_labelled() {
    run("gen", 0);
}
