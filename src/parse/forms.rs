//! Incidents opened by something other than a runtime header: a
//! framework's recovery line, a `[signal ...]` line whose header was lost,
//! and the stack forms that frameworks and loggers print (`FILE:LINE
//! (0xPC)` and bare `file:line` lines, function names without arguments).

use super::builder::{Builder, Confirm};
use super::lines::{self, GoroutineHead, Header, StackLine};
use super::state::Phase;
use crate::model::Kind;

impl Builder {
    /// A `[signal ...]` line with no header before it: a paste that lost
    /// its `panic: ` prefix (the line before is the value) or, after the
    /// runtime's `unexpected fault address`, its `fatal error: fault`. It
    /// counts once a goroutine block follows.
    pub fn lost_header(
        sig: crate::model::SignalInfo,
        line: &str,
        line_no: usize,
        preamble: Vec<(String, usize)>,
        prev: &str,
    ) -> Self {
        let fault = preamble
            .iter()
            .any(|(l, _)| l.starts_with("unexpected fault address"));
        let (kind, message) = match (fault, prev.is_empty()) {
            (true, _) => (Kind::Fatal, "fault".to_string()),
            (false, true) => (Kind::Panic, String::new()),
            (false, false) => (Kind::Panic, prev.to_string()),
        };
        let h = Header {
            kind,
            message,
            recovered: false,
            context: None,
        };
        let has_preamble = !preamble.is_empty();
        let mut b = Self::from_header(h, line_no, preamble, prev);
        if !fault && !prev.is_empty() && !has_preamble {
            b.incident.start_line = line_no.saturating_sub(1).max(1);
        }
        b.incident.signal = Some(sig);
        b.note(line);
        b.phase = Phase::AfterHeader;
        b.confirm = Confirm::Stack;
        b
    }

    /// A framework's recovery line: it counts once a stack follows.
    /// Echo ends the line with the goroutine header of its stack
    /// (`[PANIC RECOVER] VALUE goroutine 32 [running]:`).
    pub fn framework(mut h: Header, line_no: usize, prev: &str) -> Self {
        let head = lines::goroutine_within(&h.message).map(|(at, head)| {
            h.message.truncate(at);
            head
        });
        h.message.truncate(h.message.trim_end().len());
        let mut b = Self::from_header(h, line_no, Vec::new(), prev);
        b.confirm = Confirm::Stack;
        b.awaiting_value = b.incident.message.is_empty();
        if let Some(head) = head {
            b.push_goroutine(head);
            b.phase = Phase::Goroutine;
            b.confirm = Confirm::Done;
        }
        b
    }

    /// A `FILE:LINE (0xPC)` frame. The first one opens the stack.
    pub fn pc_frame(&mut self, file: String, line: u32) {
        if !self.pc_stack {
            self.commit_tentative();
            if self.incident.goroutine_count == 0 {
                self.push_goroutine(GoroutineHead::default());
            }
            self.pc_stack = true;
            self.phase = Phase::Goroutine;
            if self.confirm == Confirm::Stack {
                self.confirm = Confirm::Done;
            }
        }
        if super::framework::is_panic_file(&file) {
            self.saw_panic_frame = true;
        }
        self.located_frame(String::new(), file, line);
    }

    /// A function line of a zap or pkg/errors stack. The first opens the
    /// stack, which counts once a frame has its file line.
    pub fn bare_frame(&mut self, function: String) {
        if !self.bare_stack {
            self.commit_tentative();
            if self.incident.goroutine_count == 0 {
                self.push_goroutine(GoroutineHead::default());
            }
            self.bare_stack = true;
            self.phase = Phase::Goroutine;
            if self.confirm == Confirm::Stack {
                self.confirm = Confirm::Frames;
            }
        }
        self.stack(StackLine::Function(function), true);
    }
}
