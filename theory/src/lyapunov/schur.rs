//! Real Schur form `A = U T U^T` with `T` upper quasi-triangular (1x1 and 2x2 diagonal
//! blocks), the first step of Bartels-Stewart (`theory/notes/lyapunov.md`, Eq. Y2).

use super::LyapunovError;
use nalgebra::DMatrix;

/// A diagonal block of `T`: rows/columns `start .. start + size`, `size` 1 or 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub start: usize,
    pub size: usize,
}

impl Block {
    pub fn end(self) -> usize {
        self.start + self.size
    }
}

/// `A = U T U^T`, `U` orthogonal, `T` upper quasi-triangular with the listed blocks.
#[derive(Debug, Clone)]
pub(crate) struct RealSchur {
    pub u: DMatrix<f64>,
    pub t: DMatrix<f64>,
    pub blocks: Vec<Block>,
}

impl RealSchur {
    /// Real Schur decomposition of a square, finite `a`.
    pub fn new(a: DMatrix<f64>) -> Result<Self, LyapunovError> {
        let n = a.nrows();
        let (u, mut t) = backend(a).ok_or(LyapunovError::SchurFailed { n })?;
        let blocks = tidy(&mut t).ok_or(LyapunovError::SchurFailed { n })?;
        Ok(RealSchur { u, t, blocks })
    }

    /// Eigenvalue `(re, im)` pairs of one diagonal block (Eq. Y3).
    pub fn block_eigenvalues(&self, b: Block) -> [(f64, f64); 2] {
        let i = b.start;
        if b.size == 1 {
            let v = (self.t[(i, i)], 0.0);
            return [v, v];
        }
        let (p, q, r, s) = (
            self.t[(i, i)],
            self.t[(i, i + 1)],
            self.t[(i + 1, i)],
            self.t[(i + 1, i + 1)],
        );
        let e = crate::eigen2::Eigen2::of_entries(p, q, r, s);
        [(e.re[0], e.im), (e.re[1], -e.im)]
    }

    /// Largest real part of the eigenvalues of `A` (the spectral abscissa), read off `T`.
    pub fn spectral_abscissa(&self) -> f64 {
        self.blocks
            .iter()
            .flat_map(|&b| self.block_eigenvalues(b))
            .map(|(re, _)| re)
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// Smallest `|Re lambda|` over the eigenvalues: half the smallest `|lambda_i + lambda_j|`
    /// when `A` is stable (Eq. Y7).
    pub fn min_abs_real(&self) -> f64 {
        self.blocks
            .iter()
            .flat_map(|&b| self.block_eigenvalues(b))
            .map(|(re, _)| re.abs())
            .fold(f64::INFINITY, f64::min)
    }

    /// The Schur form of `A^T` obtained without a new decomposition (Eq. Y8):
    /// `A^T = (U P) (P T^T P) (U P)^T` with `P` the reversal permutation, and `P T^T P`
    /// is again upper quasi-triangular.
    pub fn transposed(&self) -> Self {
        let n = self.t.nrows();
        let t = DMatrix::from_fn(n, n, |i, j| self.t[(n - 1 - j, n - 1 - i)]);
        let u = DMatrix::from_fn(n, n, |i, j| self.u[(i, n - 1 - j)]);
        let blocks = self
            .blocks
            .iter()
            .rev()
            .map(|b| Block {
                start: n - b.end(),
                size: b.size,
            })
            .collect();
        RealSchur { u, t, blocks }
    }
}

/// Zeroes `T` below its subdiagonal and splits the diagonal into 1x1 and 2x2 blocks.
/// Returns `None` if `T` is not quasi-triangular (two consecutive non-negligible
/// subdiagonal entries).
fn tidy(t: &mut DMatrix<f64>) -> Option<Vec<Block>> {
    let n = t.nrows();
    for j in 0..n {
        for i in (j + 2)..n {
            t[(i, j)] = 0.0;
        }
    }
    // Negligible subdiagonal entries (relative to their diagonal neighbours) are zeroed.
    for i in 0..n.saturating_sub(1) {
        let scale = t[(i, i)].abs() + t[(i + 1, i + 1)].abs();
        if t[(i + 1, i)].abs() <= f64::EPSILON * scale * 0.5 {
            t[(i + 1, i)] = 0.0;
        }
    }
    let mut blocks = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        if i + 1 < n && t[(i + 1, i)] != 0.0 {
            if i + 2 < n && t[(i + 2, i + 1)] != 0.0 {
                return None;
            }
            blocks.push(Block { start: i, size: 2 });
            i += 2;
        } else {
            blocks.push(Block { start: i, size: 1 });
            i += 1;
        }
    }
    Some(blocks)
}

/// `(U, T)` from LAPACK's `dgees`.
#[cfg(feature = "lapack")]
fn backend(a: DMatrix<f64>) -> Option<(DMatrix<f64>, DMatrix<f64>)> {
    nalgebra_lapack::Schur::try_new(a).map(|s| s.unpack())
}

/// `(U, T)` from the pure-Rust decomposition.
#[cfg(not(feature = "lapack"))]
fn backend(a: DMatrix<f64>) -> Option<(DMatrix<f64>, DMatrix<f64>)> {
    let n = a.nrows();
    let mut h = a.as_slice().to_vec();
    let z = super::francis::real_schur(&mut h, n)?;
    Some((DMatrix::from_vec(n, n, z), DMatrix::from_vec(n, n, h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_matrix(n: usize) -> DMatrix<f64> {
        DMatrix::from_fn(n, n, |i, j| {
            ((i * 7 + j * 13 + i * j) as f64).sin() + if i == j { -1.0 } else { 0.0 }
        })
    }

    #[test]
    fn reconstructs_a_and_is_quasi_triangular() {
        for n in [1, 2, 3, 7, 40] {
            let a = test_matrix(n);
            let s = RealSchur::new(a.clone()).unwrap();
            let rec = &s.u * &s.t * s.u.transpose();
            assert!((rec - &a).norm() < 1e-12 * a.norm(), "n = {n}");
            let orth = s.u.transpose() * &s.u - DMatrix::identity(n, n);
            assert!(orth.norm() < 1e-12, "n = {n}");
            assert_eq!(s.blocks.iter().map(|b| b.size).sum::<usize>(), n);
        }
    }

    #[test]
    fn transposed_form_decomposes_a_transpose() {
        let a = test_matrix(9);
        let s = RealSchur::new(a.clone()).unwrap().transposed();
        let rec = &s.u * &s.t * s.u.transpose();
        assert!((rec - a.transpose()).norm() < 1e-12 * a.norm());
        for j in 0..9 {
            for i in (j + 2)..9 {
                assert_eq!(s.t[(i, j)], 0.0);
            }
        }
    }

    #[test]
    fn eigenvalues_of_a_rotation_block() {
        // eigenvalues -1 +- 2i
        let a = DMatrix::from_row_slice(2, 2, &[-1.0, 2.0, -2.0, -1.0]);
        let s = RealSchur::new(a).unwrap();
        assert_eq!(s.blocks.len(), 1);
        let ev = s.block_eigenvalues(s.blocks[0]);
        assert!((ev[0].0 + 1.0).abs() < 1e-14 && (ev[0].1.abs() - 2.0).abs() < 1e-14);
        assert!((s.spectral_abscissa() + 1.0).abs() < 1e-14);
    }
}
