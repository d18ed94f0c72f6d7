//! Rust's allocator in the Fluent Bit modules: freed blocks of up to
//! 4 KiB are kept on a free list per power-of-two size class and handed
//! out again.
//!
//! Annotating a crash record makes and drops about forty small strings
//! and vectors. Through the system allocator each allocation is four
//! nested calls (`__rust_alloc`, `__rdl_alloc`, `malloc`, `dlmalloc`) and
//! dlmalloc's bins, and in Fluent Bit's interpreter a call costs more
//! than the work of this whole allocator: a pop or a push on a list. The
//! same sizes come back every record, so after the first records the
//! lists serve them all; they keep at most the most memory the module
//! ever had live in each class. Larger or over-aligned requests go to the
//! system allocator.
//!
//! One wasm instance runs on one thread (wasm32-wasip1 has none), so the
//! lists need no lock; the type is `Sync` only for that reason, and is
//! built only there and in this crate's tests.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;

/// The smallest class, 2^4 = 16 bytes: room for the list's link.
const MIN_SHIFT: u32 = 4;
/// The largest class, 2^12 = 4 KiB.
const MAX_SHIFT: u32 = 12;
const CLASSES: usize = (MAX_SHIFT - MIN_SHIFT + 1) as usize;
/// Blocks are this aligned (dlmalloc's own alignment); a request for
/// more goes to the system allocator.
const ALIGN: usize = 16;

/// The allocator: one free list head per class (null for empty). A free
/// block's first word links to the next.
pub struct ClassAlloc {
    heads: UnsafeCell<[*mut u8; CLASSES]>,
}

// SAFETY: used on one thread only (see the module doc).
unsafe impl Sync for ClassAlloc {}

impl ClassAlloc {
    pub const fn new() -> ClassAlloc {
        ClassAlloc {
            heads: UnsafeCell::new([ptr::null_mut(); CLASSES]),
        }
    }
}

impl Default for ClassAlloc {
    fn default() -> Self {
        Self::new()
    }
}

/// The class of a layout: its index, or `None` for the system allocator.
#[inline(always)]
fn class(layout: Layout) -> Option<usize> {
    if layout.size() > 1 << MAX_SHIFT || layout.align() > ALIGN {
        return None;
    }
    // ceil(log2(size)), at least MIN_SHIFT.
    let shift = usize::BITS - (layout.size().max(1 << MIN_SHIFT) - 1).leading_zeros();
    Some(shift.saturating_sub(MIN_SHIFT) as usize)
}

/// The layout the system allocator gives a block of class `c`.
#[inline(always)]
fn block(c: usize) -> Layout {
    // SAFETY: a power of two up to 4 KiB with a power-of-two alignment.
    unsafe { Layout::from_size_align_unchecked(1 << (c + MIN_SHIFT as usize), ALIGN) }
}

