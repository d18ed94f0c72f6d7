//! `panicsig scan` (and the input side of `report`): each input through
//! its own scanner, so no incident spans two files.

use crate::input::{Consumer, Ctx};
use crate::output::Written;
use panicsig::catalog::{Catalog, Lang};
use panicsig::Scanner;
use serde::Serialize;

/// One incident as `panicsig scan` prints it.
#[derive(Serialize)]
pub struct Found {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(flatten)]
    pub found: panicsig::api::Found,
}

/// Scans each input and hands every incident to `emit`.
pub struct Scan<'a, F> {
    catalog: &'a Catalog,
    lang: Lang,
    key: Option<String>,
    file: Option<String>,
    scanner: Option<Scanner>,
    emit: F,
}

impl<'a, F: FnMut(Found, &mut Ctx) -> Written> Scan<'a, F> {
    pub fn new(catalog: &'a Catalog, lang: Lang, key: Option<String>, emit: F) -> Self {
        Scan {
            catalog,
            lang,
            key,
            file: None,
            scanner: None,
            emit,
        }
    }

    fn emit_all(&mut self, incidents: Vec<panicsig::Incident>, ctx: &mut Ctx) -> Written {
        for inc in &incidents {
            if let Some(found) = panicsig::api::Found::new(inc, self.catalog, self.lang) {
                let found = Found {
                    file: self.file.clone(),
                    found,
                };
                (self.emit)(found, ctx)?;
            }
        }
        Ok(())
    }
}

impl<F: FnMut(Found, &mut Ctx) -> Written> Consumer for Scan<'_, F> {
    fn start(&mut self, name: Option<&str>, _ctx: &mut Ctx) -> Written {
        self.file = name.map(str::to_string);
        self.scanner = Some(Scanner::with_json(self.key.clone()));
        Ok(())
    }

    fn data(&mut self, chunk: &[u8], ctx: &mut Ctx) -> Written {
        let done = match &mut self.scanner {
            Some(scanner) => {
                scanner.feed(chunk);
                scanner.take()
            }
            None => Vec::new(),
        };
        self.emit_all(done, ctx)
    }

    /// End of the input: its last line and open incident are finished here.
    fn end(&mut self, ctx: &mut Ctx) -> Written {
        match self.scanner.take() {
            Some(scanner) => self.emit_all(scanner.finish(), ctx),
            None => Ok(()),
        }
    }
}

/// `scan`'s output: one JSON object per line, out as soon as it is found
/// when someone may be reading.
pub fn print(found: Found, ctx: &mut Ctx) -> Written {
    let mut line = serde_json::to_vec(&found).map_err(std::io::Error::other)?;
    line.push(b'\n');
    let Ctx { out, progress } = ctx;
    progress.suspend(|| {
        out.write_all(&line)?;
        out.unit_done()
    })
}
