//! The example Vector pipelines in examples/vector/, simulated: the file
//! source's `multiline` grouping (Vector's line aggregator) and the
//! `reduce` transform's `starts_when` (compiled and run by VRL), each
//! followed by the generated program. Every crash must reach the program
//! as one event and come out annotated as the native core annotates it.
//! (Vector itself is not run here.)

use panicsig::export::vrl::{generate, Options, OUTPUT_FIELD};
use panicsig::{Catalog, Lang};
use panicsig_vrl_tests::{
    compile, crash_fixtures, event, negative_fixtures, rel, root, run, Schema,
};
use regex::Regex;
use serde_yaml_ng::Value as Yaml;
use vrl::compiler::Program;
use vrl::value::Value;

fn config(name: &str) -> Yaml {
    let path = root().join("examples/vector").join(name);
    let text = std::fs::read_to_string(&path).expect("example config");
    serde_yaml_ng::from_str(&text).expect("valid YAML")
}

fn get<'a>(v: &'a Yaml, path: &[&str]) -> &'a Yaml {
    path.iter().fold(v, |v, k| &v[*k])
}

fn string(v: &Yaml, path: &[&str]) -> String {
    get(v, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} is not a string"))
        .to_string()
}

/// Vector's line aggregator (src/line_agg.rs) for one file, all lines
/// available at once.
struct LineAgg {
    start: Regex,
    condition: Regex,
    mode: String,
}

impl LineAgg {
    fn from_config(cfg: &Yaml) -> Self {
        let m = get(cfg, &["sources", "app_logs", "multiline"]);
        LineAgg {
            start: Regex::new(&string(m, &["start_pattern"])).expect("start_pattern"),
            condition: Regex::new(&string(m, &["condition_pattern"])).expect("condition_pattern"),
            mode: string(m, &["mode"]),
        }
    }

    fn events(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf: Option<Vec<&str>> = None;
        let mut lines = text.lines().peekable();
        let mut stash: Option<&str> = None;
        while let Some(line) = stash.take().or_else(|| lines.next()) {
            let Some(group) = buf.as_mut() else {
                if self.start.is_match(line) {
                    buf = Some(vec![line]);
                } else {
                    out.push(line.to_string());
                }
                continue;
            };
            let matched = self.condition.is_match(line);
            // Continue, end including the line, or end before it.
            let (cont, include) = match (self.mode.as_str(), matched) {
                ("continue_through", m) => (m, false),
                ("continue_past", m) => (m, true),
                ("halt_before", m) => (!m, false),
                ("halt_with", m) => (!m, true),
                (mode, _) => panic!("unknown mode {mode}"),
            };
            if cont {
                group.push(line);
                continue;
            }
            if include {
                group.push(line);
            } else {
                stash = Some(line);
            }
            out.push(group.join("\n"));
            buf = None;
        }
        if let Some(group) = buf {
            out.push(group.join("\n"));
        }
        out
    }
}

/// The `reduce` transform of kubernetes.yaml for one container stream:
/// `starts_when` flushes the open event and starts a new one; other
/// events are appended (`concat_newline`).
fn reduce(starts_when: &Program, lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for line in lines {
        let starts = match run_condition(starts_when, line) {
            Value::Boolean(b) => b,
            other => panic!("starts_when returned {other:?}"),
        };
        match open.as_mut() {
            Some(text) if !starts => {
                text.push('\n');
                text.push_str(line);
            }
            _ => {
                out.extend(open.take());
                open = Some(line.to_string());
            }
        }
    }
    out.extend(open);
    out
}

fn run_condition(program: &Program, line: &str) -> Value {
    use vrl::compiler::state::RuntimeState;
    use vrl::compiler::{Context, TargetValue, TimeZone};
    let mut target = TargetValue {
        value: event(line),
        metadata: Value::Object(Default::default()),
        secrets: Default::default(),
    };
    let mut state = RuntimeState::default();
    let tz = TimeZone::default();
    let mut ctx = Context::new(&mut target, &mut state, &tz);
    program.resolve(&mut ctx).expect("condition runs")
}

fn starts_when() -> Program {
    let cfg = config("kubernetes.yaml");
    let reduce = get(&cfg, &["transforms", "go_crash_join"]);
    assert_eq!(string(reduce, &["type"]), "reduce");
    assert_eq!(
        string(reduce, &["merge_strategies", "message"]),
        "concat_newline"
    );
    let source = string(reduce, &["starts_when", "source"]);
    // Both ways Vector may type the event (see `Schema`).
    compile(&source, Schema::MessageString).unwrap_or_else(|e| panic!("starts_when:\n{e}"));
    compile(&source, Schema::Unknown).unwrap_or_else(|e| panic!("starts_when:\n{e}"))
}

fn program() -> Program {
    let source = generate(Catalog::builtin(), &Options::default());
    compile(&source, Schema::MessageString).expect("program compiles")
}

/// The annotations the program adds to `events`, in order.
fn annotations(program: &Program, events: &[String]) -> Vec<serde_json::Value> {
    events
        .iter()
        .filter_map(|e| {
            let out = run(program, event(e)).expect("program runs");
            let Value::Object(mut m) = out else {
                return None;
            };
            m.remove(OUTPUT_FIELD)
                .map(|a| serde_json::to_value(a).expect("serialises"))
        })
        .collect()
}

/// Every native incident of `text`, as (code, message).
fn native_incidents(text: &str) -> Vec<(String, String)> {
    panicsig::scan(text)
        .iter()
        .filter_map(|i| panicsig::Annotation::new(i, Catalog::builtin(), Lang::En))
        .map(|a| (a.code, a.message))
        .collect()
}

fn code_message(a: &serde_json::Value) -> (String, String) {
    let s = |k: &str| a[k].as_str().unwrap_or_default().to_string();
    (s("code"), s("message"))
}

