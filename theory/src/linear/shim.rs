//! TEMPORARY stand-in for crate::lyapunov::SchurLyapunov until core lands (Kronecker solve).
use crate::lyapunov::LyapunovError;
use nalgebra::DMatrix;
pub struct SchurLyapunov {
    a: DMatrix<f64>,
}
impl SchurLyapunov {
    pub fn new(a: &DMatrix<f64>) -> Result<Self, LyapunovError> {
        let max_real = nalgebra::linalg::Schur::try_new(a.clone(), 1e-14, 10000)
            .map(|s| {
                s.complex_eigenvalues()
                    .iter()
                    .map(|c| c.re)
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .unwrap_or(-1.0);
        if max_real >= 0.0 {
            return Err(LyapunovError::NotStable { max_real });
        }
        Ok(SchurLyapunov { a: a.clone() })
    }
    fn kron_solve(a: &DMatrix<f64>, q: &DMatrix<f64>) -> DMatrix<f64> {
        let n = a.nrows();
        let mut k = DMatrix::zeros(n * n, n * n);
        for i in 0..n {
            for j in 0..n {
                for l in 0..n {
                    // (I kron A): X(:,j) -> A X(:,j)
                    k[(j * n + i, j * n + l)] += a[(i, l)];
                    // (A kron I): X A^T -> column j gets sum_l X(:,l) A(j,l)
                    k[(j * n + i, l * n + i)] += a[(j, l)];
                }
            }
        }
        let rhs = DMatrix::from_column_slice(n * n, 1, (-q).as_slice());
        let x = k.lu().solve(&rhs).unwrap();
        DMatrix::from_column_slice(n, n, x.as_slice())
    }
    pub fn solve(&self, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
        Ok(Self::kron_solve(&self.a, q))
    }
    pub fn solve_adjoint(&self, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
        Ok(Self::kron_solve(&self.a.transpose(), q))
    }
}
