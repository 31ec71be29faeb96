//! Numeric CSV tables as matrices: one sample per line, comma- (or tab-, for `.tsv`)
//! separated, an optional header line of column names; parsed by [`super::table`].

use std::path::{Path, PathBuf};

use nalgebra::DMatrix;
use thiserror::Error;

use super::table::{self, TableError};

/// What is wrong with a CSV table.
#[derive(Debug, Error)]
pub enum CsvMatrixError {
    /// Unreadable, non-numeric, ragged or too large (the message names line and column).
    #[error(transparent)]
    Table(TableError),
    /// No numbers at all (an empty file, or a header only).
    #[error("'{path}' has no data lines (no numbers)")]
    NoData { path: PathBuf },
}

/// Reads a numeric table through the one bounded text-table reader, [`table::read`]:
/// comma- or whitespace-separated (so `.tsv` too), the first line a header when none of its
/// fields is a number, `#` comments. Empty fields and text such as `abc` are errors naming
/// line and column (1-based); `nan` and `inf` parse and are left to the finite-value checks
/// of the measures.
pub fn read_csv(path: &Path) -> Result<DMatrix<f64>, CsvMatrixError> {
    match table::read(path) {
        Ok(t) if t.rows > 0 && t.cols > 0 => Ok(DMatrix::from_row_slice(t.rows, t.cols, &t.data)),
        Ok(_) | Err(TableError::Empty { .. }) => Err(CsvMatrixError::NoData {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(CsvMatrixError::Table(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn header_optional_and_errors_name_the_line() {
        let d = tempfile::tempdir().unwrap();
        let m = read_csv(&write(d.path(), "a.csv", "u,v\n1,2\n3, 4.5\n")).unwrap();
        assert_eq!(m, DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 3.0, 4.5]));
        let m = read_csv(&write(d.path(), "b.tsv", "1\t2\n")).unwrap();
        assert_eq!(m.shape(), (1, 2));
        let e = read_csv(&write(d.path(), "c.csv", "1,2\n3\n")).unwrap_err();
        assert!(
            matches!(
                e,
                CsvMatrixError::Table(TableError::Ragged {
                    line: 2,
                    got: 1,
                    expected: 2,
                    ..
                })
            ),
            "{e}"
        );
        let e = read_csv(&write(d.path(), "d.csv", "1,2\n3,x\n")).unwrap_err();
        assert!(e.to_string().contains("line 2, column 2: 'x'"), "{e}");
        let e = read_csv(&write(d.path(), "e.csv", "a,b\n")).unwrap_err();
        assert!(matches!(e, CsvMatrixError::NoData { .. }), "{e}");
    }
}
