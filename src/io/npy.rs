//! `.npy` arrays as matrices: float32 or float64, C or Fortran order, 1-D (one column) or
//! 2-D (rows x columns), read through `npyz` with the size checked against the file first.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use nalgebra::DMatrix;
use npyz::{DType, NpyFile, Order, TypeChar, WriterBuilder};
use thiserror::Error;

/// Largest array accepted: 2^28 entries (2 GiB as float64).
pub const MAX_ENTRIES: u64 = 1 << 28;

/// What is wrong with a `.npy` file.
#[derive(Debug, Error)]
pub enum NpyError {
    #[error("cannot read '{path}': {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("'{path}' is not a valid .npy file: {detail}")]
    Format { path: PathBuf, detail: String },
    #[error("'{path}' holds {dtype} values; expected float32 or float64 (convert with x.astype(np.float64))")]
    DType { path: PathBuf, dtype: String },
    #[error("'{path}' has shape {shape:?} (rank {rank}); expected a 1-D or 2-D array (samples x columns)")]
    Rank {
        path: PathBuf,
        shape: Vec<u64>,
        rank: usize,
    },
    #[error("'{path}' has shape {shape:?}: more than {max} entries, or more than the file holds")]
    Size {
        path: PathBuf,
        shape: Vec<u64>,
        max: u64,
    },
}

fn format_err(path: &Path, e: impl std::fmt::Display) -> NpyError {
    NpyError::Format {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Checks the `shape` of a `.npy` header before `npyz` sees it: `npyz` multiplies the
/// dimensions without an overflow check (a panic in a debug build, a wrong, wrapped count in
/// a release build), so a header whose shape has more than [`MAX_ENTRIES`] entries, or whose
/// product overflows, is refused here. `head` is the start of the file (at least the
/// header); anything that is not a well-formed header is left to `npyz` to report.
pub fn check_header_shape(head: &[u8]) -> Result<(), String> {
    let Some(start) = head.windows(5).position(|w| w == b"shape") else {
        return Ok(());
    };
    let rest = &head[start + 5..];
    let (Some(open), Some(close)) = (
        rest.iter().position(|&b| b == b'('),
        rest.iter().position(|&b| b == b')'),
    ) else {
        return Ok(());
    };
    if close < open {
        return Ok(());
    }
    let inner = String::from_utf8_lossy(&rest[open + 1..close]);
    let mut entries: u64 = 1;
    for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Ok(d) = part.trim_end_matches('L').parse::<u64>() else {
            return Ok(());
        };
        entries = match entries.checked_mul(d) {
            Some(e) if e <= MAX_ENTRIES => e,
            _ => {
                return Err(format!(
                    "its shape ({inner}) has more than {MAX_ENTRIES} entries"
                ))
            }
        };
    }
    Ok(())
}

/// The first bytes of a file (up to 64 KiB: the largest header `npyz` reads is smaller).
fn file_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::new();
    File::open(path)?.take(1 << 16).read_to_end(&mut head)?;
    Ok(head)
}

/// Reads a float32/float64 `.npy` array as a matrix; a 1-D array of length `n` becomes one
/// column of `n` rows.
pub fn read_npy(path: &Path) -> Result<DMatrix<f64>, NpyError> {
    let io = |source| NpyError::Io {
        path: path.to_path_buf(),
        source,
    };
    check_header_shape(&file_head(path).map_err(io)?).map_err(|d| format_err(path, d))?;
    let file = File::open(path).map_err(io)?;
    let file_len = file.metadata().map_err(io)?.len();
    let npy = NpyFile::new(BufReader::new(file)).map_err(|e| format_err(path, e))?;
    let shape = npy.shape().to_vec();
    let (rows, cols) = match shape.as_slice() {
        [n] => (*n, 1),
        [r, c] => (*r, *c),
        _ => {
            return Err(NpyError::Rank {
                path: path.to_path_buf(),
                rank: shape.len(),
                shape,
            })
        }
    };
    let width = match npy.dtype() {
        DType::Plain(t) if t.type_char() == TypeChar::Float && matches!(t.size_field(), 4 | 8) => {
            t.size_field()
        }
        DType::Plain(t) => {
            return Err(NpyError::DType {
                path: path.to_path_buf(),
                dtype: t.to_string(),
            })
        }
        other => {
            return Err(NpyError::DType {
                path: path.to_path_buf(),
                dtype: other.descr(),
            })
        }
    };
    let entries = rows.saturating_mul(cols);
    if entries > MAX_ENTRIES || entries.saturating_mul(width) > file_len {
        return Err(NpyError::Size {
            path: path.to_path_buf(),
            shape,
            max: MAX_ENTRIES,
        });
    }
    let order = npy.order();
    let values: Vec<f64> = if width == 8 {
        npy.into_vec::<f64>().map_err(|e| format_err(path, e))?
    } else {
        let v = npy.into_vec::<f32>().map_err(|e| format_err(path, e))?;
        v.into_iter().map(f64::from).collect()
    };
    let (rows, cols) = (rows as usize, cols as usize);
    Ok(match order {
        Order::C => DMatrix::from_row_slice(rows, cols, &values),
        Order::Fortran => DMatrix::from_vec(rows, cols, values),
    })
}

/// Writes a matrix as a float64 C-order `.npy` file (rows x columns), through a temporary
/// file renamed into place, so that a failure leaves no half-written file.
pub fn write_npy(path: &Path, m: &DMatrix<f64>) -> Result<(), NpyError> {
    let io = |source| NpyError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new("."))).map_err(io)?;
    {
        let mut w = npyz::WriteOptions::new()
            .default_dtype()
            .shape(&[m.nrows() as u64, m.ncols() as u64])
            .writer(std::io::BufWriter::new(tmp.as_file()))
            .begin_nd()
            .map_err(io)?;
        for r in 0..m.nrows() {
            for c in 0..m.ncols() {
                w.push(&m[(r, c)]).map_err(io)?;
            }
        }
        w.finish().map_err(io)?;
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_fortran_order() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.npy");
        let m = DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.5]);
        write_npy(&p, &m).unwrap();
        assert_eq!(read_npy(&p).unwrap(), m);
        // Fortran order, float32: data column by column.
        let f = dir.path().join("f.npy");
        let mut w = npyz::WriteOptions::new()
            .default_dtype()
            .shape(&[2, 3])
            .order(Order::Fortran)
            .writer(std::io::BufWriter::new(File::create(&f).unwrap()))
            .begin_nd()
            .unwrap();
        for v in [1.0f32, 4.0, 2.0, 5.0, 3.0, 6.5] {
            w.push(&v).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(read_npy(&f).unwrap(), m);
    }
}
