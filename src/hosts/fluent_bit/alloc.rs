//! The module's `malloc` and `free`: wasi-libc's dlmalloc behind a small
//! cache of freed blocks.
//!
//! Fluent Bit calls these exports four times per record: it copies the tag
//! and the record in through `malloc` and frees both after the filter
//! returns. In its interpreter a dlmalloc call costs about as much as the
//! rest of a quiet record's path (measured in `make bench`), and the same
//! few sizes come back every record. So freed blocks up to 64 KiB are kept
//! by size class (powers of two, [`PER_CLASS`] blocks each) and handed out
//! again: a hit is a handful of instructions, with no loop. Requests of
//! up to 64 KiB are rounded up to their class, so a block freed from a
//! class serves every later request of that class.
//!
//! Everything else in the module (Rust's allocator, wasi-libc) reaches the
//! same two functions, and `calloc`, `realloc`, `posix_memalign` and
//! `malloc_usable_size` stay dlmalloc's. Every cached block is a live
//! dlmalloc block, filed by its usable size, so they all stay valid on it.
//!
//! Linking: wasi-libc defines `malloc` and `free` in the same object as
//! the rest of dlmalloc, together with the aliases `__libc_malloc` and
//! `__libc_free` that musl keeps for code interposing on malloc. build.rs
//! lets the linker keep these definitions over that object's (wasm-ld's
//! `--allow-multiple-definition`: the first definition wins, and this
//! crate's objects come before libc.a).

use std::cell::UnsafeCell;

extern "C" {
    fn __libc_malloc(size: usize) -> *mut u8;
    fn __libc_free(ptr: *mut u8);
    fn malloc_usable_size(ptr: *const u8) -> usize;
}

/// Freed blocks kept per size class: the tag and the record of a call
/// may fall in the same class.
pub const PER_CLASS: usize = 2;

/// Classes are 2^4 (16 bytes) to 2^MAX_CLASS bytes; larger blocks go back
/// to dlmalloc at once. A block of class `c` is smaller than 2^(c+1), so
/// the cache holds less than `PER_CLASS * 2^(MAX_CLASS + 2)` bytes
/// (512 KiB).
pub const MAX_CLASS: u32 = 16;

/// `slot[c]` holds freed blocks whose usable size is at least 2^c (and
/// less than 2^(c+1)); null for none.
struct Cache {
    slot: [[*mut u8; PER_CLASS]; MAX_CLASS as usize + 1],
}

/// One wasm instance runs on one thread (wasm32-wasip1 has no threads).
struct Single(UnsafeCell<Cache>);

// SAFETY: there is only one thread; see `Single`.
unsafe impl Sync for Single {}

static CACHE: Single = Single(UnsafeCell::new(Cache {
    slot: [[std::ptr::null_mut(); PER_CLASS]; MAX_CLASS as usize + 1],
}));

/// `malloc`: a cached block of the request's class, else a new dlmalloc
/// block of the class's full size (the request itself above 64 KiB).
///
/// # Safety
/// C's `malloc` contract.
#[no_mangle]
pub unsafe extern "C" fn malloc(size: usize) -> *mut u8 {
    // The class whose blocks all hold `size` bytes: ceil(log2(size)).
    let class = usize::BITS - size.max(16).wrapping_sub(1).leading_zeros();
    // SAFETY: single thread, and no reference outlives this call.
    let c = unsafe { &mut *CACHE.0.get() };
    let Some(slots) = c.slot.get_mut(class as usize) else {
        // SAFETY: dlmalloc's malloc.
        return unsafe { __libc_malloc(size) };
    };
    for s in slots.iter_mut() {
        if !s.is_null() {
            return std::mem::replace(s, std::ptr::null_mut());
        }
    }
    // SAFETY: dlmalloc's malloc.
    unsafe { __libc_malloc(1 << class) }
}

/// `free`: file the block under its usable size's class if that has room,
/// else give it back to dlmalloc.
///
/// # Safety
/// C's `free` contract: `ptr` is null or a live block from this module's
/// allocator.
#[no_mangle]
pub unsafe extern "C" fn free(ptr: *mut u8) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: `ptr` is a live dlmalloc block.
    let usable = unsafe { malloc_usable_size(ptr) };
    // floor(log2(usable)); blocks under 16 bytes are not kept.
    let class = (usize::BITS - 1).wrapping_sub(usable.leading_zeros());
    // SAFETY: single thread, and no reference outlives this call.
    let c = unsafe { &mut *CACHE.0.get() };
    if usable >= 16 {
        if let Some(slots) = c.slot.get_mut(class as usize) {
            for s in slots.iter_mut() {
                if s.is_null() {
                    *s = ptr;
                    return;
                }
            }
        }
    }
    // SAFETY: a live dlmalloc block that no slot holds.
    unsafe { __libc_free(ptr) }
}
