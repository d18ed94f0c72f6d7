//! Go's own crash output in the shapes logs and pastes give it: lines of
//! other output interleaved, the whole paste indented or quoted. The
//! crash reads as it does alone.

mod common;

use panicsig::Incident;

/// Each fixture with a `fatal error:` line followed by its blank line,
/// with the log lines inserted after the header.
fn with_stray_lines(lines: &[&str]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (name, text) in common::texts_in(&common::CRASH_DIRS) {
        let Some(at) = text.find("fatal error: ") else {
            continue;
        };
        let Some(end) = text.get(at..).and_then(|t| t.find("\n\n")) else {
            continue;
        };
        let split = at + end + 1;
        let (head, tail) = text.split_at(split);
        let mut mixed = head.to_string();
        for l in lines {
            mixed.push_str(l);
            mixed.push('\n');
        }
        mixed.push_str(tail);
        out.push((name, text, mixed));
    }
    out
}

fn summary(incidents: &[Incident]) -> Vec<(String, usize, Option<String>)> {
    incidents
        .iter()
        .map(|i| {
            let site = i.crash_site().map(|f| f.function.clone());
            (i.message.clone(), i.goroutine_count, site)
        })
        .collect()
}

/// Up to three lines of a service's own log (examples/logs) between a
/// `fatal error:` and the stacks after it leave the crash as it was.
#[test]
fn log_lines_between_a_fatal_error_and_its_stacks() {
    let log = std::fs::read_to_string(common::repo_root().join("examples/logs/service-raw.log"))
        .expect("examples/logs/service-raw.log");
    let lines: Vec<&str> = log.lines().take(3).collect();
    let mut checked = 0;
    for n in 1..=lines.len() {
        for (name, text, mixed) in with_stray_lines(&lines[..n]) {
            let alone = summary(&panicsig::scan(&text));
            let got = summary(&panicsig::scan(&mixed));
            assert_eq!(got, alone, "{name} with {n} stray line(s)");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} cases");
}

/// What a reader checks first: the code, message and crash site.
fn gist(incidents: &[Incident]) -> Vec<(String, String, Option<String>)> {
    let catalog = panicsig::Catalog::builtin();
    incidents
        .iter()
        .map(|i| {
            let code = panicsig::Annotation::new(i, catalog, panicsig::Lang::En)
                .map(|a| a.code)
                .unwrap_or_default();
            let site = i.crash_site().map(|f| f.function.clone());
            // A value's further lines keep the paste's indentation: it
            // cannot be told from the value's own.
            let message: Vec<&str> = i.message.lines().map(str::trim_start).collect();
            (code, message.join("\n"), site)
        })
        .collect()
}

/// A paste indented as a whole (a markdown code block by indentation) or
/// quoted (`> `) reads as it does unindented: its code, message and crash
/// site; so do a logger's records (klog, logrus, slog, zap JSON lines)
/// pasted so.
#[test]
fn an_indented_or_quoted_paste_reads_as_it_does_alone() {
    let mut checked = 0;
    for (name, text) in common::texts_in(&common::CRASH_DIRS) {
        let alone = gist(&panicsig::scan(&text));
        if alone.is_empty() {
            continue;
        }
        for (how, lead) in [("indented", "    "), ("quoted", "> ")] {
            let pasted: String = text.lines().map(|l| format!("{lead}{l}\n")).collect();
            assert_eq!(gist(&panicsig::scan(&pasted)), alone, "{name} {how}");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} cases");
}

/// Every real paste of the dev set keeps its code, message and crash site
/// when a pipeline puts its own prefix on every line (`kubectl logs
/// --prefix`, docker compose, GitHub Actions timestamps, a quote, the
/// `- ` of a paste coloured by a ```` ```diff ```` fence, four spaces: a
/// markdown code block by indentation) or its
/// lines end in CRLF or a literal `^M` (a file from Windows, a pager). One
/// paste is left out: b-032 is journald lines a paste joined into one,
/// recognised by the timestamp that starts each of them, which a prefix
/// before the first no longer does.
#[test]
fn real_pastes_behind_a_pipeline_prefix_read_as_they_do_alone() {
    let prefixes = [
        "[pod/api-7d9f8c6b5-x2x4q/app] ",
        "api_1  | ",
        "2024-01-02T03:04:05.6789012Z ",
        "> ",
        "- ",
        "    ",
    ];
    let mut checked = 0;
    for (name, text) in common::texts_in(&["realworld/pos"]) {
        if name.ends_with("b-032.txt") {
            continue;
        }
        let alone = gist(&panicsig::scan(&text));
        if alone.is_empty() {
            continue;
        }
        for p in prefixes {
            let prefixed: String = text.lines().map(|l| format!("{p}{l}\n")).collect();
            assert_eq!(
                gist(&panicsig::scan(&prefixed)),
                alone,
                "{name} behind {p:?}"
            );
            checked += 1;
        }
        for end in ["\r\n", "^M\n"] {
            let ended: String = text.lines().map(|l| format!("{l}{end}")).collect();
            assert_eq!(
                gist(&panicsig::scan(&ended)),
                alone,
                "{name} ending {end:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} cases");
}

/// Look-alikes (the dev set's negatives and tests/fixtures/negative) give
/// no incident however they were pasted: behind any of the prefixes
/// above, indented, with `^M` line ends, or with a blank line after every
/// line (a paste from a viewer that doubled its line ends).
#[test]
fn look_alikes_stay_look_alikes_however_pasted() {
    let shapes: [fn(&str) -> String; 7] = [
        |l| format!("[pod/api-7d9f8c6b5-x2x4q/app] {l}\n"),
        |l| format!("api_1  | {l}\n"),
        |l| format!("> {l}\n"),
        |l| format!("- {l}\n"),
        |l| format!("    {l}\n"),
        |l| format!("{l}^M\n"),
        |l| format!("{l}\n\n"),
    ];
    let mut checked = 0;
    for (name, text) in common::texts_in(&["realworld/neg", "negative"]) {
        for (i, shape) in shapes.iter().enumerate() {
            let pasted: String = text.lines().map(shape).collect();
            let found = gist(&panicsig::scan(&pasted));
            assert!(found.is_empty(), "{name} shape {i}: {found:?}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} cases");
}
