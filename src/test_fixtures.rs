//! The real Go outputs and logs under the crate, for unit tests.

use std::path::Path;

/// The contents of every file directly in each of `dirs` (relative to the
/// crate root).
pub fn read_all(dirs: &[&str]) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    dirs.iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .filter_map(|entry| std::fs::read(entry.unwrap().path()).ok())
        .collect()
}
