//! FLR1 from measured activity (`theory/notes/flr.md` section 8, Eqs. F15-F16): the
//! spontaneous covariance `C` (and the integrated lagged covariance `K = int_0^inf C(tau) dtau`)
//! estimated from a simulation without input, the evoked means from a simulation with input.
//! No Jacobian, no Lyapunov solve: this predicts where the linear theory has no stable
//! state to linearise around (chaotic activity) or where its linearisation is poor.

use super::error::{check_finite, FlrError};
use super::rule::LearningRule;
use nalgebra::{DMatrix, DVector};

/// Measured spontaneous fluctuations: equal-time covariance `C` and, optionally, the
/// integrated lagged covariance `K = int_0^inf C(tau) dtau`, `C(tau) = <dx(t + tau) dx(t)^T>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fluctuations {
    c: DMatrix<f64>,
    k: Option<DMatrix<f64>>,
}

/// Means of the activity evoked by the learning input (plasticity off): the factors of
/// Eq. F9 evaluated at the measured means.
#[derive(Debug, Clone, PartialEq)]
pub struct EvokedMeans {
    /// `f_bar = <f(x)>`
    pub f: DVector<f64>,
    /// `h_bar = <h(x)>`
    pub h: DVector<f64>,
    /// `phi_bar = <phi(x)>`
    pub rate: DVector<f64>,
}

impl EvokedMeans {
    /// `f_bar`, `h_bar` from the measured mean state `x_bar` and mean rate `phi_bar` (exact,
    /// since every factor of Eq. F3 is linear in `x` or in `phi(x)`).
    pub fn new(
        rule: LearningRule,
        xi: &DVector<f64>,
        x_mean: &DVector<f64>,
        rate_mean: &DVector<f64>,
    ) -> Self {
        let (f, h) = rule.factors(x_mean, rate_mean, xi);
        Self {
            f,
            h,
            rate: rate_mean.clone(),
        }
    }
}

/// Predictions from measured fluctuations (Eqs. F15, F16).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MeasuredPrediction {
    /// FLR1 with the measured `C` (Eq. F15)
    pub flr1: f64,
    /// response from the lagged covariance, `G = K C^-1` (Eq. F16); `None` without `K`
    pub lagged: Option<f64>,
    /// `xi^T C xi / |xi|^2` from the measured `C`
    pub var_xi: f64,
}

impl Fluctuations {
    /// Checks that `c` (and `k`) are square, the same size and finite.
    pub fn new(c: DMatrix<f64>, k: Option<DMatrix<f64>>) -> Result<Self, FlrError> {
        for (name, m) in [("C", Some(&c)), ("K", k.as_ref())] {
            let Some(m) = m else { continue };
            if m.nrows() != m.ncols() {
                return Err(FlrError::NotSquare {
                    rows: m.nrows(),
                    cols: m.ncols(),
                });
            }
            if m.nrows() != c.nrows() {
                return Err(FlrError::MatrixSize {
                    name,
                    rows: m.nrows(),
                    n: c.nrows(),
                });
            }
            check_finite(name, m.iter())?;
        }
        if c.nrows() == 0 {
            return Err(FlrError::Empty);
        }
        Ok(Self { c, k })
    }

    /// The covariance `C`.
    pub fn covariance(&self) -> &DMatrix<f64> {
        &self.c
    }

    /// The response matrix from the lagged covariance, `G = K C^-1` (Eq. F16); `None`
    /// without `K` or when `C` is singular.
    pub fn lagged_response(&self) -> Option<DMatrix<f64>> {
        let k = self.k.as_ref()?;
        let chol = self.c.clone().cholesky()?;
        // G = K C^-1  <=>  G^T = C^-1 K^T (C symmetric)
        Some(chol.solve(&k.transpose()).transpose())
    }

