//! Numeric CSV tables as matrices: one sample per line, comma- (or tab-, for `.tsv`)
//! separated, an optional header line of column names.

use std::path::{Path, PathBuf};

use nalgebra::DMatrix;
use thiserror::Error;

/// Largest table accepted: 2^28 entries.
pub const MAX_ENTRIES: usize = 1 << 28;

/// What is wrong with a CSV table.
#[derive(Debug, Error)]
pub enum CsvMatrixError {
    #[error("cannot read '{path}': {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("'{path}' line {line}, column {column}: '{text}' is not a number")]
    NotNumeric {
        path: PathBuf,
        line: u64,
        column: usize,
        text: String,
    },
    #[error("'{path}' line {line} has {found} fields but the first data line has {expected} (ragged table)")]
    Ragged {
        path: PathBuf,
        line: u64,
        found: usize,
        expected: usize,
    },
    #[error("'{path}' has no data lines")]
    NoData { path: PathBuf },
    #[error("'{path}' has more than {MAX_ENTRIES} entries")]
    TooLarge { path: PathBuf },
}

/// Reads a numeric table. The first line is a header when none of its fields is a number.
/// Empty fields and text such as `abc` are errors (naming line and column, 1-based);
/// `nan` and `inf` parse and are left to the finite-value checks of the measures.
pub fn read_csv(path: &Path) -> Result<DMatrix<f64>, CsvMatrixError> {
    let p = || path.to_path_buf();
    let tab = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(if tab { b'\t' } else { b',' })
        .from_path(path)
        .map_err(|source| CsvMatrixError::Csv { path: p(), source })?;
    let mut values = Vec::new();
    let mut width = None;
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|source| CsvMatrixError::Csv { path: p(), source })?;
        let line = record.position().map_or(i as u64 + 1, |pos| pos.line());
        if i == 0 && record.iter().all(|f| f.parse::<f64>().is_err()) {
            continue; // header
        }
        let expected = *width.get_or_insert(record.len());
        if record.len() != expected {
            return Err(CsvMatrixError::Ragged {
                path: p(),
                line,
                found: record.len(),
                expected,
            });
        }
        for (column, field) in record.iter().enumerate() {
            let v = field
                .parse::<f64>()
                .map_err(|_| CsvMatrixError::NotNumeric {
                    path: p(),
                    line,
                    column: column + 1,
                    text: field.to_string(),
                })?;
            values.push(v);
        }
        if values.len() > MAX_ENTRIES {
            return Err(CsvMatrixError::TooLarge { path: p() });
        }
        rows += 1;
    }
    match width {
        Some(cols) if rows > 0 => Ok(DMatrix::from_row_slice(rows, cols, &values)),
        _ => Err(CsvMatrixError::NoData { path: p() }),
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
                CsvMatrixError::Ragged {
                    line: 2,
                    found: 1,
                    expected: 2,
                    ..
                }
            ),
            "{e}"
        );
        let e = read_csv(&write(d.path(), "d.csv", "1,2\n3,x\n")).unwrap_err();
        assert!(e.to_string().contains("line 2, column 2: 'x'"), "{e}");
        let e = read_csv(&write(d.path(), "e.csv", "a,b\n")).unwrap_err();
        assert!(matches!(e, CsvMatrixError::NoData { .. }), "{e}");
    }
}
