//! The state machine of an open incident: one `match` on (phase, line
//! kind) per line decides whether the line extends the incident, is kept
//! aside as a possible further line of the panic value, or ends it.

use super::builder::{Builder, Confirm};
use super::lines::{GoroutineHead, Header};
use super::lines::{LineKind, StackLine};
use super::race;
use crate::limits;
use crate::model::{Context, Incident, Kind};

/// Where the builder is inside an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Right after the header: nested panics, multi-line values, the
    /// `[signal ...]` line.
    Header,
    /// After a line that closed the header (blank line, `running tests:`).
    AfterHeader,
    /// Inside `runtime stack:`.
    RuntimeStack,
    /// Inside a goroutine block.
    Goroutine,
    /// Inside `[originating from goroutine N]:` sections: the ancestors'
    /// creation stacks, consumed but not kept as the goroutine's frames.
    Ancestors,
    /// Inside a race report.
    Race,
}

/// What a line does to an open incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Belongs and extends the incident.
    Extend,
    /// Belongs but is filler (blank line).
    Filler,
    /// May be a further line of the panic value; decided later.
    Tentative,
    /// Does not belong: the incident ended on the line before.
    End,
}

/// Apply one line (`line` with wrappers stripped) to the open incident.
pub(crate) fn step(b: &mut Builder, raw: &str, line: &str) -> Step {
    if b.phase == Phase::Race {
        return race::step(b, line);
    }
    let kind = super::lines::classify(line);
    let after_blank = std::mem::replace(&mut b.last_blank, kind == LineKind::Blank);
    let after_rule = b.after_rule;
    if kind != LineKind::Blank {
        b.after_rule = line.trim_end() == "-----";
    }
    let phase = b.phase;
    let inc_kind = b.incident.kind;
    if std::mem::take(&mut b.held_function) {
        return split_function(b, line);
    }
    match (phase, kind) {
        // Go 1.23+ prints a blank line of a multi-line value as its tab.
        (Phase::Header, LineKind::Blank)
            if line == "\t"
                && b.tentative.is_empty()
                && b.incident.nested.is_empty()
                && b.message_lines < limits::MAX_MESSAGE_LINES =>
        {
            b.append_message("");
            Step::Extend
        }
        // A blank line inside a value of several paragraphs, which Go
        // before 1.23 prints as it is (a test framework's failure text):
        // kept with the lines around it, dropped if none follows.
        (Phase::Header | Phase::AfterHeader, LineKind::Blank) if in_paragraphs(b, phase) => {
            b.phase = Phase::AfterHeader;
            Step::Tentative
        }
        (Phase::Header, LineKind::Blank) => {
            b.phase = Phase::AfterHeader;
            Step::Filler
        }
        (_, LineKind::Blank) => Step::Filler,
        // An indented line of such a value (`\tdefer GinkgoRecover()`).
        (Phase::AfterHeader, LineKind::Indented | LineKind::Stack(_))
            if in_paragraphs(b, phase) && raw.len() <= limits::MAX_NOTE_BYTES =>
        {
            Step::Tentative
        }
        (Phase::Header | Phase::AfterHeader | Phase::Goroutine, LineKind::PcFrame(file, no))
            if b.pc_stack || b.incident.goroutine_count == 0 =>
        {
            b.pc_frame(file, no);
            Step::Extend
        }
        (Phase::Goroutine, LineKind::Other | LineKind::Indented)
            if b.frames_seen > 0 && super::frames::is_wrapped_fragment(line) =>
        {
            Step::Extend
        }
        // A zap or pkg/errors stack: function lines without arguments,
        // where a stack is awaited or has begun in that form.
        (Phase::Header | Phase::AfterHeader | Phase::Goroutine, LineKind::Other)
            if (b.confirm == Confirm::Stack || b.bare_stack)
                && super::frames::bare_function(line).is_some() =>
        {
            b.bare_frame(line.trim_end().to_string());
            Step::Extend
        }
        // Old apimachinery (`Observed a panic: ...`) and klog recoveries
        // print the stack as bare `file.go:N` lines.
        (
            Phase::Header | Phase::AfterHeader | Phase::Goroutine,
            LineKind::Stack(StackLine::File(file, no)),
        ) if !line.starts_with(['\t', ' '])
            && (b.pc_stack || b.incident.goroutine_count == 0 && file.ends_with(".go")) =>
        {
            b.pc_frame(file, no);
            Step::Extend
        }
        // Gin prints `\tfunc: source` under each frame.
        (Phase::Goroutine, LineKind::Indented | LineKind::Stack(_))
            if b.pc_stack && line.starts_with(['\t', ' ']) =>
        {
            Step::Extend
        }
        // Between a framework's recovery line and its stack: the request
        // and the value.
        (
            Phase::Header | Phase::AfterHeader,
            LineKind::Other | LineKind::Indented | LineKind::Stack(_) | LineKind::Noise,
        ) if b.awaiting_value
            && b.tentative.len() < limits::MAX_MESSAGE_LINES
            && raw.len() <= limits::MAX_NOTE_BYTES =>
        {
            Step::Tentative
        }
        // The separator after a race report's closing one opens the next.
        (_, LineKind::RaceSeparator) if inc_kind == Kind::Race => Step::End,
        (Phase::Header, LineKind::NestedPanic(v, recovered)) => {
            b.nested(v, recovered);
            Step::Extend
        }
        // The same, its tab turned into spaces by a paste or an editor.
        (Phase::Header, LineKind::Header(h))
            if inc_kind == Kind::Panic
                && h.kind == Kind::Panic
                && line.starts_with("panic: ")
                && is_spaces(crate::wrappers::lead(raw)) =>
        {
            b.nested(h.message, h.recovered);
            Step::Extend
        }
        // Go 1.18+ indents every further line of a multi-line panic value
        // with a tab; the value itself has none.
        (Phase::Header, LineKind::Indented | LineKind::Stack(_))
            if line.starts_with('\t')
                && b.tentative.is_empty()
                && b.incident.nested.is_empty()
                && b.message_lines < limits::MAX_MESSAGE_LINES =>
        {
            b.append_message(line.strip_prefix('\t').unwrap_or(line));
            Step::Extend
        }
        (_, LineKind::Signal(sig)) => {
            b.commit_tentative();
            if b.confirm == Confirm::Stack {
                b.confirm = Confirm::Done;
            }
            b.incident.signal = Some(sig);
            b.note(line);
            Step::Extend
        }
        (_, LineKind::Pc(code, addr)) => {
            let inc = &mut b.incident;
            if matches!(inc.kind, Kind::Signal | Kind::Dump) && inc.signal.is_none() {
                let name = inc.message.split(':').next().unwrap_or("").to_string();
                inc.signal = Some(crate::model::SignalInfo { name, code, addr });
            }
            if matches!(b.confirm, Confirm::Pc | Confirm::Stack) {
                b.confirm = Confirm::Done;
            }
            b.note(line);
            Step::Extend
        }
        (_, LineKind::Goroutine(head)) => goroutine_block(b, head),
        (Phase::Goroutine | Phase::Ancestors, LineKind::Ancestor) => {
            b.flush_pending();
            b.phase = Phase::Ancestors;
            Step::Extend
        }
        (Phase::Goroutine | Phase::Ancestors, LineKind::Unavailable) => Step::Extend,
        (_, LineKind::RuntimeStack) => {
            b.flush_pending();
            b.phase = Phase::RuntimeStack;
            Step::Extend
        }
        (_, LineKind::Header(h)) => {
            match continues(&b.incident, &h, phase, after_blank, after_rule) {
                Some(next) => {
                    b.note(line);
                    b.phase = next;
                    Step::Extend
                }
                None => Step::End,
            }
        }
        (Phase::Goroutine | Phase::RuntimeStack, LineKind::Other)
            if line.trim_end() == "-----" && b.incident.goroutine_count > 0 =>
        {
            Step::Extend
        }
        // A function line whose arguments a paste moved onto the next
        // line: held until that line shows it (see [`split_function`]).
        (Phase::Goroutine, LineKind::Other)
            if b.awaits_function()
                && raw.len() <= limits::MAX_NOTE_BYTES
                && super::frames::bare_function(line).is_some() =>
        {
            b.held_function = true;
            Step::Tentative
        }
        (Phase::Goroutine | Phase::RuntimeStack, LineKind::Stack(sl)) => {
            b.stack(sl, true);
            Step::Extend
        }
        (Phase::Goroutine, LineKind::ProfileFrame(function, file, no)) => {
            b.located_frame(function, file, no);
            Step::Extend
        }
        (Phase::Ancestors, LineKind::Stack(sl)) => {
            b.stack(sl, false);
            Step::Extend
        }
        (_, LineKind::Preamble | LineKind::Noise | LineKind::RaceSeparator) => {
            if b.phase == Phase::Header {
                b.phase = Phase::AfterHeader;
            }
            // The signal came from C code: a SIGABRT dump then crashed
            // somewhere (Incident::crash_site).
            if line.starts_with(crate::model::CGO_SIGNAL) {
                b.note(line);
            }
            Step::Extend
        }
        // `\tTestSlow (1m0s)` lines under `running tests:`.
        (
            Phase::AfterHeader,
            LineKind::Indented | LineKind::Stack(_) | LineKind::NestedPanic(..),
        ) if line.starts_with('\t') && b.incident.goroutine_count == 0 => Step::Extend,
        // A BSD kernel's `panic: page fault` looks like Go's until here.
        (
            Phase::Header | Phase::AfterHeader,
            LineKind::Other | LineKind::Indented | LineKind::Stack(_),
        ) if inc_kind == Kind::Panic && super::lines::is_kernel_panic_line(line) => {
            b.confirm = Confirm::Rejected;
            Step::End
        }
        // A stack printed without its goroutine header (Windows exceptions
        // in cgo, pastes that lost it): an unnamed goroutine.
        (Phase::AfterHeader, LineKind::Stack(sl @ super::lines::StackLine::Function(_)))
            if b.incident.goroutine_count == 0 && !line.starts_with('\t') =>
        {
            b.push_goroutine(GoroutineHead::default());
            b.phase = Phase::Goroutine;
            b.stack(sl, true);
            Step::Extend
        }
        // An unrecognised line right after a `panic:` header, before any
        // goroutine block, may continue a multi-line value, and so may the
        // next paragraph of one.
        (
            Phase::Header | Phase::AfterHeader,
            LineKind::Other | LineKind::Indented | LineKind::Stack(_),
        ) if (phase == Phase::Header || in_paragraphs(b, phase))
            && inc_kind == Kind::Panic
            && b.incident.goroutine_count == 0
            && b.incident.nested.is_empty()
            && b.message_lines.saturating_add(b.tentative.len()) < limits::MAX_MESSAGE_LINES
            && raw.len() <= limits::MAX_NOTE_BYTES =>
        {
            Step::Tentative
        }
        // A log line another goroutine or process printed between a
        // `fatal error:` and the stacks the runtime prints after it.
        (Phase::Header, LineKind::Other | LineKind::Indented | LineKind::Stack(_))
            if inc_kind == Kind::Fatal
                && b.incident.goroutine_count == 0
                && b.tentative.len() < limits::MAX_STRAY_LINES
                && raw.len() <= limits::MAX_NOTE_BYTES =>
        {
            Step::Tentative
        }
        _ => Step::End,
    }
}

