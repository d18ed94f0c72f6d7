//! The line classifier: one line of Go crash output (wrappers already
//! stripped) → its [`LineKind`]. The state machine in [`super::state`]
//! decides what a kind means where it occurs; nothing here keeps state.
//! No recogniser allocates unless it recognises something.

pub use super::frames::{frame, is_panic_frame, race_stack_line, stack_line, StackLine, StackRef};
pub use super::headers::{
    header, header_within, is_kernel_panic_line, nested_panic, spaceless_panic, Header,
};
use crate::model::SignalInfo;

/// What one line is, whatever state the scanner is in.
#[derive(Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Empty or whitespace only.
    Blank,
    /// A line that opens an incident (`panic:`, `fatal error:`, ...).
    Header(Header),
    /// `\tpanic: B`: a panic raised while an earlier one unwound.
    NestedPanic(String, bool),
    /// `runtime: ...` / `unexpected fault address ...`: diagnostics the
    /// runtime prints before (or inside) a fatal error.
    Preamble,
    /// `[signal SIGSEGV: segmentation violation code=... addr=... pc=...]`.
    Signal(SignalInfo),
    /// `PC=0x... m=0 sigcode=1 addr=0x0` under a `SIGxxx:` header.
    Pc(Option<String>, Option<String>),
    /// `goroutine 7 [chan receive, 3 minutes]:`.
    Goroutine(GoroutineHead),
    /// `[originating from goroutine 5]:` (GODEBUG=tracebackancestors):
    /// the creation stacks of the goroutine's ancestors follow.
    Ancestor,
    /// `\tgoroutine running on other thread; stack unavailable`.
    Unavailable,
    /// `runtime stack:` (the system stack of a throw).
    RuntimeStack,
    /// A function, `created by`, file or elision line of a stack.
    Stack(StackLine),
    /// `#\t0x46c474\tpkg.f+0x54\t\tfile.go:222`: a frame of a goroutine
    /// profile (`debug=1`).
    ProfileFrame(String, String, u32),
    /// `/src/app/h.go:42 (0x8bf7d5)`: a frame of a stack a web framework
    /// printed after recovering a panic.
    PcFrame(String, u32),
    /// `==================`: race report borders.
    RaceSeparator,
    /// Lines that may sit inside an incident without ending it.
    Noise,
    /// Indented text that is none of the above (a multi-line panic value).
    Indented,
    /// Anything else.
    Other,
}

/// Classify one line.
pub fn classify(line: &str) -> LineKind {
    let t = line.trim_end();
    if let Some(sl) = common_stack_line(t) {
        return LineKind::Stack(sl.owned());
    }
    // Goroutine headers, the third line of a dump, take no earlier form.
    if t.starts_with("goroutine ") && t.as_bytes().get(10).is_some_and(u8::is_ascii_digit) {
        if let Some(head) = goroutine_header(t) {
            return LineKind::Goroutine(head);
        }
    }
    classify_slow(t)
}

/// The lines nearly all of a traceback (and all of a 100,000-goroutine
/// dump) is made of, read before the other forms: a tab-indented absolute
/// file line ending in ` +0x..`, a function line with no space before its
/// `(` and no colon at all, and a `created by` line with no colon. No form [`classify_slow`] checks before
/// stack lines takes a line of either shape (headers, signal and `PC=`
/// lines, goroutine headers and profile lines all hold a colon, a space,
/// `[`, `#` or `=` where these cannot); tests hold the two paths equal on
/// every fixture line.
pub(super) fn common_stack_line(t: &str) -> Option<StackRef<'_>> {
    let b = t.as_bytes();
    match b.first()? {
        b'\t' => {
            if b.get(1) != Some(&b'/') || crate::find::byte(b'(', b).is_some() {
                return None;
            }
            // ` +0x<hex>` ends the line, or the line number does (an
            // inlined call).
            let hex = b.iter().rev().take_while(|c| c.is_ascii_hexdigit()).count();
            let plus = match b.len().checked_sub(hex)?.checked_sub(4) {
                Some(p) if hex > 0 && b.get(p..p.saturating_add(4)) == Some(b" +0x") => p,
                _ => b.len(),
            };
            tab_file_line(t, plus).or_else(|| super::frames::stack_ref(t))
        }
        b'c' if t.starts_with("created by ") && crate::find::byte(b':', b).is_none() => {
            super::frames::stack_ref(t)
        }
        // Without a colon it is no file line.
        _ if crate::wrappers::is_bare_function_line(t) => super::frames::function_ref(t),
        _ => None,
    }
}

/// `\t/src/a/main.go:12 +0x1d` with ` +0x` (or the line's end) at `plus`: the file and line
/// [`super::frames::stack_ref`] reads, taken from the digits before
/// `plus`; `None` where that needs the full check (no `:N` there, a line
/// number past `u32`, not a source path).
fn tab_file_line(t: &str, plus: usize) -> Option<StackRef<'_>> {
    let b = t.as_bytes();
    let digits = b
        .get(..plus)?
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let colon = plus.checked_sub(digits)?.checked_sub(1)?;
    if digits == 0 || b.get(colon) != Some(&b':') {
        return None;
    }
    let file = t.get(1..colon)?;
    let mut line = 0u32;
    for &c in b.get(colon.saturating_add(1)..plus)? {
        line = line
            .checked_mul(10)?
            .checked_add(u32::from(c.checked_sub(b'0')?))?;
    }
    super::frames::looks_like_source(file).then_some(StackRef::File(file, line))
}

