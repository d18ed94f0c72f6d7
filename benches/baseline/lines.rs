//! Recognisers for single lines of Go crash output. Each takes one line
//! (wrappers already stripped) and says what it is; none allocates unless
//! it recognises something.

use panicsig::model::{Context, Frame, Kind, SignalInfo};

/// A line that opens an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: Kind,
    pub message: String,
    pub recovered: bool,
    pub context: Option<Context>,
}

/// Recognise an incident header.
pub fn header(line: &str) -> Option<Header> {
    if let Some(v) = line.strip_prefix("panic: ") {
        let (message, recovered) = panic_value(v);
        let context = message
            .starts_with("test timed out after ")
            .then_some(Context::Test);
        return Some(Header {
            kind: Kind::Panic,
            message,
            recovered,
            context,
        });
    }
    if let Some(m) = line.strip_prefix("fatal error: ") {
        return Some(Header {
            kind: Kind::Fatal,
            message: m.trim_end().to_string(),
            recovered: false,
            context: None,
        });
    }
    if let Some(rest) = find_after(line, "http: panic serving ") {
        // `http: panic serving 127.0.0.1:50418: VALUE`; the address never
        // contains ": " (IPv6 addresses are bracketed).
        let value = rest.split_once(": ").map_or("", |(_, v)| v);
        return Some(Header {
            kind: Kind::Panic,
            message: value.trim_end().to_string(),
            recovered: true,
            context: Some(Context::Http),
        });
    }
    if let Some(rest) = line.strip_prefix("Observed a panic: ") {
        return Some(Header {
            kind: Kind::Panic,
            message: observed_panic_value(rest),
            recovered: true,
            context: Some(Context::K8s),
        });
    }
    if line.starts_with("WARNING: DATA RACE") {
        return Some(Header {
            kind: Kind::Race,
            message: "data race".to_string(),
            recovered: false,
            context: None,
        });
    }
    signal_header(line)
}

/// `SIGQUIT: quit`, `SIGSEGV: segmentation violation`: the runtime's
/// header for a signal it could not turn into a panic.
fn signal_header(line: &str) -> Option<Header> {
    let rest = line.strip_prefix("SIG")?;
    let name_len = rest.bytes().take_while(u8::is_ascii_uppercase).count();
    if name_len < 2 || rest.as_bytes().get(name_len) != Some(&b':') {
        return None;
    }
    let name = line.get(..3 + name_len)?;
    let kind = if name == "SIGQUIT" || name == "SIGABRT" {
        Kind::Dump
    } else {
        Kind::Signal
    };
    Some(Header {
        kind,
        message: line.trim_end().to_string(),
        recovered: false,
        context: None,
    })
}

/// The value of a `panic:` line without the markers the runtime appends.
fn panic_value(v: &str) -> (String, bool) {
    let mut v = v.trim_end();
    let mut recovered = false;
    for marker in [" [recovered, repanicked]", " [recovered]"] {
        if let Some(s) = v.strip_suffix(marker) {
            v = s;
            recovered = true;
            break;
        }
    }
    // Go 1.21+ prints `panic: X [recovered]` then `\tpanic: X` and, for a
    // runtime.Goexit racing a panic, ` (goexit=true)`.
    let v = v.strip_suffix(" (goexit=true)").unwrap_or(v);
    (v.to_string(), recovered)
}

/// `"msg" (runtime error: msg)` / `"value" (value)`: apimachinery prints
/// the value twice; the part in parentheses is the panic value.
fn observed_panic_value(rest: &str) -> String {
    let rest = rest.trim_end();
    if let (Some(open), true) = (rest.find(" ("), rest.ends_with(')')) {
        if let Some(inner) = rest.get(open + 2..rest.len() - 1) {
            return inner.to_string();
        }
    }
    rest.trim_matches('"').to_string()
}

fn find_after<'a>(line: &'a str, needle: &str) -> Option<&'a str> {
    let i = line.find(needle)?;
    line.get(i + needle.len()..)
}

/// A `\tpanic: B` line: a panic raised while an earlier one was running
/// deferred calls.
pub fn nested_panic(line: &str) -> Option<(String, bool)> {
    line.strip_prefix('\t')
        .and_then(|l| l.strip_prefix("panic: "))
        .map(panic_value)
}

/// Lines printed just before a `fatal error:` header that belong to it.
pub fn is_preamble(line: &str) -> bool {
    line.starts_with("runtime: ") || line.starts_with("unexpected fault address ")
}

/// Detail lines the runtime prints between its `runtime:` diagnostics
/// (the object dump of `found bad pointer in Go heap`).
pub fn is_preamble_detail(line: &str) -> bool {
    line.starts_with("object=") || line.starts_with(" *(object") || line.starts_with("\t")
}

/// `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f638]`
pub fn signal_line(line: &str) -> Option<SignalInfo> {
    let inner = line
        .strip_prefix("[signal ")?
        .trim_end()
        .strip_suffix(']')?;
    let name = inner.split(':').next()?.to_string();
    Some(SignalInfo {
        name,
        code: field(inner, "code="),
        addr: field(inner, "addr="),
    })
}

/// `PC=0x491632 m=0 sigcode=1 addr=0x0` under a `SIGxxx:` header.
pub fn pc_line(line: &str) -> Option<(Option<String>, Option<String>)> {
    if !line.starts_with("PC=") {
        return None;
    }
    Some((field(line, "sigcode="), field(line, "addr=")))
}

