//! `panicsig export vrl`: a Vector Remap Language program that recognises
//! Go crashes as the native core does, generated from the catalog.
//!
//! Vector dropped its wasm transform in 0.17, so the Rust core cannot run
//! inside it; its `remap` transform runs VRL. The program is the native
//! parser ported by hand (`parse.vrl`, a line-driven state machine over
//! `for_each`) followed by the catalog compiled to a chain of `if`s, most
//! specific entry first (`classify.rs`). The hand-written half changes only
//! with src/parse/; the generated half follows the catalog. tests/vrl/ runs
//! both in the real VRL compiler and runtime against the native core.
//!
//! What VRL cannot reproduce:
//! - `incident_id`: linking the traceback records of a crash logged one
//!   line per event needs state across events, and a `remap` program sees
//!   one event. Join the lines upstream (examples/vector/).
//! - The caps on one input line (64 KiB) and one note line (512 bytes):
//!   they only bite on input no Go runtime prints, and notes only feed
//!   `text` conditions.
//! - In user signatures, `(?i)`: regex-lite folds ASCII case only, the
//!   `regex` crate Unicode case. (`\d`, `\w`, `\s`, `\b` are rewritten to
//!   their ASCII meaning, see [`syntax::ascii_classes`].)

mod classify;
pub mod syntax;

use crate::catalog::{Catalog, Lang, CATALOG_VERSION};
use crate::limits;

/// The hand-written parser, with `@NAME@` placeholders and `@macro` lines.
const PARSER: &str = include_str!("parse.vrl");

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Language of `summary` and `remediation`.
    pub lang: Lang,
    /// The event field holding the log text.
    pub key: String,
}

impl Default for Options {
    /// Vector's sources put the line in `message`.
    fn default() -> Self {
        Options {
            lang: Lang::En,
            key: "message".to_string(),
        }
    }
}

/// The field the annotation is written to: the native `nested` shape.
pub const OUTPUT_FIELD: &str = "go_panic";

/// Regexes of the parser, each the line recogniser of src/parse/ or
/// src/wrappers.rs named in its comment. They use `[0-9]`, not `\d`:
/// the native code checks ASCII digits and VRL's `\d` is Unicode.
const PATTERNS: [(&str, &str); 9] = [
    // wrappers::strip: CRI, journald, klog, timestamp and level prefixes,
    // each optional and in that order, and a trailing `\r`.
    (
        "WRAP",
        concat!(
            r"^(?:[0-9]{4}-[^ ]{5}T[^ ]* (?:stdout|stderr) [FP] )?",
            r"(?:[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:..:.. [^ ]* [^ ]*?: )?",
            r"(?:[IWEF][0-9]{4} [0-9]{2}:.{0,70}?\] )?",
            r"(?:\[[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}[T ][0-9]{2}:[^ \]]*\]? ?(?:(?:[+-][0-9:]{2,}|UTC|GMT|Z) )?",
            r"|[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}[T ][0-9]{2}:[^ ]* ?(?:(?:[+-][0-9:]{2,}|UTC|GMT|Z) )?)?",
            r"(?:(?:level=(?i:DEBUG|INFO|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|EMERG|ALERT|NOTICE)",
            r"|\[(?i:DEBUG|INFO|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|EMERG|ALERT|NOTICE)\]",
            r"|DEBUG|INFO|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|EMERG|ALERT|NOTICE) +)?",
            r"|\r$"
        ),
    ),
    // lines::header, `panic: V`: the value without ` [recovered]` and
    // ` (goexit=true)`.
    (
        "PANIC_VALUE",
        r"^panic: (?P<v>.*?)(?: \(goexit=true\))?(?P<r> \[recovered(?:, repanicked)?\])?\s*$",
    ),
    // lines::nested_panic.
    (
        "NESTED_VALUE",
        r"^\tpanic: (?P<v>.*?)(?: \(goexit=true\))?(?P<r> \[recovered(?:, repanicked)?\])?\s*$",
    ),
    // lines::goroutine_header: id and the state before the first comma.
    (
        "GOROUTINE",
        r"^goroutine (?P<id>[0-9]+)[^\[]*\[(?P<state>.*?)(?:, .*)?\]:\s*$",
    ),
    // lines::stack_line, a file line: `\t/path/file.go:19 +0x4c`.
    (
        "FILE_LINE",
        r"^\t(?P<file>.+?):(?P<line>[0-9]+)(?:(?: \+0x| fp=).*)?\s*$",
    ),
    // lines::stack_line, a function line: the name before the argument
    // list that closes the line (names hold parentheses: `main.(*T).M`).
    (
        "FUNC_LINE",
        r"^(?P<name>[^ \t][^ ]*)\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\s*$",
    ),
    // profile::frame: `#\t0xPC\tfunc+0xOFF\t\tfile:line`.
    (
        "PROFILE_FRAME",
        r"^#\t0x[0-9a-f]+\t+(?P<name>[^\t]+?)(?:\+0x[0-9a-f]+)?\t+(?P<file>[^\t]+):(?P<line>[0-9]+)\s*$",
    ),
    // lines::race_stack_line: functions indented by two spaces, files by six.
    (
        "RACE_FILE",
        r"^      (?P<file>.+?):(?P<line>[0-9]+)(?:(?: \+0x| fp=).*)?\s*$",
    ),
    (
        "RACE_FUNC",
        r"^  (?P<name>[^ \t][^ ]*)\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\s*$",
    ),
];

