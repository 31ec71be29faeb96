//! The network of theory notes section 1, as data.
//!
//! ```text
//! dx/dt = -x + W phi(x) + w_in u(t) + noise,    z = w_out . x
//! W = U M U^T / N + g J / sqrt(N)
//! ```
//!
//! * [`RankTwoNetwork`]: `U` is `N x 2` with orthogonal columns of squared norm `N` (QR of a
//!   Gaussian `N x 2` matrix, times `sqrt(N)`), `M` the 2x2 coefficient matrix, `J` i.i.d.
//!   standard normal (drawn only when `g > 0`), `w_out = U[:,0] / sqrt(N)` (norm one),
//!   `w_in = U[:,1]` (entries of order one). The latent variable is `kappa = U^T x / N`,
//!   so that `z = sqrt(N) kappa_1`.
//! * [`FullNetwork`]: any `N x N` matrix `W` with given `w_in`, `w_out` (e.g. the linear
//!   network of Fig. 10, where `W` itself is trained).
//!
//! Both carry the noise level `sigma` (a single unconnected unit has stationary variance
//! `sigma^2`), the nonlinearity and the Euler step `dt` (0.2 by default).
//!
//! # Seeding
//!
//! [`RankTwoNetwork::from_seed`] draws everything from `ChaCha8Rng::seed_from_u64(seed)`:
//! `U` from stream 0 and `J` from stream 1, so `U` (hence `w_in`, `w_out`) does not depend on
//! `g`, and the same seed always gives the same network on every platform.
//!
//! ```
//! use nalgebra::Matrix2;
//! use oblique_validate::network::{RankTwoNetwork, RankTwoParams};
//!
//! let params = RankTwoParams::new(256, Matrix2::new(1.9, 0.0, 0.0, -5.0)).with_noise(1.0);
//! let net = RankTwoNetwork::from_seed(&params, 1).unwrap();
//! // orthogonal columns of squared norm N
//! assert!((net.u.column(0).norm_squared() - 256.0).abs() < 1e-9);
//! assert!(net.u.column(0).dot(&net.u.column(1)).abs() < 1e-9);
//! assert!((net.w_out.norm() - 1.0).abs() < 1e-12);
//! ```

use nalgebra::{DMatrix, DVector, Matrix2};
use oblique_theory::nonlinearity::{Builtin, Nonlinearity};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// The default Euler-Maruyama step of the published simulations (theory notes section 1).
pub const DEFAULT_DT: f64 = 0.2;

/// Bad input to a network, a simulation, a task or a measurement.
///
/// Every message names the parameter, its value and the valid range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidateError {
    /// Fewer than two neurons.
    #[error("N = {0} is too small: the network needs at least 2 neurons")]
    TooFewNeurons(usize),
    /// Empty batch.
    #[error("batch = 0: the batch size must be at least 1")]
    EmptyBatch,
    /// Non-positive (or non-finite) time step.
    #[error("dt = {} is invalid: the time step must be positive and finite", oblique_theory::format::num(*.0))]
    BadDt(f64),
    /// A value that must be finite is not.
    #[error("{name} = {} is not finite: it must be a finite number", oblique_theory::format::num(*.value))]
    NonFinite {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
    },
    /// A value that must be non-negative is negative.
    #[error("{name} = {} is negative: it must be at least 0", oblique_theory::format::num(*.value))]
    Negative {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
    },
    /// A vector or matrix has the wrong size.
    #[error("{name} has length {got}, expected {expected}")]
    WrongLength {
        /// which argument
        name: &'static str,
        /// expected length
        expected: usize,
        /// actual length
        got: usize,
    },
    /// A matrix is not square or not `N x N`.
    #[error("{name} is {rows} x {cols}, expected {n} x {n}")]
    WrongShape {
        /// which argument
        name: &'static str,
        /// rows
        rows: usize,
        /// columns
        cols: usize,
        /// expected size
        n: usize,
    },
    /// A simulation or task without time steps.
    #[error("{name} = {} gives no time steps: it must be at least dt = {}", oblique_theory::format::num(*.value), oblique_theory::format::num(*.dt))]
    NoSteps {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
        /// the time step
        dt: f64,
    },
    /// The Euler map is unstable at this step (checked before a run).
    #[error("dt = {} is too large: the Euler map is unstable in the part {part} (its factor {} is not below 1); it needs dt < {}: lower dt or weaken the coupling", oblique_theory::format::num(*.dt), oblique_theory::format::num(*.factor), oblique_theory::format::num(*.dt_max))]
    EulerUnstable {
        /// the step given
        dt: f64,
        /// the largest stable step
        dt_max: f64,
        /// the modulus of the unstable eigenvalue of the map
        factor: f64,
        /// which part of the state
        part: &'static str,
    },
    /// A simulation ran away; the error carries what was computed before.
    #[error("{0}")]
    Diverged(Box<crate::simulate::Divergence>),
    /// Anything else out of range, with a full explanation.
    #[error("{0}")]
    OutOfRange(String),
}

