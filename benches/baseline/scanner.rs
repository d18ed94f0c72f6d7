#![allow(dead_code, clippy::all)]
//! The scanner as it was before the state-machine rewrite (commit
//! 9e28334), kept only so that `make bench` measures the rewrite against
//! it in the same run. Not used by anything else; do not extend.
//!
//! Text → incidents: a line-driven state machine in the manner of
//! DataDog/gostackparse. One pass, forward only, no regex; a line that
//! does not fit ends the incident instead of failing the input.
//!
//! [`Scanner`] takes input in chunks of any size (an incident split across
//! chunks is still found whole) and skips non-crash text with the
//! [`panicsig::prefilter`] without looking at its lines.

#[path = "lines.rs"]
pub mod lines;

use lines::StackLine;
use panicsig::limits;
use panicsig::model::{Context, Frame, Goroutine, Incident, Kind};
use panicsig::prefilter::Prefilter;
use panicsig::wrappers;

/// Find every incident in a complete text.
pub fn scan(text: &str) -> Vec<Incident> {
    let mut s = Scanner::new();
    s.feed(text.as_bytes());
    s.finish()
}

/// Where the builder is inside an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Right after the header: nested panics, multi-line values, the
    /// `[signal ...]` line.
    Header,
    /// After a line that closed the header (blank line, `running tests:`).
    AfterHeader,
    /// Inside `runtime stack:`.
    RuntimeStack,
    /// Inside a goroutine block.
    Goroutine,
    /// Inside a race report.
    Race,
}

#[derive(Debug)]
struct Builder {
    incident: Incident,
    phase: Phase,
    /// Function line waiting for its file line.
    pending_fn: Option<String>,
    pending_created_by: bool,
    /// Signal and dump headers need a `PC=` line or goroutines to count;
    /// stacks printed by the program need a `panic(` frame.
    needs_confirmation: bool,
    saw_panic_frame: bool,
    message_lines: usize,
    /// Unindented lines after a `panic:` header: further lines of a
    /// multi-line value (Go before 1.23 does not indent them), kept aside
    /// until a goroutine block confirms them. If anything else comes
    /// first they were ordinary log lines and are scanned again.
    tentative: Vec<(String, usize)>,
}

/// Incremental scanner. Feed bytes with [`Scanner::feed`], or lines with
/// [`Scanner::push_line`]; collect with [`Scanner::take`] / [`Scanner::finish`].
#[derive(Debug, Default)]
pub struct Scanner {
    current: Option<Builder>,
    /// `runtime: ...` / `unexpected fault address` lines waiting for the
    /// `fatal error:` they announce.
    preamble: Vec<(String, usize)>,
    /// The previous line (for a stack printed after a custom log line, and
    /// `--- FAIL` / race separators before a header).
    prev: String,
    /// Bytes of an unfinished line from the last chunk.
    carry: Vec<u8>,
    /// Decode JSON-object lines (docker json-file, JSON loggers) and scan
    /// their message field instead of the raw line.
    json: Option<JsonLines>,
    /// 1-based number of the last line processed.
    line_no: usize,
    done: Vec<Incident>,
}

/// How JSON-object lines are read.
#[derive(Debug, Clone, Default)]
pub struct JsonLines {
    /// The field holding the log text; `None` tries the default keys.
    pub key: Option<String>,
}