/// lines::is_incident_noise: register dumps, `runtime:` diagnostics, the
/// `go test` trailer, race separators.
const NOISE: &str = concat!(
    r"^(?:runtime: |exit status |signal arrived during |\[signal |PC=|runtime stack:",
    r"|\s*goroutine running on other thread|FAIL|--- FAIL|=====|Found |\.\.\.",
    r"|[a-z0-9]{1,7} \s*0x)"
);

/// Snippets for the `@macro` lines of the parser (VRL has no functions).
const MACROS: [(&str, &str); 9] = [
    // Build `fr` from `fn_`, `ff`, `fl` (lines::frame), with the
    // Frame::is_runtime and "own code" tests precomputed for
    // crash_site and culprit.
    (
        "frame",
        r#"if starts_with(fn_, "panic(") {
  fn_ = "panic"
}
f_rt = fn_ == "panic" || match(fn_, r'^(?:runtime\.|internal/runtime/|runtime/internal/)|\.runtime_|^sync\.(?:throw|fatal)$') || contains(ff, "/src/runtime/") || contains(ff, "/src/internal/runtime/") || match(ff, r'^(?:internal/)?runtime/')
f_std = match(fn_, r'^(?:[^/.]*/|[^/.]+(?:\.[^/]*)?$)') && !match(fn_, r'^main(?:\.[^/]*)?$')
fr = {"function": fn_, "file": ff, "line": fl, "rt": f_rt, "own": !f_rt && !f_std && !ends_with(ff, "_testmain.go")}"#,
    ),
    // push_frame: `fr` to the runtime stack or the goroutine that was
    // current when the frame was taken (`fph`, `fgk`). Only the first
    // goroutine's frames are kept; of the others, only the first frame in
    // the program's code (the culprit's fallback).
    (
        "push",
        r#"if !cb {
  if fph == "r" {
    if length(rt) < @MAX_FRAMES@ {
      rt = push(rt, fr)
      frame_names = frame_names + "\n" + fn_
    }
  } else if fgk == 1 {
    if length(frames) < @MAX_FRAMES@ {
      frames = push(frames, fr)
      frame_names = frame_names + "\n" + fn_
    }
  } else if fgk > 1 && curn < @MAX_FRAMES@ {
    curn = curn + 1
    if !has_other && fr.own {
      other = fr
      has_other = true
    }
  }
  if fph == "g" && ing && gkn < @MAX_FRAMES@ {
    gk = gk + fn_ + "\t" + ff + ":" + to_string(fl) + "\n"
    gkn = gkn + 1
  }
}"#,
    ),
    // Buckets::add: count the goroutine block just read in the bucket of
    // its stack (function, file and line of each frame).
    (
        "fold",
        r#"if ing {
  cur = get(bk, [gk]) ?? null
  if cur != null {
    bs = array(cur.s) ?? []
    if gs != "" && length(bs) < @MAX_BUCKET_STATES@ && !includes(bs, gs) {
      bs = push(bs, gs)
    }
    bw = int(cur.w) ?? -1
    if gw > bw {
      bw = gw
    }
    bk = set(bk, [gk], {"n": (int(cur.n) ?? 0) + gn, "s": bs, "w": bw}) ?? bk
  } else if nbk < @MAX_BUCKETS@ {
    bs = []
    if gs != "" {
      bs = [gs]
    }
    bk = set(bk, [gk], {"n": gn, "s": bs, "w": gw}) ?? bk
    nbk = nbk + 1
  }
  ing = false
}"#,
    ),
    // A goroutine block starts: its header's state, wait and count.
    (
        "open_goroutine",
        r#"ing = true
gk = ""
gkn = 0
gs = ngs
gw = ngw
gn = ngn"#,
    ),
    // Scanner::close: keep the incident if confirmed (Builder::confirmed,
    // Builder::finish). Signal and dump headers need a `PC=` line or a
    // goroutine block; a headless stack needs a frame with its file line,
    // and is a recovered panic when a `panic(` frame shows it was one and
    // the line before it named the value.
    (
        "close",
        r#"if hl {
  if fseen > 0 {
    conf = false
  }
  if saw_panic && message != "" {
    kind = "panic"
    recovered = true
    context = "recovered"
  } else {
    message = ""
    if saw_panic {
      kind = "panic"
    }
  }
}
if !conf {
  st = 2
  if has_pend && !pend_cb && ph == "g" && ing && gkn < @MAX_FRAMES@ {
    gk = gk + pend + "\t:0\n"
  }
  @fold
} else {
  st = 0
}"#,
    ),
    // flush_pending: a function line whose file line never came. The
    // frame is taken here and pushed after the line's branch.
    (
        "flush",
        r#"if has_pend {
  fn_ = pend
  ff = ""
  fl = 0
  has_pend = false
  cb = pend_cb
  pend_cb = false
  dpush = true
  fph = ph
  fgk = gkept
}"#,
    ),
    // commit_tentative: unindented lines after `panic:` were the value.
    (
        "commit",
        r#"for_each(tent) -> |_k, t| {
  if length(message) < @MAX_MESSAGE_BYTES@ {
    message = message + "\n" + replace(replace(t, r'@WRAP@', ""), r'\s+$', "")
  }
  mlines = mlines + 1
}
tent = []"#,
    ),
    // note: lines that belong to the incident but carry no frame, for
    // `text` conditions (capped like Incident::notes).
    (
        "note",
        r#"if nnotes < @MAX_NOTES@ {
  nnotes = nnotes + 1
  notes_text = notes_text + "\n" + line
}"#,
    ),
    // The builder state of a new incident.
    (
        "reset",
        r#"nested = []
nested_text = ""
signal = {}
has_signal = false
gcount = 0
gkept = 0
gid = 0
gstate = ""
frames = []
rt = []
frame_names = ""
curn = 0
other = {}
has_other = false
pend = ""
has_pend = false
pend_cb = false
saw_panic = false
mlines = 1
tent = []
bk = {}
nbk = 0
ing = false
gk = ""
gkn = 0
hl = false
fseen = 0"#,
    ),
];

