//! Exact reduction of the linear network to the two-dimensional subspace spanned by the
//! output and input weights (theory notes, section 5; Appendix A.3, Eqs. 65-70).
//!
//! If `W = U M U^T` with `U = [e1 e2]` orthonormal and `w_in, w_out` in `span(U)`, then
//! `W - I = U (M - I) U^T - (I - U U^T)` is block diagonal, so
//!
//! ```text
//! x_bar = U (I - M)^-1 w_in' u,                      S = U S' U^T + sigma^2 (I - U U^T),
//! (M - I) S' + S' (M - I)^T + 2 sigma^2 I_2 = 0,     Omega = U Omega' U^T,
//! (M - I)^T Omega' + Omega' (M - I) + w_out' w_out'^T = 0,
//! ```
//!
//! (primes: coordinates in the basis), and both gradients lie in `span(U) x span(U)`:
//! `dL/dW = U (dL/dM) U^T`. Gradient flow started at such a `W` therefore stays there, and
//! the 2x2 flow is the exact N x N flow, not an approximation.

use super::network::LinearNetwork;
use super::LinearError;
use crate::lyapunov::solve_2x2;
use nalgebra::{DMatrix, DVector, Matrix2, Vector2};

/// A linear network whose connectivity is `W = U M U^T` and whose input and output
/// weights lie in `span(U)`, described by coordinates in the basis `U`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubspaceNetwork {
    /// Coefficient matrix `M` (`W = U M U^T`).
    pub m: Matrix2<f64>,
    /// Coordinates of `w_in`.
    pub w_in: Vector2<f64>,
    /// Coordinates of `w_out`.
    pub w_out: Vector2<f64>,
    /// Noise amplitude sigma.
    pub sigma: f64,
    /// Constant input `u`.
    pub input: f64,
}

/// Exact expected loss of a [`SubspaceNetwork`] and its gradients with respect to `M`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubspaceLoss {
    /// Coordinates of the mean state `x_bar = (I - M)^-1 w_in u`.
    pub x_bar: Vector2<f64>,
    /// Mean output `z_bar = w_out . x_bar`.
    pub z_bar: f64,
    /// `L_bias = (z_bar - z)^2`.
    pub l_bias: f64,
    /// `L_var = w_out^T S' w_out`.
    pub l_var: f64,
    /// `dL_bias/dM = 2 (z_bar - z) (I - M)^-T w_out x_bar^T`.
    pub grad_bias: Matrix2<f64>,
    /// `dL_var/dM = 2 Omega' S'`.
    pub grad_var: Matrix2<f64>,
    /// Stationary covariance in the subspace, `S'`.
    pub s: Matrix2<f64>,
    /// Adjoint solution `Omega'`.
    pub omega: Matrix2<f64>,
}

impl SubspaceLoss {
    /// `L = L_bias + L_var`.
    pub fn l(&self) -> f64 {
        self.l_bias + self.l_var
    }
    /// `dL/dM`.
    pub fn grad(&self) -> Matrix2<f64> {
        self.grad_bias + self.grad_var
    }
}

