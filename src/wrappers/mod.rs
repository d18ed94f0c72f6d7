//! Strip what log pipelines and pastes put in front of a Go line: CRI and
//! docker compose prefixes, syslog / journald, klog, capnslog, hclog
//! (go-plugin), `kubectl logs --prefix`, GitHub Actions and other
//! timestamps, Android logcat, level words, logrus text records, markdown
//! quote markers, fences and emphasis, and the indentation a paste lost or
//! gained.
//!
//! [`RULES`] is the table of prefix shapes. [`strip`] peels them off,
//! outermost first, as often as they nest (`> ` + journald + klog, compose +
//! logrus, hclog + the plugin's own timestamp): each round applies the first
//! rule that matches, until none does. Hand-written byte checks instead of
//! regexes: this runs on every line of every incident. Each rule declares
//! the bytes its shape can start with, and [`CANDIDATES`] (built from the
//! table at compile time) gives the few rules worth trying for a line's
//! first byte: a frame's file line (a tab) meets none.
//!
//! The VRL export ports every rule, in this order, as a regex
//! (src/export/vrl/wrap.rs; a test there holds the two tables equal, and
//! tests/vrl compares the stripped lines).
//!
//! No rule matches Go's own text: `panic: `, `fatal error: `,
//! `WARNING: DATA RACE`, `goroutine 1 [running]:`, `[signal ...]`, frame
//! function lines and the tab that indents frame file lines all come
//! through unchanged.

mod loggers;
mod rules;

pub use loggers::logfmt_fields;
use loggers::*;
pub(crate) use rules::is_syslog_stamp;
use rules::*;

/// A prefix shape: the bytes a line holding it can start with, and the
/// check itself, which gives the rest of the line when the line starts
/// with the shape (consuming at least one byte), else `None`.
#[derive(Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    pub starts: Starts,
    pub strip: fn(&str) -> Option<&str>,
}

/// The first bytes of a shape: ASCII classes and single bytes.
#[derive(Clone, Copy)]
pub struct Starts {
    pub digit: bool,
    pub upper: bool,
    pub lower: bool,
    pub bytes: &'static [u8],
}

const fn starts(digit: bool, upper: bool, lower: bool, bytes: &'static [u8]) -> Starts {
    Starts {
        digit,
        upper,
        lower,
        bytes,
    }
}

/// Any name character: compose services, plugin names.
const NAME: Starts = starts(true, true, true, b"_-.");

/// The prefix shapes, tried in this order in every round. Earlier rules
/// are the ones whose shape a later rule would misread (CRI before the bare
/// timestamp, capnslog's `E | ` before compose's `svc | `).
pub const RULES: [Rule; 18] = [
    rule("markdown", starts(false, false, false, b">`/-+"), markdown),
    rule("fixed", starts(false, false, false, b"E$"), fixed),
    rule("line-number", starts(true, false, false, b" "), line_number),
    rule("cri", starts(true, false, false, b""), cri),
    rule("syslog", starts(false, true, true, b""), syslog),
    rule("klog", starts(false, true, false, b""), klog),
    rule("timestamp", starts(true, false, false, b"["), timestamp),
    rule("capnslog", starts(false, true, false, b""), capnslog),
    rule("kubectl", starts(false, false, false, b"["), kubectl),
    rule("compose", NAME, compose),
    rule("logrus", starts(false, false, false, b"tl"), logrus_text),
    rule("level", starts(false, true, false, b"[l "), level),
    rule("logrus-tty", starts(false, true, false, b""), logrus_tty),
    rule("hclog", NAME, hclog_name),
    rule("clock", starts(false, false, false, b"["), clock),
    rule("beego", starts(false, false, false, b"["), beego),
    rule("logcat", starts(false, true, false, b""), logcat),
    rule(
        "logcat-columns",
        starts(true, false, false, b" "),
        logcat_columns,
    ),
];

const fn rule(name: &'static str, starts: Starts, strip: fn(&str) -> Option<&str>) -> Rule {
    Rule {
        name,
        starts,
        strip,
    }
}

/// Index of the logrus rule in [`RULES`] (left out by [`logfmt_record`];
/// a test checks it).
const LOGRUS: usize = 10;

