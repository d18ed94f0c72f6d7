//! Inputs: the named files one after another, or standard input, each a
//! stream of its own.
//!
//! The read loop runs on the main thread and waits for input with
//! `poll(2)` on two descriptors: the input, and the socket the signal
//! handlers write to (see `signals.rs`). So a signal wakes a read that waits
//! on a quiet pipe, and every byte taken from an input has been handed to
//! the command before the loop stops: input is read only when `poll` says a
//! read will not block, and the signal is checked before each read. A
//! regular file always polls ready. Before it waits, the loop flushes the
//! output when someone may be reading it (see `output.rs`).

use crate::output::{Sink, WriteError, Written};
use crate::progress::Progress;
use crate::signals::{self, Signals};
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsFd, AsRawFd, RawFd};

/// Bytes read at a time.
const CHUNK: usize = 256 << 10;

/// What a command does with its inputs. Each input is a stream of its
/// own: `start`, any number of `data`, then `end` (also after a read error
/// or a signal, with what was read).
pub trait Consumer {
    fn start(&mut self, name: Option<&str>, ctx: &mut Ctx) -> Written;
    fn data(&mut self, chunk: &[u8], ctx: &mut Ctx) -> Written;
    fn end(&mut self, ctx: &mut Ctx) -> Written;
}

/// Where a consumer's output goes.
pub struct Ctx {
    pub out: Sink,
    pub progress: Progress,
}

/// How reading the inputs ended.
pub struct Outcome {
    /// Some input could not be read.
    pub failed: bool,
    /// The run was cut short by this signal.
    pub signal: Option<i32>,
}

/// How one input ended.
enum End {
    Done,
    Failed(io::Error),
    Signal(i32),
}

/// Read `files` (standard input when empty) into `consumer`.
pub fn run(
    files: &[String],
    consumer: &mut dyn Consumer,
    ctx: &mut Ctx,
) -> Result<Outcome, WriteError> {
    let signals = signals::install();
    let mut outcome = Outcome {
        failed: false,
        signal: None,
    };
    // `None`: standard input.
    let names: Vec<Option<&String>> = if files.is_empty() {
        vec![None]
    } else {
        files.iter().map(Some).collect()
    };
    for name in names {
        let opened = match name {
            None => io::stdin().as_fd().try_clone_to_owned().map(File::from),
            Some(path) => File::open(path),
        };
        let end = match opened {
            Ok(file) => stream(name.map(String::as_str), file, &signals, consumer, ctx)?,
            Err(e) => End::Failed(e),
        };
        match end {
            End::Done => {}
            End::Failed(e) => {
                let name = name.map_or("standard input", String::as_str);
                ctx.progress
                    .suspend(|| eprintln!("panicsig: cannot read {name}: {e}"));
                outcome.failed = true;
            }
            End::Signal(sig) => {
                outcome.signal = Some(sig);
                break;
            }
        }
    }
    Ok(outcome)
}

/// One input, start to end.
fn stream(
    name: Option<&str>,
    mut file: File,
    signals: &Signals,
    consumer: &mut dyn Consumer,
    ctx: &mut Ctx,
) -> Result<End, WriteError> {
    consumer.start(name, ctx)?;
    ctx.progress.set_file(name);
    let mut buf = vec![0u8; CHUNK];
    let end = loop {
        if let Some(sig) = wait(&file, signals, &mut ctx.out)? {
            break End::Signal(sig);
        }
        match file.read(&mut buf) {
            Ok(0) => break End::Done,
            Ok(n) => {
                consumer.data(buf.get(..n).unwrap_or_default(), ctx)?;
                ctx.progress.advance(n);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break End::Failed(e),
        }
    };
    consumer.end(ctx)?;
    Ok(end)
}

/// Wait until `file` can be read without blocking, flushing `out` first if
/// that means waiting; `Some` when a signal came first.
fn wait(file: &File, signals: &Signals, out: &mut Sink) -> Result<Option<i32>, WriteError> {
    if let Some(sig) = signals.received() {
        return Ok(Some(sig));
    }
    let wake = signals.wake.as_ref().map(AsRawFd::as_raw_fd);
    if poll(file, wake, 0) {
        return Ok(None);
    }
    out.idle()?;
    loop {
        if let Some(sig) = signals.received() {
            return Ok(Some(sig));
        }
        if poll(file, wake, -1) {
            return Ok(None);
        }
    }
}

/// Whether `file` is ready (readable, at its end, or in error: a read
/// will not block), waiting up to `timeout_ms` (-1: until something
/// happens to either descriptor). Without a `wake` descriptor (no signal
/// handlers: a signal takes its default action) only `file` is watched.
/// A failed poll says ready, so the read that follows blocks as a plain
/// read would.
fn poll(file: &File, wake: Option<RawFd>, timeout_ms: i32) -> bool {
    let watch = |fd| libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // A negative descriptor is ignored by poll(2).
    let mut fds = [watch(file.as_raw_fd()), watch(wake.unwrap_or(-1))];
    // SAFETY: `fds` is a valid array of `fds.len()` pollfd structures that
    // outlives the call; the descriptors are open (borrowed by the caller)
    // or negative.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    if n < 0 {
        // EINTR (a signal: checked by the caller) or a failure to poll.
        return io::Error::last_os_error().kind() != io::ErrorKind::Interrupted;
    }
    fds.first().is_some_and(|f| f.revents != 0)
}