    /// FLR1 from the measured `C` (Eq. F15) and the lagged-covariance speed (Eq. F16):
    ///
    /// * F15: `dm/dt = eps/(N^2 sigma^2) (xi^T C f_bar)(h_bar . phi_bar)`
    /// * F16: `dm/dt = eps/N^2 (xi^T K C^-1 f_bar)(h_bar . phi_bar)`
    pub fn predict(
        &self,
        xi: &DVector<f64>,
        evoked: &EvokedMeans,
        epsilon: f64,
        sigma: f64,
    ) -> Result<MeasuredPrediction, FlrError> {
        let n = self.c.nrows();
        for (name, v) in [
            ("xi", xi),
            ("f_bar", &evoked.f),
            ("h_bar", &evoked.h),
            ("phi_bar", &evoked.rate),
        ] {
            if v.len() != n {
                return Err(FlrError::LengthMismatch {
                    name,
                    len: v.len(),
                    n,
                });
            }
            check_finite(name, v.iter())?;
        }
        for (name, value) in [("epsilon", epsilon), ("noise", sigma)] {
            if !(value.is_finite() && value > 0.0) {
                return Err(FlrError::OutOfRange {
                    name,
                    value,
                    range: "finite and > 0",
                });
            }
        }
        let nf = n as f64;
        let hp = evoked.h.dot(&evoked.rate);
        let cxi = &self.c * xi;
        let flr1 = epsilon / (nf * nf * sigma * sigma) * cxi.dot(&evoked.f) * hp;
        let lagged = self
            .lagged_response()
            .map(|g| epsilon / (nf * nf) * xi.dot(&(g * &evoked.f)) * hp);
        Ok(MeasuredPrediction {
            flr1,
            lagged,
            var_xi: xi.dot(&cxi) / xi.norm_squared(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flr::{FlrNetwork, FlrTheory, LearningTask};

    /// With the Lyapunov C and K = G C (the exact integral of e^{A tau} C), Eq. F15 equals
    /// FLR1 (Eq. F12) and Eq. F16 equals the mean term of Eq. F10, which for plain Hebb is
    /// the whole linear-theory speed.
    #[test]
    fn exact_moments_reproduce_the_linear_theory() {
        let n = 8;
        let mut s = 7u64;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5
        };
        let j = DMatrix::from_fn(n, n, |_, _| 0.9 * next());
        let net = FlrNetwork::new(j, 0.7, 0.3).unwrap();
        let th = FlrTheory::at_origin(&net).unwrap();
        let xi = DVector::from_fn(n, |i, _| if i % 3 == 0 { 1.0 } else { -1.0 });
        let eta = DVector::from_fn(n, |i, _| if i % 2 == 0 { 1.0 } else { -1.0 });
        let u = 0.2;
        let k = th.response() * th.covariance();
        let fl = Fluctuations::new(th.covariance().clone(), Some(k)).unwrap();
        let r = th.response() * &eta * u;
        let rate = r.map(|v| 0.7 * v);
        for rule in [LearningRule::HEBB, LearningRule::HEBB_TARGET] {
            let task = LearningTask {
                xi: xi.clone(),
                eta: eta.clone(),
                u,
                epsilon: 0.3,
                rule,
            };
            let p = th.predict(&task).unwrap();
            let ev = EvokedMeans::new(rule, &xi, &r, &rate);
            let m = fl.predict(&xi, &ev, 0.3, 0.3).unwrap();
            assert!(((m.flr1 - p.flr1) / p.flr1).abs() < 1e-10, "{rule:?}");
            if rule == LearningRule::HEBB {
                let lag = m.lagged.unwrap();
                assert!(
                    ((lag - p.exact) / p.exact).abs() < 1e-9,
                    "{lag} {}",
                    p.exact
                );
            }
        }
        let g = fl.lagged_response().unwrap();
        assert!((&g - th.response()).amax() < 1e-9 * th.response().amax());
    }

    #[test]
    fn mismatched_sizes_are_errors() {
        let e =
            Fluctuations::new(DMatrix::identity(3, 3), Some(DMatrix::identity(2, 2))).unwrap_err();
        assert_eq!(e.to_string(), "K is 2x2 but C is 3x3; they must match");
    }
}
