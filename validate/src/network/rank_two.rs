//! The rank-two network `W = U M U^T / N + g J / sqrt(N)` (theory notes section 1).

use nalgebra::{DMatrix, DVector, Matrix2};
use oblique_theory::nonlinearity::{Builtin, Nonlinearity};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::*;

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
pub(crate) fn draw_u(n: usize, rng: &mut ChaCha8Rng) -> DMatrix<f64> {
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
