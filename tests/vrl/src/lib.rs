//! Shared by the tests and the benchmark: the generated program compiled
//! by the real VRL compiler, run by the real VRL runtime, and the fixture
//! corpus it is checked on.

use std::path::{Path, PathBuf};
use vrl::compiler::state::{ExternalEnv, RuntimeState, TypeState};
use vrl::compiler::{compile_with_state, CompileConfig, Context, Program, TargetValue, TimeZone};
use vrl::value::kind::Collection;
use vrl::value::{Kind, ObjectMap, Secrets, Value};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The committed program, `examples/vector/panicsig.vrl`.
pub fn committed_program_path() -> PathBuf {
    root().join("examples/vector/panicsig.vrl")
}

/// How the event is typed when the program is compiled. Vector compiles a
/// `remap` program against its inputs' schema: the `file` and
/// `kubernetes_logs` sources declare `message` as a string, a `reduce`
/// transform or an untyped source leaves every field unknown. The program
/// must compile cleanly both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Nothing known about the event.
    Unknown,
    /// An object whose `message` is a string.
    MessageString,
}

/// Compile `source` with VRL's standard library; `Err` holds the
/// formatted diagnostics. Warnings count as errors: a program Vector
/// warns about at start-up is not what users should be handed.
pub fn compile(source: &str, schema: Schema) -> Result<Program, String> {
    let fns = vrl::stdlib::all();
    let event = match schema {
        Schema::Unknown => Kind::any(),
        Schema::MessageString => {
            let mut fields = std::collections::BTreeMap::new();
            fields.insert("message".into(), Kind::bytes());
            Kind::object(Collection::from_parts(fields, Kind::any()))
        }
    };
    let state = TypeState {
        local: Default::default(),
        external: ExternalEnv::new_with_kind(event, Kind::object(Collection::any())),
    };
    match compile_with_state(source, &fns, &state, CompileConfig::default()) {
        Ok(result) if result.warnings.is_empty() => Ok(result.program),
        Ok(result) => Err(vrl::diagnostic::Formatter::new(source, result.warnings).to_string()),
        Err(diagnostics) => Err(vrl::diagnostic::Formatter::new(source, diagnostics).to_string()),
    }
}

/// Run the program on one event, as a `remap` transform does; returns the
/// event afterwards.
pub fn run(program: &Program, event: Value) -> Result<Value, String> {
    let mut target = TargetValue {
        value: event,
        metadata: Value::Object(ObjectMap::new()),
        secrets: Secrets::default(),
    };
    let mut state = RuntimeState::default();
    let timezone = TimeZone::default();
    let mut ctx = Context::new(&mut target, &mut state, &timezone);
    program.resolve(&mut ctx).map_err(|e| e.to_string())?;
    Ok(target.value)
}

/// A `{"message": text}` event.
pub fn event(text: &str) -> Value {
    let mut map = ObjectMap::new();
    map.insert("message".into(), Value::from(text));
    Value::Object(map)
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// Every real Go output: `tests/fixtures/{corpus,gen}/*/*.txt`, sorted.
pub fn crash_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["corpus", "gen"] {
        files_under(&root().join("tests/fixtures").join(dir), "txt", &mut out);
    }
    out.sort();
    out
}

/// Crash text pasted from public issues, and look-alikes that are not Go
/// crashes: `tests/fixtures/realworld/{pos,neg}/*.txt`, sorted.
pub fn realworld_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files_under(&root().join("tests/fixtures/realworld"), "txt", &mut out);
    out.sort();
    out
}

/// The negative fixtures, `tests/fixtures/negative/*.txt`, sorted.
pub fn negative_fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/negative"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    out.sort();
    out
}

/// A path relative to the repository root, for messages.
pub fn rel(p: &Path) -> String {
    let root = root();
    let root = root.canonicalize().unwrap_or(root);
    let p = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    p.strip_prefix(&root)
        .unwrap_or(&p)
        .to_string_lossy()
        .into_owned()
}

/// Run `program` on an event holding `line`: the string it left in
/// `field`, if any.
pub fn output_field(program: &Program, line: &str, field: &str) -> Result<Option<String>, String> {
    run(program, event(line)).map(|v| match v {
        Value::Object(m) => m.get(field).map(|s| s.to_string_lossy().into_owned()),
        _ => None,
    })
}

/// Fail, listing the first of them, when lines of `total` came out of a
/// program step otherwise than natively.
pub fn assert_lines_agree(wrong: &[String], total: usize) {
    assert!(
        wrong.is_empty(),
        "{} of {total} lines differ:\n{}",
        wrong.len(),
        wrong
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// `strconv.Quote` as logrus' text formatter writes a value (the escapes a
/// traceback needs).
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Records a logger or a paste makes of a crash's text `t`, each one
/// line: logfmt fields, console lines ending in JSON fields (also cut
/// short), a bare escaped stack, syslog lines a paste joined.
pub fn record_shapes(t: &str) -> Vec<(&'static str, String)> {
    let json = serde_json::to_string(t).expect("a string serialises");
    let quoted = go_quote(t);
    let joined: String = t
        .lines()
        .map(|l| format!("Aug 10 08:15:13 worker1.example.org dockerd[781]: {l}"))
        .collect();
    let console = format!(
        "2026-03-02T14:30:30Z\tERROR\tObserved a panic\t{{\"controller\": \"x\", \"panic\": \"boom\", \"stacktrace\": {json}}}"
    );
    let mut out = vec![
        (
            "logfmt msg",
            format!("time=\"2022-09-09T04:18:12Z\" level=error msg={quoted}"),
        ),
        (
            "logfmt panic level with stack",
            format!("time=\"2022-09-09T04:18:12Z\" level=panic msg=\"boom\" stack={quoted} x=1"),
        ),
        (
            "logfmt error level with value and stack",
            format!("time=\"2022-09-09T04:18:12Z\" level=error msg=\"panic recovered\" panic=\"boom\" stack={quoted}"),
        ),
        (
            "journald logfmt",
            format!("Aug 10 08:14:36 w1 dockerd[781]: level=fatal msg=oops error={quoted}"),
        ),
        ("console", console.clone()),
        (
            "console, error and stack",
            format!("2022-03-04T14:50:01.293+0800\tERROR\tPANIC RECOVER\t{{\"error\": \"oops\", \"stack\": {json}}}"),
        ),
        (
            "escaped stack",
            format!("ERROR stack: {}", quoted.trim_matches('"')),
        ),
        ("joined syslog", joined),
    ];
    // Lines a log pipeline or a paste cut: at a third, a half, and a few
    // bytes short of the end (inside an escape, often).
    for cut in [console.len() / 3, console.len() / 2, console.len() - 3] {
        if let Some(c) = console.get(..cut) {
            out.push(("cut console", c.to_string()));
        }
    }
    out
}
