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
        let errs = check(l);
        if let Some((_, why)) = common::KNOWN_WRONG.iter().find(|(c, _)| *c == l.case) {
            if errs.is_empty() {
                failures.push(format!(
                    "{}: now detected as labelled ({why}): take {} off common::KNOWN_WRONG",
                    l.path, l.case
                ));
            }
            continue;
        }
        for e in errs {
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

/// Lines after a trace that are not part of it: `go run`'s and `go test`'s
/// trailers.
fn is_trailer(line: &str) -> bool {
    line.trim().is_empty()
        || ["exit status ", "FAIL", "ok ", "PASS", "--- FAIL", "=== RUN"]
            .iter()
            .any(|t| line.starts_with(t))
}

/// Every fixture of every Go version is one incident that covers its whole
/// trace: nothing split off, nothing cut short. The race detector is the
/// exception by design: each `WARNING: DATA RACE` report is a finding of
/// its own.
#[test]
fn each_fixture_is_one_incident_covering_its_trace() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for dir in ["corpus", "gen"] {
        for l in labels(dir) {
            if l.kind == "none" || common::NOT_FOUND.contains(&l.case.as_str()) {
                continue;
            }
            checked += 1;
            let text = read(&l.path);
            let found = panicsig::scan(&text);
            let reports = text
                .lines()
                .filter(|x| x.starts_with("WARNING: DATA RACE"))
                .count();
            let want = if l.kind == "race" { reports } else { 1 };
            let last = text
                .lines()
                .enumerate()
                .filter(|(_, x)| !is_trailer(x))
                .map(|(i, _)| i + 1)
                .last()
                .unwrap_or(0);
            let end = found.last().map_or(0, |i| i.end_line);
            if found.len() != want || end < last {
                let spans: Vec<_> = found.iter().map(|i| (i.start_line, i.end_line)).collect();
                wrong.push(format!(
                    "{}: {} incidents {spans:?}, want {want} ending at line {last}",
                    l.path,
                    found.len()
                ));
            }
        }
    }
    assert!(checked > 600, "only {checked} fixtures");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
