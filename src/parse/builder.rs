//! The incident under construction: its goroutines and frames, the lines
//! kept aside as a possible multi-line panic value, and the caps of
//! [`crate::limits`] that bound it whatever the input.

use super::dump::{Buckets, Ended};
use super::lines::{self, GoroutineHead, Header, StackLine, StackRef};
pub(crate) use super::prefix::Prefix;
use super::state::Phase;
use crate::limits;
use crate::model::{Context, Frame, Goroutine, Incident, Kind};

/// What an incident still needs before it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confirm {
    /// Nothing: its header alone is a crash.
    Done,
    /// A `PC=` line (signal and dump headers: `SIGTERM: x` alone is not).
    Pc,
    /// A goroutine block or signal line (a header after other text).
    Stack,
    /// One frame with its file line (a goroutine block with no header).
    Frames,
    /// Never: what followed showed it is not a Go crash.
    Rejected,
}

#[derive(Debug)]
pub(crate) struct Builder {
    pub incident: Incident,
    pub phase: Phase,
    /// Function line waiting for its file line.
    pending_fn: Option<String>,
    pending_created_by: bool,
    /// What the incident still needs to count.
    pub confirm: Confirm,
    pub saw_panic_frame: bool,
    /// Frames with a file line seen, in any goroutine.
    pub frames_seen: usize,
    /// The line the stack started on (a headless incident).
    first_line: usize,
    /// Text that stood before the header on its line (`> `, `// `,
    /// `svc_1  | `), stripped from the incident's further lines.
    pub prefix: Option<Prefix>,
    pub message_lines: usize,
    /// The last line stepped was blank.
    pub last_blank: bool,
    /// The last non-blank line was `-----`: GOTRACEBACK=crash prints it
    /// before each further thread's `SIGQUIT: quit` section.
    pub after_rule: bool,
    /// A framework recovery line opened the incident and its value is
    /// still to come (Gin prints the request first).
    pub awaiting_value: bool,
    /// The stack is `FILE:LINE (0xPC)` lines (see [`super::framework`]).
    pub pc_stack: bool,
    /// The stack is function lines without arguments (zap, pkg/errors).
    pub bare_stack: bool,
    /// Unindented lines after a `panic:` header: further lines of a
    /// multi-line value (Go before 1.23 does not indent them), kept aside
    /// until a goroutine block or signal line confirms them. If anything
    /// else comes first they were ordinary log lines and are scanned again.
    pub tentative: Vec<(String, usize)>,
    /// The one line in `tentative` is a bare function name inside a
    /// goroutine block, its arguments perhaps on the next line.
    pub held_function: bool,
    /// Every goroutine whose block has ended, by stack.
    buckets: Buckets,
    /// The goroutine being read when it is past the cap of kept ones.
    overflow: Option<Goroutine>,
    /// Kept goroutines already counted in `buckets`.
    bucketed: usize,
    /// Strings and a frame list of goroutines past the cap whose bucket
    /// already existed, for the next ones: a dump's goroutines cost no
    /// allocation once its distinct stacks are known.
    pool: Vec<String>,
    spare_frames: Vec<Frame>,
}

/// Strings kept in [`Builder::pool`]: two per frame of the longest stack.
const POOL: usize = 2 * limits::MAX_FRAMES + 2;

impl Builder {
    /// A panic raised while an earlier one unwound (`\tpanic: V`).
    pub(super) fn nested(&mut self, value: String, recovered: bool) {
        let inc = &mut self.incident;
        if inc.nested.len() < limits::MAX_NESTED {
            inc.nested.push(value);
        }
        inc.recovered |= recovered;
    }

    /// An incident opened by a header line, with the `runtime:` lines that
    /// announced it and the line before it.
    pub fn from_header(
        h: Header,
        line_no: usize,
        preamble: Vec<(String, usize)>,
        prev: &str,
    ) -> Self {
        let mut incident = new_incident(
            h.kind,
            clip_to(h.message, limits::MAX_MESSAGE_BYTES),
            line_no,
        );
        incident.recovered = h.recovered;
        incident.context = h.context;
        if incident.kind == Kind::Race && prev.starts_with("=====") {
            incident.start_line = line_no.saturating_sub(1).max(1);
        }
        if prev.starts_with("--- FAIL") && incident.context.is_none() {
            incident.context = Some(Context::Test);
        }
        if let Some((_, first)) = preamble.first() {
            incident.start_line = *first;
        }
        incident
            .notes
            .extend(preamble.into_iter().map(|(l, _)| l).take(limits::MAX_NOTES));
        let confirm = if matches!(incident.kind, Kind::Signal | Kind::Dump) {
            Confirm::Pc
        } else {
            Confirm::Done
        };
        let phase = if incident.kind == Kind::Race {
            Phase::Race
        } else {
            Phase::Header
        };
        Self::new(incident, phase, confirm)
    }

