//! Link the lines of one crash when a shipper delivers them as separate
//! records (no multiline joining): the header record gets the annotation,
//! the traceback records that follow on the same stream carry its id.
//!
//! State is bounded: a fixed number of streams, each remembering one open
//! incident and a line budget.

use crate::parse::lines;
use crate::wrappers;

/// Streams remembered at once; the least recently used is forgotten. A
/// stream stays open after its crash until an unrelated line arrives on
/// it, so a node's crash-looping containers each keep one: many more
/// than a few dozen (a real Fluent Bit run over a thousand files lost
/// links at 64).
pub const MAX_STREAMS: usize = 1024;
/// Lines linked to one incident at most (a GOTRACEBACK=all dump of a busy
/// service is long, but not endless).
pub const MAX_LINKED_LINES: u32 = 100_000;

#[derive(Debug, Clone)]
struct Stream {
    key: u64,
    incident: String,
    lines: u32,
    last_use: u64,
}

/// Per-stream memory of the incident whose traceback is arriving.
#[derive(Debug, Default)]
pub struct Linker {
    /// Sorted by key: Fluent Bit asks about every record's stream.
    streams: Vec<Stream>,
    clock: u64,
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// True for lines that belong to a traceback after its header.
pub fn is_traceback_line(raw: &str) -> bool {
    let line = wrappers::strip(raw);
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.trim().is_empty()
        || lines::goroutine_header(line).is_some()
        || lines::stack_line(line).is_some()
        || lines::nested_panic(line).is_some()
        || lines::signal_line(line).is_some()
        || lines::pc_line(line).is_some()
        || lines::is_incident_noise(line)
}

impl Linker {
    pub const fn new() -> Self {
        Linker {
            streams: Vec::new(),
            clock: 0,
        }
    }

    /// A header record on `stream` opened `incident` (an id the caller
    /// made); later traceback lines on the stream link to it.
    pub fn open(&mut self, stream: &[u8], incident: String) {
        self.clock = self.clock.wrapping_add(1);
        let key = hash(stream);
        let now = self.clock;
        if let Some(s) = self.find_mut(key) {
            s.incident = incident;
            s.lines = 0;
            s.last_use = now;
            return;
        }
        if self.streams.len() >= MAX_STREAMS {
            if let Some(oldest) = self
                .streams
                .iter()
                .enumerate()
                .min_by_key(|(_, s)| s.last_use)
                .map(|(i, _)| i)
            {
                self.streams.remove(oldest);
            }
        }
        let at = self.position(key).unwrap_or_else(|i| i);
        self.streams.insert(
            at,
            Stream {
                key,
                incident,
                lines: 0,
                last_use: now,
            },
        );
    }

    /// Where `key` is in the sorted streams, or where it would go.
    fn position(&self, key: u64) -> Result<usize, usize> {
        self.streams.binary_search_by_key(&key, |s| s.key)
    }

    fn find_mut(&mut self, key: u64) -> Option<&mut Stream> {
        let i = self.position(key).ok()?;
        self.streams.get_mut(i)
    }

    /// The incident a non-header line on `stream` belongs to, if any. A
    /// line that is not part of a traceback closes the stream's incident.
    pub fn follow(&mut self, stream: &[u8], text: &str) -> Option<String> {
        self.clock = self.clock.wrapping_add(1);
        let key = hash(stream);
        let idx = self.position(key).ok()?;
        let s = self.streams.get_mut(idx)?;
        if s.lines < MAX_LINKED_LINES && is_traceback_line(text) {
            s.lines = s.lines.saturating_add(1);
            s.last_use = self.clock;
            return Some(s.incident.clone());
        }
        self.streams.remove(idx);
        None
    }

    /// True when `stream` has an incident whose traceback may continue.
    pub fn is_open(&self, stream: &[u8]) -> bool {
        // The common case, checked before hashing the tag: Fluent Bit asks
        // for every record, and hashing costs more than the rest of the
        // check in its interpreter.
        if self.streams.is_empty() {
            return false;
        }
        self.position(hash(stream)).is_ok()
    }

    /// Streams currently remembered.
    pub fn len(&self) -> usize {
        self.streams.len()
    }

    pub fn is_empty(&self) -> bool {
        self.streams.is_empty()
    }
}

/// An incident id for a header record: stable for the same record, short.
pub fn incident_id(stream: &[u8], sec: u32, nsec: u32, text: &str) -> String {
    let mut h = hash(stream);
    for part in [
        &sec.to_le_bytes()[..],
        &nsec.to_le_bytes()[..],
        text.as_bytes(),
    ] {
        for b in part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let mut id = String::with_capacity(16);
    crate::json_write::hex(&mut id, h, 16);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_traceback_lines_until_an_unrelated_line() {
        let mut l = Linker::new();
        l.open(b"app", "id1".into());
        assert_eq!(l.follow(b"app", "").as_deref(), Some("id1"));
        assert_eq!(
            l.follow(b"app", "goroutine 1 [running]:").as_deref(),
            Some("id1")
        );
        assert_eq!(l.follow(b"app", "main.main()").as_deref(), Some("id1"));
        assert_eq!(l.follow(b"other", "main.main()"), None);
        assert_eq!(
            l.follow(b"app", "\t/src/main.go:12 +0x1d\n").as_deref(),
            Some("id1")
        );
        assert_eq!(l.follow(b"app", "GET /healthz 200"), None);
        assert_eq!(l.follow(b"app", "main.main()"), None);
    }

    #[test]
    fn state_is_bounded() {
        let mut l = Linker::new();
        for i in 0..10 * MAX_STREAMS {
            l.open(format!("tag{i}").as_bytes(), format!("{i}"));
        }
        assert_eq!(l.len(), MAX_STREAMS);
        // The most recent streams are kept.
        let last = format!("tag{}", 10 * MAX_STREAMS - 1);
        assert!(l.follow(last.as_bytes(), "main.main()").is_some());
    }
}
