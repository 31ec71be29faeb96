//! The committed `figures/` against the issue's budget ("keep it lean: the folder stays under
//! about 20 MB") and the README's statement of its size.

use super::{assert_says, readme};
use std::path::Path;

/// Bytes of every file under `dir`, recursively.
fn bytes_under(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.expect("a readable directory entry");
            let kind = entry.file_type().expect("a file type");
            if kind.is_dir() {
                bytes_under(&entry.path())
            } else {
                entry.metadata().expect("metadata").len()
            }
        })
        .sum()
}

#[test]
fn figures_stay_under_twenty_megabytes_as_the_readme_says() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("figures");
    let bytes = bytes_under(&dir);
    assert!(
        bytes < 20_000_000,
        "figures/ holds {bytes} bytes, past the 20 MB budget: thin its CSVs and SVGs"
    );
    let said = format!("`figures/` holds {:.1} MB", bytes as f64 / 1e6);
    assert_says(&readme(), &said, "the size of figures/");
}
