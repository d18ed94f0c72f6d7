//! Caps that bound the memory and time spent on one incident, whatever the
//! input. Go itself never prints more than 100 frames per goroutine, so the
//! frame cap only bites on adversarial input; goroutine dumps of busy
//! services (10k goroutines) keep the first goroutines and a count.

/// Frames kept per goroutine; the rest are counted in `frames_dropped`.
pub const MAX_FRAMES: usize = 64;
/// Goroutine blocks kept per incident; all are counted.
pub const MAX_GOROUTINES: usize = 32;
/// Distinct stacks counted as buckets per incident; goroutines with
/// further stacks are counted in `unbucketed`. Real dumps have a few
/// hundred at most; the cap bounds memory on any input.
pub const MAX_BUCKETS: usize = 1024;
/// Goroutine ids kept per bucket.
pub const MAX_BUCKET_IDS: usize = 5;
/// Distinct states kept per bucket.
pub const MAX_BUCKET_STATES: usize = 4;
/// Nested `panic:` lines kept.
pub const MAX_NESTED: usize = 8;
/// Lines of a multi-line panic value kept.
pub const MAX_MESSAGE_LINES: usize = 32;
/// Lines of other output allowed between a `fatal error:` and its first
/// goroutine (a busy service's log lines interleave with the crash).
pub const MAX_STRAY_LINES: usize = 3;
/// Bytes of panic value kept (a panic value may be a whole request body).
pub const MAX_MESSAGE_BYTES: usize = 4096;
/// Note lines kept (preamble, signal line, race access lines).
pub const MAX_NOTES: usize = 16;
/// Bytes kept of one note line.
pub const MAX_NOTE_BYTES: usize = 512;
/// Bytes kept of one line of text; a longer line is cut (Go never prints
/// one, and the part kept still classifies).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Bytes kept of one input line before it is decoded: a JSON-lines record
/// up to this size is read whole, from a file or a pipe alike; a longer
/// one is cut here (and then no longer parses as JSON).
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;
/// How deeply a signature's `message_regex` may nest, in two measures.
/// regex-lite parses a pattern recursively, one call level per group,
/// then compiles it recursively, one level per step of its syntax tree
/// (its `nest_limit`). Fluent Bit's module compiles every pattern at load
/// time within the default 8 KiB `wasm_stack_size`, and measured in its
/// WAMR each level costs hundreds of bytes: a pattern nested deeper than
/// the built-in ones (3 groups, 8 steps; the built-in catalog loads with
/// under 300 bytes to spare) gets a clear error, not a module that fails
/// to load.
pub const MAX_REGEX_GROUP_DEPTH: usize = 3;
/// See [`MAX_REGEX_GROUP_DEPTH`].
pub const MAX_REGEX_NESTING: u32 = 8;
/// How far before a headless stack its recovery log line may stand
/// (the line saying what was recovered).
pub const MENTION_LINES: usize = 8;
