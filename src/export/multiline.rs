//! The crash-line recognizers shippers join lines with, in one table, and
//! the configurations generated from it: Fluent Bit's multiline parser
//! (classic and YAML), Vector's file-source `multiline` patterns and the
//! `starts_when` condition of its `reduce` transform.
//!
//! A shipper sees one line at a time and has only regexes, so each entry
//! is a regex in the subset that Oniguruma (Fluent Bit's Onigmo), the
//! `regex` crate (Vector) and VRL read alike. tests/multiline.rs joins
//! every fixture with the generated Fluent Bit rules in Oniguruma and
//! checks each record against the native scan; tests/vrl/ does the same
//! for Vector's. The files are generated and committed; tests/multiline.rs
//! fails when one is stale (`make multiline` rewrites them).

/// One recognizer: a line shape, and what it does to a joined record.
#[derive(Debug, Clone, Copy)]
pub struct Recognizer {
    /// The regex, matched at the start of the line (after a two-field
    /// prefix for [`Recognizer::starts`] ones, unless `anywhere`).
    pub pattern: &'static str,
    /// A record starts at this line.
    pub starts: bool,
    /// The line continues an open record.
    pub continues: bool,
    /// The line starts a record even inside one: it only ever opens a
    /// crash (Vector's `reduce`, which cannot look back, splits there).
    pub splits: bool,
    /// Matched anywhere in the line: the runtime's text behind a logger's
    /// own prefix (`http: panic serving`, klog's `Observed a panic:`).
    pub anywhere: bool,
    /// Inside a record, the line continues it and closes it: the rule
    /// line after a race report, which also opens the next report.
    /// Fluent Bit closes the record there; Vector's modes cannot, and
    /// continue through it.
    pub ends: bool,
}

const fn r(pattern: &'static str, starts: bool, continues: bool, splits: bool) -> Recognizer {
    Recognizer {
        pattern,
        starts,
        continues,
        splits,
        anywhere: false,
        ends: false,
    }
}

/// The table. Headers (`panic: `, `fatal error: `, ...) also continue a
/// record: Go prints two at once when two goroutines crash together, and
/// `fatal error:` follows the `runtime:` lines that explain it. Patterns
/// that end at the line's end allow a CR or a literal `^M` before it: a
/// terminal's record of the crash, shipped or pasted.
pub const RECOGNIZERS: [Recognizer; 41] = [
    // Headers and the lines the runtime prints before one.
    r(r"panic: ", true, true, true),
    r(r"fatal error: ", true, true, false),
    r(r"runtime: ", true, true, false),
    r(r"unexpected fault address ", true, true, true),
    r(r"SIG[A-Z]+: ", true, true, false),
    r(r"WARNING: DATA RACE", true, true, true),
    Recognizer {
        pattern: r"={18}(\r|\^M)?$",
        starts: true,
        continues: true,
        splits: true,
        anywhere: false,
        ends: true,
    },
    r(r"--- FAIL", true, true, false),
    r(r"goroutine \d+ .*\]:(\r|\^M)?$", true, true, false),
    r(r"goroutine profile: total ", true, false, false),
    // logrus' record at level panic, text or JSON: the `panic:` line
    // after it prints only the *Entry, the message is in the record.
    Recognizer {
        // `\x22`, not a quote: the classic configuration quotes rules.
        pattern: r"(time=\S+ )?level=panic |\{.*\x22level\x22:\x22panic\x22",
        starts: true,
        continues: false,
        splits: true,
        anywhere: false,
        ends: false,
    },
    Recognizer {
        pattern: r"Observed a panic: ",
        starts: true,
        continues: false,
        splits: true,
        anywhere: true,
        ends: false,
    },
    Recognizer {
        pattern: r"http2?: panic serving ",
        starts: true,
        continues: false,
        splits: true,
        anywhere: true,
        ends: false,
    },
    // Goroutine blocks and frames.
    r(r"\s*(\^M)?$", false, true, false),
    r(r"\t", false, true, false),
    r(r"  ", false, true, false),
    r(r"goroutine \d+ ", false, true, false),
    r(r"goroutine running ", false, true, false),
    r(r"\[originating from ", false, true, false),
    r(r"[^\s]+\(.*\)(\r|\^M)?$", false, true, false),
    r(r"created by ", false, true, false),
    r(r"\.\.\.", false, true, false),
    // Signal, register and runtime diagnostics.
    r(r"runtime stack:", false, true, false),
    r(r"\[signal ", false, true, false),
    r(r"PC=", false, true, false),
    r(r"instruction bytes:", false, true, false),
    r(r"signal arrived", false, true, false),
    r(r"exit status", false, true, false),
    r(r"object=", false, true, false),
    r(r" \*\(object", false, true, false),
    r(r"[a-z0-9]{1,7} +0x", false, true, false),
    r(r"0x[0-9a-f]+: ", false, true, false),
    r(r"stack: frame=\{", false, true, false),
    // Race reports and `go test` trailers.
    r(r"(Read|Write) at ", false, true, false),
    r(r"Previous (read|write) ", false, true, false),
    r(r"Atomic ", false, true, false),
    r(r"Goroutine \d+ ", false, true, false),
    r(r"Found \d+ data race", false, true, false),
    r(r"running tests:", false, true, false),
    r(r"FAIL", false, true, false),
    // Goroutine profiles (`debug=1`).
    r(r"(-----(\r|\^M)?$|\d+ @ 0x|#\t0x)", false, true, false),
];