unsafe impl GlobalAlloc for ClassAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout) else {
            // SAFETY: the caller's layout, as given.
            return unsafe { System.alloc(layout) };
        };
        // SAFETY: one thread, and no reference outlives this call.
        let heads = unsafe { &mut *self.heads.get() };
        let Some(head) = heads.get_mut(c) else {
            return ptr::null_mut();
        };
        if head.is_null() {
            // SAFETY: a non-zero size.
            return unsafe { System.alloc(block(c)) };
        }
        let p = *head;
        // SAFETY: `p` is a free block of this class, whose first word
        // holds the next one.
        *head = unsafe { p.cast::<*mut u8>().read() };
        p
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        let Some(c) = class(layout) else {
            // SAFETY: `p` came from `System.alloc(layout)`.
            return unsafe { System.dealloc(p, layout) };
        };
        // SAFETY: one thread, and no reference outlives this call.
        let heads = unsafe { &mut *self.heads.get() };
        if let Some(head) = heads.get_mut(c) {
            // SAFETY: `p` is a block of this class (at least 16 bytes,
            // 16-aligned) that its owner gave up.
            unsafe { p.cast::<*mut u8>().write(*head) };
            *head = p;
        }
    }

    #[inline]
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees a valid size for this alignment.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class(layout), class(new)) {
            // The block already holds `new_size` bytes.
            (Some(a), Some(b)) if a == b => p,
            (None, None) => unsafe { System.realloc(p, layout, new_size) },
            _ => {
                // SAFETY: a valid layout, as above.
                let q = unsafe { self.alloc(new) };
                if !q.is_null() {
                    // SAFETY: both blocks hold the smaller of the sizes,
                    // and are distinct.
                    unsafe {
                        ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                        self.dealloc(p, layout);
                    }
                }
                q
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Alloc(usize, usize),
        Free(usize),
        Realloc(usize, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        // Sizes across the classes and past the largest; alignments up
        // to past the blocks'.
        let size = prop_oneof![1usize..64, 1usize..5000, Just(4096usize), Just(4097usize)];
        prop_oneof![
            (size.clone(), 0u32..6).prop_map(|(s, a)| Op::Alloc(s, 1 << a)),
            any::<usize>().prop_map(Op::Free),
            (any::<usize>(), size).prop_map(|(i, s)| Op::Realloc(i, s)),
        ]
    }

    /// Fill a block with a byte that names its allocation.
    fn fill(p: *mut u8, n: usize, b: u8) {
        unsafe { ptr::write_bytes(p, b, n) }
    }

    fn holds(p: *mut u8, n: usize, b: u8) -> bool {
        unsafe { std::slice::from_raw_parts(p, n) }
            .iter()
            .all(|&x| x == b)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        /// Live blocks keep their bytes whatever else is allocated,
        /// freed or resized, are as aligned as asked, and a resize keeps
        /// the bytes the smaller size covers: no two live blocks overlap
        /// and a freed block is reused only once freed.
        #[test]
        fn blocks_keep_their_bytes(ops in proptest::collection::vec(op(), 1..200)) {
            let a = ClassAlloc::new();
            let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
            let mut tag = 0u8;
            for op in ops {
                match op {
                    Op::Alloc(size, align) => {
                        let l = Layout::from_size_align(size, align).unwrap();
                        let p = unsafe { a.alloc(l) };
                        prop_assert!(!p.is_null());
                        prop_assert_eq!(p as usize % align, 0);
                        tag = tag.wrapping_add(1);
                        fill(p, size, tag);
                        live.push((p, l, tag));
                    }
                    Op::Free(i) if !live.is_empty() => {
                        let (p, l, _) = live.swap_remove(i % live.len());
                        unsafe { a.dealloc(p, l) };
                    }
                    Op::Realloc(i, size) if !live.is_empty() => {
                        let k = i % live.len();
                        let (p, l, t) = live[k];
                        let q = unsafe { a.realloc(p, l, size) };
                        prop_assert!(!q.is_null());
                        prop_assert!(holds(q, l.size().min(size), t));
                        let nl = Layout::from_size_align(size, l.align()).unwrap();
                        fill(q, size, t);
                        live[k] = (q, nl, t);
                    }
                    _ => {}
                }
                for &(p, l, t) in &live {
                    prop_assert!(holds(p, l.size(), t));
                }
            }
            for (p, l, _) in live {
                unsafe { a.dealloc(p, l) };
            }
        }
    }

    #[test]
    fn a_freed_block_serves_the_next_request_of_its_class() {
        let a = ClassAlloc::new();
        let l = Layout::from_size_align(100, 8).unwrap();
        let p = unsafe { a.alloc(l) };
        unsafe { a.dealloc(p, l) };
        let q = unsafe { a.alloc(Layout::from_size_align(70, 4).unwrap()) };
        assert_eq!(p, q, "65..=128 bytes share a class");
        unsafe { a.dealloc(q, Layout::from_size_align(70, 4).unwrap()) };
    }
}