impl Scanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scanner that also reads lines that are JSON objects, scanning the
    /// text in their message field (per line: plain and JSON lines may mix).
    pub fn with_json(key: Option<String>) -> Self {
        Scanner {
            json: Some(JsonLines { key }),
            ..Self::default()
        }
    }

    /// Feed the next chunk of input. Lines may span chunks.
    pub fn feed(&mut self, chunk: &[u8]) {
        let mut chunk = chunk;
        if !self.carry.is_empty() {
            match memchr::memchr(b'\n', chunk) {
                None => {
                    self.carry_extend(chunk);
                    return;
                }
                Some(nl) => {
                    let (head, tail) = chunk.split_at(nl + 1);
                    self.carry_extend(head);
                    let line = std::mem::take(&mut self.carry);
                    self.line_no += 1;
                    let n = self.line_no;
                    self.process_line(&line, n);
                    chunk = tail;
                }
            }
        }
        let complete = match memchr::memrchr(b'\n', chunk) {
            Some(nl) => nl + 1,
            None => 0,
        };
        let (body, rest) = chunk.split_at(complete);
        self.scan_lines(body);
        self.carry_extend(rest);
    }

    /// A line longer than the cap is cut: Go never prints one, and the
    /// part kept still classifies.
    fn carry_extend(&mut self, bytes: &[u8]) {
        let room = limits::MAX_LINE_BYTES.saturating_sub(self.carry.len());
        self.carry
            .extend_from_slice(bytes.get(..room.min(bytes.len())).unwrap_or(&[]));
        if bytes.len() > room && self.carry.last() != Some(&b'\n') && bytes.ends_with(b"\n") {
            self.carry.push(b'\n');
        }
    }

    /// Scan complete lines, skipping to prefilter hits while idle.
    fn scan_lines(&mut self, buf: &[u8]) {
        let prefilter = Prefilter::get();
        let mut pos = 0;
        // Where the next prefilter search starts; lines between `pos` and
        // here were hits that cannot open an incident.
        let mut search = 0;
        while pos < buf.len() {
            if self.is_idle() {
                let Some(hit) = prefilter.find(buf, search) else {
                    self.skip_lines(buf, pos, buf.len());
                    return;
                };
                if !panicsig::prefilter::plausible(buf.get(hit..).unwrap_or(&[])) {
                    search = hit + 1;
                    continue;
                }
                let start = memchr::memrchr(b'\n', buf.get(search..hit).unwrap_or(&[]))
                    .map_or(search, |i| search + i + 1);
                let end = line_end(buf, start);
                if !self.may_open(buf.get(start..end).unwrap_or(&[])) {
                    search = end;
                    continue;
                }
                self.skip_lines(buf, pos, start);
                pos = start;
            }
            let end = line_end(buf, pos);
            self.line_no += 1;
            let n = self.line_no;
            self.process_line(buf.get(pos..end).unwrap_or(&[]), n);
            pos = end;
            search = end;
        }
    }

    /// Cheap check for a prefilter hit in idle state: can this line open an
    /// incident (or announce one)? Most hits are ordinary lines that merely
    /// mention a needle (`panic_on_error=false`).
    fn may_open(&self, raw: &[u8]) -> bool {
        if self.json.is_some() && raw.first() == Some(&b'{') {
            return true;
        }
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        let raw = raw.get(..limits::MAX_LINE_BYTES).unwrap_or(raw);
        let text = String::from_utf8_lossy(raw);
        let line = wrappers::strip(&text);
        lines::header(line).is_some()
            || lines::is_preamble(line)
            || lines::goroutine_header(line).is_some()
    }

    /// Account for lines skipped without parsing, remembering the last one
    /// as the previous line.
    fn skip_lines(&mut self, buf: &[u8], from: usize, to: usize) {
        let Some(skipped) = buf.get(from..to) else {
            return;
        };
        if skipped.is_empty() {
            return;
        }
        self.line_no += count_newlines(skipped);
        let body = skipped.strip_suffix(b"\n").unwrap_or(skipped);
        let last = memchr::memrchr(b'\n', body).map_or(body, |i| body.get(i + 1..).unwrap_or(&[]));
        self.set_prev(last);
    }

    /// The previous line as [`Scanner::push_line`] would have seen it: a
    /// JSON line's message text, not its raw bytes, and decoded before it
    /// is cut (as [`Scanner::process_line`] does), so invalid UTF-8 gives
    /// the same text whether the line was skipped or processed.
    fn set_prev(&mut self, line: &[u8]) {
        if line.first() == Some(&b'{') {
            let decoded = self
                .json
                .as_ref()
                .and_then(|j| panicsig::locate::json_line_text(line, j.key.as_deref()));
            if let Some(text) = decoded {
                let text = text.strip_suffix('\n').unwrap_or(&text);
                self.remember(text.rsplit('\n').next().unwrap_or(text));
                return;
            }
        }
        let line = line.get(..limits::MAX_LINE_BYTES).unwrap_or(line);
        self.remember(&String::from_utf8_lossy(line));
    }

    fn is_idle(&self) -> bool {
        self.current.is_none() && self.preamble.is_empty()
    }

    fn process_line(&mut self, raw: &[u8], line_no: usize) {
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        if let Some(json) = &self.json {
            if raw.first() == Some(&b'{') {
                if let Some(text) = panicsig::locate::json_line_text(raw, json.key.as_deref()) {
                    let text = text.strip_suffix('\n').unwrap_or(&text);
                    for sub in text.split('\n') {
                        self.push_line(sub, line_no);
                    }
                    return;
                }
            }
        }
        let raw = raw.get(..limits::MAX_LINE_BYTES).unwrap_or(raw);
        let text = String::from_utf8_lossy(raw);
        self.push_line(&text, line_no);
    }

    /// Process one line (without its newline) as input line `line_no`.
    /// Hosts that decode records (JSON lines) call this for each line of
    /// the decoded text.
    pub fn push_line(&mut self, raw: &str, line_no: usize) {
        self.line_no = self.line_no.max(line_no);
        let line = wrappers::strip(raw);
        if let Some(b) = self.current.as_mut() {
            match consume(b, raw, line) {
                Step::Extend => b.incident.end_line = line_no,
                Step::Filler => {}
                Step::Tentative => b.tentative.push((raw.to_string(), line_no)),
                Step::End => {
                    let replay = std::mem::take(&mut b.tentative);
                    self.close();
                    for (l, n) in replay {
                        self.push_line(&l, n);
                    }
                    self.push_line(raw, line_no);
                    return;
                }
            }
            self.remember(raw);
            return;
        }
        self.start(line, line_no);
        self.remember(raw);
    }

    fn remember(&mut self, raw: &str) {
        self.prev.clear();
        let cut = floor_char_boundary(raw, limits::MAX_NOTE_BYTES);
        self.prev.push_str(raw.get(..cut).unwrap_or(""));
    }

    /// Try to open an incident at an idle line.
    fn start(&mut self, line: &str, line_no: usize) {
        if let Some(h) = lines::header(line) {
            let mut message = h.message;
            message.truncate(floor_char_boundary(&message, limits::MAX_MESSAGE_BYTES));
            let mut incident = new_incident(h.kind, message, line_no);
            incident.recovered = h.recovered;
            incident.context = h.context;
            let prev = wrappers::strip(&self.prev);
            if incident.kind == Kind::Race && prev.starts_with("=====") {
                incident.start_line = line_no.saturating_sub(1).max(1);
            }
            if prev.starts_with("--- FAIL") && incident.context.is_none() {
                incident.context = Some(Context::Test);
            }
            let preamble = std::mem::take(&mut self.preamble);
            if let Some((_, first)) = preamble.first() {
                incident.start_line = *first;
            }
            incident
                .notes
                .extend(preamble.into_iter().map(|(l, _)| l).take(limits::MAX_NOTES));
            let needs_confirmation = matches!(incident.kind, Kind::Signal | Kind::Dump);
            self.current = Some(Builder {
                phase: if incident.kind == Kind::Race {
                    Phase::Race
                } else {
                    Phase::Header
                },
                incident,
                pending_fn: None,
                pending_created_by: false,
                needs_confirmation,
                saw_panic_frame: false,
                message_lines: 1,
                tentative: Vec::new(),
            });
            return;
        }
        if lines::is_preamble(line)
            || (!self.preamble.is_empty() && lines::is_preamble_detail(line))
        {
            if self.preamble.len() >= limits::MAX_NOTES {
                self.preamble.remove(0);
            }
            self.preamble.push((clip(line), line_no));
            return;
        }
        self.preamble.clear();
        if let Some((id, state, wait)) = lines::goroutine_header(line) {
            // A stack printed by the program itself (debug.Stack after a
            // recover): the line before it says what happened.
            let prev = wrappers::strip(&self.prev).trim();
            if prev.is_empty() || lines::goroutine_header(prev).is_some() {
                return;
            }
            let mut incident = new_incident(Kind::Panic, recovered_message(prev), line_no);
            incident.start_line = line_no.saturating_sub(1).max(1);
            incident.recovered = true;
            incident.context = Some(Context::Recovered);
            incident.goroutines.push(goroutine(id, state, wait));
            incident.goroutine_count = 1;
            self.current = Some(Builder {
                incident,
                phase: Phase::Goroutine,
                pending_fn: None,
                pending_created_by: false,
                needs_confirmation: true,
                saw_panic_frame: false,
                message_lines: 1,
                tentative: Vec::new(),
            });
        }
    }

    /// Finish the current incident, keeping it if it was confirmed.
    fn close(&mut self) {
        if let Some(b) = self.current.take() {
            let confirmed = !b.needs_confirmation
                || (b.incident.context == Some(Context::Recovered) && b.saw_panic_frame);
            if confirmed {
                self.done.push(b.incident);
            }
        }
    }

    /// Incidents completed so far (an incident still open is kept).
    pub fn take(&mut self) -> Vec<Incident> {
        std::mem::take(&mut self.done)
    }

    /// End of input: flush the last line and the open incident.
    pub fn finish(mut self) -> Vec<Incident> {
        self.flush();
        self.done
    }

    /// End of input without consuming the scanner.
    pub fn flush(&mut self) {
        if !self.carry.is_empty() {
            let line = std::mem::take(&mut self.carry);
            self.line_no += 1;
            let n = self.line_no;
            self.process_line(&line, n);
        }
        self.close();
        self.preamble.clear();
    }
}