/// `CANDIDATES[b]`: the rules (bit `i` for `RULES[i]`) a line starting
/// with byte `b` can hold. Most Go lines start with a tab or a package
/// path and meet few or none.
// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
static CANDIDATES: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut r = 0;
    while r < RULES.len() {
        let st = RULES[r].starts;
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            if (st.digit && c.is_ascii_digit())
                || (st.upper && c.is_ascii_uppercase())
                || (st.lower && c.is_ascii_lowercase())
            {
                t[b] |= 1 << r;
            }
            b += 1;
        }
        let mut i = 0;
        while i < st.bytes.len() {
            t[st.bytes[i] as usize] |= 1 << r;
            i += 1;
        }
        r += 1;
    }
    t
};

/// Literal prefixes: glog's complaint that precedes its own header, and a
/// shell prompt glued to the output (`$ fatal error: ...`).
const FIXED: [&str; 2] = ["ERROR: logging before flag.Parse: ", "$ "];

/// Level words that loggers put before the message: `ERROR `, `[error] `,
/// `level=error `. A bare word must be upper case and have no colon, so
/// that Go's own `fatal error:` and `WARNING: DATA RACE` are never eaten.
const LEVELS: [&str; 15] = [
    "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRIT", "CRITICAL",
    "EMERG", "ALERT", "NOTICE", "PANIC", "DPANIC",
];

/// logrus' four-letter levels on a terminal: `ERRO[0001] `.
const LOGRUS_TTY_LEVELS: [&str; 7] = ["TRAC", "DEBU", "INFO", "WARN", "ERRO", "FATA", "PANI"];

/// Most nested wrappers peeled off one line.
const MAX_LAYERS: usize = 8;

/// How far into a line a rule looks for the end of its prefix.
const MAX_PREFIX: usize = 160;

/// Remove every known wrapper prefix from `line`, outermost first, and the
/// line-end damage (CR, a literal `^M`, a closing fence). Keeps one leading
/// tab (frame file lines, `\tpanic: X` nested panics, the further lines of
/// a multi-line panic value); drops other indentation only before a line
/// that opens a crash block (`panic: `, `fatal error: `, `goroutine N [`,
/// `[signal `, ...).
pub fn strip(line: &str) -> &str {
    indentation(emphasis(peeled(line)))
}

/// `line` without line-end damage and wrapper prefixes.
fn peeled(line: &str) -> &str {
    let mut s = line_end(line);
    for _ in 0..MAX_LAYERS {
        match peel(s, true) {
            Some(rest) => s = rest,
            None => break,
        }
    }
    s
}

/// The indentation between `line`'s wrappers and its text (which
/// [`strip`] may drop).
pub fn lead(line: &str) -> &str {
    let s = emphasis(peeled(line));
    let body = s.trim_start_matches([' ', '\t']);
    s.get(..s.len().saturating_sub(body.len())).unwrap_or("")
}

/// Markdown emphasis around a crash header (`**panic: x**`, `_panic: x_`):
/// the marker goes, and the same marker ending the line.
fn emphasis(s: &str) -> &str {
    // After any indentation: the header opens a block, which keeps none.
    let t = s.trim_start_matches(' ');
    let marker = ["**", "__", "*", "_"]
        .into_iter()
        .find(|m| t.starts_with(m));
    let Some(m) = marker else {
        return s;
    };
    let rest = t.get(m.len()..).unwrap_or(t);
    if !(rest.starts_with("panic: ") || rest.starts_with("fatal error: ")) {
        return s;
    }
    rest.strip_suffix(m).unwrap_or(rest)
}

/// Whether `line` is a frame's function line that [`strip`] leaves as it
/// is, told without trying the rules: it starts with a name byte, has only
/// path and name bytes (no space, `=`, `|` or `>`) before its first `(`,
/// ends with `)` and holds no colon. Every rule's prefix has a space, a
/// colon, `|`, `=` or `>`, or starts with a byte no such line starts with;
/// a test holds every rule to that with a real prefix. For the dump fast
/// path, where these lines are half of all lines.
pub(crate) fn is_bare_function_line(line: &str) -> bool {
    let b = line.as_bytes();
    let name_ok = |c: &u8| {
        c.is_ascii_alphanumeric() || matches!(c, b'.' | b'/' | b'_' | b'-' | b'*' | b'[' | b']')
    };
    let Some(open) = b.iter().position(|c| !name_ok(c)) else {
        return false;
    };
    b.first()
        .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
        && b.get(open) == Some(&b'(')
        && b.last() == Some(&b')')
        && crate::find::byte(b':', b).is_none()
}