/// The annotation, from the parser's variables and the chain's `entry`:
/// the fields of [`crate::Annotation`].
const ANNOTATE: &str = r##"    if found {
      a = {"code": code, "slug": slug, "title": title, "severity": severity, "category": category}
      a.kind = kind
      a.message = message
      a.recovered = recovered
      if context != "" {
        a.context = context
      }
      a.goroutine = null
      if gkept > 0 {
        a.goroutine = {"id": gid, "state": gstate}
      }
      a.crash_site = crash_site
      a.culprit = culprit
      # fingerprint::fingerprint, line for line.
      fpin = code + "\n" + replace(replace(message, r'[0-9][0-9a-fA-Fx.]*', "#"), r'(?s)^(?P<h>.{256}).+$', "${h}")
      if crash_site != null {
        fpin = fpin + "\n" + (string(crash_site.function) ?? "") + "\n" + replace(string(crash_site.file) ?? "", r'^.*/', "")
      }
      for_each(fpf) -> |_i, fname| {
        fpin = fpin + "\n" + fname
      }
      a.fingerprint = slice(sha2(fpin, variant: "SHA-256"), 0, 16) ?? ""
      if has_details {
        details = compact(parse_regex(message, pattern) ?? {}, null: true, string: false, object: false, array: false, nullish: false)
        if length(details) > 0 {
          a.details = details
        }
      }
      if length(nested) > 0 {
        a.nested = nested
      }
      if has_signal {
        a.signal = signal
      }
      a.goroutines = gcount
      a.summary = summary
      a.remediation = remediation
      a.commands = commands
      a.catalog_version = @CATALOG_VERSION@
      .@OUTPUT@ = a
    }
"##;

