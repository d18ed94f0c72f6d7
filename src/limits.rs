//! Caps that bound the memory and time spent on one incident, whatever the
//! input. Go itself never prints more than 100 frames per goroutine, so the
//! frame cap only bites on adversarial input; goroutine dumps of busy
//! services (10k goroutines) keep the first goroutines and a count.

/// Frames kept per goroutine; the rest are counted in `frames_dropped`.
pub const MAX_FRAMES: usize = 64;
/// Goroutine blocks kept per incident; all are counted.
pub const MAX_GOROUTINES: usize = 32;
/// Nested `panic:` lines kept.
pub const MAX_NESTED: usize = 8;
/// Lines of a multi-line panic value kept.
pub const MAX_MESSAGE_LINES: usize = 32;
/// Bytes of panic value kept (a panic value may be a whole request body).
pub const MAX_MESSAGE_BYTES: usize = 4096;
/// Note lines kept (preamble, signal line, race access lines).
pub const MAX_NOTES: usize = 16;
/// Bytes kept of one note line.
pub const MAX_NOTE_BYTES: usize = 512;
/// Bytes kept of one input line; a longer line is cut (Go never prints
/// one, and a 10 MB single-line record must not be copied whole).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
