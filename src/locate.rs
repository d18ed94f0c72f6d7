//! Locate the log text inside a record: the configured key, else the first
//! of `log`, `message`, `msg`, `MESSAGE` holding a string; for a structured
//! logger's crash record, followed by its stack field (see
//! [`message_text`]). Also decodes logrus / logfmt text records, whose
//! `msg="..."` may hold a whole escaped traceback ([`logfmt_line_text`]).

use crate::json_scan::{self, Object};

/// Keys tried, in order, when no key is configured: Fluent Bit tail and
/// docker json-file (`log`), most JSON loggers (`message`, `msg`), journald
/// (`MESSAGE`).
pub const DEFAULT_KEYS: [&str; 4] = ["log", "message", "msg", "MESSAGE"];

/// Keys that hold a structured logger's level: zap, zerolog, slog,
/// logrus (`level`), log15 / go-kit (`lvl`), GCP-style (`severity`), ECS
/// (`log.level`).
pub const LEVEL_KEYS: [&str; 4] = ["level", "lvl", "severity", "log.level"];

/// Levels whose records carry a crash: logrus / zap / zerolog `panic`,
/// zap `dpanic`, and `fatal` (a logger that recovered a panic and logs it
/// before exiting). Compared without case.
pub const CRASH_LEVELS: [&str; 3] = ["panic", "dpanic", "fatal"];

/// Fields that hold the stack of a crash record, in order of preference:
/// zap (`stacktrace`), zerolog / slog / logrus hooks (`stack`,
/// `stack_trace`), ECS (`error.stack`, `error.stack_trace`, flattened or
/// as members of an `error` object), pkg/errors (`errorVerbose`),
/// go-grpc-middleware v2's logging interceptor (`grpc.error`: its recovery
/// interceptor's error reads `panic caught: VALUE`, a blank line and the
/// stack), then the panic value (`panic`) or error text (`error`) when
/// there is no stack.
pub const STACK_KEYS: [&str; 9] = [
    "stacktrace",
    "stack",
    "stack_trace",
    "error.stack",
    "error.stack_trace",
    "errorVerbose",
    "grpc.error",
    "panic",
    "error",
];

/// The log text of a scanned JSON object.
///
/// The rule: the message is the string value of the configured key, else
/// of the first of [`DEFAULT_KEYS`] holding a string (unchanged from
/// before). When the record's level (the first of [`LEVEL_KEYS`] holding a
/// string) is one of [`CRASH_LEVELS`], and one of [`STACK_KEYS`] (first in
/// that order; for `error`, an object's `stack` / `stack_trace` member, or
/// its string value) holds a non-empty string that the message does not
/// already contain, the text is the message, a newline, then that string.
/// Without a message, the stack string alone. A record of any other level
/// whose stack field holds a stack captured while panicking (a recovered
/// panic logged at error level: slog has no panic level) gives
/// `message: value` (the `panic` or `error` field's, or an `error`
/// object's `message`) and the stack
/// ([`panicking_stack`]). Other records give the message alone, as before.
pub fn message_text(obj: &Object<'_>, key: Option<&str>) -> Option<String> {
    let keys: &[&str] = match key {
        Some(k) => &[k][..],
        None => &DEFAULT_KEYS[..],
    };
    let message = keys.iter().find_map(|k| string_member(obj, k.as_bytes()));
    fields_text(message, |k| member(obj, k.as_bytes()).map(Field::Json))
}

/// The text of a record with this message and fields: see [`message_text`].
fn fields_text<'a>(
    message: Option<String>,
    get: impl Fn(&str) -> Option<Field<'a>>,
) -> Option<String> {
    if let Some(stack) = crash_stack(&get) {
        return join(message, Some(stack));
    }
    let Some(stack) = panicking_stack(&get) else {
        return join(message, None);
    };
    let value = VALUE_KEYS
        .iter()
        .find_map(|k| get(k)?.string())
        .or_else(|| get("error")?.object_message())
        .filter(|v| !v.trim().is_empty());
    let message = match (message, value) {
        (Some(m), Some(v)) if !m.contains(v.trim()) => {
            Some(format!("{}: {}", m.trim_end(), v.trim()))
        }
        (m, v) => m.or(v),
    };
    join(message, Some(stack))
}

/// The message of a logfmt record, or of a JSON record read as text.
pub const MESSAGE_KEYS: [&str; 2] = ["msg", "message"];