/// Fixtures whose crash a pipeline's line-by-line joining cannot keep
/// whole, and why. The program annotates all of them as natively when they
/// arrive whole (tests/vrl.rs); these are limits of the example configs.
const FILE_NOT_JOINED: [(&str, &str); 4] = [
    (
        "recover-debug-stack.txt",
        "a stack the program printed after recover(): the panic value is on \
         the program's own log line before `goroutine N`, which the \
         multiline start pattern cannot tell from any log line",
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
/// Two goroutines that panic with the same value at once print two traces
/// back to back (one crash to the scanner); `starts_when` sees one line at
/// a time, and a `panic:` header always starts an event.
const TWIN_PANICS: &str = "the second goroutine's `panic:` header starts an event";

const REDUCE_NOT_JOINED: [(&str, &str); 10] = [
    ("gen/go1.21/panic-multiline.txt", "as for the file source"),
    ("gen/go1.19/panic-value-paragraphs.txt", PARAGRAPHS),
    ("gen/go1.21/panic-value-paragraphs.txt", PARAGRAPHS),
    (
        "go1.19.8/klog-handlecrash.txt",
        "HandleCrash's second `panic:` header, after its `Observed a panic` \
         trace, starts an event",
    ),
    ("go1.23.5/klog-handlecrash.txt", "as for go1.19.8"),
    ("gen/go1.23/waitgroup-add-during-wait.txt", TWIN_PANICS),
    ("gen/go1.27/waitgroup-add-during-wait.txt", TWIN_PANICS),
    ("gen/go1.23/waitgroup-reused.txt", TWIN_PANICS),
    ("gen/go1.25/waitgroup-reused.txt", TWIN_PANICS),
    (
        "test-panic.txt",
        "the `--- FAIL` line before the header (context test) is an event \
         of its own: the header must start one",
    ),
];

/// Each crash fixture through a pipeline: the first annotated event is
/// the native annotation of the fixture, every field.
fn check_fixtures(pipeline: impl Fn(&str) -> Vec<String>, known: &[&str]) {
    let program = program();
    let mut wrong = Vec::new();
    let files = crash_fixtures();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("fixture");
        let want = panicsig::annotate_text(&text, Catalog::builtin(), Lang::En)
            .map(|a| serde_json::to_value(a).expect("serialises"));
        let got = annotations(&program, &pipeline(&text)).into_iter().next();
        let name = rel(f);
        let is_known = known.iter().any(|k| name.ends_with(k));
        if is_known && got == want {
            wrong.push(format!("{name}: listed as not joined, but is"));
        }
        if got != want && !is_known {
            let show = |v: &Option<serde_json::Value>| v.as_ref().map(code_message);
            wrong.push(format!(
                "{}: native {:?}, pipeline {:?}",
                name,
                show(&want),
                show(&got)
            ));
        }
    }
    for f in negative_fixtures() {
        let text = std::fs::read_to_string(&f).expect("fixture");
        let got = annotations(&program, &pipeline(&text));
        if !got.is_empty() {
            wrong.push(format!(
                "{}: annotated {:?}",
                rel(&f),
                code_message(&got[0])
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures differ:\n{}",
        wrong.len(),
        files.len(),
        wrong.join("\n")
    );
}

#[test]
fn file_source_multiline_joins_every_crash_fixture() {
    let agg = LineAgg::from_config(&config("vector.yaml"));
    let known: Vec<&str> = FILE_NOT_JOINED.iter().map(|(f, _)| *f).collect();
    check_fixtures(|text| agg.events(text), &known);
}

#[test]
fn kubernetes_reduce_joins_every_crash_fixture() {
    let starts = starts_when();
    let known: Vec<&str> = REDUCE_NOT_JOINED.iter().map(|(f, _)| *f).collect();
    check_fixtures(
        |text| reduce(&starts, &text.lines().collect::<Vec<_>>()),
        &known,
    );
}

#[test]
fn file_pipeline_annotates_each_crash_of_the_sample_log() {
    let cfg = config("vector.yaml");
    let include = get(&cfg, &["sources", "app_logs", "include"]);
    let path = include[0].as_str().expect("include path");
    let remap = get(&cfg, &["transforms", "go_panic"]);
    assert_eq!(string(remap, &["file"]), "examples/vector/panicsig.vrl");
    let text = std::fs::read_to_string(root().join(path)).expect("sample log");
    let agg = LineAgg::from_config(&cfg);
    let got: Vec<_> = annotations(&program(), &agg.events(&text))
        .iter()
        .map(code_message)
        .collect();
    let want = native_incidents(&text);
    assert!(!want.is_empty());
    assert_eq!(got, want);
}

#[test]
fn kubernetes_pipeline_annotates_each_crash_of_the_cri_log() {
    // kubernetes_logs strips the CRI prefix; one stream per container.
    let text = std::fs::read_to_string(root().join("examples/logs/k8s-cri.log")).expect("log");
    let cri = Regex::new(r"^\S+ (stdout|stderr) [FP] ").expect("regex");
    let starts = starts_when();
    let mut events = Vec::new();
    for stream in ["stdout", "stderr"] {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| cri.captures(l).is_some_and(|c| &c[1] == stream))
            .map(|l| cri.find(l).map_or(l, |m| &l[m.end()..]))
            .collect();
        events.extend(reduce(&starts, &lines));
    }
    let got: Vec<_> = annotations(&program(), &events)
        .iter()
        .map(code_message)
        .collect();
    let mut want = native_incidents(&text);
    let mut got_sorted = got.clone();
    want.sort();
    got_sorted.sort();
    assert!(!want.is_empty());
    assert_eq!(got_sorted, want);
}