fn field(s: &str, key: &str) -> Option<String> {
    let i = s.find(key)?;
    let v = s.get(i + key.len()..)?;
    let v = v.split([' ', ']']).next()?;
    (!v.is_empty()).then(|| v.to_string())
}

/// A goroutine header:
/// `goroutine 7 [chan receive, 3 minutes, locked to thread]:` or, since
/// Go 1.21, `goroutine 1 gp=0xc0000061c0 m=0 mp=0x553940 [running]:`.
pub fn goroutine_header(line: &str) -> Option<(u64, String, Option<String>)> {
    let rest = line.strip_prefix("goroutine ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let id: u64 = rest.get(..digits)?.parse().ok()?;
    let rest = rest.get(digits..)?.trim_end();
    let open = rest.find('[')?;
    let inner = rest.strip_suffix("]:")?.get(open + 1..)?;
    let mut parts = inner.split(", ");
    let state = parts.next()?.to_string();
    let wait = parts
        .find(|p| p.ends_with("minutes") || p.ends_with("minute"))
        .map(str::to_string);
    Some((id, state, wait))
}

/// What a line inside a goroutine block is.
#[derive(Debug, PartialEq, Eq)]
pub enum StackLine {
    /// `pkg.Func(args)`; the file line follows.
    Function(String),
    /// `created by pkg.Func in goroutine 20`.
    CreatedBy(String),
    /// `\t/path/file.go:19 +0x4c` (the file and line of the frame above).
    File(String, u32),
    /// `...additional frames elided...` / `...4 frames elided...`.
    Elided(usize),
}

/// Classify one line of a goroutine block (a Go traceback: functions
/// unindented, files tab-indented).
pub fn stack_line(line: &str) -> Option<StackLine> {
    if let Some(f) = line.strip_prefix('\t') {
        return file_line(f).map(|(file, line)| StackLine::File(file, line));
    }
    function_line(line)
}

/// Classify one line of a race report, where functions are indented by two
/// spaces and files by six.
pub fn race_stack_line(line: &str) -> Option<StackLine> {
    if let Some(f) = line.strip_prefix("      ") {
        return file_line(f).map(|(file, line)| StackLine::File(file, line));
    }
    line.strip_prefix("  ").and_then(function_line)
}

fn function_line(line: &str) -> Option<StackLine> {
    let line = line.trim_end();
    if line.starts_with("...") && line.ends_with("...") {
        let n = line
            .trim_matches('.')
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        return Some(StackLine::Elided(n));
    }
    if let Some(rest) = line.strip_prefix("created by ") {
        let f = rest.split(" in goroutine ").next().unwrap_or(rest);
        return Some(StackLine::CreatedBy(f.to_string()));
    }
    if line.starts_with([' ', '\t']) || !line.ends_with(')') {
        return None;
    }
    let open = args_open(line)?;
    let name = line.get(..open)?;
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    Some(StackLine::Function(name.to_string()))
}

/// Index of the `(` that opens the argument list at the end of a frame's
/// function line. Function names contain parentheses themselves
/// (`main.(*T).M`), so match backwards from the last `)`.
fn args_open(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in line.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `/path/file.go:19 +0x4c fp=... sp=... pc=...` → (`/path/file.go`, 19).
fn file_line(s: &str) -> Option<(String, u32)> {
    let s = s.trim_end();
    let loc = s.split(" +0x").next()?.split(" fp=").next()?;
    let colon = loc.rfind(':')?;
    let line: u32 = loc.get(colon + 1..)?.parse().ok()?;
    let file = loc.get(..colon)?;
    if file.is_empty() {
        return None;
    }
    Some((file.to_string(), line))
}

/// Build a frame from a function line and the file line after it.
pub fn frame(function: String, file: String, line: u32) -> Frame {
    let function = if function == "panic" || function.starts_with("panic(") {
        "panic".to_string()
    } else {
        function
    };
    Frame {
        function,
        file,
        line,
    }
}

/// Lines that can sit inside an incident without ending it: register dumps
/// (GOTRACEBACK=crash), `runtime: ...` diagnostics, `exit status 2`, the
/// `go test` trailer, race report separators.
pub fn is_incident_noise(line: &str) -> bool {
    let t = line.trim_end();
    if t.is_empty() || t.starts_with("runtime: ") || t.starts_with("exit status ") {
        return true;
    }
    if t.starts_with("signal arrived during ")
        || t.starts_with("[signal ")
        || t.starts_with("PC=")
        || t.starts_with("runtime stack:")
        || t.starts_with("goroutine running on other thread")
        || t.starts_with("FAIL")
        || t.starts_with("--- FAIL")
        || t.starts_with("=====")
        || t.starts_with("Found ")
        || t.starts_with("...")
    {
        return true;
    }
    register_line(t)
}

/// `rax    0x0`, `rip    0x473761`, `r10    0x8`, `eflags 0x246`: the
/// register dump GOTRACEBACK=crash prints after a signal header.
fn register_line(t: &str) -> bool {
    let (name, value) = match t.split_once(' ') {
        Some(p) => p,
        None => return false,
    };
    name.len() <= 7
        && !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && value.trim_start().starts_with("0x")
}
