//! Fluent Bit `wasm` filter (WAMR, `wasm32-wasip1`).
//!
//! ABI, as `filter_wasm` calls it once per record:
//!
//! ```text
//! char *fn(char *tag, int tag_len, uint32 sec, uint32 nsec, char *record, int record_len)
//! ```
//!
//! `event_format json` (the default): `record` is a NUL-terminated JSON
//! object the host copied into our memory through our `malloc`; the host
//! `strdup`s the string we return before it frees `record`. So:
//!
//! - a record we leave alone is returned as the very same pointer
//!   (zero-copy, byte-identical);
//! - an annotated record is written to one reusable output buffer that
//!   stays valid until the next call (no growth across calls beyond the
//!   largest record seen);
//! - on any failure the input pointer is returned: Fluent Bit drops a
//!   record when we return NULL, an empty string or non-object JSON, and
//!   a trap leaks the shadow stack, so nothing here may panic.
//!
//! `event_format msgpack` (`go_panic_filter_msgpack`, options and user
//! signatures from `panicsig.json` as for `go_panic_filter_config`):
//! `record` is a msgpack map without a trailing
//! NUL, and whatever we return is cut at its first zero byte by `strdup`.
//! See [`msgpack`] for what survives.
//!
//! Exported functions (pick one with `Function_Name`):
//!
//! | function | options |
//! | --- | --- |
//! | `go_panic_filter` | English, nested `go_panic` |
//! | `go_panic_filter_zh` | Chinese |
//! | `go_panic_filter_ecs` / `go_panic_filter_otel` | ECS `error.*` / OTel `exception.*` |
//! | `go_panic_filter_compact` | code and severity only |
//! | `go_panic_filter_config` | options from `panicsig.json` in an `accessible_paths` directory |
//!
//! `malloc` and `free` (see [`alloc`]) are exported (build.rs): with them
//! WAMR copies records in through our allocator instead of its 8 KiB app
//! heap, so records of any size work with default settings. The
//! `wamr-heap` build exports neither: WAMR then copies each record into
//! its own native heap, which saves the four calls into the module that
//! the copies cost per record, but a record larger than `wasm_heap_size`
//! cannot be copied in and Fluent Bit drops it (docs/fluent-bit.md, "Two
//! modules").
//!
//! Every variant links the traceback records of a crash delivered one line
//! per record (see [`crate::linker`]).
//!
//! The lean module (`external-text`, `make fluent-bit`'s
//! `dist/fluent-bit/lean/`) carries the catalog without its text, which it
//! reads at load from `panicsig.en.json` and `panicsig.zh.json` in the
//! directories of [`CONFIG_DIRS`]; see [`base`].

use crate::annotate::record::{annotate_stream_record, Origin};
use crate::annotate::{Options, Shape};
use crate::catalog::{Catalog, Lang};
use crate::json_read;
use crate::linker::Linker;
use crate::prefilter::record_may_match;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(feature = "external-text")]
use std::sync::OnceLock;

// `#[no_mangle]` functions are exported: the `wamr-heap` build leaves
// the allocator out, so it exports none and keeps dlmalloc inside.
#[cfg(not(feature = "wamr-heap"))]
pub mod alloc;
pub mod msgpack;

/// Freed blocks are kept by size class, as Fluent Bit's interpreter pays
/// for every call into dlmalloc (see [`crate::class_alloc`]). Not in the
/// lean module, built for size: its deeper allocation calls would take
/// half of its spare stack at load (the catalog's regexes are compiled
/// there with regex-lite).
#[cfg(not(feature = "external-text"))]
#[global_allocator]
static ALLOC: crate::class_alloc::ClassAlloc = crate::class_alloc::ClassAlloc::new();

/// Per-instance state: WAMR runs one instance per filter on one thread.
struct State {
    out: Vec<u8>,
    linker: Linker,
    config: Option<(Options, Option<Catalog>)>,
}

thread_local! {
    static STATE: RefCell<State> = const {
        RefCell::new(State {
            out: Vec::new(),
            linker: Linker::new(),
            config: None,
        })
    };
}

/// True while the linker has an open incident on some stream: records
/// without a needle may then be traceback lines and take the full path.
static LINKING: AtomicBool = AtomicBool::new(false);

/// The output buffer keeps at most this much capacity between calls, so a
/// single huge record does not pin memory forever.
const KEEP_CAPACITY: usize = 1 << 20;

/// Borrow `len` bytes at `ptr`, or nothing for a null pointer.
///
/// # Safety
/// `ptr` must point to `len` readable bytes of this module's memory.
unsafe fn bytes<'a>(ptr: *const u8, len: u32) -> &'a [u8] {
    if ptr.is_null() {
        return &[];
    }
    std::slice::from_raw_parts(ptr, len as usize)
}