/// Checks that `value` is finite.
pub fn check_finite(name: &'static str, value: f64) -> Result<f64, ValidateError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ValidateError::NonFinite { name, value })
    }
}

/// Checks that `value` is finite and at least zero.
pub fn check_non_negative(name: &'static str, value: f64) -> Result<f64, ValidateError> {
    check_finite(name, value)?;
    if value < 0.0 {
        Err(ValidateError::Negative { name, value })
    } else {
        Ok(value)
    }
}

/// Checks that `dt` is positive and finite.
pub fn check_dt(dt: f64) -> Result<f64, ValidateError> {
    if dt.is_finite() && dt > 0.0 {
        Ok(dt)
    } else {
        Err(ValidateError::BadDt(dt))
    }
}

/// Checks that every entry of `values` is finite, naming the first bad one.
pub fn check_all_finite<'a>(
    name: &'static str,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<(), ValidateError> {
    for &v in values {
        check_finite(name, v)?;
    }
    Ok(())
}

/// Checks `N >= 2`.
pub fn check_n(n: usize) -> Result<usize, ValidateError> {
    if n < 2 {
        Err(ValidateError::TooFewNeurons(n))
    } else {
        Ok(n)
    }
}

/// Checks `batch >= 1`.
pub fn check_batch(batch: usize) -> Result<usize, ValidateError> {
    if batch == 0 {
        Err(ValidateError::EmptyBatch)
    } else {
        Ok(batch)
    }
}

/// The parameters of a rank-two network (theory notes section 1), before `U` and `J` are drawn.
///
/// Start from [`RankTwoParams::new`] (noise 1, erf, g = 0, dt = 0.2) and adjust with the
/// `with_*` methods or the public fields.
#[derive(Debug, Clone, PartialEq)]
pub struct RankTwoParams {
    /// Number of neurons `N >= 2`.
    pub n: usize,
    /// The 2x2 coefficient matrix `M` of `W = U M U^T / N`.
    pub m: Matrix2<f64>,
    /// Strength `g >= 0` of the random bulk `g J / sqrt(N)`.
    pub g: f64,
    /// Noise level `sigma >= 0`.
    pub sigma: f64,
    /// The nonlinearity `phi`.
    pub nonlinearity: Builtin,
    /// Euler-Maruyama step `dt > 0`.
    pub dt: f64,
}

impl RankTwoParams {
    /// `N` neurons, coefficients `m`; noise 1, erf, `g = 0`, `dt = 0.2`.
    pub fn new(n: usize, m: Matrix2<f64>) -> Self {
        RankTwoParams {
            n,
            m,
            g: 0.0,
            sigma: 1.0,
            nonlinearity: Builtin::Erf,
            dt: DEFAULT_DT,
        }
    }

    /// A symmetric `M` with eigenvalues `lambda_plus` (eigenvector `(rho, sqrt(1-rho^2))`)
    /// and `lambda_minus` (the orthogonal eigenvector `(-sqrt(1-rho^2), rho)`), the
    /// connectivity of Fig. 12 (theory notes sections 3 and 6).
    ///
    /// `M = lambda+ v+ v+^T + lambda- v- v-^T`.
    pub fn symmetric_m(lambda_plus: f64, lambda_minus: f64, rho: f64) -> Matrix2<f64> {
        let s = (1.0 - rho * rho).max(0.0).sqrt();
        let vp = nalgebra::Vector2::new(rho, s);
        let vm = nalgebra::Vector2::new(-s, rho);
        vp * vp.transpose() * lambda_plus + vm * vm.transpose() * lambda_minus
    }

