//! Standard output: buffered, flushed when a reader downstream is waiting,
//! and every failure to write reported as one.

use std::fs::File;
use std::io::{self, BufWriter, StdoutLock, Write};
use std::os::fd::AsFd;

/// Writing the output failed; the run stops. A `BrokenPipe` (the reader
/// went away) ends it quietly.
#[derive(Debug)]
pub struct WriteError(pub io::Error);

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError(e)
    }
}

pub type Written = Result<(), WriteError>;

/// Buffered standard output.
pub struct Sink {
    out: BufWriter<StdoutLock<'static>>,
    /// Stdout is a pipe, terminal or socket: someone may be reading as we
    /// go, so nothing complete is held while panicsig waits for input.
    /// A regular file is only flushed when the buffer fills and at the end.
    streaming: bool,
}

impl Sink {
    /// Standard output, or the write error a closed stdout gives.
    pub fn stdout() -> Result<Sink, WriteError> {
        if stdout_was_closed() {
            return Err(WriteError(io::Error::other("standard output is closed")));
        }
        let stdout = io::stdout();
        let streaming = !is_regular_file(&stdout);
        Ok(Sink {
            out: BufWriter::with_capacity(64 << 10, stdout.lock()),
            streaming,
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Written {
        Ok(self.out.write_all(bytes)?)
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// A unit of output is complete (an incident of `scan`): out it goes
    /// when someone may be reading.
    pub fn unit_done(&mut self) -> Written {
        if self.streaming {
            self.out.flush()?;
        }
        Ok(())
    }

    /// panicsig is about to wait for input.
    pub fn idle(&mut self) -> Written {
        self.unit_done()
    }

    /// End of the run.
    pub fn finish(mut self) -> Written {
        Ok(self.out.flush()?)
    }
}

fn is_regular_file(stdout: &io::Stdout) -> bool {
    stdout
        .as_fd()
        .try_clone_to_owned()
        .map(File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.file_type().is_file())
}

/// Whether panicsig was started with stdout closed (`>&-`). Rust's
/// runtime opens `/dev/null` read-write on a closed standard descriptor
/// before `main`, so writes would vanish and the run would look
/// successful; a shell's `>/dev/null` opens it write-only. (Linux: read
/// from /proc; elsewhere assumed open.)
fn stdout_was_closed() -> bool {
    let is_null =
        std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == std::path::Path::new("/dev/null"));
    if !is_null {
        return false;
    }
    let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") else {
        return false;
    };
    info.lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        // O_ACCMODE == 3, O_RDWR == 2.
        .is_some_and(|flags| flags & 3 == 2)
}
