//! Closed-form `L_var` landscapes over `lambda+ x lambda- x N` grids (theory notes,
//! section 3; Eq. 53 for erf), evaluated in parallel with rayon. Every grid point gets a
//! [`PointResult`]: a value, or the reason why there is none; never a NaN.
//!
//! The grid is evaluated in two stages. Everything that depends on `lambda+` alone (the
//! fixed point's size and the coefficient of `rho^2` in `L_var`) is computed once per
//! `lambda+` ([`LambdaPlusProfile`]: closed form for erf, Brent + quadrature otherwise);
//! each grid point then costs a handful of flops (Eq. 53 factored, see
//! [`l_var_symmetric`](crate::rank_two::l_var_symmetric)):
//!
//! ```text
//! rho   = |z| / (sqrt(N) |kappa_bar|)                                       (Eq. 52)
//! L_var = rho^2 c+(lambda+) + (1 - rho^2) sigma^2 lambda+ / (lambda+ - lambda-)
//! c+    = sigma^2 / (-gamma+) + var_c
//!       = sigma^2 lambda+^2/(lambda+^2 - lambda+min^2) + sigma^4 a^2/(3 lambda+^2 - lambda+min^2)   (erf)
//! ```

use crate::rank_two::{amplitude, colored_variance, Activation, NoiseLevel, RankTwoError};
use rayon::prelude::*;

#[cfg(test)]
mod tests;

/// Why a sweep cannot be set up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SweepError {
    /// One of the three axes has no points.
    #[error("the {axis} axis of the sweep grid is empty; give at least one value")]
    EmptyAxis {
        /// `"lambda+"`, `"lambda-"` or `"N"`.
        axis: &'static str,
    },
    /// A grid value or parameter is invalid.
    #[error("{0}")]
    Model(#[from] RankTwoError),
    /// The output buffer has the wrong length.
    #[error("output buffer holds {got} points but the grid has {expected}")]
    BufferLength {
        /// Points in the grid.
        expected: usize,
        /// Length of the buffer.
        got: usize,
    },
}

/// The grid axes. Points are stored with `N` slowest and `lambda+` fastest:
/// `index = (i_n * len(lambda-) + i_minus) * len(lambda+) + i_plus`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepGrid {
    /// `lambda+` values.
    pub lambda_plus: Vec<f64>,
    /// `lambda-` values.
    pub lambda_minus: Vec<f64>,
    /// Network sizes (each >= 2).
    pub n: Vec<usize>,
}

impl SweepGrid {
    /// Total number of points.
    pub fn len(&self) -> usize {
        self.lambda_plus.len() * self.lambda_minus.len() * self.n.len()
    }
    /// Whether the grid has no points.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Number of rows (one row = all `lambda+` at one `(N, lambda-)`).
    pub fn rows(&self) -> usize {
        self.lambda_minus.len() * self.n.len()
    }
    /// `(N, lambda-, lambda+)` of the point at `index`.
    pub fn coordinates(&self, index: usize) -> (usize, f64, f64) {
        let np = self.lambda_plus.len();
        let nm = self.lambda_minus.len();
        let ip = index % np;
        let row = index / np;
        (
            self.n[row / nm],
            self.lambda_minus[row % nm],
            self.lambda_plus[ip],
        )
    }
}

/// The outcome at one grid point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PointResult {
    /// A stable fixed point at the bias-zero angle.
    Ok {
        /// `|kappa_bar|` (Eq. 44).
        kappa_norm: f64,
        /// `rho` (Eq. 52).
        rho: f64,
        /// `L_var` (Eq. 53 for erf).
        l_var: f64,
    },
    /// `lambda+ <= lambda+min` (Eq. 44): no nonzero fixed point.
    NoFixedPoint,
    /// `|kappa_bar| < z/sqrt(N)`: the bias-zero angle would need `rho > 1` (Eq. 52).
    RhoAboveOne {
        /// `|kappa_bar|`.
        kappa_norm: f64,
    },
    /// `lambda- >= lambda+` (or `gamma+ >= 0`): the fixed point is not stable.
    Unstable {
        /// `|kappa_bar|`.
        kappa_norm: f64,
        /// `rho`.
        rho: f64,
    },
}