    /// Sets the noise level `sigma`.
    pub fn with_noise(mut self, sigma: f64) -> Self {
        self.sigma = sigma;
        self
    }
    /// Sets the bulk strength `g`.
    pub fn with_g(mut self, g: f64) -> Self {
        self.g = g;
        self
    }
    /// Sets the nonlinearity.
    pub fn with_nonlinearity(mut self, nonlinearity: Builtin) -> Self {
        self.nonlinearity = nonlinearity;
        self
    }
    /// Sets the time step.
    pub fn with_dt(mut self, dt: f64) -> Self {
        self.dt = dt;
        self
    }

    /// Checks every parameter; the error names the first bad one.
    pub fn validate(&self) -> Result<(), ValidateError> {
        check_n(self.n)?;
        check_all_finite("M", self.m.iter())?;
        check_non_negative("g", self.g)?;
        check_non_negative("noise sigma", self.sigma)?;
        check_dt(self.dt)?;
        Ok(())
    }
}

/// A rank-two network with its drawn vectors: `W = U M U^T / N + g J / sqrt(N)`
/// (theory notes section 1).
///
/// Fields are public so that training can change `m` in place; the simulator reads `m`
/// afresh on every run.
#[derive(Debug, Clone, PartialEq)]
pub struct RankTwoNetwork {
    /// Number of neurons.
    pub n: usize,
    /// `N x 2`, orthogonal columns of squared norm `N`.
    pub u: DMatrix<f64>,
    /// The 2x2 coefficients.
    pub m: Matrix2<f64>,
    /// Bulk strength (0: pure rank two, simulated by the low-rank fast path).
    pub g: f64,
    /// The `N x N` i.i.d. standard normal bulk, present only when `g > 0`.
    pub j: Option<DMatrix<f64>>,
    /// Input weights `w_in = U[:,1]` (entries of order one, norm `sqrt(N)`).
    pub w_in: DVector<f64>,
    /// Output weights `w_out = U[:,0] / sqrt(N)` (norm one), so `z = sqrt(N) kappa_1`.
    pub w_out: DVector<f64>,
    /// Noise level `sigma`.
    pub sigma: f64,
    /// The nonlinearity.
    pub nonlinearity: Builtin,
    /// Euler-Maruyama step.
    pub dt: f64,
}

/// Draws `U`: QR of an `N x 2` standard Gaussian matrix, signs fixed so that `R` has a
/// positive diagonal, times `sqrt(N)` (theory notes section 1).
fn draw_u(n: usize, rng: &mut ChaCha8Rng) -> DMatrix<f64> {
    let g = DMatrix::<f64>::from_fn(n, 2, |_, _| StandardNormal.sample(rng));
    let qr = g.qr();
    let r = qr.r();
    let mut q = qr.q();
    for c in 0..2 {
        let sign = if r[(c, c)] < 0.0 { -1.0 } else { 1.0 };
        q.column_mut(c).scale_mut(sign * (n as f64).sqrt());
    }
    q
}

