//! Bartels-Stewart for `A X + X A^T + Q = 0` on a shared real Schur form
//! (`theory/notes/lyapunov.md`, Eqs. Y1-Y9).

use super::schur::RealSchur;
use super::triangular::solve_in_place;
use super::LyapunovError;
use nalgebra::{Complex, DMatrix};

/// From this `N` on, [`SchurLyapunov::solve_pair`] runs its two solves as rayon tasks.
const PARALLEL_PAIR_MIN: usize = 128;

/// A solution is refused when its estimated relative error, `eps ||A||_F / sep`, exceeds
/// this (Eq. Y9): at most about six significant digits may be lost to conditioning.
const MAX_ERROR_GROWTH: f64 = 1e-6;

/// One factorisation `A = U T U^T` ready for back substitution.
#[derive(Debug, Clone)]
struct Factor {
    schur: RealSchur,
    /// `U^T`, kept so that both transforms are plain (fast) matrix products.
    ut: DMatrix<f64>,
    /// `T^T`, for the column updates of Eq. Y5.
    tt: DMatrix<f64>,
}

impl Factor {
    fn new(schur: RealSchur) -> Self {
        let ut = schur.u.transpose();
        let tt = schur.t.transpose();
        Factor { schur, ut, tt }
    }
}

/// The Lyapunov operators of one stable matrix `A`, factorised once by a real Schur
/// decomposition, for solving
///
/// * [`solve`](Self::solve): `A X + X A^T + Q = 0` (Eqs. 21, 48: stationary covariance), and
/// * [`solve_adjoint`](Self::solve_adjoint): `A^T X + X A + Q = 0` (Eq. 24: the adjoint
///   whose solution gives the gradient of a variance loss),
///
/// for any number of right-hand sides. Each solve costs two matrix products to change
/// basis plus an `O(N^3/3)` (symmetric `Q`) back substitution (`theory/notes/lyapunov.md`).
///
/// ```
/// use nalgebra::DMatrix;
/// use oblique_theory::lyapunov::SchurLyapunov;
/// // A = W - I for a small coupling W; Q = 2 sigma^2 I with sigma = 1 (Eq. 21)
/// let a = DMatrix::from_row_slice(3, 3, &[-1.0, 0.3, 0.0, -0.2, -1.0, 0.1, 0.0, 0.4, -2.0]);
/// let q = DMatrix::identity(3, 3) * 2.0;
/// let lyap = SchurLyapunov::new(&a).unwrap();
/// let s = lyap.solve(&q).unwrap();
/// assert!((&a * &s + &s * a.transpose() + &q).norm() < 1e-13);
/// let w = DMatrix::from_row_slice(3, 1, &[1.0, 0.0, 0.0]);
/// let omega = lyap.solve_adjoint(&(&w * w.transpose())).unwrap();
/// assert!((a.transpose() * &omega + &omega * &a + &w * w.transpose()).norm() < 1e-13);
/// // the two are dual: tr(w w^T S) = tr(Omega Q)
/// assert!(((w.transpose() * &s * &w)[0] - (&omega * &q).trace()).abs() < 1e-13);
/// ```
#[derive(Debug, Clone)]
pub struct SchurLyapunov {
    forward: Factor,
    adjoint: Factor,
    abs_norm: f64,
}

impl SchurLyapunov {
    /// Factorises `A` (real Schur form, Eq. Y2) and checks that it is stable and that the
    /// Lyapunov operator is not numerically singular.
    ///
    /// Errors: [`LyapunovError::NotSquare`], [`LyapunovError::Empty`],
    /// [`LyapunovError::NonFinite`], [`LyapunovError::SchurFailed`],
    /// [`LyapunovError::NotStable`] (with the largest real part of the eigenvalues, read off
    /// `T`), [`LyapunovError::IllConditioned`] (an eigenvalue so close to the imaginary axis
    /// that `lambda_i + conj(lambda_i)` is rounding noise, Eq. Y7).
    pub fn new(a: &DMatrix<f64>) -> Result<Self, LyapunovError> {
        if a.nrows() != a.ncols() {
            return Err(LyapunovError::NotSquare {
                rows: a.nrows(),
                cols: a.ncols(),
            });
        }
        if a.nrows() == 0 {
            return Err(LyapunovError::Empty);
        }
        if a.iter().any(|v| !v.is_finite()) {
            return Err(LyapunovError::NonFinite { which: "A" });
        }
        let schur = RealSchur::new(a.clone())?;
        let max_real = schur.spectral_abscissa();
        if max_real >= 0.0 {
            return Err(LyapunovError::NotStable { max_real });
        }
        let abs_norm = schur.t.norm();
        // Eq. Y7: sep(A, -A^T) <= min |lambda_i + lambda_j| = 2 min |Re lambda|.
        let sep = 2.0 * schur.min_abs_real();
        check_conditioning(sep, abs_norm)?;
        let adjoint = Factor::new(schur.transposed());
        Ok(SchurLyapunov {
            forward: Factor::new(schur),
            adjoint,
            abs_norm,
        })
    }

