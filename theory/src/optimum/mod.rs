//! The oblique optimum: minimise `L_var` over `lambda+` at fixed `lambda-` and `N`
//! (theory notes, section 3, after Eq. 53; Fig. 12C-D, Fig. 13). Derivation and the choice
//! of bracket: `theory/notes/rank-two.md`.

use crate::rank_two::{
    lambda_plus_for_kappa, num, Activation, Coupling, NoiseLevel, RankTwoError, RankTwoModel,
};
use argmin::core::{CostFunction, Executor};
use argmin::solver::brent::BrentOpt;

#[cfg(test)]
mod tests;

/// Why no optimum was found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptimumError {
    /// The model is invalid at the requested parameters.
    #[error("{0}")]
    Model(#[from] RankTwoError),
    /// `L_var` decreases or increases all the way to an edge of the search interval.
    #[error("L_var has no minimum over lambda+ in ({}, {}) for lambda- = {}, N = {n}, target {}: the smallest value lies at the {edge} edge", num(*.lo), num(*.hi), num(*.lambda_minus), num(*.target))]
    NoInteriorMinimum {
        /// Lower end of the search interval (rho = 1, or lambda- if larger).
        lo: f64,
        /// Upper end.
        hi: f64,
        /// Which edge (`"lower"` or `"upper"`).
        edge: &'static str,
        /// The fixed lambda-.
        lambda_minus: f64,
        /// Network size.
        n: usize,
        /// Target.
        target: f64,
    },
    /// Brent's method failed.
    #[error("Brent minimisation of L_var failed: {0}")]
    Brent(String),
}

/// The minimum of `L_var(lambda+)` at fixed `lambda-` and `N`: the predicted oblique
/// solution (theory notes, section 3).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Optimum {
    /// Network size.
    pub n: usize,
    /// `lambda+*`, the minimiser.
    pub lambda_plus_opt: f64,
    /// `|kappa_bar|` at `lambda+*` (Eq. 44).
    pub kappa_norm: f64,
    /// `rho` at `lambda+*` (Eq. 52).
    pub rho: f64,
    /// The minimal `L_var` (Eq. 53 for erf).
    pub l_var: f64,
}

/// Everything but `lambda+` and `N`: the family of symmetric bias-zero models to search.
///
/// ```
/// use oblique_theory::nonlinearity::Builtin;
/// use oblique_theory::optimum::OptimumProblem;
/// use oblique_theory::rank_two::NoiseLevel;
/// let p = OptimumProblem {
///     noise: NoiseLevel::new(1.0).unwrap(),
///     nonlinearity: Builtin::Erf.into(),
///     target: 1.0,
///     lambda_minus: -5.0,
/// };
/// let opt = p.solve(256).unwrap();
/// assert!((opt.lambda_plus_opt - 1.92).abs() < 0.01);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct OptimumProblem<'a> {
    /// Noise level.
    pub noise: NoiseLevel,
    /// Nonlinearity.
    pub nonlinearity: Activation<'a>,
    /// Target output `z`.
    pub target: f64,
    /// The fixed second eigenvalue `lambda-`.
    pub lambda_minus: f64,
}

/// `L_var(lambda+)` as an argmin cost function.
struct LVar<'a> {
    problem: OptimumProblem<'a>,
    n: usize,
}

impl CostFunction for LVar<'_> {
    type Param = f64;
    type Output = f64;
    fn cost(&self, lambda_plus: &f64) -> Result<f64, argmin::core::Error> {
        Ok(self.problem.l_var(self.n, *lambda_plus)?)
    }
}

impl OptimumProblem<'_> {
    /// The model at `(lambda+, N)`.
    pub fn model(&self, n: usize, lambda_plus: f64) -> RankTwoModel<'_> {
        RankTwoModel {
            noise: self.noise,
            nonlinearity: self.nonlinearity,
            n,
            target: self.target,
            coupling: Coupling::Eigen {
                lambda_plus,
                lambda_minus: self.lambda_minus,
            },
        }
    }

    /// `L_var` at `(lambda+, N)` by the Lyapunov route (Eqs. 39, 47-48).
    pub fn l_var(&self, n: usize, lambda_plus: f64) -> Result<f64, RankTwoError> {
        Ok(self.model(n, lambda_plus).solve()?.l_var)
    }

    /// The search interval `(lo, hi)`: `lo` just above the `lambda+` at which `rho = 1`
    /// (`|kappa_bar| = |z|/sqrt(N)`) or just above `lambda-` if that is larger (stability),
    /// `hi = 20 lo + 10 |lambda-|`, far beyond any minimum (`L_var` only grows slowly
    /// towards `sigma^2` for large `lambda+`).
    pub fn bracket(&self, n: usize) -> (f64, f64) {
        let kappa = self.target.abs() / (n as f64).sqrt();
        let l_rho1 = lambda_plus_for_kappa(self.nonlinearity, self.noise, kappa);
        let lo = l_rho1.max(self.lambda_minus) * (1.0 + 1e-9);
        let hi = 20.0 * lo + 10.0 * self.lambda_minus.abs();
        (lo, hi)
    }

    /// Minimises `L_var` over `lambda+` at this `N` with argmin's `BrentOpt` on
    /// [`bracket`](Self::bracket) (theory notes, section 3).
    ///
    /// Errors: invalid parameters ([`OptimumError::Model`]) and a minimum at an edge of the
    /// interval ([`OptimumError::NoInteriorMinimum`], e.g. for `target = 0` or `lambda- >= 0`
    /// where `L_var` is monotone).
    pub fn solve(&self, n: usize) -> Result<Optimum, OptimumError> {
        if n < 2 {
            return Err(RankTwoError::TooFewUnits { n }.into());
        }
        for (name, v) in [("target", self.target), ("lambda-", self.lambda_minus)] {
            if !v.is_finite() {
                return Err(RankTwoError::NonFinite { name, value: v }.into());
            }
        }
        let (lo, hi) = self.bracket(n);
        // one evaluation validates everything else with the model's own messages
        self.l_var(n, lo)?;
        let cost = LVar { problem: *self, n };
        let res = Executor::new(cost, BrentOpt::new(lo, hi).set_tolerance(1.5e-8, 1e-12))
            .configure(|st| st.max_iters(500))
            .run()
            .map_err(|e| OptimumError::Brent(e.to_string()))?;
        let lp = res
            .state
            .best_param
            .ok_or_else(|| OptimumError::Brent("no minimiser returned".to_string()))?;
        let width = hi - lo;
        let edge = if lp - lo < 1e-6 * width {
            Some("lower")
        } else if hi - lp < 1e-6 * width {
            Some("upper")
        } else {
            None
        };
        if let Some(edge) = edge {
            return Err(OptimumError::NoInteriorMinimum {
                lo,
                hi,
                edge,
                lambda_minus: self.lambda_minus,
                n,
                target: self.target,
            });
        }
        let sol = self.model(n, lp).solve()?;
        Ok(Optimum {
            n,
            lambda_plus_opt: lp,
            kappa_norm: sol.kappa_norm,
            rho: sol.rho,
            l_var: sol.l_var,
        })
    }
}
