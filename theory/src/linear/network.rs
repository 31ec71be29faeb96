//! Exact expected loss of a noisy linear network and its gradients with respect to `W`
//! (theory notes, section 5; Eqs. 19-24 and 54-55).

use super::LinearError;

use nalgebra::{DMatrix, DVector};

/// A linear network `dx/dt = -x + W x + w_in u + sqrt(2) sigma xi(t)`, read out by
/// `z = w_out . x` (Eq. 18 with phi = identity).
#[derive(Debug, Clone, PartialEq)]
pub struct LinearNetwork {
    /// Recurrent weights `W` (N x N); `W - I` must be stable.
    pub w: DMatrix<f64>,
    /// Input weights `w_in` (length N).
    pub w_in: DVector<f64>,
    /// Output weights `w_out` (length N).
    pub w_out: DVector<f64>,
    /// Noise amplitude sigma (> 0): an unconnected unit has stationary variance sigma^2.
    pub sigma: f64,
    /// Constant input `u`.
    pub input: f64,
}

/// Exact expected loss `L = L_bias + L_var` of a [`LinearNetwork`] for a constant target,
/// with the gradients of both parts with respect to `W`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearLoss {
    /// Mean state `x_bar = (I - W)^-1 w_in u` (Eq. 19).
    pub x_bar: DVector<f64>,
    /// Mean output `z_bar = w_out . x_bar`.
    pub z_bar: f64,
    /// `L_bias = (z_bar - z)^2` (Eq. 20).
    pub l_bias: f64,
    /// `L_var = w_out^T S w_out` (Eq. 22).
    pub l_var: f64,
    /// `dL_bias/dW = 2 (z_bar - z) (I - W)^-T w_out x_bar^T` (Eq. 54).
    pub grad_bias: DMatrix<f64>,
    /// `dL_var/dW = 2 Omega S` (Eq. 23).
    pub grad_var: DMatrix<f64>,
}

impl LinearLoss {
    /// `L = L_bias + L_var`.
    pub fn l(&self) -> f64 {
        self.l_bias + self.l_var
    }
    /// `dL/dW = dL_bias/dW + dL_var/dW`.
    pub fn grad(&self) -> DMatrix<f64> {
        &self.grad_bias + &self.grad_var
    }
}

/// The variance part alone: `L_var`, its gradient, and the two Lyapunov solutions.
#[derive(Debug, Clone, PartialEq)]
pub struct VarianceLoss {
    /// `L_var = w_out^T S w_out` (Eq. 22).
    pub l_var: f64,
    /// `dL_var/dW = 2 Omega S` (Eq. 23).
    pub grad_var: DMatrix<f64>,
    /// Stationary covariance `S`: `(W - I) S + S (W - I)^T + 2 sigma^2 I = 0` (Eq. 21).
    pub s: DMatrix<f64>,
    /// Adjoint `Omega`: `(W - I)^T Omega + Omega (W - I) + w_out w_out^T = 0` (Eq. 24).
    pub omega: DMatrix<f64>,
}

impl LinearNetwork {
    /// Network size N.
    pub fn n(&self) -> usize {
        self.w.nrows()
    }

    /// Checks shapes, finiteness, `sigma > 0` (stability is checked by the solvers).
    pub fn validate(&self) -> Result<(), LinearError> {
        let (rows, cols) = self.w.shape();
        if rows != cols {
            return Err(LinearError::NotSquare { rows, cols });
        }
        if rows < 2 {
            return Err(LinearError::SizeTooSmall { n: rows });
        }
        for (which, len) in [("w_in", self.w_in.len()), ("w_out", self.w_out.len())] {
            if len != rows {
                return Err(LinearError::Dimension {
                    which,
                    got: len,
                    n: rows,
                });
            }
        }
        if self.w.iter().any(|v| !v.is_finite()) {
            return Err(LinearError::NonFiniteEntry { which: "W" });
        }
        if self.w_in.iter().any(|v| !v.is_finite()) {
            return Err(LinearError::NonFiniteEntry { which: "w_in" });
        }
        if self.w_out.iter().any(|v| !v.is_finite()) {
            return Err(LinearError::NonFiniteEntry { which: "w_out" });
        }
        if !(self.sigma.is_finite() && self.sigma > 0.0) {
            return Err(LinearError::Noise { sigma: self.sigma });
        }
        if !self.input.is_finite() {
            return Err(LinearError::NotFinite {
                which: "input u",
                value: self.input,
            });
        }
        Ok(())
    }

