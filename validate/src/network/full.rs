//! A network with an arbitrary `N x N` connectivity `W`.

use nalgebra::{DMatrix, DVector};
use oblique_theory::nonlinearity::{Builtin, Nonlinearity};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::rank_two::draw_u;
use super::*;

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
                "rho sqrt(N) = {} is too large for N = {n}: |rho sqrt(N)| must be at most sqrt(N) = {}",
                oblique_theory::format::num(rho_sqrt_n),
                oblique_theory::format::num(nf.sqrt())
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
