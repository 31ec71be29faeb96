//! The committed `figures/` against the issue's budget ("keep it lean: the folder stays under
//! about 20 MB") and the README's statement of its size.

use super::readme;
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
    // the README's size, within 0.1 MB: a rerun of `reproduce` changes a few bytes (the run
    // times in the reports), not the figure it states
    let mb = bytes as f64 / 1e6;
    let text = readme();
    let lead = "`figures/` holds ";
    let said: f64 = text
        .find(lead)
        .and_then(|i| text[i + lead.len()..].split(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("README.md does not say \"{lead}{mb:.1} MB\""));
    assert!(
        (said - mb).abs() < 0.1,
        "README.md says figures/ holds {said} MB; it holds {mb:.2} MB: write \"{lead}{mb:.1} MB\""
    );
}