/// Whether a `panic:` value is being read that goes on past a line of its
/// own: the header's value was empty (`panic: ` alone, the text on the
/// lines after it) or further lines of it are kept aside. Only then may a
/// blank line belong to the value.
fn in_paragraphs(b: &Builder, phase: Phase) -> bool {
    let inc = &b.incident;
    inc.kind == Kind::Panic
        && inc.goroutine_count == 0
        && inc.nested.is_empty()
        && !b.awaiting_value
        && (if phase == Phase::Header {
            !b.tentative.is_empty() || inc.message.is_empty()
        } else {
            !b.tentative.is_empty()
        })
        && b.message_lines.saturating_add(b.tentative.len()) < limits::MAX_MESSAGE_LINES
}

/// A goroutine header: the block it opens confirms the incident.
pub(crate) fn goroutine_block(b: &mut Builder, head: GoroutineHead) -> Step {
    b.commit_tentative();
    if matches!(b.confirm, Confirm::Stack | Confirm::Pc) {
        b.confirm = Confirm::Done;
    }
    b.push_goroutine(head);
    b.phase = Phase::Goroutine;
    Step::Extend
}

/// Whether [`step`] reads the lines of the goroutine block being read as
/// [`super::block`] does: Go's own stack and goroutine header lines, and
/// nothing held aside.
pub(crate) fn in_plain_block(b: &Builder) -> bool {
    b.phase == Phase::Goroutine
        && b.prefix.is_none()
        && !b.pc_stack
        && !b.bare_stack
        && !b.held_function
        && !b.awaiting_value
        && b.tentative.is_empty()
}