fn new_incident(kind: Kind, message: String, line_no: usize) -> Incident {
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

fn goroutine(id: u64, state: String, wait: Option<String>) -> Goroutine {
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

#[cfg(not(target_arch = "wasm32"))]
fn count_newlines(b: &[u8]) -> usize {
    bytecount::count(b, b'\n')
}

/// wasm32 must stay free of SIMD (Fluent Bit's WAMR rejects it).
#[cfg(target_arch = "wasm32")]
fn count_newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

/// End of the line starting at `pos` (after its newline).
fn line_end(buf: &[u8], pos: usize) -> usize {
    memchr::memchr(b'\n', buf.get(pos..).unwrap_or(&[])).map_or(buf.len(), |i| pos + i + 1)
}

/// The panic value in a line a program logged before printing a stack:
/// the text after `panic: `, `panicked: ` or `recovered: `, else the line.
fn recovered_message(line: &str) -> String {
    for marker in ["panic: ", "panicked: ", "recovered: ", "panic recovered: "] {
        if let Some(i) = line.rfind(marker) {
            if let Some(v) = line.get(i + marker.len()..) {
                return v.trim().to_string();
            }
        }
    }
    line.to_string()
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

fn clip(s: &str) -> String {
    s.get(..floor_char_boundary(s, limits::MAX_NOTE_BYTES))
        .unwrap_or("")
        .to_string()
}

/// What a line does to an open incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Belongs and extends the incident.
    Extend,
    /// Belongs but is filler (blank line).
    Filler,
    /// May be a further line of the panic value; decided later.
    Tentative,
    /// Does not belong: the incident ended on the line before.
    End,
}

impl From<Option<bool>> for Step {
    fn from(v: Option<bool>) -> Step {
        match v {
            Some(true) => Step::Extend,
            Some(false) => Step::Filler,
            None => Step::End,
        }
    }
}

/// Apply one line (`raw` as read, `line` with wrappers stripped).
fn consume(b: &mut Builder, raw: &str, line: &str) -> Step {
    let step = Step::from(consume_line(b, line));
    if step != Step::End {
        return step;
    }
    // An unrecognised line right after a `panic:` header, before any
    // goroutine block, may continue a multi-line value.
    let open_value = b.phase == Phase::Header
        && b.incident.kind == Kind::Panic
        && b.incident.goroutine_count == 0
        && b.incident.nested.is_empty()
        && b.message_lines.saturating_add(b.tentative.len()) < limits::MAX_MESSAGE_LINES
        && raw.len() <= limits::MAX_NOTE_BYTES;
    if open_value {
        Step::Tentative
    } else {
        Step::End
    }
}

/// Lines kept aside become part of the panic value.
fn commit_tentative(b: &mut Builder) {
    for (raw, _) in std::mem::take(&mut b.tentative) {
        let line = wrappers::strip(&raw);
        if b.incident.message.len() < limits::MAX_MESSAGE_BYTES {
            b.incident.message.push('\n');
            b.incident.message.push_str(line.trim_end());
        }
        b.message_lines = b.message_lines.saturating_add(1);
    }
}

/// `Some(true)`: the line belongs and extends the incident; `Some(false)`:
/// it belongs but is filler (blank line); `None`: it does not belong.
fn consume_line(b: &mut Builder, line: &str) -> Option<bool> {
    let inc = &mut b.incident;
    if line.trim().is_empty() {
        if b.phase == Phase::Header {
            b.phase = Phase::AfterHeader;
        }
        return Some(false);
    }
    if b.phase == Phase::Race {
        return consume_race(b, line);
    }
    // The separator after a race report's closing one opens the next report.
    if inc.kind == Kind::Race && line.starts_with("=====") {
        return None;
    }
    // Header continuation: nested panics and multi-line values.
    if b.phase == Phase::Header {
        if let Some((v, recovered)) = lines::nested_panic(line) {
            if inc.nested.len() < limits::MAX_NESTED {
                inc.nested.push(v);
            }
            inc.recovered |= recovered;
            return Some(true);
        }
        if line.starts_with('\t') && !b.tentative.is_empty() {
            return None;
        }
        if line.starts_with('\t')
            && inc.nested.is_empty()
            && b.message_lines < limits::MAX_MESSAGE_LINES
        {
            // Go 1.18+ indents every further line of a multi-line panic
            // value with a tab; the value itself has none.
            if inc.message.len() < limits::MAX_MESSAGE_BYTES {
                inc.message.push('\n');
                inc.message
                    .push_str(line.strip_prefix('\t').unwrap_or(line).trim_end());
            }
            b.message_lines += 1;
            return Some(true);
        }
    }
    if let Some(sig) = lines::signal_line(line) {
        commit_tentative(b);
        let inc = &mut b.incident;
        inc.signal = Some(sig);
        note(inc, line);
        return Some(true);
    }
    if let Some((code, addr)) = lines::pc_line(line) {
        if matches!(inc.kind, Kind::Signal | Kind::Dump) && inc.signal.is_none() {
            let name = inc.message.split(':').next().unwrap_or("").to_string();
            inc.signal = Some(panicsig::model::SignalInfo { name, code, addr });
        }
        b.needs_confirmation = false;
        note(inc, line);
        return Some(true);
    }
    if let Some((id, state, wait)) = lines::goroutine_header(line) {
        commit_tentative(b);
        flush_pending(b);
        let inc = &mut b.incident;
        inc.goroutine_count += 1;
        if inc.goroutines.len() < limits::MAX_GOROUTINES {
            inc.goroutines.push(goroutine(id, state, wait));
        }
        b.phase = Phase::Goroutine;
        return Some(true);
    }
    if line.starts_with("runtime stack:") {
        flush_pending(b);
        b.phase = Phase::RuntimeStack;
        return Some(true);
    }
    // GOTRACEBACK=crash re-raises SIGABRT after the traceback: the same
    // incident, not a new dump.
    if let Some(h) = lines::header(line) {
        let reraise = h.kind == Kind::Dump
            && matches!(inc.kind, Kind::Panic | Kind::Fatal)
            && inc.goroutine_count > 0;
        if reraise {
            note(inc, line);
            b.phase = Phase::AfterHeader;
            return Some(true);
        }
        return None;
    }
    if matches!(b.phase, Phase::Goroutine | Phase::RuntimeStack) {
        if let Some(sl) = lines::stack_line(line) {
            stack(b, sl);
            return Some(true);
        }
    }
    if lines::is_incident_noise(line) {
        if b.phase == Phase::Header {
            b.phase = Phase::AfterHeader;
        }
        // `\tTestSlow (1m0s)` lines under `running tests:` are noise too.
        return Some(!line.trim_start().is_empty());
    }
    if b.phase == Phase::AfterHeader && line.starts_with('\t') && inc.goroutine_count == 0 {
        return Some(true);
    }
    None
}

fn note(inc: &mut Incident, line: &str) {
    if inc.notes.len() < limits::MAX_NOTES {
        inc.notes.push(clip(line));
    }
}

/// Apply one stack line to the current goroutine (or the system stack).
fn stack(b: &mut Builder, sl: StackLine) {
    match sl {
        StackLine::Function(f) => {
            flush_pending(b);
            if f == "panic" {
                b.saw_panic_frame = true;
            }
            b.pending_fn = Some(f);
            b.pending_created_by = false;
        }
        StackLine::CreatedBy(f) => {
            flush_pending(b);
            b.pending_fn = Some(f);
            b.pending_created_by = true;
        }
        StackLine::File(file, line) => {
            if let Some(f) = b.pending_fn.take() {
                let fr = lines::frame(f, file, line);
                push_frame(b, fr);
            }
        }
        StackLine::Elided(n) => {
            flush_pending(b);
            if let Some(g) = b.incident.goroutines.last_mut() {
                g.frames_dropped += n;
            }
        }
    }
}

/// A function line whose file line never came (truncated input) still
/// counts as a frame.
fn flush_pending(b: &mut Builder) {
    if let Some(f) = b.pending_fn.take() {
        let fr = lines::frame(f, String::new(), 0);
        push_frame(b, fr);
    }
}

fn push_frame(b: &mut Builder, fr: Frame) {
    let created_by = std::mem::take(&mut b.pending_created_by);
    if b.phase == Phase::RuntimeStack {
        if b.incident.runtime_stack.len() < limits::MAX_FRAMES {
            b.incident.runtime_stack.push(fr);
        }
        return;
    }
    let Some(g) = b.incident.goroutines.last_mut() else {
        return;
    };
    if created_by {
        g.created_by = Some(fr);
    } else if g.frames.len() < limits::MAX_FRAMES {
        g.frames.push(fr);
    } else {
        g.frames_dropped += 1;
    }
}

/// Race reports: access lines open a stack, `Goroutine N (state) created
/// at:` gives the state, a `=====` line ends the report.
fn consume_race(b: &mut Builder, line: &str) -> Option<bool> {
    let inc = &mut b.incident;
    if line.starts_with("==================") {
        flush_pending(b);
        b.phase = Phase::AfterHeader;
        b.incident.kind = Kind::Race;
        return Some(true);
    }
    if let Some((access, id)) = race_access(line) {
        flush_pending(b);
        let inc = &mut b.incident;
        if inc.goroutines.is_empty() {
            inc.message = access.to_string();
        }
        note(inc, line);
        inc.goroutine_count += 1;
        if inc.goroutines.len() < limits::MAX_GOROUTINES {
            inc.goroutines.push(goroutine(id, "running".into(), None));
        }
        b.pending_created_by = false;
        return Some(true);
    }
    if let Some(rest) = line.strip_prefix("Goroutine ") {
        flush_pending(b);
        let inc = &mut b.incident;
        let id: Option<u64> = rest.split(' ').next().and_then(|n| n.parse().ok());
        let state = rest
            .split_once('(')
            .and_then(|(_, s)| s.split_once(')'))
            .map(|(s, _)| s.to_string());
        if let (Some(id), Some(state)) = (id, state) {
            for g in inc.goroutines.iter_mut().filter(|g| g.id == id) {
                g.state = state.clone();
            }
        }
        // The creation stack follows; its first frame is `created_by`.
        b.pending_created_by = true;
        return Some(true);
    }
    if let Some(sl) = lines::race_stack_line(line) {
        match sl {
            StackLine::Function(f) => {
                flush_pending(b);
                b.pending_fn = Some(f);
            }
            StackLine::File(file, l) => {
                if let Some(f) = b.pending_fn.take() {
                    let fr = lines::frame(f, file, l);
                    let creation = b.pending_created_by;
                    if let Some(g) = b.incident.goroutines.last_mut() {
                        if creation {
                            if g.created_by.is_none() {
                                g.created_by = Some(fr);
                            }
                        } else if g.frames.len() < limits::MAX_FRAMES {
                            g.frames.push(fr);
                        }
                    }
                }
            }
            _ => {}
        }
        return Some(true);
    }
    let _ = inc;
    lines::is_incident_noise(line).then_some(false)
}

/// `Read at 0x00c00009c078 by goroutine 8:` → (`Read at ... goroutine 8`, 8);
/// `by main goroutine` is goroutine 1.
fn race_access(line: &str) -> Option<(&str, u64)> {
    let t = line.trim_end().strip_suffix(':')?;
    let by = t.find(" by ")?;
    let head = t.get(..by)?;
    if !(head.contains(" at 0x")) {
        return None;
    }
    let who = t.get(by + 4..)?;
    let id = if who == "main goroutine" {
        1
    } else {
        who.strip_prefix("goroutine ")?.parse().ok()?
    };
    Some((t, id))
}
