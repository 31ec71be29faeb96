//! The network of the fluctuation-learning relationship (theory notes section 7,
//! `theory/notes/flr.md` Eq. F1):
//!
//! `dx/dt = -x + J phi(x) + u eta + sqrt(2) sigma dW/dt`,   `phi(x) = tanh(beta x)`.
//!
//! An unconnected unit has stationary variance `sigma^2` (the `noise` of the CLI).

use super::error::{check_finite, FlrError};
use nalgebra::{DMatrix, DVector};

/// A network `(J, beta, sigma)` of Eq. F1, validated on construction.
///
/// ```
/// use nalgebra::DMatrix;
/// use oblique_theory::flr::FlrNetwork;
/// let net = FlrNetwork::new(DMatrix::zeros(3, 2), 1.0, 1.0);
/// assert_eq!(net.unwrap_err().to_string(), "J must be square: got 3x2");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FlrNetwork {
    j: DMatrix<f64>,
    beta: f64,
    sigma: f64,
}

impl FlrNetwork {
    /// Checks that `J` is square, non-empty and finite, `beta > 0` and `sigma > 0`.
    pub fn new(j: DMatrix<f64>, beta: f64, sigma: f64) -> Result<Self, FlrError> {
        if j.nrows() != j.ncols() {
            return Err(FlrError::NotSquare {
                rows: j.nrows(),
                cols: j.ncols(),
            });
        }
        if j.nrows() == 0 {
            return Err(FlrError::Empty);
        }
        check_finite("J", j.iter())?;
        if !(beta.is_finite() && beta > 0.0) {
            return Err(FlrError::OutOfRange {
                name: "beta",
                value: beta,
                range: "finite and > 0",
            });
        }
        if !(sigma.is_finite() && sigma > 0.0) {
            return Err(FlrError::OutOfRange {
                name: "noise",
                value: sigma,
                range: "finite and > 0",
            });
        }
        Ok(Self { j, beta, sigma })
    }

    /// Number of units `N`.
    pub fn n(&self) -> usize {
        self.j.nrows()
    }
    /// The connectivity `J`.
    pub fn j(&self) -> &DMatrix<f64> {
        &self.j
    }
    /// The gain `beta` of `phi(x) = tanh(beta x)`.
    pub fn beta(&self) -> f64 {
        self.beta
    }
    /// The noise level `sigma` (stationary s.d. of an unconnected unit).
    pub fn sigma(&self) -> f64 {
        self.sigma
    }
    /// `phi(x) = tanh(beta x)` element-wise (Eq. F1).
    pub fn rate(&self, x: &DVector<f64>) -> DVector<f64> {
        x.map(|v| (self.beta * v).tanh())
    }
    /// `phi'(x) = beta (1 - tanh^2(beta x))` element-wise.
    pub fn slope(&self, x: &DVector<f64>) -> DVector<f64> {
        x.map(|v| self.beta * (1.0 - (self.beta * v).tanh().powi(2)))
    }
    /// Deterministic drift `-x + J phi(x) + drive` (Eq. F1 without noise).
    pub fn drift(&self, x: &DVector<f64>, drive: Option<&DVector<f64>>) -> DVector<f64> {
        let mut f = &self.j * self.rate(x) - x;
        if let Some(d) = drive {
            f += d;
        }
        f
    }
    /// Jacobian `A = -I + J diag(phi'(x))` of the drift at `x` (Eq. F4).
    pub fn jacobian(&self, x: &DVector<f64>) -> DMatrix<f64> {
        let s = self.slope(x);
        let mut a = self.j.clone();
        for (k, mut col) in a.column_iter_mut().enumerate() {
            col *= s[k];
        }
        for i in 0..self.n() {
            a[(i, i)] -= 1.0;
        }
        a
    }
    /// Checks that `v` has one finite entry per unit.
    pub fn check_vector(&self, name: &'static str, v: &DVector<f64>) -> Result<(), FlrError> {
        if v.len() != self.n() {
            return Err(FlrError::LengthMismatch {
                name,
                len: v.len(),
                n: self.n(),
            });
        }
        check_finite(name, v.iter())
    }
}