/// [`classify`] past its fast path.
fn classify_slow(t: &str) -> LineKind {
    if t.trim_start().is_empty() {
        return LineKind::Blank;
    }
    if let Some((v, recovered)) = nested_panic(t) {
        return LineKind::NestedPanic(v, recovered);
    }
    if let Some(h) = header(t) {
        return LineKind::Header(h);
    }
    if let Some(s) = signal_line(t) {
        return LineKind::Signal(s);
    }
    if let Some((code, addr)) = pc_line(t) {
        return LineKind::Pc(code, addr);
    }
    if let Some(head) = goroutine_header(t) {
        return LineKind::Goroutine(head);
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(count) = super::profile::bucket(t) {
            return LineKind::Goroutine(GoroutineHead {
                count,
                ..GoroutineHead::default()
            });
        }
    }
    if let Some((function, file, line)) = super::profile::frame(t) {
        return LineKind::ProfileFrame(function, file, line);
    }
    let lead = t.trim_start();
    if lead.starts_with("[originating from goroutine ") {
        return LineKind::Ancestor;
    }
    if lead.starts_with("goroutine running on other thread") {
        return LineKind::Unavailable;
    }
    if t.starts_with("runtime stack:") {
        return LineKind::RuntimeStack;
    }
    if is_preamble(t) {
        return LineKind::Preamble;
    }
    if let Some((file, line)) = super::framework::pc_frame(t) {
        return LineKind::PcFrame(file, line);
    }
    if let Some((file, line)) = super::framework::spaced_file_line(t) {
        return LineKind::Stack(StackLine::File(file, line));
    }
    if let Some(sl) = stack_line(t) {
        return LineKind::Stack(sl);
    }
    if t.starts_with("=====") {
        return LineKind::RaceSeparator;
    }
    if is_incident_noise(t) {
        return LineKind::Noise;
    }
    if t.starts_with(['\t', ' ']) {
        return LineKind::Indented;
    }
    LineKind::Other
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

/// `... panic in pool: VALUE: goroutine 16 [running]:`: a goroutine header
/// ending a logged line, and where it starts.
pub fn goroutine_within(line: &str) -> Option<(usize, GoroutineHead)> {
    let t = line.trim_end();
    if !t.ends_with("]:") {
        return None;
    }
    let at = crate::find::rfind_str(t, "goroutine ").filter(|&at| at > 0)?;
    Some((at, goroutine_header(t.get(at..)?)?))
}

/// What a goroutine header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoroutineHead {
    /// 0 when not printed (a stack without its header).
    pub id: u64,
    /// The state before the first comma (`chan receive`).
    pub state: String,
    /// `12 minutes`, printed once a goroutine has waited a minute.
    pub wait: Option<String>,
    /// `locked to thread` (runtime.LockOSThread).
    pub locked: bool,
    /// How many goroutines the block stands for: 1, or N in a goroutine
    /// profile's `N @ 0x...` line.
    pub count: u64,
}

impl Default for GoroutineHead {
    fn default() -> Self {
        GoroutineHead {
            id: 0,
            state: String::new(),
            wait: None,
            locked: false,
            count: 1,
        }
    }
}