impl PointResult {
    /// The status as written in CSV files: `ok`, `no_fixed_point`, `rho_above_one`,
    /// `unstable`.
    pub fn status(&self) -> &'static str {
        match self {
            PointResult::Ok { .. } => "ok",
            PointResult::NoFixedPoint => "no_fixed_point",
            PointResult::RhoAboveOne { .. } => "rho_above_one",
            PointResult::Unstable { .. } => "unstable",
        }
    }
    /// `|kappa_bar|` where a fixed point exists.
    pub fn kappa_norm(&self) -> Option<f64> {
        match *self {
            PointResult::Ok { kappa_norm, .. }
            | PointResult::RhoAboveOne { kappa_norm }
            | PointResult::Unstable { kappa_norm, .. } => Some(kappa_norm),
            PointResult::NoFixedPoint => None,
        }
    }
    /// `rho` where `rho <= 1`.
    pub fn rho(&self) -> Option<f64> {
        match *self {
            PointResult::Ok { rho, .. } | PointResult::Unstable { rho, .. } => Some(rho),
            _ => None,
        }
    }
    /// `L_var` where the fixed point exists, is stable and `rho <= 1`.
    pub fn l_var(&self) -> Option<f64> {
        match *self {
            PointResult::Ok { l_var, .. } => Some(l_var),
            _ => None,
        }
    }
}

/// What depends on `lambda+` alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LambdaPlusProfile {
    /// `|kappa_bar|` (Eq. 44).
    pub kappa_norm: f64,
    /// `1 / |kappa_bar|`.
    pub inv_kappa: f64,
    /// `c+ = sigma^2/(-gamma+) + var_c`, the coefficient of `rho^2` in `L_var` (Eqs. 47-49).
    pub c_plus: f64,
    /// `gamma+ < 0`.
    pub stable: bool,
}

/// A closed-form landscape, ready to evaluate (theory notes, section 3).
///
/// ```
/// use oblique_theory::nonlinearity::Builtin;
/// use oblique_theory::rank_two::NoiseLevel;
/// use oblique_theory::sweep::{PointResult, Sweep, SweepGrid};
/// let grid = SweepGrid { lambda_plus: vec![1.5, 1.9], lambda_minus: vec![-5.0], n: vec![256] };
/// let sweep = Sweep::new(NoiseLevel::new(1.0).unwrap(), Builtin::Erf.into(), 1.0, grid).unwrap();
/// let points = sweep.evaluate();
/// assert_eq!(points[0], PointResult::NoFixedPoint);
/// assert!((points[1].l_var().unwrap() - 0.294_808_881_852_712).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct Sweep {
    grid: SweepGrid,
    sigma2: f64,
    target_abs: f64,
    profiles: Vec<Option<LambdaPlusProfile>>,
}

