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

/// The directories of crash text: real Go output, generated fixtures,
/// real-world pastes and the sample logs.
pub const CRASH_DIRS: [&str; 7] = [
    "tests/fixtures/corpus/go1.19.8",
    "tests/fixtures/corpus/go1.23.5",
    "tests/fixtures/gen/go1.19",
    "tests/fixtures/gen/go1.21",
    "tests/fixtures/gen/go1.23",
    "tests/fixtures/realworld/pos",
    "examples/logs",
];

/// Every incident the scanner finds in the UTF-8 files of `dirs`.
pub fn incidents(dirs: &[&str]) -> Vec<crate::model::Incident> {
    read_all(dirs)
        .iter()
        .filter_map(|bytes| std::str::from_utf8(bytes).ok())
        .flat_map(crate::parse::scan)
        .collect()
}
