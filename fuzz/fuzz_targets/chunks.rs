//! Shared by the scanner targets: feed `text` in chunks whose sizes cycle
//! through `sizes` (bytes of the fuzz input; 7 when there are none).

use panicsig::{Incident, Scanner};

pub fn feed_chunked(mut scanner: Scanner, sizes: &[u8], text: &[u8]) -> Vec<Incident> {
    let mut rest = text;
    let mut i = 0;
    while !rest.is_empty() {
        let n = usize::from(*sizes.get(i % sizes.len().max(1)).unwrap_or(&7)).max(1);
        let (head, tail) = rest.split_at(n.min(rest.len()));
        scanner.feed(head);
        rest = tail;
        i += 1;
    }
    scanner.finish()
}
