//! Property tests of the `.npy` readers (issue 15): the matrix reader of `oblique regime`
//! (`oblique::io::npy::read_npy`) and the run-directory reader of `train task` /
//! `simulate task` (`oblique::io::run_dir::RunDir::read`). Valid files round-trip exactly;
//! damaged files (bytes changed, truncated, a header that lies about the shape) give an
//! error and never a panic, an abort or a huge allocation.

use nalgebra::DMatrix;
use oblique::io::npy::{read_npy, write_npy};
use oblique::io::run_dir::RunDir;
use proptest::prelude::*;

/// A small matrix from a seed (values of both signs and magnitudes).
fn matrix(rows: usize, cols: usize, seed: u64) -> DMatrix<f64> {
    DMatrix::from_fn(rows, cols, |i, j| {
        let k = (i * cols + j) as f64 + seed as f64 * 0.37;
        (k * 1.618).sin() * 10f64.powi((k as i32 % 7) - 3)
    })
}

/// Applies `edits` (position, new byte) and a truncation to `bytes`.
fn damage(mut bytes: Vec<u8>, edits: &[(usize, u8)], keep: usize) -> Vec<u8> {
    let len = bytes.len();
    for &(at, b) in edits {
        bytes[at % len] = b;
    }
    bytes.truncate(keep.min(len));
    bytes
}

/// A `.npy` header that declares `shape` and `descr` in front of `payload` data bytes.
fn lying_file(descr: &str, shape: &str, payload: usize) -> Vec<u8> {
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend(std::iter::repeat_n(0u8, payload));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn valid_files_round_trip_exactly(rows in 1usize..20, cols in 1usize..6, seed in 0u64..1000) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.npy");
        let m = matrix(rows, cols, seed);
        write_npy(&path, &m).unwrap();
        prop_assert_eq!(read_npy(&path).unwrap(), m);
    }

    #[test]
    fn damaged_files_give_an_error_or_a_consistent_matrix(
        rows in 1usize..12,
        cols in 1usize..5,
        edits in proptest::collection::vec((0usize..4096, any::<u8>()), 0..6),
        keep in 0usize..4096,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.npy");
        write_npy(&path, &matrix(rows, cols, 1)).unwrap();
        let bytes = damage(std::fs::read(&path).unwrap(), &edits, keep);
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(m) = read_npy(&path) {
            // whatever was read fits in the file's data bytes
            prop_assert!(m.len() * 4 <= bytes.len());
        }
    }

    #[test]
    fn damaged_run_files_give_an_error(
        edits in proptest::collection::vec((0usize..4096, any::<u8>()), 1..6),
        keep in 0usize..4096,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let run = RunDir::create(&dir.path().join("run"), false).unwrap();
        let data: Vec<f64> = (0..24).map(|i| i as f64 * 0.5).collect();
        run.write_f64("w", &[2, 3, 4], &data).unwrap();
        let file = dir.path().join("run/w.npy");
        let bytes = damage(std::fs::read(&file).unwrap(), &edits, keep);
        std::fs::write(&file, &bytes).unwrap();
        if let Ok((shape, values)) = run.read("w") {
            prop_assert_eq!(shape.iter().product::<usize>(), values.len());
        }
    }
}

/// Headers that promise more data than the file holds, or an absurd shape, are refused
/// before anything is allocated.
#[test]
fn lying_headers_are_refused_without_allocating() {
    let dir = tempfile::tempdir().unwrap();
    let run = RunDir::create(&dir.path().join("run"), false).unwrap();
    for (descr, shape) in [
        ("<f8", "(1000000000000,)"),
        ("<f8", "(4294967296, 4294967296)"),
        ("<f4", "(18446744073709551615,)"),
        ("<f8", "(3, 1000000000000000000)"),
        ("<f8", "(100,)"),
    ] {
        let bytes = lying_file(descr, shape, 16);
        let path = dir.path().join("lie.npy");
        std::fs::write(&path, &bytes).unwrap();
        let err = read_npy(&path).unwrap_err().to_string();
        assert!(err.contains("lie.npy"), "{shape}: {err}");
        std::fs::write(dir.path().join("run/w.npy"), &bytes).unwrap();
        let err = run.read("w").unwrap_err().to_string();
        assert!(err.contains("w.npy"), "{shape}: {err}");
    }
}