impl SubspaceNetwork {
    /// Loss and gradients for target `z` through the 2x2 Lyapunov equations (Eqs. 21, 23,
    /// 24 reduced as in Eqs. 66-70; theory notes section 5).
    ///
    /// ```
    /// use nalgebra::{Matrix2, Vector2};
    /// use oblique_theory::linear::SubspaceNetwork;
    /// // Feedback a along w_out: L_var = sigma^2 / (1 - a) (Eq. 27).
    /// let net = SubspaceNetwork {
    ///     m: Matrix2::new(-2.0, 0.0, 0.0, 0.0),
    ///     w_in: Vector2::new(0.0, 1.0),
    ///     w_out: Vector2::new(1.0, 0.0),
    ///     sigma: 1.0,
    ///     input: 1.0,
    /// };
    /// let loss = net.loss(0.0).unwrap();
    /// assert!((loss.l_var - 1.0 / 3.0).abs() < 1e-15);
    /// assert!((loss.grad_var[(0, 0)] - 1.0 / 9.0).abs() < 1e-15);
    /// ```
    pub fn loss(&self, target: f64) -> Result<SubspaceLoss, LinearError> {
        if self.m.iter().any(|v| !v.is_finite()) {
            return Err(LinearError::NonFiniteEntry { which: "M" });
        }
        let a = self.m - Matrix2::identity();
        // solve_2x2 checks stability of A = M - I first (trace < 0, det > 0).
        let q = Matrix2::identity() * (2.0 * self.sigma * self.sigma);
        let s = solve_2x2(&a, &q)?;
        let omega = solve_2x2(&a.transpose(), &(self.w_out * self.w_out.transpose()))?;
        // det(I - M) = det(A) > 0 here, so the inverse exists.
        let inv = (-a)
            .try_inverse()
            .ok_or(LinearError::Unstable { max_real: 0.0 })?;
        let x_bar = inv * self.w_in * self.input;
        let z_bar = self.w_out.dot(&x_bar);
        let err = z_bar - target;
        let grad_bias = (inv.transpose() * self.w_out) * x_bar.transpose() * (2.0 * err);
        let grad_var = omega * s * 2.0;
        Ok(SubspaceLoss {
            x_bar,
            z_bar,
            l_bias: err * err,
            l_var: self.w_out.dot(&(s * self.w_out)),
            grad_bias,
            grad_var,
            s,
            omega,
        })
    }
}

/// Orthonormal basis `e1 = w_out / |w_out|`, `e2 = (w_in - (w_in.e1) e1) / |...|`
/// (Gram-Schmidt, Eq. 65): `U = [e1 e2]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RankTwoBasis {
    /// `w_out_hat`.
    pub e1: DVector<f64>,
    /// `w_in` orthogonalised against `e1`, normalised.
    pub e2: DVector<f64>,
}

impl RankTwoBasis {
    /// Gram-Schmidt on `(w_out, w_in)`. Errors if `w_out` vanishes, the lengths differ, or
    /// `w_in` is (numerically) parallel to `w_out`.
    pub fn from_vectors(w_out: &DVector<f64>, w_in: &DVector<f64>) -> Result<Self, LinearError> {
        if w_in.len() != w_out.len() {
            return Err(LinearError::Dimension {
                which: "w_in",
                got: w_in.len(),
                n: w_out.len(),
            });
        }
        let no = w_out.norm();
        if no.is_nan() || no <= 0.0 {
            return Err(LinearError::DegenerateBasis {
                reason: "w_out is zero",
            });
        }
        let e1 = w_out / no;
        let perp = w_in - &e1 * e1.dot(w_in);
        let np = perp.norm();
        if np.is_nan() || np <= 1e-12 * w_in.norm() {
            return Err(LinearError::DegenerateBasis {
                reason: "w_in is parallel to w_out",
            });
        }
        Ok(RankTwoBasis { e1, e2: perp / np })
    }

    /// `U = [e1 e2]`, N x 2.
    pub fn u(&self) -> DMatrix<f64> {
        DMatrix::from_columns(&[self.e1.clone(), self.e2.clone()])
    }

    /// `W = U M U^T`.
    pub fn lift(&self, m: &Matrix2<f64>) -> DMatrix<f64> {
        let u = self.u();
        let mm = DMatrix::from_fn(2, 2, |i, j| m[(i, j)]);
        &u * mm * u.transpose()
    }

    /// `U^T G U`, the coefficients of an N x N matrix in the basis.
    pub fn project(&self, g: &DMatrix<f64>) -> Matrix2<f64> {
        let ge1 = g * &self.e1;
        let ge2 = g * &self.e2;
        Matrix2::new(
            self.e1.dot(&ge1),
            self.e1.dot(&ge2),
            self.e2.dot(&ge1),
            self.e2.dot(&ge2),
        )
    }

    /// `U v'`, the N-vector with coordinates `v'`.
    pub fn vector(&self, v: &Vector2<f64>) -> DVector<f64> {
        &self.e1 * v[0] + &self.e2 * v[1]
    }