/// Whether `line` is a frame's file line as Go prints it (`\t/` first, a
/// digit of the line number or of `+0x1d` last) that [`strip`] leaves as
/// it is: no rule starts with a tab (a test checks), the line ends in no
/// damage, and [`indentation`] keeps `\t/`.
pub(crate) fn is_bare_file_line(line: &str) -> bool {
    line.starts_with("\t/") && line.as_bytes().last().is_some_and(u8::is_ascii_hexdigit)
}

/// One round: the rest after the first rule that matches (the logrus rule
/// only `with_logrus`).
///
/// Spaces before the prefix go with it: a paste indented as a whole (a
/// markdown code block by indentation) indents its wrappers too. The
/// rules that allow leading spaces themselves read the same either way.
fn peel(s: &str, with_logrus: bool) -> Option<&str> {
    let s = s.trim_start_matches(' ');
    let first = *s.as_bytes().first()?;
    let mut mask = CANDIDATES.get(usize::from(first)).copied().unwrap_or(0);
    if !with_logrus {
        mask &= !(1 << LOGRUS);
    }
    while mask != 0 {
        let i = mask.trailing_zeros() as usize;
        mask &= mask - 1;
        if let Some(rest) = RULES.get(i).and_then(|r| (r.strip)(s)) {
            if rest.len() < s.len() {
                return Some(rest);
            }
        }
    }
    None
}

/// The logrus / logfmt text record inside `line` (`time="..." level=...
/// msg="..."`), after the wrappers outside it (journald, compose, ...),
/// for [`crate::locate::logfmt_line_text`].
pub fn logfmt_record(line: &str) -> Option<&str> {
    let mut s = line_end(line);
    for _ in 0..MAX_LAYERS {
        let t = s.trim_start_matches(' ');
        if is_logfmt_start(t) {
            return Some(t);
        }
        s = peel(s, false)?;
    }
    None
}

fn is_logfmt_start(s: &str) -> bool {
    s.starts_with("time=") || s.starts_with("level=") || s.starts_with("ts=")
}

/// `\r` (CRLF files), a literal `^M` (a CR made visible by a pager or an
/// editor) and a markdown fence glued to the line's end.
fn line_end(line: &str) -> &str {
    if !matches!(line.as_bytes().last(), Some(b'\r' | b'M' | b'`')) {
        return line;
    }
    let mut s = line;
    loop {
        let t = s.trim_end_matches('\r');
        let t = t.strip_suffix("^M").unwrap_or(t);
        let t = t.strip_suffix("```").unwrap_or(t);
        if t.len() == s.len() {
            return s;
        }
        s = t;
    }
}

/// Lines that open a crash block, or that the runtime prints unindented
/// inside one (a signal's `PC=` line, registers, a goroutine profile's
/// lines), whatever indentation a paste gave them.
fn opens_block(s: &str) -> bool {
    let by_first_byte = match s.as_bytes().first() {
        // `panic:VALUE` too, a paste that lost the space.
        Some(b'p') => s.starts_with("panic:") && !s.starts_with("panic:\t"),
        Some(b'f') => s.starts_with("fatal error: "),
        Some(b'[') => s.starts_with("[signal ") || s.starts_with("[originating from goroutine "),
        Some(b'W') => s.starts_with("WARNING: DATA RACE"),
        Some(b'r') => s.starts_with("runtime stack:") || s.starts_with("runtime: "),
        Some(b'S') => {
            s.starts_with("SIG") && s.as_bytes().get(3).is_some_and(u8::is_ascii_uppercase)
        }
        Some(b'g') => s.strip_prefix("goroutine ").is_some_and(|r| {
            r.as_bytes().first().is_some_and(u8::is_ascii_digit) || r.starts_with("profile: ")
        }),
        Some(b'P') => s.starts_with("PC="),
        Some(b'E') => s.starts_with("Exception 0x"),
        Some(b's') => s.starts_with("signal arrived during ") || s.starts_with("stack: frame={"),
        Some(b'i') => s.starts_with("instruction bytes:"),
        Some(b'#') => s.starts_with("#\t0x"),
        Some(b'-') => s.trim_end() == "-----",
        Some(b'0'..=b'9') => {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            s.get(digits..).is_some_and(|r| r.starts_with(" @ 0x")) || stack_word_line(s)
        }
        _ => false,
    };
    by_first_byte || register_line(s)
}