/// A goroutine header:
/// `goroutine 7 [chan receive, 3 minutes, locked to thread]:` or, since
/// Go 1.21, `goroutine 1 gp=0xc0000061c0 m=0 mp=0x553940 [running]:`.
pub fn goroutine_header(line: &str) -> Option<GoroutineHead> {
    let rest = line.strip_prefix("goroutine ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let id: u64 = rest.get(..digits)?.parse().ok()?;
    let rest = rest.get(digits..)?.trim_end();
    let open = rest.find('[')?;
    // A hand-abridged paste may drop the colon.
    let inner = rest
        .strip_suffix("]:")
        .or_else(|| rest.strip_suffix(']'))?
        .get(open + 1..)?;
    let mut parts = inner.split(", ");
    let state = parts.next()?.to_string();
    let (mut wait, mut locked) = (None, false);
    for p in parts {
        if p.ends_with("minutes") || p.ends_with("minute") {
            wait = Some(p.to_string());
        } else if p == "locked to thread" {
            locked = true;
        }
    }
    Some(GoroutineHead {
        id,
        state,
        wait,
        locked,
        count: 1,
    })
}

/// Lines that can sit inside an incident without ending it: register dumps
/// (GOTRACEBACK=crash), `runtime: ...` diagnostics, `exit status 2`, the
/// `go test` trailer, race report separators, the `instruction bytes:` a
/// fault at a bad PC prints (signal_unix.go).
pub fn is_incident_noise(line: &str) -> bool {
    let t = line.trim_end();
    t.is_empty()
        || NOISE_PREFIXES.iter().any(|p| t.starts_with(p))
        || register_line(t)
        || stack_word_line(t)
}

/// What the lines of [`is_incident_noise`] start with, besides register
/// and stack-word lines (the VRL export builds its pattern from this).
pub const NOISE_PREFIXES: [&str; 14] = [
    "runtime: ",
    "instruction bytes:",
    "exit status ",
    "signal arrived during ",
    "[signal ",
    "PC=",
    "runtime stack:",
    "goroutine running on other thread",
    "FAIL",
    "--- FAIL",
    "=====",
    "Found ",
    "...",
    "stack: frame={",
];

/// `0x00007ffeefbfee48:  0x01007ffeefbfee68  0x0000000000000004`: the
/// stack words the runtime prints after `unexpected return pc`.
fn stack_word_line(t: &str) -> bool {
    let Some((addr, _)) = t.split_once(':') else {
        return false;
    };
    addr.strip_prefix("0x")
        .is_some_and(|h| !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// `rax    0x0`, `rip    0x473761`, `r10    0x8`, `eflags 0x246`: the
/// register dump GOTRACEBACK=crash prints after a signal header.
pub(crate) fn register_line(t: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    /// The fast path reads every line it takes as the full check does.
    #[test]
    fn common_stack_lines_read_as_the_full_check_reads_them() {
        let texts = crate::test_fixtures::read_all(&[
            "tests/fixtures/corpus/go1.19.8",
            "tests/fixtures/corpus/go1.23.5",
            "tests/fixtures/gen/go1.19",
            "tests/fixtures/gen/go1.23",
            "tests/fixtures/gen/go1.27",
            "tests/fixtures/realworld/pos",
            "tests/fixtures/realworld/neg",
            "tests/fixtures/negative",
        ]);
        let (mut taken, mut lines) = (0, 0);
        for text in &texts {
            for line in String::from_utf8_lossy(text).lines() {
                let t = line.trim_end();
                lines += 1;
                if let Some(sl) = common_stack_line(t) {
                    taken += 1;
                    assert_eq!(LineKind::Stack(sl.owned()), classify_slow(t), "{t:?}");
                }
                assert_eq!(classify(t), classify_slow(t), "{t:?}");
            }
        }
        assert!(taken * 2 > lines, "{taken} of {lines} lines taken");
    }

    #[test]
    fn goroutine_headers_old_and_new() {
        assert_eq!(
            goroutine_header("goroutine 7 [chan receive, 3 minutes, locked to thread]:"),
            Some(GoroutineHead {
                id: 7,
                state: "chan receive".into(),
                wait: Some("3 minutes".into()),
                locked: true,
                count: 1
            })
        );
        assert_eq!(
            goroutine_header("goroutine 2 gp=0xc000006700 m=nil [force gc (idle)]:"),
            Some(GoroutineHead {
                id: 2,
                state: "force gc (idle)".into(),
                ..GoroutineHead::default()
            })
        );
        assert_eq!(goroutine_header("goroutine leak detected"), None);
    }

    #[test]
    fn headers_strip_markers() {
        let h = header("panic: boom [recovered, repanicked]");
        assert_eq!(
            h.map(|h| (h.message, h.recovered)),
            Some(("boom".into(), true))
        );
        let h = header("Observed a panic: \"x\" (runtime error: x)");
        assert_eq!(h.map(|h| h.message), Some("runtime error: x".into()));
        assert_eq!(header("SIGQUIT: quit").map(|h| h.kind), Some(Kind::Dump));
        assert_eq!(header("thread 'main' panicked at src/main.rs:2:5:"), None);
    }

    #[test]
    fn classify_the_lines_of_a_traceback() {
        type Check = fn(&LineKind) -> bool;
        let cases: [(&str, Check); 12] = [
            ("", |k| *k == LineKind::Blank),
            ("panic: x", |k| matches!(k, LineKind::Header(_))),
            ("\tpanic: y [recovered]", |k| {
                matches!(k, LineKind::NestedPanic(_, true))
            }),
            ("runtime: out of memory", |k| *k == LineKind::Preamble),
            (
                "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]",
                |k| matches!(k, LineKind::Signal(_)),
            ),
            (
                "goroutine 1 [running]:",
                |k| matches!(k, LineKind::Goroutine(h) if h.id == 1 && h.wait.is_none()),
            ),
            ("[originating from goroutine 5]:", |k| {
                *k == LineKind::Ancestor
            }),
            (
                "\tgoroutine running on other thread; stack unavailable",
                |k| *k == LineKind::Unavailable,
            ),
            ("main.main()", |k| {
                matches!(k, LineKind::Stack(StackLine::Function(_)))
            }),
            ("rax    0x0", |k| *k == LineKind::Noise),
            ("\tmore of the value", |k| *k == LineKind::Indented),
            ("GET /healthz 200", |k| *k == LineKind::Other),
        ];
        for (line, ok) in cases {
            assert!(ok(&classify(line)), "{line:?}: {:?}", classify(line));
        }
    }
}
