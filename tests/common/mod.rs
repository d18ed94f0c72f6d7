//! Shared test support: fixture paths and the labels of real Go output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root, found from this file (tests/common/mod.rs) so
/// that every crate compiling it (this one, tests/wamr) finds the same.
pub fn repo_root() -> PathBuf {
    let this = Path::new(env!("CARGO_MANIFEST_DIR")).join(file!());
    let this = std::fs::canonicalize(&this).unwrap_or(this);
    this.ancestors()
        .nth(3)
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The fixture directories of real Go crash output (under tests/fixtures/).
pub const CRASH_DIRS: [&str; 7] = [
    "corpus/go1.19.8",
    "corpus/go1.23.5",
    "gen/go1.19",
    "gen/go1.21",
    "gen/go1.23",
    "gen/go1.25",
    "gen/go1.27",
];

/// Generated fixtures panicsig is known to get wrong, by case, with what
/// it gets wrong: real output of zap and logrus (tests/go/loggers/). Their
/// labels say what a Go engineer reads in them (tests/go/labels.py);
/// tests/corpus.rs fails when one of them comes out right, so that it is
/// taken off this list.
pub const KNOWN_WRONG: [(&str, &str); 0] = [];

/// The [`KNOWN_WRONG`] cases in which `panicsig::scan` finds no incident
/// at all: tests that need one skip them.
pub const NOT_FOUND: [&str; 0] = [];

pub fn fixtures() -> PathBuf {
    repo_root().join("tests/fixtures")
}

/// One row of a `labels.tsv` (corpus or generated fixtures).
#[derive(Debug, Clone)]
pub struct Label {
    /// Path relative to tests/fixtures/.
    pub path: String,
    pub go_version: String,
    pub case: String,
    pub kind: String,
    pub message: String,
    pub class: String,
    pub crash_function: String,
    pub crash_file_line: String,
    pub goroutine_id: String,
    pub goroutine_state: String,
    pub traceback: String,
    pub block_first_line: String,
    pub user_function: String,
    pub user_file_line: String,
}

/// `labels.tsv` values: CSV-style quotes when a value holds `"`, and
/// `\n`, `\t`, `\r`, `\\` escapes.
fn unquote(v: &str) -> String {
    let v = if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1].replace("\"\"", "\"")
    } else {
        v.to_string()
    };
    unescape(&v)
}

/// `\t`, `\n`, `\r` and `\\` escapes, in one pass: `\\n` is a
/// backslash and an `n`, not a newline.
pub fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Labels of `dir` (relative to tests/fixtures/): `corpus` or `gen`.
pub fn labels(dir: &str) -> Vec<Label> {
    let path = fixtures().join(dir).join("labels.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let c: Vec<String> = line.split('\t').map(unquote).collect();
        let get = |i: usize| c.get(i).cloned().unwrap_or_default();
        let file = get(0);
        let rel = file.strip_prefix("cases/").unwrap_or(&file).to_string();
        out.push(Label {
            path: format!("{dir}/{rel}"),
            go_version: get(1),
            case: get(2),
            kind: get(3),
            message: get(5),
            class: get(6),
            crash_function: get(7),
            crash_file_line: get(8),
            goroutine_id: get(9),
            goroutine_state: get(10),
            traceback: get(11),
            block_first_line: get(15),
            user_function: get(16),
            user_file_line: get(17),
        });
    }
    out
}

pub fn read(rel: &str) -> String {
    let p = fixtures().join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// The files directly in `dir` whose name ends with `suffix`, in name order.
pub fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(suffix))
        .collect();
    out.sort();
    out
}

/// `(path, text)` of every `.txt` fixture in these directories (relative to
/// tests/fixtures/), in name order.
pub fn texts_in(dirs: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in dirs {
        for path in files(&fixtures().join(dir), ".txt") {
            let name = path.file_name().map(|n| n.to_string_lossy().to_string());
            let rel = format!("{dir}/{}", name.unwrap_or_default());
            out.push((rel.clone(), read(&rel)));
        }
    }
    out
}