/// A header that goes on with the open crash instead of opening another,
/// and the phase to go on in. Go prints one crash with several headers
/// when:
/// - GOTRACEBACK=crash re-raises SIGABRT after the traceback;
/// - two goroutines hit the same throw at once (the header twice, Go 1.22
///   `concurrent map writes`);
/// - two goroutines panic with the same value at once (one trace after the
///   other with no blank line between, Go 1.27 `WaitGroup misuse`);
/// - GOTRACEBACK=crash prints each further thread's `SIGQUIT: quit`
///   section after a `-----` line;
/// - apimachinery's HandleCrash logs `Observed a panic` and then panics
///   again with the same value.
fn continues(
    inc: &Incident,
    h: &Header,
    phase: Phase,
    after_blank: bool,
    after_rule: bool,
) -> Option<Phase> {
    let traced = inc.goroutine_count > 0;
    let same = h.message == inc.message;
    let reraise = h.kind == Kind::Dump && matches!(inc.kind, Kind::Panic | Kind::Fatal) && traced;
    let thread = after_rule && matches!(h.kind, Kind::Dump | Kind::Signal) && traced;
    if reraise || thread {
        return Some(Phase::AfterHeader);
    }
    let doubled = h.kind == Kind::Fatal && inc.kind == Kind::Fatal && same && !traced;
    let twin = h.kind == Kind::Panic
        && inc.kind == Kind::Panic
        && phase == Phase::Goroutine
        && !after_blank
        && !h.recovered
        && same;
    if doubled || twin {
        return Some(phase);
    }
    let repanic =
        h.kind == Kind::Panic && h.recovered && inc.context == Some(Context::K8s) && same && traced;
    repanic.then_some(Phase::Header)
}

/// The line after a held bare function name in a goroutine block: its
/// argument list (`(0xc0430b1e20, 0xc04208e2c0)`) makes the two one frame
/// line; anything else ends the incident before the held line, which is
/// scanned again.
fn split_function(b: &mut Builder, line: &str) -> Step {
    if !super::frames::is_argument_list(line) {
        return Step::End;
    }
    let held = b.tentative.pop().map(|(raw, _)| raw);
    b.tentative.clear();
    if let Some(f) = held.as_deref().and_then(|raw| {
        let l = crate::wrappers::strip(raw);
        let l = b.prefix.as_ref().map_or(l, |p| p.strip(l));
        super::frames::bare_function(l)
    }) {
        b.stack(StackLine::Function(f.to_string()), true);
    }
    Step::Extend
}

/// Indentation of spaces only: a paste's, not Go's tab.
fn is_spaces(lead: &str) -> bool {
    !lead.is_empty() && lead.bytes().all(|b| b == b' ')
}
