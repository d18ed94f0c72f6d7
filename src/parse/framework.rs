//! Panics that a web framework recovered and printed itself: Macaron,
//! Martini and Negroni write `[Tag] PANIC: VALUE`, Echo `[PANIC RECOVER]
//! VALUE`, Gin `[Recovery] ... panic recovered:`, the request and the
//! value, go-grpc-middleware `panic caught: VALUE`; the older ones print
//! the stack as `FILE:LINE (0xPC)` lines (Gin adds `\tfunc: source` under
//! each) instead of the runtime's function/file pairs.

use super::lines::Header;
use crate::find::find_str;
use crate::model::{Context, Kind};

/// A framework's recovery line. The value may be empty (Gin prints it a
/// few lines further down); either way only a stack that follows makes it
/// an incident: PostgreSQL also logs `[123] PANIC:`.
pub fn header(line: &str) -> Option<Header> {
    let t = line.trim_end();
    let message = if let Some(i) = find_str(t, "] PANIC: ") {
        t.get(i.saturating_add("] PANIC: ".len())..)?.trim()
    } else if let Some(v) = gitea_value(t) {
        v
    } else if let Some(v) = t.strip_prefix("PANIC: ") {
        // A plugin's `panic:` upper-cased by its host's logger (hclog).
        v.trim()
    } else if let Some(i) = find_str(t, "Handler crashed with error ") {
        // beego's recovery.
        t.get(i.saturating_add("Handler crashed with error ".len())..)?
            .trim()
            .trim_end_matches(']')
    } else if let Some(i) = find_str(t, "recovered from panic ") {
        // klog: `recovered from panic "VALUE". (err=<nil>) Call stack:`.
        let v = t.get(i.saturating_add("recovered from panic ".len())..)?;
        match v.strip_prefix('"') {
            Some(q) => q.split_once('"').map_or(q, |(v, _)| v),
            None => v.trim(),
        }
    } else if let Some(i) = find_str(t, "panic caught: ") {
        // go-grpc-middleware v2's recovery: `panic caught: VALUE`, a
        // blank line, then the stack (its PanicError).
        t.get(i.saturating_add("panic caught: ".len())..)?.trim()
    } else if let Some(i) = find_str(t, "PANIC RECOVER") {
        // Echo's `[PANIC RECOVER] VALUE`, zap middlewares' `PANIC RECOVER: VALUE`.
        let v = t.get(i.saturating_add("PANIC RECOVER".len())..)?;
        v.trim_start_matches([']', ':', ' ', '\t']).trim()
    } else {
        let i = find_str(t, "panic recovered:")?;
        t.get(i.saturating_add("panic recovered:".len())..)?.trim()
    };
    Some(Header {
        kind: Kind::Panic,
        message: message.to_string(),
        recovered: true,
        context: Some(Context::Recovered),
    })
}

/// Gitea's `[E] PANIC whilst running task: NAME Value: VALUE` and
/// `[E] PANIC during RunWithShutdownFns: VALUE`, its `log.Stack` lines
/// below.
fn gitea_value(t: &str) -> Option<&str> {
    let i = GITEA_FORMS.iter().find_map(|f| find_str(t, f))?;
    let rest = t.get(i.saturating_add(" PANIC ".len())..)?;
    let v = match find_str(rest, " Value: ") {
        Some(j) => rest.get(j.saturating_add(" Value: ".len())..)?,
        None => rest.split_once(": ").map_or("", |(_, v)| v),
    };
    Some(v.trim())
}

/// The words after `PANIC` in Gitea's recovery lines.
const GITEA_FORMS: [&str; 2] = ["] PANIC whilst ", "] PANIC during "];

/// `/src/app/handler.go:42 (0x8bf7d5)`: a frame as `runtime.Caller` gives
/// it, with no function name. A paste cut at its column limit may have
/// lost the closing parenthesis and part of the address.
pub fn pc_frame(line: &str) -> Option<(String, u32)> {
    let t = line.trim();
    // The last `(` opens the address; in a function line it follows the
    // name, not a space, which rules that out at once.
    let open = crate::find::rbyte(b'(', t.as_bytes())?;
    let at = open
        .checked_sub(1)
        .filter(|&i| t.as_bytes().get(i) == Some(&b' '))?;
    let pc = t.get(open.saturating_add(1)..)?.strip_prefix("0x")?;
    let pc = pc.strip_suffix(')').unwrap_or(pc);
    if !pc.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let (file, no) = t.get(..at)?.rsplit_once(':')?;
    if file.is_empty() || file.contains(char::is_whitespace) {
        return None;
    }
    if no.is_empty() || !no.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((file.to_string(), no.parse().ok()?))
}