/// The spontaneous state: a fixed point `x* = J phi(x*)` of the noise-free dynamics
/// without input (Eq. F2), with the rate and slope there.
#[derive(Debug, Clone, PartialEq)]
pub struct SpontaneousState {
    /// `x*`
    pub x: DVector<f64>,
    /// `phi(x*)`
    pub rate: DVector<f64>,
    /// `phi'(x*)`, the diagonal of `D`
    pub slope: DVector<f64>,
    /// max-norm of `-x* + J phi(x*)`
    pub residual: f64,
}

impl SpontaneousState {
    /// The trivial state `x* = 0`, an exact fixed point because tanh is odd.
    pub fn origin(net: &FlrNetwork) -> Self {
        let x = DVector::zeros(net.n());
        Self {
            rate: net.rate(&x),
            slope: net.slope(&x),
            x,
            residual: 0.0,
        }
    }

    /// Solves `x* = J phi(x*)` (Eq. F2) by damped Newton iterations from `start`
    /// (e.g. a stored memory, to find a nonzero retrieval state).
    pub fn solve(net: &FlrNetwork, start: &DVector<f64>) -> Result<Self, FlrError> {
        net.check_vector("start", start)?;
        let mut x = start.clone();
        let mut f = net.drift(&x, None);
        let mut res = f.amax();
        let max_iter = 100;
        for _ in 0..max_iter {
            if res < 1e-10 {
                break;
            }
            let a = net.jacobian(&x);
            let Some(step) = a.lu().solve(&f) else {
                break;
            };
            // x_new = x - A^-1 F, halved until the residual decreases.
            let mut t = 1.0;
            loop {
                let xn = &x - t * &step;
                let fnew = net.drift(&xn, None);
                let rn = fnew.amax();
                if rn < res || t < 1e-6 {
                    x = xn;
                    f = fnew;
                    res = rn;
                    break;
                }
                t *= 0.5;
            }
        }
        if res.is_nan() || res >= 1e-10 {
            return Err(FlrError::NoFixedPoint {
                iterations: max_iter,
                residual: res,
            });
        }
        Ok(Self {
            rate: net.rate(&x),
            slope: net.slope(&x),
            x,
            residual: res,
        })
    }

    /// True when `x* = 0` (then `phi(x*) = 0` and `D = beta I`).
    pub fn is_origin(&self) -> bool {
        self.x.iter().all(|&v| v == 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_inputs_with_exact_messages() {
        let e = FlrNetwork::new(DMatrix::zeros(0, 0), 1.0, 1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "J is empty: the network needs at least one unit"
        );
        let mut j = DMatrix::zeros(2, 2);
        j[(1, 0)] = f64::NAN;
        let e = FlrNetwork::new(j, 1.0, 1.0).unwrap_err();
        assert_eq!(e.to_string(), "J has a non-finite entry (NaN) at index 1");
        let e = FlrNetwork::new(DMatrix::zeros(2, 2), -0.5, 1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "beta = -0.5 is out of range: it must be finite and > 0"
        );
        let e = FlrNetwork::new(DMatrix::zeros(2, 2), 1.0, 0.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "noise = 0 is out of range: it must be finite and > 0"
        );
        let net = FlrNetwork::new(DMatrix::zeros(2, 2), 1.0, 1.0).unwrap();
        let e = net
            .check_vector("xi", &DVector::from_vec(vec![1.0, 2.0, 3.0]))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "xi has 3 entries but J is 2x2; they must match"
        );
    }

    /// Single stored pattern with strength 1 and gain beta > 1: the retrieval state
    /// x* = m xi with m = tanh(beta m) (mean-field equation, exact here since |xi_i| = 1).
    #[test]
    fn newton_finds_the_retrieval_state_of_one_memory() {
        let n = 6;
        let xi = DVector::from_vec(vec![1.0, -1.0, 1.0, 1.0, -1.0, -1.0]);
        let j = &xi * xi.transpose() / n as f64;
        let beta = 2.0;
        let net = FlrNetwork::new(j, beta, 1.0).unwrap();
        let s = SpontaneousState::solve(&net, &xi).unwrap();
        // m = tanh(2 m): bisection, independent of Newton.
        let (mut lo, mut hi) = (0.5_f64, 1.0_f64);
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if (beta * mid).tanh() > mid {
                lo = mid
            } else {
                hi = mid
            }
        }
        for i in 0..n {
            assert!(
                (s.x[i] - lo * xi[i]).abs() < 1e-9,
                "{} vs {}",
                s.x[i],
                lo * xi[i]
            );
        }
        assert!(!s.is_origin());
    }
}
