//! The shipper configurations generated from the recognizer table
//! (src/export/multiline.rs): current on disk, and the Fluent Bit rules
//! run in Oniguruma with Fluent Bit's multiline state machine over every
//! fixture, each joined record then annotated as the wasm filter does.

mod common;

use onig::Regex;
use panicsig::export::multiline;
use panicsig::{Annotation, Catalog, Lang};

/// Each generated file, or generated part of one, against the table.
/// `PANICSIG_BLESS=1` (`make multiline`) rewrites them.
#[test]
fn generated_configurations_are_current() {
    let root = common::repo_root();
    let bless = std::env::var_os("PANICSIG_BLESS").is_some();
    let mut stale = Vec::new();
    let mut check = |rel: &str, want: String| {
        let path = root.join(rel);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if bless {
                std::fs::write(&path, &want).unwrap_or_else(|e| panic!("{rel}: {e}"));
            } else {
                stale.push(rel.to_string());
            }
        }
    };
    check(
        "examples/fluent-bit/parsers_multiline.conf",
        multiline::fluent_bit_conf(),
    );
    check(
        "examples/fluent-bit/parsers_multiline.yaml",
        multiline::fluent_bit_yaml(),
    );
    for name in ["vector.yaml", "kubernetes.yaml"] {
        let rel = format!("examples/vector/{name}");
        let have = std::fs::read_to_string(root.join(&rel)).unwrap_or_default();
        let lines = multiline::vector_lines(name).expect("a Vector configuration");
        let want = multiline::replace_generated(&have, &lines)
            .unwrap_or_else(|| panic!("{rel}: no `# BEGIN generated` / `# END generated` markers"));
        check(&rel, want);
    }
    assert!(
        stale.is_empty(),
        "stale, run `make multiline`: {}",
        stale.join(", ")
    );
}

/// One rule of the generated parser, as Fluent Bit compiles it (`/.../`
/// stripped; Onigmo's Ruby syntax, which is Oniguruma's default).
struct Rule {
    state: String,
    regex: Regex,
    next: String,
}

fn rules() -> Vec<Rule> {
    let conf = multiline::fluent_bit_conf();
    let quoted = |l: &str| -> Vec<String> {
        l.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let rules: Vec<Rule> = conf
        .lines()
        .filter_map(|l| l.trim().strip_prefix("rule "))
        .map(|l| match quoted(l).as_slice() {
            [state, regex, next] => {
                let r = regex
                    .strip_prefix('/')
                    .and_then(|r| r.strip_suffix('/'))
                    .unwrap_or_else(|| panic!("{regex}: not /.../"));
                Rule {
                    state: state.clone(),
                    regex: Regex::new(r).unwrap_or_else(|e| panic!("{r}: {e}")),
                    next: next.clone(),
                }
            }
            other => panic!("a rule of three quoted fields: {other:?}"),
        })
        .collect();
    assert_eq!(rules.len(), 3, "three rules in {conf}");
    rules
}

/// Fluent Bit's regex multiline state machine over the lines of one
/// stream (src/multiline/flb_ml_rule.c, `flb_ml_rule_process` and
/// `try_flushing_buffer`): on a first line, the `start_state` rules are
/// tried, and a match opens a record; inside one, the rules of the last
/// matching rule's next state are tried, and a match joins the line.
/// When that next state is `start_state`, the record is flushed after the
/// line. A line no rule takes flushes the record and is a record of its
/// own; the line after is a first line again.
fn join(rules: &[Rule], text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf: Option<String> = None;
    let mut last: Option<&Rule> = None;
    let first = |line: &str| {
        rules
            .iter()
            .find(|r| r.state == "start_state" && r.regex.find(line).is_some())
    };
    for line in text.lines() {
        let matched = match last {
            None => first(line),
            Some(l) => rules
                .iter()
                .find(|r| r.state == l.next && r.regex.find(line).is_some()),
        };
        match matched {
            Some(r) => {
                match buf.as_mut() {
                    Some(b) => {
                        b.push('\n');
                        b.push_str(line);
                    }
                    None => buf = Some(line.to_string()),
                }
                last = Some(r);
                if r.next == "start_state" {
                    out.extend(buf.take());
                    last = None;
                }
            }
            None => {
                out.extend(buf.take());
                out.push(line.to_string());
                last = None;
            }
        }
    }
    out.extend(buf);
    out
}

/// Fixtures whose crash Fluent Bit's line-by-line joining cannot keep
/// whole, and why. The filter annotates them as natively when they arrive
/// whole (tests/fluent_bit.rs); these are limits of multiline regexes.
const NOT_JOINED: [(&str, &str); 4] = [
    (
        "recover-debug-stack.txt",
        "a stack the program printed after recover(): the panic value is on \
         the program's own log line before `goroutine N`, which no start \
         rule can tell from any log line",
    ),
    (
        "gen/go1.21/panic-multiline.txt",
        "further lines of a multi-line panic value printed without \
         indentation look like any log line",
    ),
    ("gen/go1.19/panic-value-paragraphs.txt", PARAGRAPHS),
    ("gen/go1.21/panic-value-paragraphs.txt", PARAGRAPHS),
];

/// A panic value of several paragraphs, printed without indentation
/// (before Go 1.23).
const PARAGRAPHS: &str = "as panic-multiline, and its blank lines as well";

/// The first annotated record of each crash fixture, joined by the
/// generated rules, is the native annotation of the fixture; no record
/// of a negative fixture is annotated.
#[test]
fn fluent_bit_rules_join_every_crash_fixture_in_oniguruma() {
    let rules = rules();
    let catalog = Catalog::builtin();
    let crashes = common::texts_in(&common::CRASH_DIRS);
    let mut wrong = Vec::new();
    for (name, text) in &crashes {
        // Every incident, one record each, and the first one whole.
        let want: Vec<Annotation> = panicsig::scan(text)
            .iter()
            .filter_map(|i| Annotation::new(i, catalog, Lang::En))
            .collect();
        let got: Vec<Annotation> = join(&rules, text)
            .iter()
            .filter_map(|r| panicsig::annotate_text(r, catalog, Lang::En))
            .collect();
        let first_whole = got.first() == panicsig::annotate_text(text, catalog, Lang::En).as_ref();
        let known = NOT_JOINED.iter().any(|(k, _)| name.ends_with(k));
        let show = |a: &[Annotation]| {
            a.iter()
                .map(|a| (a.code.clone(), a.message.clone()))
                .collect::<Vec<_>>()
        };
        match (first_whole && show(&got) == show(&want), known) {
            (true, true) => wrong.push(format!("{name}: listed as not joined, but is")),
            (false, false) => wrong.push(format!(
                "{name}: native {:?}, joined {:?}",
                show(&want),
                show(&got)
            )),
            _ => {}
        }
    }
    for (name, text) in common::texts_in(&["negative"]) {
        if let Some(a) = join(&rules, &text)
            .iter()
            .find_map(|r| panicsig::annotate_text(r, catalog, Lang::En))
        {
            wrong.push(format!("{name}: annotated {} {:?}", a.code, a.message));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures differ:\n{}",
        wrong.len(),
        crashes.len(),
        wrong.join("\n")
    );
}