/// The fields after a record's message that name what it caught: the
/// panic value, else the error.
pub const VALUE_KEYS: [&str; 2] = ["panic", "error"];

/// The [`STACK_KEYS`] that hold only a stack: those before the value keys.
pub fn stack_only_keys() -> impl Iterator<Item = &'static str> {
    STACK_KEYS
        .iter()
        .copied()
        .take_while(|k| !VALUE_KEYS.contains(k))
}

/// The first stack field (of [`STACK_KEYS`] before `panic`, then an
/// `error` object's stack) holding a stack captured while the goroutine
/// panicked: `debug.Stack()` in a deferred recover, or zap's stacktrace
/// taken there. It holds the runtime's panic frame, which a stack logged
/// for an ordinary error does not.
fn panicking_stack<'a>(get: impl Fn(&str) -> Option<Field<'a>>) -> Option<String> {
    let own = stack_only_keys().filter_map(|k| get(k)?.string());
    let in_error = get("error").and_then(|f| f.object_stack());
    own.chain(in_error).find(|s| is_panicking(s))
}

/// Whether a stack was captured while panicking: it holds a `panic(...)`
/// or `runtime.gopanic` frame, or a line of the runtime's panic file.
fn is_panicking(stack: &str) -> bool {
    stack.lines().any(|l| {
        let t = l.trim();
        t.starts_with("panic(")
            || t.starts_with("runtime.gopanic")
            || (t.contains("/runtime/panic.go:") && l.starts_with(['\t', ' ']))
    })
}

/// The log text of a raw JSON-object line, if it is one and has a text
/// field.
pub fn json_line_text(raw: &[u8], key: Option<&str>) -> Option<String> {
    let obj = json_scan::object(raw)?;
    message_text(&obj, key)
}

/// The decoded text of a logrus / logfmt text record, with whatever
/// wrappers surround it ([`crate::wrappers::logfmt_record`]):
/// `time="..." level=error msg="Stack: goroutine 51 [running]:\n..."`
/// gives the `msg` value with its Go escapes (`\n`, `\t`, `\"`, `\\`,
/// `\xNN`, `\uNNNN`, ...) decoded, so a traceback logged in one record
/// reads as its lines. Crash records get their stack field appended by the
/// rule of [`message_text`] (`level=panic msg="..." stack="..."`).
///
/// `None` unless the line holds a record with a `level` (or `lvl`) and a
/// `msg` (or a stack field). The text may hold several lines; a host scans
/// it in place of the raw line, as it does the text of a JSON line.
pub fn logfmt_line_text(raw: &str) -> Option<String> {
    let record = crate::wrappers::logfmt_record(raw)?;
    let fields = crate::wrappers::logfmt_fields(record);
    if !fields.iter().any(|(k, _)| matches!(*k, "level" | "lvl")) {
        return None;
    }
    let get = |k: &str| {
        fields
            .iter()
            .find(|(fk, _)| *fk == k)
            .map(|(_, v)| Field::Logfmt(v))
    };
    let message = MESSAGE_KEYS
        .iter()
        .find_map(|k| get(k))
        .and_then(|f| f.string());
    fields_text(message, get)
}

/// The text of a console log line that ends in a JSON object of fields
/// (zap's console encoder, controller-runtime, klog's structured form):
/// `TS  ERROR  Observed a panic  {"panic": "boom", "stacktrace": "..."}`
/// reads as `TS  ERROR  Observed a panic: boom` followed by the stack's
/// lines; a line that is the JSON record alone (or behind a line prefix
/// [`crate::wrappers::strip`] peels) leads with its `msg`. The
/// object may be cut short (a paste, a line-length limit): its fields are
/// read up to where it stops. `None` unless a stack field (any
/// of [`STACK_KEYS`] before `panic`) holds several lines: other lines are
/// scanned as they are.
pub fn console_line_text(raw: &str) -> Option<String> {
    let open = raw.find("{\"")?;
    let fields = raw.get(open..)?;
    let stack = stack_only_keys()
        .find_map(|k| string_field(fields, k).filter(|s| s.trim().contains('\n')))?;
    let lead = raw.get(..open)?;
    let mut out = lead.trim_end().to_string();
    if crate::wrappers::strip(lead).trim().is_empty() {
        // The line is the JSON record itself, alone or behind a pipeline's
        // or a paste's prefix: its message leads, as [`message_text`] has
        // it (`panic recovered: VALUE`).
        let message = MESSAGE_KEYS.iter().find_map(|k| string_field(fields, k));
        out = message.unwrap_or_default().trim_end().to_string();
    }
    let value = VALUE_KEYS
        .iter()
        .find_map(|k| string_field(fields, k))
        .or_else(|| error_object_message(fields));
    if let Some(v) = value {
        out.push_str(": ");
        out.push_str(v.trim());
    }
    out.push('\n');
    out.push_str(&stack);
    Some(out)
}