impl RankTwoNetwork {
    /// Draws `U` (and `J` when `g > 0`) from `seed` and builds the network.
    ///
    /// `U` comes from ChaCha8 stream 0 of `seed`, `J` (row-major order) from stream 1.
    pub fn from_seed(params: &RankTwoParams, seed: u64) -> Result<Self, ValidateError> {
        params.validate()?;
        let n = params.n;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(0);
        let u = draw_u(n, &mut rng);
        let j = if params.g > 0.0 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(1);
            let mut j = DMatrix::<f64>::zeros(n, n);
            for r in 0..n {
                for c in 0..n {
                    j[(r, c)] = StandardNormal.sample(&mut rng);
                }
            }
            Some(j)
        } else {
            None
        };
        Self::from_parts(u, params, j)
    }

    /// Builds the network from a given `U` (`N x 2`, orthogonal columns of squared norm
    /// `N` are expected but not enforced) and optional bulk `J` (`N x N`, required when
    /// `g > 0`). `w_in` and `w_out` are derived from `U` as in section 1.
    pub fn from_parts(
        u: DMatrix<f64>,
        params: &RankTwoParams,
        j: Option<DMatrix<f64>>,
    ) -> Result<Self, ValidateError> {
        params.validate()?;
        let n = params.n;
        if u.nrows() != n || u.ncols() != 2 {
            return Err(ValidateError::OutOfRange(format!(
                "U is {} x {}, expected N x 2 = {n} x 2",
                u.nrows(),
                u.ncols()
            )));
        }
        check_all_finite("U", u.iter())?;
        match (&j, params.g > 0.0) {
            (Some(jm), _) => {
                if jm.nrows() != n || jm.ncols() != n {
                    return Err(ValidateError::WrongShape {
                        name: "J",
                        rows: jm.nrows(),
                        cols: jm.ncols(),
                        n,
                    });
                }
                check_all_finite("J", jm.iter())?;
            }
            (None, true) => {
                return Err(ValidateError::OutOfRange(format!(
                    "g = {} > 0 needs the bulk matrix J (N x N), but none was given",
                    params.g
                )))
            }
            (None, false) => {}
        }
        let w_out = u.column(0) / (n as f64).sqrt();
        let w_in = u.column(1).into_owned();
        Ok(RankTwoNetwork {
            n,
            u,
            m: params.m,
            g: params.g,
            j: if params.g > 0.0 { j } else { None },
            w_in,
            w_out,
            sigma: params.sigma,
            nonlinearity: params.nonlinearity,
            dt: params.dt,
        })
    }

    /// True when the simulator can use the low-rank fast path (`g = 0`).
    pub fn is_low_rank(&self) -> bool {
        self.j.is_none()
    }

    /// The full connectivity `W = U M U^T / N + g J / sqrt(N)` as an `N x N` matrix.
    ///
    /// Only for the dense path and for tests; the low-rank path never forms it.
    pub fn dense_w(&self) -> DMatrix<f64> {
        let n = self.n as f64;
        let mut w = &self.u * self.m * self.u.transpose() / n;
        if let Some(j) = &self.j {
            w += j * (self.g / n.sqrt());
        }
        w
    }

    /// The latent variable `kappa = U^T x / N` of one state (theory notes section 1).
    pub fn kappa(&self, x: &DVector<f64>) -> nalgebra::Vector2<f64> {
        let k = self.u.tr_mul(x) / self.n as f64;
        nalgebra::Vector2::new(k[0], k[1])
    }

    /// The nonlinearity as a trait object.
    pub fn phi(&self) -> &'static dyn Nonlinearity {
        self.nonlinearity.get()
    }
}

/// A network with an arbitrary `N x N` connectivity `W` (e.g. the trained linear network of
/// Fig. 10, theory notes section 5).
#[derive(Debug, Clone, PartialEq)]
pub struct FullNetwork {
    /// Number of neurons.
    pub n: usize,
    /// The connectivity, `N x N`.
    pub w: DMatrix<f64>,
    /// Input weights, length `N`.
    pub w_in: DVector<f64>,
    /// Output weights, length `N`.
    pub w_out: DVector<f64>,
    /// Noise level `sigma`.
    pub sigma: f64,
    /// The nonlinearity.
    pub nonlinearity: Builtin,
    /// Euler-Maruyama step.
    pub dt: f64,
}

impl FullNetwork {
    /// Checks the shapes and values and builds the network.
    pub fn new(
        w: DMatrix<f64>,
        w_in: DVector<f64>,
        w_out: DVector<f64>,
        sigma: f64,
        nonlinearity: Builtin,
        dt: f64,
    ) -> Result<Self, ValidateError> {
        let n = check_n(w.nrows())?;
        if w.ncols() != n {
            return Err(ValidateError::WrongShape {
                name: "W",
                rows: w.nrows(),
                cols: w.ncols(),
                n,
            });
        }
        for (name, v) in [("w_in", &w_in), ("w_out", &w_out)] {
            if v.len() != n {
                return Err(ValidateError::WrongLength {
                    name,
                    expected: n,
                    got: v.len(),
                });
            }
        }
        check_all_finite("W", w.iter())?;
        check_all_finite("w_in", w_in.iter())?;
        check_all_finite("w_out", w_out.iter())?;
        check_non_negative("noise sigma", sigma)?;
        check_dt(dt)?;
        Ok(FullNetwork {
            n,
            w,
            w_in,
            w_out,
            sigma,
            nonlinearity,
            dt,
        })
    }