impl Sweep {
    /// Validates the grid and computes one [`LambdaPlusProfile`] per `lambda+` (in parallel
    /// for numerical nonlinearities).
    pub fn new(
        noise: NoiseLevel,
        nonlinearity: Activation<'_>,
        target: f64,
        grid: SweepGrid,
    ) -> Result<Self, SweepError> {
        for (axis, len) in [
            ("lambda+", grid.lambda_plus.len()),
            ("lambda-", grid.lambda_minus.len()),
            ("N", grid.n.len()),
        ] {
            if len == 0 {
                return Err(SweepError::EmptyAxis { axis });
            }
        }
        let fin = |name: &'static str, value: f64| {
            if value.is_finite() {
                Ok(())
            } else {
                Err(RankTwoError::NonFinite { name, value })
            }
        };
        fin("target", target)?;
        for &v in &grid.lambda_plus {
            fin("lambda+", v)?;
        }
        for &v in &grid.lambda_minus {
            fin("lambda-", v)?;
        }
        if let Some(&n) = grid.n.iter().find(|&&n| n < 2) {
            return Err(RankTwoError::TooFewUnits { n }.into());
        }
        let sigma = noise.sigma();
        let profile = |lp: f64| -> Option<LambdaPlusProfile> {
            let amp = amplitude(nonlinearity, noise, lp).ok()?;
            let gamma_plus = amp.gamma_plus();
            let kappa_norm = amp.kappa_norm;
            let inv_kappa = kappa_norm.recip();
            if nonlinearity.is_erf() {
                // Eq. 53, first two terms divided by rho^2
                let s2 = sigma * sigma;
                let l2 = lp * lp;
                let lmin2 = amp.lambda_plus_min * amp.lambda_plus_min;
                let a2 = std::f64::consts::FRAC_PI_4;
                let c_plus = s2 * l2 / (l2 - lmin2) + s2 * s2 * a2 / (3.0 * l2 - lmin2);
                Some(LambdaPlusProfile {
                    kappa_norm,
                    inv_kappa,
                    c_plus,
                    stable: true,
                })
            } else {
                let c_plus =
                    sigma * sigma / -gamma_plus + colored_variance(sigma, amp.q(), gamma_plus);
                Some(LambdaPlusProfile {
                    kappa_norm,
                    inv_kappa,
                    c_plus,
                    stable: gamma_plus < 0.0,
                })
            }
        };
        let profiles: Vec<_> = if nonlinearity.is_erf() {
            grid.lambda_plus.iter().map(|&lp| profile(lp)).collect()
        } else {
            grid.lambda_plus.par_iter().map(|&lp| profile(lp)).collect()
        };
        Ok(Sweep {
            grid,
            sigma2: sigma * sigma,
            target_abs: target.abs(),
            profiles,
        })
    }

    /// The grid.
    pub fn grid(&self) -> &SweepGrid {
        &self.grid
    }

    /// The per-`lambda+` profiles (`None`: no fixed point).
    pub fn profiles(&self) -> &[Option<LambdaPlusProfile>] {
        &self.profiles
    }

    /// Evaluates every point (parallel over rows).
    pub fn evaluate(&self) -> Vec<PointResult> {
        let mut out = vec![PointResult::NoFixedPoint; self.grid.len()];
        self.evaluate_rows(0, &mut out);
        out
    }

    /// Evaluates every point into `out` (length = grid size).
    pub fn evaluate_into(&self, out: &mut [PointResult]) -> Result<(), SweepError> {
        if out.len() != self.grid.len() {
            return Err(SweepError::BufferLength {
                expected: self.grid.len(),
                got: out.len(),
            });
        }
        self.evaluate_rows(0, out);
        Ok(())
    }

    /// Evaluates the rows `first_row ..` that fit in `out` (whose length must be a multiple
    /// of `len(lambda+)`); for progress reporting in blocks.
    pub fn evaluate_rows(&self, first_row: usize, out: &mut [PointResult]) {
        let np = self.grid.lambda_plus.len();
        let min_rows = (4096 / np).max(1);
        out.par_chunks_mut(np)
            .with_min_len(min_rows)
            .enumerate()
            .for_each(|(k, row)| self.evaluate_row(first_row + k, row));
    }

    /// One row: all `lambda+` at one `(N, lambda-)` (Eqs. 52-53).
    fn evaluate_row(&self, row: usize, out: &mut [PointResult]) {
        let nm = self.grid.lambda_minus.len();
        let n = self.grid.n[row / nm] as f64;
        let lm = self.grid.lambda_minus[row % nm];
        let z_over_sqrt_n = self.target_abs / n.sqrt();
        let s2 = self.sigma2;
        for ((o, &lp), prof) in out
            .iter_mut()
            .zip(&self.grid.lambda_plus)
            .zip(&self.profiles)
        {
            *o = match prof {
                None => PointResult::NoFixedPoint,
                Some(p) => {
                    let rho = z_over_sqrt_n * p.inv_kappa;
                    let rho2 = rho * rho;
                    if rho > 1.0 {
                        PointResult::RhoAboveOne {
                            kappa_norm: p.kappa_norm,
                        }
                    } else if lm >= lp || !p.stable {
                        PointResult::Unstable {
                            kappa_norm: p.kappa_norm,
                            rho,
                        }
                    } else {
                        PointResult::Ok {
                            kappa_norm: p.kappa_norm,
                            rho,
                            l_var: rho2 * p.c_plus + (1.0 - rho2) * s2 * lp / (lp - lm),
                        }
                    }
                }
            };
        }
    }
}