    /// A header that sat after other text on its line: it counts once a
    /// goroutine block or signal line follows, with the same text before
    /// it stripped.
    pub fn prefixed(h: Header, line_no: usize, prefix: &str, prev: &str) -> Self {
        let mut b = Self::from_header(h, line_no, Vec::new(), prev);
        if b.confirm == Confirm::Done {
            b.confirm = Confirm::Stack;
        }
        b.prefix = Some(Prefix(prefix.to_string()));
        b
    }

    /// A frame given on one line, with its file.
    pub fn located_frame(&mut self, function: String, file: String, line: u32) {
        self.flush_pending();
        self.frames_seen = self.frames_seen.saturating_add(1);
        self.push_frame(lines::frame(function, file, line));
    }

    /// A stack with no header before it: one the program printed itself
    /// (debug.Stack after a recover, when a `panic(` frame shows it was a
    /// panic; the line before it says what happened), a goroutine dump, or
    /// a crash whose header was cut off. `head` is its goroutine header,
    /// if it has one. It counts once a frame with its file line is seen.
    pub fn headless(prev: &str, line_no: usize, head: Option<GoroutineHead>) -> Self {
        let mut incident = new_incident(Kind::Dump, String::new(), line_no);
        if !prev.is_empty() && head.is_some() {
            incident.message = recovered_message(prev);
            incident.start_line = line_no.saturating_sub(1).max(1);
        }
        let mut b = Self::new(incident, Phase::Goroutine, Confirm::Frames);
        b.first_line = line_no;
        b.push_goroutine(head.unwrap_or_default());
        b
    }

    fn new(incident: Incident, phase: Phase, confirm: Confirm) -> Self {
        Builder {
            first_line: incident.start_line,
            incident,
            phase,
            pending_fn: None,
            pending_created_by: false,
            confirm,
            saw_panic_frame: false,
            frames_seen: 0,
            prefix: None,
            message_lines: 1,
            last_blank: false,
            after_rule: false,
            awaiting_value: false,
            pc_stack: false,
            bare_stack: false,
            tentative: Vec::new(),
            held_function: false,
            buckets: Buckets::default(),
            overflow: None,
            bucketed: 0,
            pool: Vec::new(),
            spare_frames: Vec::new(),
        }
    }

    /// Whether the incident is kept when it ends.
    pub fn confirmed(&self) -> bool {
        match self.confirm {
            Confirm::Done => true,
            Confirm::Frames => self.frames_seen > 0,
            Confirm::Pc | Confirm::Stack | Confirm::Rejected => false,
        }
    }

    /// The finished incident (a function line still waiting for its file
    /// line counts as a frame: the input was cut there).
    pub fn finish(mut self) -> Incident {
        self.flush_pending();
        self.end_goroutine();
        if self.confirm == Confirm::Frames {
            let inc = &mut self.incident;
            if self.saw_panic_frame && !inc.message.is_empty() {
                inc.kind = Kind::Panic;
                inc.recovered = true;
                inc.context = Some(Context::Recovered);
            } else {
                // The line before the stack was not about it.
                inc.message.clear();
                inc.start_line = self.first_line;
                if self.saw_panic_frame {
                    inc.kind = Kind::Panic;
                }
            }
        }
        let crashed = self.incident.kind != Kind::Dump || self.incident.crash_site().is_some();
        let (buckets, unbucketed) = self.buckets.finish(crashed);
        self.incident.buckets = buckets;
        self.incident.unbucketed = unbucketed;
        self.incident
    }

    pub fn push_goroutine(&mut self, head: GoroutineHead) {
        self.flush_pending();
        self.end_goroutine();
        let inc = &mut self.incident;
        let count = usize::try_from(head.count).unwrap_or(usize::MAX).max(1);
        inc.goroutine_count = inc.goroutine_count.saturating_add(count);
        let mut g = goroutine(head.id, head.state, head.wait);
        g.locked = head.locked;
        g.count = head.count;
        if inc.goroutines.len() < limits::MAX_GOROUTINES {
            inc.goroutines.push(g);
        } else {
            g.frames = std::mem::take(&mut self.spare_frames);
            self.overflow = Some(g);
        }
    }