    /// The linear network of Fig. 10 (theory notes section 5): `W = 0`, identity `phi`,
    /// `w_out` a random unit vector and `w_in` of norm `sqrt(N)` with
    /// `w_in . w_out / sqrt(N) = rho_sqrt_n / sqrt(N)` (so `rho sqrt(N)` = `rho_sqrt_n`).
    ///
    /// Drawn from ChaCha8 stream 0 of `seed` (two Gaussian vectors, Gram-Schmidt).
    pub fn linear_from_seed(
        n: usize,
        rho_sqrt_n: f64,
        sigma: f64,
        dt: f64,
        seed: u64,
    ) -> Result<Self, ValidateError> {
        check_n(n)?;
        check_finite("rho sqrt(N)", rho_sqrt_n)?;
        let nf = n as f64;
        let rho = rho_sqrt_n / nf.sqrt();
        if rho.abs() > 1.0 {
            return Err(ValidateError::OutOfRange(format!(
                "rho sqrt(N) = {rho_sqrt_n} is too large for N = {n}: |rho sqrt(N)| must be at most sqrt(N) = {}",
                nf.sqrt()
            )));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(0);
        let u = draw_u(n, &mut rng) / nf.sqrt(); // orthonormal columns
        let w_out = u.column(0).into_owned();
        let w_in = (u.column(0) * rho + u.column(1) * (1.0 - rho * rho).sqrt()) * nf.sqrt();
        Self::new(
            DMatrix::zeros(n, n),
            w_in,
            w_out,
            sigma,
            Builtin::Identity,
            dt,
        )
    }

    /// The nonlinearity as a trait object.
    pub fn phi(&self) -> &'static dyn Nonlinearity {
        self.nonlinearity.get()
    }
}