    /// The N x N network `W = U M U^T`, `w_in = U w_in'`, `w_out = U w_out'`.
    pub fn full_network(&self, sub: &SubspaceNetwork) -> LinearNetwork {
        LinearNetwork {
            w: self.lift(&sub.m),
            w_in: self.vector(&sub.w_in),
            w_out: self.vector(&sub.w_out),
            sigma: sub.sigma,
            input: sub.input,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A reduced network with a non-trivial input, noise and input scale, shared with the
    /// Euler-map tests.
    pub(crate) fn net(m: Matrix2<f64>) -> SubspaceNetwork {
        SubspaceNetwork {
            m,
            w_in: Vector2::new(-0.5, 15.99),
            w_out: Vector2::new(1.0, 0.0),
            sigma: 0.7,
            input: 1.3,
        }
    }

    #[test]
    fn gradients_match_central_differences() {
        let n = net(Matrix2::new(-1.2, 0.05, 0.3, -0.4));
        let target = 0.8;
        let loss = n.loss(target).unwrap();
        let h = 1e-5;
        for i in 0..2 {
            for j in 0..2 {
                let mut p = n;
                p.m[(i, j)] += h;
                let mut q = n;
                q.m[(i, j)] -= h;
                let (lp, lq) = (p.loss(target).unwrap(), q.loss(target).unwrap());
                let fd_b = (lp.l_bias - lq.l_bias) / (2.0 * h);
                let fd_v = (lp.l_var - lq.l_var) / (2.0 * h);
                assert!(
                    (fd_b - loss.grad_bias[(i, j)]).abs() < 1e-7 * (1.0 + fd_b.abs()),
                    "bias ({i},{j}): fd {fd_b} vs {}",
                    loss.grad_bias[(i, j)]
                );
                assert!(
                    (fd_v - loss.grad_var[(i, j)]).abs() < 1e-8 * (1.0 + fd_v.abs()),
                    "var ({i},{j}): fd {fd_v} vs {}",
                    loss.grad_var[(i, j)]
                );
            }
        }
    }

    #[test]
    fn upper_triangular_m_has_the_hand_solved_variance() {
        // A = [[a-1, m],[0,-1]]: S22 = s^2, S12 = m s^2/(2-a), S11 = (s^2 + m S12)/(1-a).
        let (a, m) = (-1.7, 0.3);
        let n = net(Matrix2::new(a, m, 0.0, 0.0));
        let s2 = 0.49;
        let s12 = m * s2 / (2.0 - a);
        let s11 = (s2 + m * s12) / (1.0 - a);
        let loss = n.loss(0.0).unwrap();
        assert!((loss.l_var - s11).abs() < 1e-15);
        assert!((loss.s[(0, 1)] - s12).abs() < 1e-15);
        // x_bar: first coordinate (w_in1 + m w_in2)/(1-a), second w_in2 (times u).
        let x1 = (-0.5 + m * 15.99) / (1.0 - a) * 1.3;
        assert!((loss.x_bar[0] - x1).abs() < 1e-13);
    }

    #[test]
    fn unstable_m_is_an_error() {
        let err = net(Matrix2::new(1.5, 0.0, 0.0, 0.0)).loss(1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "W - I is not stable: an eigenvalue has real part 0.5 >= 0 (every eigenvalue of W must have real part below 1)"
        );
    }

    #[test]
    fn basis_is_orthonormal_and_rejects_parallel_vectors() {
        let w_out = DVector::from_vec(vec![0.6, 0.8, 0.0]);
        let w_in = DVector::from_vec(vec![1.0, 0.0, 1.0]);
        let b = RankTwoBasis::from_vectors(&w_out, &w_in).unwrap();
        assert!((b.e1.dot(&b.e2)).abs() < 1e-15 && (b.e2.norm() - 1.0).abs() < 1e-15);
        let err = RankTwoBasis::from_vectors(&w_out, &(&w_out * 2.0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "degenerate basis: w_in is parallel to w_out"
        );
    }
}