    /// The goroutine block being read has ended: count it in its bucket.
    /// A race report's goroutines are access stacks, not a dump.
    fn end_goroutine(&mut self) {
        let kept = &self.incident.goroutines;
        if let Some(g) = self.overflow.take() {
            if let Some(g) = self.buckets.add(Ended::Over(g), kept) {
                self.recycle(g);
            }
        } else if kept.len() > self.bucketed {
            self.bucketed = kept.len();
            let last = kept.len().saturating_sub(1);
            if let (Some(g), false) = (kept.get(last), self.incident.kind == Kind::Race) {
                self.buckets.add(Ended::Kept(last, g), kept);
            }
        }
    }

    /// Keep the strings and frame list of a goroutine counted and dropped.
    fn recycle(&mut self, g: Goroutine) {
        let mut frames = g.frames;
        for f in frames.drain(..).chain(g.created_by) {
            if self.pool.len() < POOL {
                self.pool.push(f.function);
                self.pool.push(f.file);
            }
        }
        self.spare_frames = frames;
    }

    /// `s` in a string from the pool.
    fn pooled(&mut self, s: &str) -> String {
        let mut out = self.pool.pop().unwrap_or_default();
        out.clear();
        out.push_str(s);
        out
    }

    /// [`Builder::stack`] for a line read without copies.
    pub fn stack_ref(&mut self, sr: StackRef<'_>) {
        let sl = match sr {
            StackRef::Function(f) => StackLine::Function(self.pooled(f)),
            StackRef::CreatedBy(f) => StackLine::CreatedBy(self.pooled(f)),
            StackRef::File(_, _) if self.pending_fn.is_none() => return,
            StackRef::File(file, n) => StackLine::File(self.pooled(file), n),
            StackRef::Elided(n) => StackLine::Elided(n),
        };
        self.stack(sl, true);
    }

    /// The goroutine whose block is being read.
    fn open_goroutine(&mut self) -> Option<&mut Goroutine> {
        match &mut self.overflow {
            Some(g) => Some(g),
            None => self.incident.goroutines.last_mut(),
        }
    }

    /// One more line of the panic value, within the byte and line caps.
    pub fn append_message(&mut self, line: &str) {
        let inc = &mut self.incident;
        if inc.message.len() < limits::MAX_MESSAGE_BYTES {
            // `panic: ` with the value on the lines after it.
            if !inc.message.is_empty() {
                inc.message.push('\n');
            }
            inc.message.push_str(line.trim_end());
            let cut = floor_char_boundary(&inc.message, limits::MAX_MESSAGE_BYTES);
            inc.message.truncate(cut);
        }
        self.message_lines = self.message_lines.saturating_add(1);
    }

    /// Lines kept aside become part of the panic value (a fatal error's
    /// are dropped); a value still awaited is the last of them (the lines
    /// above it were the request).
    pub fn commit_tentative(&mut self) {
        if std::mem::take(&mut self.awaiting_value) {
            let value = self.tentative.drain(..).rev().find_map(|(raw, _)| {
                let v = crate::wrappers::strip(&raw).trim();
                (!v.is_empty()).then(|| v.to_string())
            });
            self.incident.message = clip_to(value.unwrap_or_default(), limits::MAX_MESSAGE_BYTES);
            return;
        }
        let mut lines = std::mem::take(&mut self.tentative);
        // A fatal error's message is one line: what came between it and
        // its stacks was printed by someone else.
        if self.incident.kind == Kind::Fatal {
            return;
        }
        // Blank lines end a value; only those inside it are kept.
        while lines
            .last()
            .is_some_and(|(raw, _)| crate::wrappers::strip(raw).trim().is_empty())
        {
            lines.pop();
        }
        for (raw, _) in lines {
            let line = crate::wrappers::strip(&raw).to_string();
            self.append_message(&line);
        }
    }

    pub fn note(&mut self, line: &str) {
        if self.incident.notes.len() < limits::MAX_NOTES {
            self.incident.notes.push(clip(line));
        }
    }

    /// Apply one stack line to the current goroutine (or the system stack).
    /// In an ancestors section (`record` false) lines are consumed unkept:
    /// they are other goroutines' creation stacks.
    pub fn stack(&mut self, sl: StackLine, record: bool) {
        if !record {
            self.pending_fn = None;
            return;
        }
        match sl {
            StackLine::Function(f) => {
                self.flush_pending();
                if lines::is_panic_frame(&f) {
                    self.saw_panic_frame = true;
                }
                self.pending_fn = Some(f);
                self.pending_created_by = false;
            }
            StackLine::CreatedBy(f) => {
                self.flush_pending();
                self.pending_fn = Some(f);
                self.pending_created_by = true;
            }
            StackLine::File(file, line) => {
                if let Some(f) = self.pending_fn.take() {
                    self.frames_seen = self.frames_seen.saturating_add(1);
                    self.push_frame(lines::frame(f, file, line));
                }
            }
            StackLine::Elided(n) => {
                self.flush_pending();
                if let Some(g) = self.open_goroutine() {
                    g.frames_dropped = g.frames_dropped.saturating_add(n);
                }
            }
        }
    }

