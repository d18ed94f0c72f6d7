//! `panicsig annotate`: records (lines) in, the same records out, crash
//! records annotated.
//!
//! Memory per record is bounded: a record is held whole only up to
//! [`MAX_RECORD_BYTES`]; a longer one is written through unchanged as it
//! arrives, never held, and reading goes on with the next record.
//!
//! Each input is its own stream: when an input ends without a newline, its
//! last record is still a record of its own, and a newline is written
//! before the next input's first record so the two never share a line.
//! (A single input that ends without a newline comes out the same way.)
//!
//! As in Fluent Bit, a crash logged one line per record is linked: the
//! header record's annotation gets an `incident_id`, and the traceback
//! records after it in the same input get `go_panic_incident` with it.

use crate::input::{Consumer, Ctx};
use crate::output::Written;
use panicsig::annotate::Options;
use panicsig::catalog::Catalog;
use panicsig::linker::Linker;
use panicsig::Origin;

/// The longest record that is annotated: 16 MiB without its newline.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

pub struct Annotate<'a> {
    catalog: &'a Catalog,
    opts: Options,
    /// The start of a record whose newline has not come yet.
    pending: Vec<u8>,
    /// The current record is longer than the limit: its bytes go straight
    /// through until its newline.
    passing: bool,
    /// The last input ended without a newline.
    owe_newline: bool,
    /// Links the records of a crash logged one line per record, within
    /// the current input.
    linker: Linker,
    /// The current input's name (`-` for standard input), the stream the
    /// linker keys on.
    stream: Vec<u8>,
    /// Records read from the current input: the incident id's time, which
    /// the CLI does not know.
    records: u32,
}

impl<'a> Annotate<'a> {
    pub fn new(catalog: &'a Catalog, opts: Options) -> Self {
        Annotate {
            catalog,
            opts,
            pending: Vec::new(),
            passing: false,
            owe_newline: false,
            linker: Linker::new(),
            stream: b"-".to_vec(),
            records: 0,
        }
    }

    /// A whole record, with its newline if it had one.
    fn record(&mut self, line: &[u8], ctx: &mut Ctx) -> Written {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        self.records = self.records.wrapping_add(1);
        let annotated = if body.len() <= MAX_RECORD_BYTES {
            let origin = Origin {
                stream: &self.stream,
                sec: 0,
                nsec: self.records,
            };
            panicsig::annotate_stream_record(
                body,
                self.catalog,
                &self.opts,
                &mut self.linker,
                origin,
            )
        } else {
            None
        };
        match annotated {
            Some(a) => {
                ctx.out.write_all(&a)?;
                if body.len() < line.len() {
                    ctx.out.write_all(b"\n")?;
                }
                Ok(())
            }
            None => ctx.out.write_all(line),
        }
    }

    /// Bytes that end with the current record's newline.
    fn line_end(&mut self, tail: &[u8], ctx: &mut Ctx) -> Written {
        if self.passing {
            self.passing = false;
            return ctx.out.write_all(tail);
        }
        if self.pending.is_empty() {
            return self.record(tail, ctx);
        }
        let mut whole = std::mem::take(&mut self.pending);
        whole.extend_from_slice(tail);
        let written = self.record(&whole, ctx);
        whole.clear();
        self.pending = whole;
        written
    }

    /// Bytes of a record whose newline has not come yet.
    fn partial(&mut self, bytes: &[u8], ctx: &mut Ctx) -> Written {
        if self.passing {
            return ctx.out.write_all(bytes);
        }
        if self.pending.len() + bytes.len() > MAX_RECORD_BYTES {
            ctx.out.write_all(&self.pending)?;
            ctx.out.write_all(bytes)?;
            self.pending.clear();
            // Give back the buffer a long record grew.
            self.pending.shrink_to(64 << 10);
            self.passing = true;
            return Ok(());
        }
        self.pending.extend_from_slice(bytes);
        Ok(())
    }
}

impl Consumer for Annotate<'_> {
    fn start(&mut self, name: Option<&str>, ctx: &mut Ctx) -> Written {
        self.linker = Linker::new();
        self.stream = name.unwrap_or("-").as_bytes().to_vec();
        self.records = 0;
        if std::mem::take(&mut self.owe_newline) {
            ctx.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn data(&mut self, mut chunk: &[u8], ctx: &mut Ctx) -> Written {
        while let Some(nl) = memchr::memchr(b'\n', chunk) {
            let (line, rest) = chunk.split_at(nl + 1);
            self.line_end(line, ctx)?;
            chunk = rest;
        }
        if chunk.is_empty() {
            Ok(())
        } else {
            self.partial(chunk, ctx)
        }
    }

    /// End of an input (or of the run, on a signal): the bytes after its
    /// last newline are a record of their own.
    fn end(&mut self, ctx: &mut Ctx) -> Written {
        if self.passing {
            self.passing = false;
            self.owe_newline = true;
        } else if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.record(&last, ctx)?;
            self.owe_newline = true;
        }
        Ok(())
    }
}