/// The record path of the JSON exports. Inlined into each export so the
/// common case (no traceback being linked, no needle in the record)
/// returns before any stack frame or state is set up: in Fluent Bit's
/// interpreter every instruction on this path is paid on every record.
#[inline(always)]
fn run(
    tag: *const u8,
    tag_len: u32,
    sec: u32,
    nsec: u32,
    record: *const u8,
    record_len: u32,
    opts: Option<&Options>,
) -> *const u8 {
    // SAFETY: Fluent Bit passes buffers it copied into our memory with the
    // lengths it copied.
    let (tag, rec) = unsafe { (bytes(tag, tag_len), bytes(record, record_len)) };
    if !LINKING.load(Ordering::Relaxed) && !record_may_match(rec) {
        return record;
    }
    let out = run_full(tag, sec, nsec, rec, opts);
    if out.is_null() {
        record
    } else {
        out
    }
}

/// Everything but the common case: linking, annotation, the output
/// buffer. Null leaves the record as it is: a raw pointer, not an
/// `Option`, so that the exports, which inline [`run`], keep no frame on
/// the shadow stack for its result.
#[inline(never)]
fn run_full(tag: &[u8], sec: u32, nsec: u32, rec: &[u8], opts: Option<&Options>) -> *const u8 {
    STATE
        .try_with(|cell| {
            let Ok(mut st) = cell.try_borrow_mut() else {
                return None;
            };
            let State {
                out,
                linker,
                config,
            } = &mut *st;
            if opts.is_none() && config.is_none() {
                *config = Some(read_config());
            }
            let (opts, catalog) = match (opts, config.as_ref()) {
                (Some(o), _) => (o, None),
                (None, Some((o, c))) => (o, c.as_ref()),
                (None, None) => return None,
            };
            let catalog = catalog.unwrap_or_else(|| base());
            let mut compact = None;
            let opts = with_text(opts, catalog, &mut compact);
            let origin = Origin {
                stream: tag,
                sec,
                nsec,
            };
            let annotated = annotate_stream_record(rec, catalog, opts, linker, origin);
            LINKING.store(!linker.is_empty(), Ordering::Relaxed);
            let annotated = annotated?;
            out.clear();
            if out.capacity() > KEEP_CAPACITY && annotated.len() < KEEP_CAPACITY {
                out.shrink_to(KEEP_CAPACITY);
            }
            out.extend_from_slice(&annotated);
            out.push(0);
            Some(out.as_ptr())
        })
        .ok()
        .flatten()
        .unwrap_or(std::ptr::null())
}

/// Where `go_panic_filter_config` looks for `panicsig.json` (and the lean
/// module for its text), first found wins. WASI resolves a relative path
/// only against an `accessible_paths` entry of `.` (Fluent Bit's default,
/// meaning its working directory); the others need to be listed in
/// `accessible_paths`.
pub const CONFIG_DIRS: [&str; 3] = [".", "/fluent-bit/etc/panicsig", "/etc/panicsig"];

/// The first file called `name` in [`CONFIG_DIRS`]: its path and text.
fn read_config_file(name: &str) -> Option<(String, String)> {
    CONFIG_DIRS.iter().find_map(|dir| {
        let path = match *dir {
            "." => name.to_string(),
            d => format!("{d}/{name}"),
        };
        std::fs::read_to_string(&path).ok().map(|t| (path, t))
    })
}

/// The built-in catalog, with its text.
#[cfg(not(feature = "external-text"))]
fn base() -> &'static Catalog {
    Catalog::builtin()
}

/// The built-in catalog with the text of each language whose
/// `panicsig.<lang>.json` (from `panicsig export text`) is found in
/// [`CONFIG_DIRS`], read once. Records in a language without its text are
/// annotated with code and severity only ([`missing_text`]).
#[cfg(feature = "external-text")]
fn base() -> &'static Catalog {
    static BASE: OnceLock<Catalog> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut c = Catalog::builtin().clone();
        for lang in Lang::ALL {
            let name = format!("panicsig.{}.json", lang.as_str());
            if let Some((path, text)) = read_config_file(&name) {
                if let Err(e) = c.add_text(lang, &text) {
                    warn(format_args!("{path}: {e}"));
                }
            }
        }
        c
    })
}

/// `opts`, or compact ones (kept in `compact`) when the catalog lacks the
/// text of their language (lean module only).
fn with_text<'a>(
    opts: &'a Options,
    catalog: &Catalog,
    compact: &'a mut Option<Options>,
) -> &'a Options {
    if opts.compact || catalog.has_text(opts.lang) {
        return opts;
    }
    missing_text(opts.lang);
    compact.insert(Options {
        compact: true,
        ..opts.clone()
    })
}

/// Say once per language that its text is missing (lean module only: the
/// full one always has it).
fn missing_text(lang: Lang) {
    static SAID_EN: AtomicBool = AtomicBool::new(false);
    static SAID_ZH: AtomicBool = AtomicBool::new(false);
    let said = match lang {
        Lang::En => &SAID_EN,
        Lang::Zh => &SAID_ZH,
    };
    if !said.swap(true, Ordering::Relaxed) {
        let name = format!("panicsig.{}.json", lang.as_str());
        warn(format_args!(
            "{name} was not found in {} (list its directory in accessible_paths); \
             annotating with code and severity only",
            CONFIG_DIRS.join(", ")
        ));
    }
}