/// The `message` of an `"error": {...}` object in JSON text (ECS and
/// Datadog put the panic value there, beside its `stack`).
fn error_object_message(json: &str) -> Option<String> {
    let at = json.match_indices("\"error\"").find_map(|(i, m)| {
        let rest = json.get(i.saturating_add(m.len())..)?.trim_start();
        rest.strip_prefix(':')?.trim_start().strip_prefix('{')
    })?;
    ERROR_MESSAGE_KEYS.iter().find_map(|k| string_field(at, k))
}

/// The members of an `error` object that hold the panic value.
pub const ERROR_MESSAGE_KEYS: [&str; 2] = ["message", "msg"];

/// The string value of `"key":` in JSON text that may be cut inside it.
fn string_field(json: &str, key: &str) -> Option<String> {
    let at = json.match_indices('"').find_map(|(i, _)| {
        let rest = json.get(i.saturating_add(1)..)?.strip_prefix(key)?;
        rest.strip_prefix('"')?.trim_start().strip_prefix(':')
    })?;
    let body = at.trim_start().strip_prefix('"')?;
    let mut escaped = false;
    let mut end = body.len();
    for (j, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                end = j;
                break;
            }
            _ => {}
        }
    }
    let inner = body.get(..end)?;
    // A value cut inside an escape (`\`, `\u00`) decodes without it.
    (0..6).find_map(|drop| {
        let keep = inner.len().checked_sub(drop)?;
        json_scan::decode_string(format!("\"{}\"", inner.get(..keep)?).as_bytes())
    })
}

/// A field value of a JSON object or a logfmt line.
enum Field<'a> {
    Json(&'a [u8]),
    Logfmt(&'a str),
}

impl Field<'_> {
    fn string(&self) -> Option<String> {
        match self {
            Field::Json(v) => json_scan::decode_string(v),
            Field::Logfmt(v) => Some(match v.strip_prefix('"') {
                Some(q) => unquote_go(q.strip_suffix('"').unwrap_or(q)),
                None => (*v).to_string(),
            }),
        }
    }

    /// The stack held by an `error` field: a JSON object's `stack` or
    /// `stack_trace` member, else the field's own string.
    fn error_stack(&self) -> Option<String> {
        match self {
            Field::Json(v) if v.first() == Some(&b'{') => self.object_stack(),
            _ => self.string(),
        }
    }

    /// A JSON object's `message` or `msg` member.
    fn object_message(&self) -> Option<String> {
        let Field::Json(v) = self else {
            return None;
        };
        let inner = json_scan::object(v)?;
        ERROR_MESSAGE_KEYS
            .iter()
            .find_map(|k| string_member(&inner, k.as_bytes()))
    }

    /// A JSON object's `stack`, `stack_trace` or `stacktrace` member.
    fn object_stack(&self) -> Option<String> {
        let Field::Json(v) = self else {
            return None;
        };
        let inner = json_scan::object(v)?;
        ["stack", "stack_trace", "stacktrace"]
            .iter()
            .find_map(|k| string_member(&inner, k.as_bytes()))
    }
}

/// The stack of a crash record, by the rule of [`message_text`].
fn crash_stack<'a>(get: &impl Fn(&str) -> Option<Field<'a>>) -> Option<String> {
    let level = LEVEL_KEYS
        .iter()
        .find_map(|k| get(k).and_then(|f| f.string()))?;
    if !CRASH_LEVELS.iter().any(|l| l.eq_ignore_ascii_case(&level)) {
        return None;
    }
    STACK_KEYS.iter().find_map(|k| {
        let f = get(k)?;
        let s = if *k == "error" {
            f.error_stack()
        } else {
            f.string()
        }?;
        (!s.trim().is_empty()).then_some(s)
    })
}