    /// `L_var` and `dL_var/dW = 2 Omega S` from one real Schur factorisation of `W - I`
    /// shared by the forward (Eq. 21) and adjoint (Eq. 24) Lyapunov equations (with the
    /// sign-function iteration as fallback when the Schur iteration does not converge).
    ///
    /// Derivation (theory/notes/linear.md, Eq. L7): perturbing `A = W - I` by `dA` changes
    /// `S` by `dS` with `A dS + dS A^T + dA S + S dA^T = 0`; then
    /// `dL_var = tr(w w^T dS) = -tr((A^T Omega + Omega A) dS) = tr(Omega (dA S + S dA^T))
    /// = 2 tr(S Omega dA)`, so `dL_var/dW = 2 Omega S`.
    pub fn variance(&self) -> Result<VarianceLoss, LinearError> {
        self.validate()?;
        let n = self.n();
        let a = &self.w - DMatrix::<f64>::identity(n, n);
        let q = DMatrix::<f64>::identity(n, n) * (2.0 * self.sigma * self.sigma);
        let r = &self.w_out * self.w_out.transpose();
        let (s, omega) = crate::lyapunov::solve_pair(&a, &q, &r)?;
        let l_var = self.w_out.dot(&(&s * &self.w_out));
        let grad_var = (&omega * &s) * 2.0;
        Ok(VarianceLoss {
            l_var,
            grad_var,
            s,
            omega,
        })
    }

    /// Exact expected loss and gradients for the constant target `target` (Eqs. 19-24, 54).
    ///
    /// ```
    /// use nalgebra::{DMatrix, DVector};
    /// use oblique_theory::linear::LinearNetwork;
    /// // W = 0: x_bar = w_in u, S = sigma^2 I, L_var = sigma^2 |w_out|^2.
    /// let net = LinearNetwork {
    ///     w: DMatrix::zeros(3, 3),
    ///     w_in: DVector::from_vec(vec![1.0, 2.0, 0.0]),
    ///     w_out: DVector::from_vec(vec![0.0, 1.0, 0.0]),
    ///     sigma: 0.5,
    ///     input: 1.0,
    /// };
    /// let loss = net.loss(1.5).unwrap();
    /// assert!((loss.z_bar - 2.0).abs() < 1e-12);
    /// assert!((loss.l_bias - 0.25).abs() < 1e-12);
    /// assert!((loss.l_var - 0.25).abs() < 1e-12);
    /// ```
    pub fn loss(&self, target: f64) -> Result<LinearLoss, LinearError> {
        if !target.is_finite() {
            return Err(LinearError::NotFinite {
                which: "target z",
                value: target,
            });
        }
        // Stability first: the Schur-based solve rejects an unstable W - I.
        let var = self.variance()?;
        let n = self.n();
        let i_minus_w = DMatrix::<f64>::identity(n, n) - &self.w;
        let lu = i_minus_w.clone().lu();
        let x_bar = lu
            .solve(&(&self.w_in * self.input))
            .ok_or(LinearError::Unstable { max_real: 0.0 })?;
        let y = i_minus_w
            .transpose()
            .lu()
            .solve(&self.w_out)
            .ok_or(LinearError::Unstable { max_real: 0.0 })?;
        let z_bar = self.w_out.dot(&x_bar);
        let err = z_bar - target;
        let grad_bias = (&y * x_bar.transpose()) * (2.0 * err);
        Ok(LinearLoss {
            x_bar,
            z_bar,
            l_bias: err * err,
            l_var: var.l_var,
            grad_bias,
            grad_var: var.grad_var,
        })
    }
}