/// Expand `@macro` lines (recursively) and `@NAME@` placeholders.
fn expand(template: &str, depth: usize) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    for line in template.lines() {
        let body = line.trim_start();
        let indent = line.get(..line.len() - body.len()).unwrap_or("");
        let snippet = body
            .strip_prefix('@')
            .and_then(|name| MACROS.iter().find(|(n, _)| *n == name))
            .map(|(_, s)| *s);
        match snippet {
            Some(s) if depth < 4 => {
                for l in expand(s, depth + 1).lines() {
                    out.push_str(indent);
                    out.push_str(l);
                    out.push('\n');
                }
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Fill `@NAME@` placeholders.
fn fill(text: &str, key: &str, chain: &str) -> String {
    let mut text = text.replace("@classify\n", chain);
    for (name, pattern) in PATTERNS {
        text = text.replace(&format!("r'@{name}@'"), &syntax::regex(pattern));
    }
    let caps = [
        ("MAX_FRAMES", limits::MAX_FRAMES),
        ("MAX_GOROUTINES", limits::MAX_GOROUTINES),
        ("MAX_BUCKETS", limits::MAX_BUCKETS),
        ("MAX_BUCKET_STATES", limits::MAX_BUCKET_STATES),
        ("MAX_NESTED", limits::MAX_NESTED),
        ("MAX_MESSAGE_LINES", limits::MAX_MESSAGE_LINES),
        ("MAX_MESSAGE_BYTES", limits::MAX_MESSAGE_BYTES),
        ("MAX_NOTES", limits::MAX_NOTES),
        ("MAX_NOTE_BYTES", limits::MAX_NOTE_BYTES),
    ];
    for (name, value) in caps {
        text = text.replace(&format!("@{name}@"), &value.to_string());
    }
    text.replace("r'@NOISE@'", &syntax::regex(NOISE))
        .replace("@TEXT@", &format!("get(., [{}])", syntax::string(key)))
        .replace("@CATALOG_VERSION@", &syntax::string(CATALOG_VERSION))
        .replace("@OUTPUT@", OUTPUT_FIELD)
}

/// The VRL program for `catalog`.
pub fn generate(catalog: &Catalog, opts: &Options) -> String {
    let lang = opts.lang.as_str();
    let mut chain = classify::chain(catalog, opts.lang);
    chain.push_str(ANNOTATE);
    let head = format!(
        "# panicsig {version}: Go panics and fatal errors in Vector, from catalog {catalog}.\n\
         # Generated by `panicsig export vrl --lang {lang} --key {key}`; do not edit, regenerate.\n\
         #\n\
         # In a `remap` transform (`file: panicsig.vrl`): an event whose `{key}` field holds a Go\n\
         # crash, one line or a multi-line crash joined upstream, gains `.{out}` (code, slug,\n\
         # title, severity, category, kind, message, crash_site, culprit, fingerprint, goroutine,\n\
         # summary, remediation, commands, ...). Every other event is left untouched.\n\n",
        version = env!("CARGO_PKG_VERSION"),
        catalog = CATALOG_VERSION,
        key = opts.key.replace('\n', " "),
        out = OUTPUT_FIELD,
    );
    let body = fill(&expand(PARSER, 0), &opts.key, &chain);
    head + &body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_and_macro_is_filled() {
        let text = generate(Catalog::builtin(), &Options::default());
        for line in text.lines() {
            let code = line.split(" #").next().unwrap_or(line);
            assert!(
                !code.trim_start().starts_with('@') && !code.contains("@'"),
                "unexpanded: {line}"
            );
        }
        assert!(text.contains("get(., [\"message\"])"));
    }

    /// Also checked by tests/vrl/, which runs the program; this copy of
    /// the check runs with the main test suite.
    #[test]
    fn committed_example_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/vector/panicsig.vrl");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        let fresh = generate(Catalog::builtin(), &Options::default());
        assert!(
            committed == fresh,
            "examples/vector/panicsig.vrl is out of date with the catalog: run `make vrl`"
        );
    }

    #[test]
    fn most_specific_entries_come_first() {
        let text = generate(Catalog::builtin(), &Options::default());
        let at = |code: &str| text.find(&format!("# {code} ")).unwrap();
        // GP501 (context http) outranks everything; GP9xx fallbacks are last.
        assert!(at("GP501") < at("GP101"));
        assert!(at("GP405") < at("GP404"));
        assert!(at("GP101") < at("GP900"));
    }
}