/// The message, then the stack on the lines after it.
fn join(message: Option<String>, stack: Option<String>) -> Option<String> {
    match (message, stack) {
        (Some(m), Some(s)) if !m.contains(s.trim()) => {
            let mut out = m;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&s);
            Some(out)
        }
        (Some(m), _) => Some(m),
        (None, s) => s,
    }
}

fn member<'a>(obj: &Object<'a>, key: &[u8]) -> Option<&'a [u8]> {
    obj.members.iter().find(|m| m.key == key).map(|m| m.value)
}

fn string_member(obj: &Object<'_>, key: &[u8]) -> Option<String> {
    json_scan::decode_string(member(obj, key)?)
}

/// Undo Go's `strconv.Quote` escapes (what logrus' text formatter writes);
/// an unknown or cut escape stays as written.
pub(crate) fn unquote_go(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let rest = chars.as_str();
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let simple = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\'' => Some('\''),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'v' => Some('\u{b}'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            continue;
        }
        let hex_len = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        let decoded = rest
            .get(1..1 + hex_len)
            .filter(|_| hex_len > 0)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(ch) => {
                out.push(ch);
                for _ in 0..hex_len {
                    chars.next();
                }
            }
            None => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(json: &str) -> Option<String> {
        json_line_text(json.as_bytes(), None)
    }

    #[test]
    fn message_keys_as_before() {
        assert_eq!(text(r#"{"log":"a\n","msg":"b"}"#), Some("a\n".into()));
        assert_eq!(text(r#"{"MESSAGE":"m"}"#), Some("m".into()));
        assert_eq!(
            text(r#"{"level":"error","msg":"m","stacktrace":"s"}"#),
            Some("m".into())
        );
        assert_eq!(text(r#"{"level":"panic","msg":"m"}"#), Some("m".into()));
        assert_eq!(text(r#"{"a":1}"#), None);
        assert_eq!(
            json_line_text(br#"{"x":"y","msg":"m"}"#, Some("x")),
            Some("y".into())
        );
    }

    /// ECS and Datadog log the panic value as the `message` of an `error`
    /// object beside its `stack` (tests/go/slog-error-stack-recovered).
    #[test]
    fn an_error_objects_message_is_the_value() {
        let line = r#"{"level":"ERROR","msg":"request failed","error":{"kind":"runtime.boundsError","message":"index out of range","stack":"goroutine 1 [running]:\npanic({0x1, 0x2})\n\t/go/src/runtime/panic.go:791 +0x132\nmain.f()\n\t/b/main.go:9 +0x1"}}"#;
        let want = "request failed: index out of range\ngoroutine 1 [running]:\npanic({0x1, 0x2})\n\t/go/src/runtime/panic.go:791 +0x132\nmain.f()\n\t/b/main.go:9 +0x1";
        assert_eq!(text(line).as_deref(), Some(want));
        assert_eq!(console_line_text(line).as_deref(), Some(want));
    }

    #[test]
    fn crash_records_get_their_stack() {
        // zap (sigstore/scaffolding, in ../shared/realworld pos/b-116.txt).
        let zap = r#"{"level":"panic","ts":1659224120.369749,"logger":"fallback","caller":"createrepo/main.go:87","msg":"Creating repot: tuf: missing metadata file targets.json","stacktrace":"main.main\n\tgithub.com/sigstore/scaffolding/cmd/tuf/createrepo/main.go:87\nruntime.main\n\truntime/proc.go:250"}"#;
        assert_eq!(
            text(zap).as_deref(),
            Some("Creating repot: tuf: missing metadata file targets.json\nmain.main\n\tgithub.com/sigstore/scaffolding/cmd/tuf/createrepo/main.go:87\nruntime.main\n\truntime/proc.go:250")
        );
        // zerolog without a stack: its `error` text follows (pos/b-102.txt).
        let zerolog = r#"{"level":"panic","error":"Get https://google.com: x509: certificate signed by unknown authority","time":1555498448,"message":"get max item failed"}"#;
        assert_eq!(
            text(zerolog).as_deref(),
            Some("get max item failed\nGet https://google.com: x509: certificate signed by unknown authority")
        );
        // ECS `error.stack_trace` in an object, level in `log.level`.
        let ecs = r#"{"log.level":"FATAL","message":"panic: boom","error":{"message":"boom","stack_trace":"goroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1d\n"}}"#;
        assert_eq!(
            text(ecs).as_deref(),
            Some("panic: boom\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1d\n")
        );
        // dpanic, stack only, no message.
        assert_eq!(
            text(r#"{"level":"dpanic","stack":"goroutine 1 [running]:"}"#).as_deref(),
            Some("goroutine 1 [running]:")
        );
        // The stack already inside the message is not repeated.
        assert_eq!(
            text(r#"{"level":"fatal","msg":"panic: x\n\ngoroutine 1 [running]:","stack":"goroutine 1 [running]:"}"#)
                .as_deref(),
            Some("panic: x\n\ngoroutine 1 [running]:")
        );
    }

    #[test]
    fn logfmt_records_decode_their_msg() {
        // traefik via logrus (../shared/realworld pos/a-137.txt, cut).
        let line = r#"time="2022-09-09T04:18:12Z" level=error msg="Stack: goroutine 51 [running]:\nruntime/debug.Stack()\n\t/opt/hostedtoolcache/go/1.17.11/x64/src/runtime/debug/stack.go:24 +0x65\n""#;
        assert_eq!(
            logfmt_line_text(line).as_deref(),
            Some("Stack: goroutine 51 [running]:\nruntime/debug.Stack()\n\t/opt/hostedtoolcache/go/1.17.11/x64/src/runtime/debug/stack.go:24 +0x65\n")
        );
        // Behind journald (pos/b-032.txt's shape) and compose (pos/a-068.txt).
        let line = r#"Aug 10 08:14:36 worker1.ibm.edu dockerd[781]: time="2017-08-10T08:14:36.386308201+02:00" level=error msg="Handler for POST failed: \"x\"" error="e""#;
        assert_eq!(
            logfmt_line_text(line).as_deref(),
            Some("Handler for POST failed: \"x\"")
        );
        let line = r#"covenantsql_observer         | time="2018-12-23T07:35:53Z" level=debug msg="PingBP resp""#;
        assert_eq!(logfmt_line_text(line).as_deref(), Some("PingBP resp"));
        // A crash record's stack follows its message.
        let line = r#"level=panic msg="boom" stack="goroutine 1 [running]:\nmain.main()""#;
        assert_eq!(
            logfmt_line_text(line).as_deref(),
            Some("boom\ngoroutine 1 [running]:\nmain.main()")
        );
        // Escapes: \x, \u, a cut escape, an unterminated value.
        assert_eq!(
            logfmt_line_text(r#"level=info msg="a\x41\u00e9\q\"#).as_deref(),
            Some("aAé\\q\\")
        );
        // Not records: no level, no msg, other text.
        assert_eq!(logfmt_line_text(r#"time="x" msg="m""#), None);
        assert_eq!(logfmt_line_text("level=panic recovered=OMG"), None);
        assert_eq!(logfmt_line_text("panic: boom"), None);
        assert_eq!(logfmt_line_text("PC=0x491632 m=0 sigcode=1"), None);
    }

    #[test]
    fn a_json_line_read_as_text_leads_with_its_message() {
        // zap at error level after a recover (tests/go/loggers/zap-recovered, cut).
        let line = r#"{"level":"error","msg":"panic recovered","panic":"runtime error: index out of range [3] with length 1","stack":"main.handle.func1\n\t/b/main.go:19\nruntime.gopanic\n\t/go/src/runtime/panic.go:791"}"#;
        assert_eq!(
            console_line_text(line).as_deref(),
            Some("panic recovered: runtime error: index out of range [3] with length 1\nmain.handle.func1\n\t/b/main.go:19\nruntime.gopanic\n\t/go/src/runtime/panic.go:791")
        );
        // Behind a quote, a diff marker or `kubectl logs --prefix`, too.
        for prefix in ["> ", "- ", "[pod/api-7d9f8c6b5-x2x4q/app] "] {
            assert_eq!(
                console_line_text(&format!("{prefix}{line}")),
                console_line_text(line),
                "{prefix}"
            );
        }
        // Text before the object leads instead of its message.
        let line = r#"ts ERROR handler {"msg":"m","stacktrace":"a\n\tb.go:1"}"#;
        assert_eq!(
            console_line_text(line).as_deref(),
            Some("ts ERROR handler\na\n\tb.go:1")
        );
    }
}