    /// Between frames of a goroutine block: the next stack line is a
    /// function line.
    pub fn awaits_function(&self) -> bool {
        self.pending_fn.is_none() && self.tentative.is_empty()
    }

    /// A function line whose file line never came still counts as a frame.
    pub fn flush_pending(&mut self) {
        if let Some(f) = self.pending_fn.take() {
            self.push_frame(lines::frame(f, String::new(), 0));
        }
    }

    /// In a race report the creation stack follows `Goroutine N (...)
    /// created at:`; its first frame is `created_by`.
    pub fn expect_creation(&mut self, yes: bool) {
        self.flush_pending();
        self.pending_created_by = yes;
    }

    /// A race report's function line.
    pub fn race_function(&mut self, f: String) {
        self.flush_pending();
        self.pending_fn = Some(f);
    }

    /// A race report's file line: the creation stack keeps only its first
    /// frame.
    pub fn race_file(&mut self, file: String, line: u32) {
        let Some(f) = self.pending_fn.take() else {
            return;
        };
        let fr = lines::frame(f, file, line);
        let creation = self.pending_created_by;
        if let Some(g) = self.incident.goroutines.last_mut() {
            if creation {
                if g.created_by.is_none() {
                    g.created_by = Some(fr);
                }
            } else if g.frames.len() < limits::MAX_FRAMES {
                g.frames.push(fr);
            }
        }
    }

    fn push_frame(&mut self, fr: Frame) {
        let created_by = std::mem::take(&mut self.pending_created_by);
        if self.phase == Phase::RuntimeStack {
            if self.incident.runtime_stack.len() < limits::MAX_FRAMES {
                self.incident.runtime_stack.push(fr);
            }
            return;
        }
        let Some(g) = self.open_goroutine() else {
            return;
        };
        if created_by {
            g.created_by = Some(fr);
        } else if g.frames.len() < limits::MAX_FRAMES {
            g.frames.push(fr);
        } else {
            g.frames_dropped = g.frames_dropped.saturating_add(1);
        }
    }
}

pub(crate) fn new_incident(kind: Kind, message: String, line_no: usize) -> Incident {
    Incident {
        kind,
        message,
        nested: Vec::new(),
        recovered: false,
        context: None,
        signal: None,
        goroutines: Vec::new(),
        goroutine_count: 0,
        buckets: Vec::new(),
        unbucketed: 0,
        runtime_stack: Vec::new(),
        notes: Vec::new(),
        start_line: line_no,
        end_line: line_no,
    }
}

pub(crate) fn goroutine(id: u64, state: String, wait: Option<String>) -> Goroutine {
    Goroutine {
        id,
        state,
        wait,
        locked: false,
        count: 1,
        frames: Vec::new(),
        created_by: None,
        frames_dropped: 0,
    }
}

/// The panic value in a line a program logged before printing a stack:
/// the text after `panic: `, `panicked: ` or `recovered: ` in any case
/// (`Caught Panic: `), from its `runtime error: ` if it has one, else the
/// line.
fn recovered_message(line: &str) -> String {
    // ASCII lowering keeps every byte offset.
    let lower = line.to_ascii_lowercase();
    let mut value = line;
    for marker in ["panic: ", "panicked: ", "recovered: "] {
        if let Some(v) = lower
            .rfind(marker)
            .and_then(|i| line.get(i.saturating_add(marker.len())..))
        {
            value = v;
            break;
        }
    }
    if let Some(v) = value.find("runtime error: ").and_then(|i| value.get(i..)) {
        value = v;
    }
    clip_to(value.trim().to_string(), limits::MAX_MESSAGE_BYTES)
}

/// The largest char boundary of `s` at or below `max`.
pub(crate) fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

fn clip_to(mut s: String, max: usize) -> String {
    let cut = floor_char_boundary(&s, max);
    s.truncate(cut);
    s
}

/// A note line, cut to [`limits::MAX_NOTE_BYTES`].
pub(crate) fn clip(s: &str) -> String {
    s.get(..floor_char_boundary(s, limits::MAX_NOTE_BYTES))
        .unwrap_or("")
        .to_string()
}