    /// Dimension `N` of `A`.
    pub fn dim(&self) -> usize {
        self.forward.schur.t.nrows()
    }

    /// The largest real part of the eigenvalues of `A` (negative: `A` is stable).
    pub fn spectral_abscissa(&self) -> f64 {
        self.forward.schur.spectral_abscissa()
    }

    /// The eigenvalues of `A`, read off the diagonal blocks of `T`, in Schur order.
    pub fn eigenvalues(&self) -> Vec<Complex<f64>> {
        let s = &self.forward.schur;
        s.blocks
            .iter()
            .flat_map(|&b| {
                let ev = s.block_eigenvalues(b);
                ev.into_iter()
                    .take(b.size)
                    .map(|(re, im)| Complex::new(re, im))
            })
            .collect()
    }

    /// Solves `A X + X A^T + Q = 0` (Eq. 21 / Eq. 48 with `Q = 2 sigma^2 I`).
    ///
    /// If `Q` is symmetric (to rounding: `|Q_ij - Q_ji| <= 4 eps max|Q|`), so is the
    /// returned `X`, exactly.
    pub fn solve(&self, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
        self.solve_with(&self.forward, q)
    }

    /// Solves the adjoint equation `A^T X + X A + Q = 0` (Eq. 24) with the same
    /// factorisation (`A^T = (U P)(P T^T P)(U P)^T`, Eq. Y8).
    pub fn solve_adjoint(&self, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
        self.solve_with(&self.adjoint, q)
    }

    /// Solves the forward equation `A X + X A^T + Q = 0` (Eq. 21) and the adjoint equation
    /// `A^T Y + Y A + R = 0` (Eq. 24) concurrently (two rayon tasks from N = 128 on; the
    /// same results, bit for bit, as [`solve`](Self::solve) and [`solve_adjoint`](Self::solve_adjoint) one
    /// after the other). This is what a variance loss and its gradient need (`L_var` from
    /// `X`, `dL_var/dW = 2 Y X`).
    ///
    /// ```
    /// use nalgebra::DMatrix;
    /// use oblique_theory::lyapunov::SchurLyapunov;
    /// let a = DMatrix::from_row_slice(2, 2, &[-1.0, 0.5, 0.0, -2.0]);
    /// let lyap = SchurLyapunov::new(&a).unwrap();
    /// let q = DMatrix::identity(2, 2) * 2.0;
    /// let r = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 0.0]);
    /// let (x, y) = lyap.solve_pair(&q, &r).unwrap();
    /// assert_eq!(x, lyap.solve(&q).unwrap());
    /// assert_eq!(y, lyap.solve_adjoint(&r).unwrap());
    /// ```
    pub fn solve_pair(
        &self,
        q: &DMatrix<f64>,
        r: &DMatrix<f64>,
    ) -> Result<(DMatrix<f64>, DMatrix<f64>), LyapunovError> {
        if self.dim() < PARALLEL_PAIR_MIN {
            return Ok((self.solve(q)?, self.solve_adjoint(r)?));
        }
        let (x, y) = rayon::join(|| self.solve(q), || self.solve_adjoint(r));
        Ok((x?, y?))
    }

    fn solve_with(&self, f: &Factor, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
        let n = self.dim();
        check_rhs(n, q)?;
        let symmetric = is_symmetric(q);
        // Eq. Y4: C = U^T Q U, and T Y + Y T^T = -C. For Q = c I (the noise covariance
        // 2 sigma^2 I of Eq. 21) C = c U^T U = c I, U being orthogonal: no products.
        let mut y = if let Some(c) = scalar_identity(q) {
            DMatrix::from_diagonal_element(n, n, -c)
        } else if symmetric {
            symmetric_product(&f.ut, &(q * &f.schur.u), -1.0)
        } else {
            -(&f.ut * (q * &f.schur.u))
        };
        let c_norm = y.norm();
        if c_norm == 0.0 {
            return Ok(DMatrix::zeros(n, n));
        }
        let min_pivot = solve_in_place(&f.schur.t, &f.tt, &f.schur.blocks, &mut y, symmetric);
        let y_norm = y.norm();
        // Eq. Y9: ||C|| / ||Y|| bounds sep from above.
        let sep = min_pivot.min(c_norm / y_norm);
        if !y_norm.is_finite() {
            return Err(LyapunovError::IllConditioned { sep: 0.0 });
        }
        check_conditioning(sep, self.abs_norm)?;
        let uy = &f.schur.u * y;
        Ok(if symmetric {
            symmetric_product(&uy, &f.ut, 1.0)
        } else {
            uy * &f.ut
        })
    }
}