/// `c:/go/src/pkg/runtime/panic.c 248`, `[/usr/lib/go/src/pkg/runtime/panic.c 229]`:
/// a frame as early beego printed it, its line number after a space.
pub fn spaced_file_line(line: &str) -> Option<(String, u32)> {
    let t = line.trim();
    // Checked first: this is tried on every line.
    if !matches!(t.as_bytes().last(), Some(b'0'..=b'9' | b']')) {
        return None;
    }
    let t = t
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(t);
    // The number and the space before it, read from the end.
    let digits = t.bytes().rev().take_while(u8::is_ascii_digit).count();
    let space = t.len().checked_sub(digits.saturating_add(1))?;
    if digits == 0 || t.as_bytes().get(space) != Some(&b' ') {
        return None;
    }
    let (file, no) = (t.get(..space)?, t.get(space.saturating_add(1)..)?);
    let source = file.ends_with(".go") || file.ends_with(".c") || file.ends_with(".s");
    if !source || file.contains(char::is_whitespace) || !file.contains('/') {
        return None;
    }
    if no.is_empty() || !no.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((file.to_string(), no.parse().ok()?))
}

/// The runtime's own panic frame starts a recovered stack: a stack pasted
/// without its framework line still shows the panic.
pub fn is_panic_file(file: &str) -> bool {
    file.ends_with("runtime/panic.go") || file.ends_with("runtime/panic.c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_lines() {
        let h = header("[Macaron] PANIC: runtime error: index out of range").map(|h| h.message);
        assert_eq!(h.as_deref(), Some("runtime error: index out of range"));
        let h = header("2023/07/30 02:44:34 [Recovery] 2023/07/30 - 02:44:34 panic recovered:");
        assert_eq!(h.map(|h| h.message).as_deref(), Some(""));
        assert!(header("PANIC without a tag").is_none());
        let h = header("tasks.go:106:(*Task).RunWithUser.1.1() [E] PANIC whilst running task: t Value: boom: x");
        assert_eq!(h.map(|h| h.message).as_deref(), Some("boom: x"));
        let h = header("2024/01/02 [E] PANIC during RunWithShutdownFns: bad thing");
        assert_eq!(h.map(|h| h.message).as_deref(), Some("bad thing"));
    }

    #[test]
    fn pc_frames() {
        let f = pc_frame("D:/go/src/pkg/runtime/panic.c:482 (0x4155e8)");
        assert_eq!(f, Some(("D:/go/src/pkg/runtime/panic.c".into(), 482)));
        let f = pc_frame("/home/x/models/login_source.go:491 (0x5609a9");
        assert_eq!(f, Some(("/home/x/models/login_source.go".into(), 491)));
        assert!(pc_frame("<autogenerated>:26 (0x6e5103)").is_some());
        assert!(pc_frame("see file.go:12 (0x1)").is_none());
        assert!(pc_frame("file.go:12 (0xzz)").is_none());
        assert!(pc_frame("file.go: (0x1)").is_none());
    }

    #[test]
    fn gin_value_comes_after_the_request() {
        let text = "[Recovery] 2023/07/30 - 02:44:34 panic recovered:\nGET / HTTP/1.1\nHost: x\n\nruntime error: boom\n/go/src/runtime/panic.go:260 (0x44b0dc)\n/app/h.go:99 (0x8bf7d5)\n\tHandle: x.y()\n[GIN] next request\n";
        let found = super::super::scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "runtime error: boom");
        assert_eq!(found[0].end_line, 8);
        assert_eq!(found[0].frames().len(), 2);
    }

    #[test]
    fn a_tagged_panic_needs_its_stack() {
        assert!(super::super::scan("2019-01-01 [123] PANIC: could not write\nnext\n").is_empty());
        let text = "[Macaron] PANIC: boom\n/a/b.go:12 (0x1234)\n";
        let found = super::super::scan(text);
        assert_eq!(found.first().map(|i| i.message.as_str()), Some("boom"));
    }
}