/// `panicsig.json` (see [`CONFIG_DIRS`]):
/// `{"lang":"zh","shape":"ecs","compact":false,"key":"log",
///   "signatures":"my-signatures.json"}`. A missing or bad file means
/// defaults: the filter must keep records flowing, not stop them. What
/// was wrong goes to stderr, which Fluent Bit passes through to its own.
fn read_config() -> (Options, Option<Catalog>) {
    let Some((path, text)) = read_config_file("panicsig.json") else {
        return (Options::DEFAULT, None);
    };
    let file = json_read::parse(&text).and_then(|v| {
        let mut known = Options::FIELDS.to_vec();
        known.push("signatures");
        let o = json_read::object(&v, &known)?;
        Ok((
            Options::from_object(o)?,
            json_read::opt_string(o, "signatures")?,
        ))
    });
    let (options, signatures) = file.unwrap_or_else(|e| {
        warn(format_args!("{path}: {e}; using the defaults"));
        (Options::DEFAULT, None)
    });
    let catalog = signatures.and_then(|p| {
        let added = std::fs::read_to_string(&p)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                base()
                    .with_added(&t)
                    .map(|(c, _)| c)
                    .map_err(|e| e.to_string())
            });
        added
            .map_err(|e| warn(format_args!("{p}: {e}; using the built-in catalog only")))
            .ok()
    });
    (options, catalog)
}

/// One line on stderr. Never panics (`eprintln!` would if stderr is
/// closed).
fn warn(msg: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "panicsig: {msg}");
}

/// Export a filter function with Fluent Bit's ABI: `$name, $opts` runs
/// the JSON path with those options (`None`: from `panicsig.json`),
/// `$name => $f` hands the arguments to `$f`.
macro_rules! export {
    ($(#[$doc:meta])* $name:ident, $opts:expr) => {
        export!($(#[$doc])* $name => |t, tl, s, n, r, rl| {
            // Built at compile time, not on every call.
            static OPTS: Option<Options> = $opts;
            run(t, tl, s, n, r, rl, OPTS.as_ref())
        });
    };
    ($(#[$doc:meta])* $name:ident => $run:expr) => {
        $(#[$doc])*
        #[no_mangle]
        pub extern "C" fn $name(
            tag: *const u8,
            tag_len: u32,
            sec: u32,
            nsec: u32,
            record: *const u8,
            record_len: u32,
        ) -> *const u8 {
            let run: fn(*const u8, u32, u32, u32, *const u8, u32) -> *const u8 = $run;
            run(tag, tag_len, sec, nsec, record, record_len)
        }
    };
}

export!(
    /// English, nested `go_panic`.
    go_panic_filter, Some(Options::DEFAULT)
);
export!(
    /// Chinese remediation.
    go_panic_filter_zh, Some(Options { lang: Lang::Zh, ..Options::DEFAULT })
);
export!(
    /// ECS `error.*` fields plus `go_panic`.
    go_panic_filter_ecs, Some(Options { shape: Shape::Ecs, ..Options::DEFAULT })
);
export!(
    /// OpenTelemetry `exception.*` fields plus `go_panic`.
    go_panic_filter_otel, Some(Options { shape: Shape::Otel, ..Options::DEFAULT })
);
export!(
    /// Code and severity only.
    go_panic_filter_compact, Some(Options { compact: true, ..Options::DEFAULT })
);
export!(
    /// Options from `panicsig.json` (see [`CONFIG_DIRS`]).
    go_panic_filter_config, None
);
export!(
    /// `event_format msgpack`.
    go_panic_filter_msgpack => msgpack::run
);

extern "C" {
    /// Static constructors of wasi-libc and Rust (preopened directories
    /// for `panicsig.json`), generated by the linker.
    fn __wasm_call_ctors();
}

/// Reactor entry point: WAMR calls it once after instantiation. Without it
/// WAMR warns that the module is neither a command nor a reactor.
#[no_mangle]
pub extern "C" fn _initialize() {
    // SAFETY: called once by the host before any other export.
    unsafe { __wasm_call_ctors() }
    // Build everything costly now, not inside the first record's call:
    // parsing the catalog and compiling its regexes needs deeper call
    // chains than the record path, and with Fluent Bit's default 8 KiB
    // wasm_stack_size they only fit here (measured in Fluent Bit 5.1.1:
    // done lazily, the first crash record trapped with "wasm operand stack
    // overflow").
    let _ = base();
    let _ = crate::prefilter::Prefilter::get();
    let _ = STATE.try_with(|cell| {
        if let Ok(mut st) = cell.try_borrow_mut() {
            st.config = Some(read_config());
        }
    });
    prepare();
}

/// The entries' backtrackers compiled, here at the top of the load (see
/// [`crate::catalog::Match::prepare`]), for the built-in catalog and the
/// one `panicsig.json` names.
#[inline(never)]
fn prepare() {
    base().prepare();
    let _ = STATE.try_with(|cell| {
        if let Ok(st) = cell.try_borrow() {
            if let Some((_, Some(c))) = &st.config {
                c.prepare();
            }
        }
    });
}