/// Solves `A X + X A^T + Q = 0` for a stable N x N `A` by Bartels-Stewart (theory notes,
/// Eqs. 21, 48; `theory/notes/lyapunov.md`, Eqs. Y1-Y9).
///
/// For several right-hand sides, or the adjoint equation, build a [`SchurLyapunov`] once.
///
/// ```
/// use nalgebra::DMatrix;
/// use oblique_theory::lyapunov::{solve, LyapunovError};
/// let a = DMatrix::from_row_slice(2, 2, &[-1.0, 0.0, 0.0, -2.0]);
/// let x = solve(&a, &(DMatrix::identity(2, 2) * 2.0)).unwrap();
/// assert!((x[(0, 0)] - 1.0).abs() < 1e-15 && (x[(1, 1)] - 0.5).abs() < 1e-15);
/// let unstable = DMatrix::from_row_slice(2, 2, &[0.5, 0.0, 0.0, -1.0]);
/// assert!(matches!(solve(&unstable, &x), Err(LyapunovError::NotStable { .. })));
/// ```
pub fn solve(a: &DMatrix<f64>, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
    if !a.is_square() {
        return Err(LyapunovError::DimensionMismatch {
            a_rows: a.nrows(),
            a_cols: a.ncols(),
            q_rows: q.nrows(),
            q_cols: q.ncols(),
        });
    }
    check_rhs(a.nrows(), q)?;
    match SchurLyapunov::new(a) {
        Ok(schur) => schur.solve(q),
        // The Schur iteration can fail to converge when A is within rounding of a multiple
        // of -I on a large subspace; the sign-function iteration handles that case.
        Err(LyapunovError::SchurFailed { .. }) => {
            let zero = DMatrix::zeros(a.nrows(), a.nrows());
            super::sign::solve_pair(a, q, &zero).map(|(x, _)| x)
        }
        Err(e) => Err(e),
    }
}

/// Solves the forward equation `A S + S A^T + Q = 0` and the adjoint equation
/// `A^T Omega + Omega A + R = 0` from one real Schur factorisation of `A` (theory notes,
/// Eqs. 21 and 24; `theory/notes/lyapunov.md`, Eqs. Y1-Y9), with the matrix-sign-function
/// iteration (`theory/notes/linear.md`, Eq. L9) as the fallback when the Schur iteration
/// does not converge.
///
/// ```
/// use nalgebra::DMatrix;
/// let a = DMatrix::from_row_slice(2, 2, &[-1.0, 0.5, 0.0, -2.0]);
/// let q = DMatrix::identity(2, 2) * 2.0;
/// let (s, omega) = oblique_theory::lyapunov::solve_pair(&a, &q, &q).unwrap();
/// assert!((&a * &s + &s * a.transpose() + &q).norm() < 1e-12);
/// assert!((a.transpose() * &omega + &omega * &a + &q).norm() < 1e-12);
/// ```
pub fn solve_pair(
    a: &DMatrix<f64>,
    q: &DMatrix<f64>,
    r: &DMatrix<f64>,
) -> Result<(DMatrix<f64>, DMatrix<f64>), LyapunovError> {
    match SchurLyapunov::new(a) {
        Ok(schur) => schur.solve_pair(q, r),
        Err(LyapunovError::SchurFailed { .. }) => {
            check_rhs(a.nrows(), q)?;
            check_rhs(a.nrows(), r)?;
            super::sign::solve_pair(a, q, r)
        }
        Err(e) => Err(e),
    }
}

/// Checks that a right-hand side `q` is `n x n` and finite (the errors name `Q`).
pub(super) fn check_rhs(n: usize, q: &DMatrix<f64>) -> Result<(), LyapunovError> {
    if q.nrows() != n || q.ncols() != n {
        return Err(LyapunovError::DimensionMismatch {
            a_rows: n,
            a_cols: n,
            q_rows: q.nrows(),
            q_cols: q.ncols(),
        });
    }
    if q.iter().any(|v| !v.is_finite()) {
        return Err(LyapunovError::NonFinite { which: "Q" });
    }
    Ok(())
}

