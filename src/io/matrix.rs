//! Reading a matrix from a file by its extension: `.npy` ([`super::npy`]) or CSV/TSV
//! ([`super::csv_matrix`]).

use std::path::{Path, PathBuf};

use nalgebra::DMatrix;
use thiserror::Error;

use super::csv_matrix::{read_csv, CsvMatrixError};
use super::npy::{read_npy, NpyError};

/// Why a matrix file could not be read.
#[derive(Debug, Error)]
pub enum MatrixReadError {
    #[error(transparent)]
    Npy(#[from] NpyError),
    #[error(transparent)]
    Csv(#[from] CsvMatrixError),
    #[error("'{0}': unknown file type; use .npy (float32/float64) or .csv/.tsv (numbers)")]
    Extension(PathBuf),
}

/// Reads `path` as a rows x columns matrix (`.npy`, `.csv`, `.tsv` or `.txt`).
pub fn read_matrix(path: &Path) -> Result<DMatrix<f64>, MatrixReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("npy") => Ok(read_npy(path)?),
        Some("csv" | "tsv" | "txt") => Ok(read_csv(path)?),
        _ => Err(MatrixReadError::Extension(path.to_path_buf())),
    }
}
