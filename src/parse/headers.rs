//! Header lines: the lines that open an incident (`panic:`, `fatal
//! error:`, `SIGSEGV:`, `http: panic serving`, `Observed a panic:`, a
//! Windows exception), wherever they stand on their line.

use crate::model::{Context, Kind};

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
    if let Some(rest) = find_after_http_panic(line) {
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
    if let Some(m) = super::profile::header(line) {
        return Some(Header {
            kind: Kind::Dump,
            message: m.to_string(),
            recovered: false,
            context: None,
        });
    }
    // apimachinery before 2017 said `Recovered from panic:`.
    let observed = line
        .strip_prefix("Observed a panic: ")
        .or_else(|| line.strip_prefix("Recovered from panic: "));
    if let Some(rest) = observed {
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
    if let Some(h) = windows_exception(line) {
        return Some(h);
    }
    signal_header(line)
}

/// `Exception 0xc0000005 0x8 0x0 0x0`: the Windows runtime's header for an
/// exception it could not turn into a panic (`PC=` follows).
fn windows_exception(line: &str) -> Option<Header> {
    let code = line.strip_prefix("Exception 0x")?;
    if !code.bytes().next()?.is_ascii_hexdigit() {
        return None;
    }
    Some(Header {
        kind: Kind::Signal,
        message: line.trim_end().to_string(),
        recovered: false,
        context: None,
    })
}

/// A header that stands after other text on its line (`> panic: x`,
/// `svc_1  | fatal error: y`, a logger's own prefix): where it starts and
/// what it is. The text before it must end at a word boundary, so
/// `xpanic: ` is not one.
pub fn header_within(line: &str) -> Option<(usize, Header)> {
    for anchor in ["panic: ", "fatal error: "] {
        let mut from = 0;
        while let Some(i) = line
            .get(from..)
            .and_then(|rest| crate::find::find_str(rest, anchor))
        {
            let at = from + i;
            let boundary = line
                .get(..at)
                .and_then(|before| before.chars().next_back())
                .is_some_and(|c| !c.is_alphanumeric() && c != '_' && c != '-');
            if at > 0 && boundary {
                if let Some(h) = line.get(at..).and_then(header) {
                    return Some((at, h));
                }
            }
            from = at + anchor.len();
        }
    }
    None
}

/// Lines a BSD kernel prints after its own `panic:` line, crashinfo(8)
/// after it in a crash summary (the debugger's banner), or a compiler or
/// interpreter of another language under its `panic:` diagnostic (the
/// `--> file:line:col` pointer): not Go.
pub fn is_kernel_panic_line(line: &str) -> bool {
    // Spaces too: a paste indented as a whole.
    let t = line.trim_start_matches(' ');
    [
        "cpuid = ", "KDB: ", "time = ", "Uptime: ", "GNU gdb ", "--> ",
    ]
    .iter()
    .any(|p| t.starts_with(p))
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
    let open = match rest.find("\" (") {
        Some(i) => Some(i.saturating_add(1)),
        None => rest.find(" ("),
    };
    if let Some(open) = open {
        // A line cut by the terminal loses the closing parenthesis.
        let inner = rest.get(open.saturating_add(2)..).unwrap_or("");
        return inner.strip_suffix(')').unwrap_or(inner).to_string();
    }
    rest.trim_matches('"').to_string()
}

/// The text after `http: panic serving ` in `line`, or after
/// `http2: panic serving ` (golang.org/x/net/http2's server says so).
fn find_after_http_panic(line: &str) -> Option<&str> {
    const NEEDLE: &str = ": panic serving ";
    let mut from = 0;
    while let Some(i) = line
        .get(from..)
        .and_then(|r| crate::find::find_str(r, NEEDLE))
    {
        let at = from.saturating_add(i);
        let before = line.get(..at).unwrap_or("");
        if before.ends_with("http") || before.ends_with("http2") {
            return line.get(at.saturating_add(NEEDLE.len())..);
        }
        from = at.saturating_add(1);
    }
    None
}

/// A `\tpanic: B` line: a panic raised while an earlier one was running
/// deferred calls.
pub fn nested_panic(line: &str) -> Option<(String, bool)> {
    line.strip_prefix('\t')
        .and_then(|l| l.strip_prefix("panic: "))
        .map(panic_value)
}

/// `panic:VALUE`, a paste that lost the space, or `panic:` alone, its
/// value on the lines after it (a value whose text starts with a
/// newline): it counts only with a stack after it.
pub fn spaceless_panic(line: &str) -> Option<Header> {
    let v = line.strip_prefix("panic:")?;
    if v.trim().is_empty() {
        return Some(Header {
            kind: Kind::Panic,
            message: String::new(),
            recovered: false,
            context: None,
        });
    }
    if v.starts_with(char::is_whitespace) {
        return None;
    }
    let (message, recovered) = panic_value(v);
    Some(Header {
        kind: Kind::Panic,
        message,
        recovered,
        context: None,
    })
}
