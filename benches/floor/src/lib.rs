//! Minimal Fluent Bit filter with no allocator export: the record copied
//! to a static buffer and returned.

use std::cell::UnsafeCell;

const SIZE: usize = 1 << 20;

struct Buf(UnsafeCell<[u8; SIZE]>);

// SAFETY: wasm32-wasip1 has one thread.
unsafe impl Sync for Buf {}

static BUF: Buf = Buf(UnsafeCell::new([0; SIZE]));

/// # Safety
/// `record` points to `record_len` readable bytes (Fluent Bit's copy).
#[no_mangle]
pub unsafe extern "C" fn go_panic_filter(
    _tag: *const u8,
    _tag_len: u32,
    _sec: u32,
    _nsec: u32,
    record: *const u8,
    record_len: u32,
) -> *const u8 {
    let n = record_len as usize;
    if record.is_null() || n >= SIZE {
        return record;
    }
    let buf = BUF.0.get().cast::<u8>();
    // SAFETY: the host passes `n` readable bytes; `n + 1 <= SIZE`.
    unsafe {
        std::ptr::copy_nonoverlapping(record, buf, n);
        *buf.add(n) = 0;
    }
    buf
}

extern "C" {
    fn __wasm_call_ctors();
}

/// Reactor entry point, as in panicsig's module.
#[no_mangle]
pub extern "C" fn _initialize() {
    // SAFETY: called once by the host before any other export.
    unsafe { __wasm_call_ctors() }
}