impl From<&RankTwoNetwork> for FullNetwork {
    /// The same network with `W` formed densely (for the dense path and cross-checks).
    fn from(net: &RankTwoNetwork) -> Self {
        FullNetwork {
            n: net.n,
            w: net.dense_w(),
            w_in: net.w_in.clone(),
            w_out: net.w_out.clone(),
            sigma: net.sigma,
            nonlinearity: net.nonlinearity,
            dt: net.dt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> RankTwoParams {
        RankTwoParams::new(64, Matrix2::new(1.9, 0.3, -0.2, -5.0))
    }

    #[test]
    fn u_has_orthogonal_columns_of_squared_norm_n_and_is_reproducible() {
        let net = RankTwoNetwork::from_seed(&params(), 7).unwrap();
        let gram = net.u.transpose() * &net.u;
        assert!((gram[(0, 0)] - 64.0).abs() < 1e-10);
        assert!((gram[(1, 1)] - 64.0).abs() < 1e-10);
        assert!(gram[(0, 1)].abs() < 1e-10);
        assert_eq!(net, RankTwoNetwork::from_seed(&params(), 7).unwrap());
        assert_ne!(net.u, RankTwoNetwork::from_seed(&params(), 8).unwrap().u);
        assert!(net.j.is_none());
        assert_eq!(net.w_in, net.u.column(1).into_owned());
        assert!((net.w_out.norm() - 1.0).abs() < 1e-12);
        // z = w_out . x = sqrt(N) kappa_1
        let x = DVector::from_fn(64, |i, _| (i as f64 * 0.37).sin());
        assert!((net.w_out.dot(&x) - 8.0 * net.kappa(&x)[0]).abs() < 1e-12);
    }

    #[test]
    fn u_does_not_depend_on_g_and_dense_w_matches_the_definition() {
        let p0 = params();
        let p1 = params().with_g(0.5);
        let a = RankTwoNetwork::from_seed(&p0, 3).unwrap();
        let b = RankTwoNetwork::from_seed(&p1, 3).unwrap();
        assert_eq!(a.u, b.u);
        let j = b.j.as_ref().unwrap();
        // J is i.i.d. standard normal: the sample mean and variance of 4096 entries
        let mean = j.mean();
        let var = j.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 4096.0;
        assert!(mean.abs() < 0.06, "mean {mean}"); // 4 sd = 4/64
        assert!((var - 1.0).abs() < 0.09, "var {var}"); // 4 sd = 4 sqrt(2/4096)
        let w = b.dense_w();
        let (r, c) = (5, 9);
        let low = (0..2)
            .flat_map(|k| (0..2).map(move |l| (k, l)))
            .map(|(k, l)| b.u[(r, k)] * b.m[(k, l)] * b.u[(c, l)])
            .sum::<f64>()
            / 64.0;
        assert!((w[(r, c)] - low - 0.5 * j[(r, c)] / 8.0).abs() < 1e-12);
        // U^T W U / N = M when g = 0
        let m = a.u.transpose() * a.dense_w() * &a.u / 64.0;
        assert!((m[(0, 1)] - 0.3).abs() < 1e-10 && (m[(1, 0)] + 0.2).abs() < 1e-10);
    }

    #[test]
    fn symmetric_m_has_the_requested_eigenpairs() {
        let m = RankTwoParams::symmetric_m(1.9, -5.0, 0.3);
        let vp = nalgebra::Vector2::new(0.3, (1.0f64 - 0.09).sqrt());
        assert!((m * vp - vp * 1.9).norm() < 1e-12);
        assert!((m.trace() - (1.9 - 5.0)).abs() < 1e-12);
        assert!((m[(0, 1)] - m[(1, 0)]).abs() < 1e-15);
    }

    #[test]
    fn linear_network_has_the_requested_correlation() {
        let net = FullNetwork::linear_from_seed(256, -0.5, 1.0, 0.2, 1).unwrap();
        assert!((net.w_out.norm() - 1.0).abs() < 1e-12);
        assert!((net.w_in.norm() - 16.0).abs() < 1e-10);
        // rho = w_in.w_out / (|w_in| |w_out|) = -0.5 / sqrt(N)
        assert!((net.w_in.dot(&net.w_out) / 16.0 - -0.5 / 16.0).abs() < 1e-12);
    }

    #[test]
    fn bad_input_gets_exact_messages() {
        let e = |p: RankTwoParams| RankTwoNetwork::from_seed(&p, 1).unwrap_err().to_string();
        let mut p = params();
        p.n = 1;
        assert_eq!(
            e(p),
            "N = 1 is too small: the network needs at least 2 neurons"
        );
        assert_eq!(
            e(params().with_dt(0.0)),
            "dt = 0 is invalid: the time step must be positive and finite"
        );
        assert_eq!(
            e(params().with_dt(-0.1)),
            "dt = -0.1 is invalid: the time step must be positive and finite"
        );
        assert_eq!(
            e(params().with_noise(f64::NAN)),
            "noise sigma = NaN is not finite: it must be a finite number"
        );
        assert_eq!(
            e(params().with_noise(-1.0)),
            "noise sigma = -1 is negative: it must be at least 0"
        );
        let mut p = params();
        p.m[(0, 1)] = f64::INFINITY;
        assert_eq!(e(p), "M = inf is not finite: it must be a finite number");
        assert_eq!(
            e(params().with_g(-0.5)),
            "g = -0.5 is negative: it must be at least 0"
        );
        assert_eq!(
            check_batch(0).unwrap_err().to_string(),
            "batch = 0: the batch size must be at least 1"
        );
        let err = FullNetwork::new(
            DMatrix::zeros(3, 3),
            DVector::zeros(3),
            DVector::zeros(4),
            1.0,
            Builtin::Identity,
            0.2,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "w_out has length 4, expected 3");
        let err = FullNetwork::linear_from_seed(4, 3.0, 1.0, 0.2, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "rho sqrt(N) = 3 is too large for N = 4: |rho sqrt(N)| must be at most sqrt(N) = 2"
        );
    }
}