fn check_conditioning(sep: f64, a_norm: f64) -> Result<(), LyapunovError> {
    let trustworthy = sep > f64::EPSILON * a_norm / MAX_ERROR_GROWTH; // false for NaN
    if !trustworthy {
        return Err(LyapunovError::IllConditioned { sep });
    }
    Ok(())
}

/// `Some(c)` if `q = c I` exactly.
fn scalar_identity(q: &DMatrix<f64>) -> Option<f64> {
    let c = q[(0, 0)];
    let n = q.nrows();
    let is = (0..n).all(|j| (0..n).all(|i| q[(i, j)] == if i == j { c } else { 0.0 }));
    is.then_some(c)
}

fn is_symmetric(q: &DMatrix<f64>) -> bool {
    let n = q.nrows();
    let scale = q.amax();
    let tol = 4.0 * f64::EPSILON * scale;
    (0..n).all(|j| (0..j).all(|i| (q[(i, j)] - q[(j, i)]).abs() <= tol))
}

/// `alpha A B` for a product known to be symmetric (`U^T Q U`, `U Y U^T` with `Q`, `Y`
/// symmetric, Eq. Y4): only the block upper triangle is multiplied (column blocks of
/// `SYM_BLOCK`, about 56% of the flops at N = 256) and the strict lower triangle is its
/// mirror image, so the result is exactly symmetric.
fn symmetric_product(a: &DMatrix<f64>, b: &DMatrix<f64>, alpha: f64) -> DMatrix<f64> {
    let n = a.nrows();
    let mut out = DMatrix::<f64>::zeros(n, n);
    let mut j0 = 0;
    while j0 < n {
        let j1 = (j0 + SYM_BLOCK).min(n);
        out.view_mut((0, j0), (j1, j1 - j0)).gemm(
            alpha,
            &a.rows(0, j1),
            &b.columns(j0, j1 - j0),
            0.0,
        );
        j0 = j1;
    }
    for j in 0..n {
        for i in (j + 1)..n {
            out[(i, j)] = out[(j, i)];
        }
    }
    out
}

/// Column block of [`symmetric_product`].
const SYM_BLOCK: usize = 32;

#[cfg(test)]
mod tests {
    use super::*;

    /// The block-triangle product against the full product: `A S A^T` with `S`
    /// symmetric, at a size that is not a multiple of the block.
    /// `Q = c I` skips the change of basis (`C = c I`); the answer agrees with the general
    /// path (forced by a negligible off-diagonal entry) and has a small residual.
    #[test]
    fn scalar_identity_q_matches_the_general_path() {
        let n = 40;
        let a = DMatrix::from_fn(n, n, |i, j| {
            ((i * 5 + j * 3) as f64 * 0.41).sin() / 4.0 - if i == j { 1.2 } else { 0.0 }
        });
        let lyap = SchurLyapunov::new(&a).unwrap();
        let q = DMatrix::<f64>::identity(n, n) * 3.0;
        assert_eq!(scalar_identity(&q), Some(3.0));
        let mut q2 = q.clone();
        q2[(0, 1)] = 1e-300;
        q2[(1, 0)] = 1e-300;
        assert_eq!(scalar_identity(&q2), None);
        for (x, x2, adjoint) in [
            (lyap.solve(&q).unwrap(), lyap.solve(&q2).unwrap(), false),
            (
                lyap.solve_adjoint(&q).unwrap(),
                lyap.solve_adjoint(&q2).unwrap(),
                true,
            ),
        ] {
            assert!((&x - &x2).norm() < 1e-13 * x.norm());
            let at = a.transpose();
            let (l, r) = if adjoint { (&at, &a) } else { (&a, &at) };
            let res = l * &x + &x * r + &q;
            assert!(res.norm() < 1e-12 * q.norm());
        }
    }

    #[test]
    fn symmetric_product_matches_the_full_product() {
        let n = 70;
        let a = DMatrix::from_fn(n, n, |i, j| ((i * 3 + j * 11) as f64 * 0.37).sin());
        let s = DMatrix::from_fn(n, n, |i, j| ((i + j) as f64 * 0.21).cos());
        let sat = &s * a.transpose();
        let full = (&a * &sat) * -2.0;
        let sym = symmetric_product(&a, &sat, -2.0);
        assert!((&sym - &full).norm() < 1e-13 * full.norm());
        assert_eq!(sym, sym.transpose());
    }
}