/// The `panic:` line after logrus' panic-level record, which holds the
/// message: it continues that record rather than starting one.
pub const LOGRUS_PANIC: &str = "panic: (*logrus.Entry) ";

/// A log pipeline's own two fields before a header (`2024-11-24 10:00:00 `,
/// `10:00:00 ERROR `).
const PREFIX: &str = r"(\S+ \S+ )?";

fn alternation<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts.collect::<Vec<_>>().join("|")
}

/// The entries `pick` takes: those matched at the line's start (after
/// `prefix`), then those matched anywhere in it.
fn opening(pick: impl Fn(&Recognizer) -> bool, prefix: &str) -> String {
    let of = |anywhere: bool| {
        alternation(
            RECOGNIZERS
                .iter()
                .filter(|x| pick(x) && x.anywhere == anywhere)
                .map(|x| x.pattern),
        )
    };
    format!("^{prefix}({})|{}", of(false), of(true))
}

/// The line that starts a record.
pub fn start_pattern() -> String {
    opening(|x| x.starts, PREFIX)
}

/// A line that continues an open record.
pub fn continue_pattern() -> String {
    anchored(|x| x.continues)
}

/// `^(...)` over the patterns of the entries `pick` takes.
fn anchored(pick: impl Fn(&Recognizer) -> bool) -> String {
    let parts = alternation(RECOGNIZERS.iter().filter(|x| pick(x)).map(|x| x.pattern));
    format!("^({parts})")
}

/// A line that starts a record even inside one.
pub fn split_pattern() -> String {
    opening(|x| x.splits, "")
}

const GENERATED: &str = "Generated from src/export/multiline.rs by `make multiline`: do not edit.";

/// `examples/fluent-bit/parsers_multiline.conf`.
pub fn fluent_bit_conf() -> String {
    format!(
        "# panicsig's multiline parser: joins every Go crash shape into one record.
# {GENERATED}
# Fluent Bit's built-in `go` parser starts only at `panic:`; this one also
# starts at `fatal error:` (and the `runtime:` / `unexpected fault address`
# lines the runtime prints before it), signal dumps, `http: panic serving`,
# klog's `Observed a panic:`, race reports, failed tests and goroutine dumps,
# and continues through goroutine headers, frames, register dumps and
# race report lines.
[MULTILINE_PARSER]
    name          go_crash
    type          regex
    flush_timeout 2000
    # rules   | state name    | regex | next state
    rule        \"start_state\"   \"/{}/\"  \"go_body\"
    rule        \"go_body\"       \"/{}/\"  \"go_body\"
    # A line that closes the record (next state `start_state`: Fluent Bit
    # flushes it there, and the next line may open another).
    rule        \"go_body\"       \"/{}/\"  \"start_state\"
",
        start_pattern(),
        anchored(|x| x.continues && !x.ends),
        anchored(|x| x.ends)
    )
}

/// `examples/fluent-bit/parsers_multiline.yaml`.
pub fn fluent_bit_yaml() -> String {
    format!(
        "# The same parser as parsers_multiline.conf, for YAML configuration.
# {GENERATED}
multiline_parsers:
  - name: go_crash
    type: regex
    flush_timeout: 2000
    rules:
      - state: start_state
        regex: '/{}/'
        next_state: go_body
      - state: go_body
        regex: '/{}/'
        next_state: go_body
      - state: go_body
        regex: '/{}/'
        next_state: start_state
",
        start_pattern(),
        anchored(|x| x.continues && !x.ends),
        anchored(|x| x.ends)
    )
}

/// The generated lines of a Vector configuration, between its
/// `# BEGIN generated` and `# END generated` markers: `file` is the
/// configuration's name under examples/vector/.
pub fn vector_lines(file: &str) -> Option<String> {
    match file {
        "vector.yaml" => Some(format!(
            "      start_pattern: '{}'
      mode: continue_through
      condition_pattern: '{}'
",
            start_pattern(),
            continue_pattern()
        )),
        "kubernetes.yaml" => Some(format!(
            "        line = string(get(., [\"message\"]) ?? null) ?? \"\"
        (match(line, r'{}') && !starts_with(line, \"{LOGRUS_PANIC}\")) ||
          !match(line, r'{}')
",
            split_pattern(),
            continue_pattern()
        )),
        _ => None,
    }
}

/// `text` with the part between its generated markers replaced by
/// `lines`; `None` without the markers.
pub fn replace_generated(text: &str, lines: &str) -> Option<String> {
    let begin = text.find("# BEGIN generated")?;
    let body = begin + text.get(begin..)?.find('\n')? + 1;
    let end = body + text.get(body..)?.find("# END generated")?;
    let end_line = text.get(..end)?.rfind('\n').map_or(0, |n| n + 1);
    Some(format!(
        "{}{}{}",
        text.get(..body)?,
        lines,
        text.get(end_line..)?
    ))
}
