//! Minimal Fluent Bit filter: returns the record it was given.

#[no_mangle]
pub extern "C" fn go_panic_filter(
    _tag: *const u8,
    _tag_len: u32,
    _sec: u32,
    _nsec: u32,
    record: *const u8,
    _record_len: u32,
) -> *const u8 {
    record
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
