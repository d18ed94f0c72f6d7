//! The incident under construction: its goroutines and frames, the lines
//! kept aside as a possible multi-line panic value, and the caps of
//! [`crate::limits`] that bound it whatever the input.

use super::lines::{self, Header, StackLine};
use super::state::Phase;
use crate::limits;
use crate::model::{Context, Frame, Goroutine, Incident, Kind};

#[derive(Debug)]
pub(crate) struct Builder {
    pub incident: Incident,
    pub phase: Phase,
    /// Function line waiting for its file line.
    pending_fn: Option<String>,
    pending_created_by: bool,
    /// Signal and dump headers need a `PC=` line or goroutines to count;
    /// stacks printed by the program need a `panic(` frame.
    pub needs_confirmation: bool,
    pub saw_panic_frame: bool,
    pub message_lines: usize,
    /// Unindented lines after a `panic:` header: further lines of a
    /// multi-line value (Go before 1.23 does not indent them), kept aside
    /// until a goroutine block or signal line confirms them. If anything
    /// else comes first they were ordinary log lines and are scanned again.
    pub tentative: Vec<(String, usize)>,
}

impl Builder {
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
        let needs_confirmation = matches!(incident.kind, Kind::Signal | Kind::Dump);
        let phase = if incident.kind == Kind::Race {
            Phase::Race
        } else {
            Phase::Header
        };
        Self::new(incident, phase, needs_confirmation)
    }

    /// A stack the program printed itself (debug.Stack after a recover):
    /// the line before it says what happened. It counts only if a
    /// `panic(` frame shows it was a panic.
    pub fn recovered_stack(
        prev: &str,
        line_no: usize,
        head: (u64, String, Option<String>),
    ) -> Self {
        let mut incident = new_incident(Kind::Panic, recovered_message(prev), line_no);
        incident.start_line = line_no.saturating_sub(1).max(1);
        incident.recovered = true;
        incident.context = Some(Context::Recovered);
        let mut b = Self::new(incident, Phase::Goroutine, true);
        b.push_goroutine(head);
        b
    }

    fn new(incident: Incident, phase: Phase, needs_confirmation: bool) -> Self {
        Builder {
            incident,
            phase,
            pending_fn: None,
            pending_created_by: false,
            needs_confirmation,
            saw_panic_frame: false,
            message_lines: 1,
            tentative: Vec::new(),
        }
    }

    /// Whether the incident is kept when it ends.
    pub fn confirmed(&self) -> bool {
        !self.needs_confirmation
            || (self.incident.context == Some(Context::Recovered) && self.saw_panic_frame)
    }

    /// The finished incident (a function line still waiting for its file
    /// line counts as a frame: the input was cut there).
    pub fn finish(mut self) -> Incident {
        self.flush_pending();
        self.incident
    }

    pub fn push_goroutine(&mut self, (id, state, wait): (u64, String, Option<String>)) {
        self.flush_pending();
        let inc = &mut self.incident;
        inc.goroutine_count = inc.goroutine_count.saturating_add(1);
        if inc.goroutines.len() < limits::MAX_GOROUTINES {
            inc.goroutines.push(goroutine(id, state, wait));
        }
    }

    /// One more line of the panic value, within the byte and line caps.
    pub fn append_message(&mut self, line: &str) {
        let inc = &mut self.incident;
        if inc.message.len() < limits::MAX_MESSAGE_BYTES {
            inc.message.push('\n');
            inc.message.push_str(line.trim_end());
            let cut = floor_char_boundary(&inc.message, limits::MAX_MESSAGE_BYTES);
            inc.message.truncate(cut);
        }
        self.message_lines = self.message_lines.saturating_add(1);
    }

    /// Lines kept aside become part of the panic value.
    pub fn commit_tentative(&mut self) {
        for (raw, _) in std::mem::take(&mut self.tentative) {
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
                if f == "panic" {
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
                    self.push_frame(lines::frame(f, file, line));
                }
            }
            StackLine::Elided(n) => {
                self.flush_pending();
                if let Some(g) = self.incident.goroutines.last_mut() {
                    g.frames_dropped = g.frames_dropped.saturating_add(n);
                }
            }
        }
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
        let Some(g) = self.incident.goroutines.last_mut() else {
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
        frames: Vec::new(),
        created_by: None,
        frames_dropped: 0,
    }
}

/// The panic value in a line a program logged before printing a stack:
/// the text after `panic: `, `panicked: ` or `recovered: `, else the line.
fn recovered_message(line: &str) -> String {
    for marker in ["panic: ", "panicked: ", "recovered: ", "panic recovered: "] {
        if let Some(i) = line.rfind(marker) {
            if let Some(v) = line.get(i + marker.len()..) {
                return clip_to(v.trim().to_string(), limits::MAX_MESSAGE_BYTES);
            }
        }
    }
    clip_to(line.to_string(), limits::MAX_MESSAGE_BYTES)
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