/// `0x000000c000221f08:  0x0000000000000001  0x000000c00002c000`: a
/// word of the stack dump under `runtime: unexpected return pc`.
fn stack_word_line(s: &str) -> bool {
    let Some(hex) = s.strip_prefix("0x") else {
        return false;
    };
    let n = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
    n > 0 && hex.get(n..).is_some_and(|r| r.starts_with(": "))
}

/// `rax    0x0`: a register of a GOTRACEBACK=crash dump.
fn register_line(s: &str) -> bool {
    crate::parse::lines::register_line(s.trim_end())
}

/// A traceback's function line (`pkg.F(...)`, `main.(*T).M(0x1)`,
/// `panic(0x78f820, 0xc82036c580)`), `created by ...` or
/// `...additional frames elided...`: Go prints these unindented.
fn is_function_line(s: &str) -> bool {
    let end = s.trim_end();
    if s.starts_with("created by ") || (s.starts_with("...") && end.ends_with("...")) {
        return true;
    }
    // File lines end with `+0x1d` or a line number: cheap to rule out.
    if !end.ends_with(')') {
        return false;
    }
    let Some(open) = s.get(..MAX_PREFIX.min(s.len())).and_then(|h| h.find('(')) else {
        return false;
    };
    let name = s.get(..open).unwrap_or("");
    !name.contains([' ', '\t']) && (name.contains('.') || name == "panic")
}

/// Leading whitespace: dropped before a line that opens a crash block
/// and before a frame's function line (except a race report's two
/// spaces); otherwise spaces before a tab go (`    \t/a/main.go` from a
/// paste indented by four spaces becomes `\t/a/main.go`), and spaces
/// alone are left (race reports indent file lines with six). A
/// `\tpanic: ` keeps its tab: Go prints nested panics so.
fn indentation(s: &str) -> &str {
    match s.as_bytes() {
        [b' ' | b'\t', ..] => {}
        _ => return s,
    }
    // A frame's file line as Go prints it (`\t/src/app/main.go:12`): the
    // most common indented line, kept as it is.
    if let [b'\t', b'/', ..] = s.as_bytes() {
        return s;
    }
    let body = s.trim_start_matches([' ', '\t']);
    if body.len() == s.len() {
        return s;
    }
    let lead = s.get(..s.len() - body.len()).unwrap_or("");
    let last_tab = lead.rfind('\t');
    if opens_block(body) && !(body.starts_with("panic: ") && last_tab.is_some()) {
        return body;
    }
    if lead != "  " && is_function_line(body) {
        return body;
    }
    // A bare `/src/file.go:N` frame (old apimachinery, klog recoveries)
    // in a paste indented with spaces.
    if !lead.contains('\t') && is_bare_go_file(body) {
        return body;
    }
    // Tabs after the last space are Go's (a value's further lines, nested
    // `running tests:` entries); spaces before them are the paste's.
    match (last_tab, lead.rfind(' ')) {
        (Some(_), Some(sp)) => s.get(sp + 1..).unwrap_or(s),
        _ => s,
    }
}

/// `/src/app/file.go:42` and nothing after: a frame as old apimachinery
/// and klog recoveries print it. Go's own file lines end in `+0x1d`
/// unless inlined, and keep their indentation.
fn is_bare_go_file(s: &str) -> bool {
    let t = s.trim_end();
    let Some((file, no)) = t.rsplit_once(':') else {
        return false;
    };
    t.starts_with('/')
        && file.ends_with(".go")
        && !no.is_empty()
        && no.bytes().all(|c| c.is_ascii_digit())
}

fn is_digit(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_digit)
}

fn all_digits(b: &[u8], range: std::ops::Range<usize>) -> bool {
    b.get(range)
        .is_some_and(|r| r.iter().all(u8::is_ascii_digit))
}

/// The part of `s` after `n` bytes, without one following space.
fn after(s: &str, n: usize) -> Option<&str> {
    let rest = s.get(n..)?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// `name: ` (or `name:` ending the line) at the start of `s`, where the
/// name has no space, colon or parenthesis: the rest after one space.
fn name_colon(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let n = b
        .iter()
        .take(MAX_PREFIX)
        .take_while(|&&c| !matches!(c, b' ' | b'\t' | b':' | b'(' | b')' | b'"'))
        .count();
    if n == 0 || b.get(n) != Some(&b':') {
        return None;
    }
    match b.get(n + 1) {
        None => s.get(n + 1..),
        Some(b' ') => s.get(n + 2..),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests;
