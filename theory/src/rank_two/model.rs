//! Typed inputs of the rank-two mean-field theory (theory notes, section 3).

use super::RankTwoError;
use crate::nonlinearity::{Builtin, Nonlinearity};
use nalgebra::Matrix2;

/// The noise level `sigma > 0`: the stationary standard deviation of a single unconnected
/// unit (theory notes, section 1).
///
/// ```
/// use oblique_theory::rank_two::NoiseLevel;
/// assert_eq!(NoiseLevel::new(1.0).unwrap().sigma(), 1.0);
/// assert_eq!(
///     NoiseLevel::new(0.0).unwrap_err().to_string(),
///     "noise: sigma = 0 must be a finite number > 0 (it is the standard deviation of a single unit's noise)"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct NoiseLevel(f64);

impl NoiseLevel {
    /// Checks `sigma` (finite and `> 0`).
    pub fn new(sigma: f64) -> Result<Self, RankTwoError> {
        if sigma.is_finite() && sigma > 0.0 {
            Ok(NoiseLevel(sigma))
        } else {
            Err(RankTwoError::NonPositiveNoise { sigma })
        }
    }
    /// `sigma`.
    pub fn sigma(self) -> f64 {
        self.0
    }
    /// `sigma^2`.
    pub fn variance(self) -> f64 {
        self.0 * self.0
    }
}

/// Which nonlinearity: a built-in one (erf gets the closed forms of section 2) or any
/// user-supplied [`Nonlinearity`] (numerical averages, and Eq. 43 solved by Brent's method).
#[derive(Debug, Clone, Copy)]
pub enum Activation<'a> {
    /// `erf`, `tanh` or `identity`.
    Builtin(Builtin),
    /// A user-supplied nonlinearity. Even `&Erf` passed here takes the numerical route.
    Custom(&'a dyn Nonlinearity),
}

impl<'a> Activation<'a> {
    /// The nonlinearity as a trait object.
    pub fn get(&self) -> &'a dyn Nonlinearity {
        match *self {
            Activation::Builtin(b) => b.get(),
            Activation::Custom(f) => f,
        }
    }
    /// Whether the erf closed forms (Eqs. 44, 51, 53) apply.
    pub fn is_erf(&self) -> bool {
        matches!(self, Activation::Builtin(Builtin::Erf))
    }
    /// Short name (`"erf"`, `"tanh"`, ...).
    pub fn name(&self) -> &'a str {
        self.get().name()
    }
}

impl From<Builtin> for Activation<'_> {
    fn from(b: Builtin) -> Self {
        Activation::Builtin(b)
    }
}

impl<'a> From<&'a dyn Nonlinearity> for Activation<'a> {
    fn from(f: &'a dyn Nonlinearity) -> Self {
        Activation::Custom(f)
    }
}

/// The 2x2 coupling matrix `M` of `W = U M U^T / N`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Coupling {
    /// Symmetric `M = lambda+ v+ v+^T + lambda- v- v-^T` at the bias-zero angle (Eq. 52):
    /// `v+ = (rho, sqrt(1 - rho^2))`, `v- = (-sqrt(1 - rho^2), rho)` and
    /// `rho = |z| / (sqrt(N) |kappa_bar|)`, so that the fixed point's output is the target.
    Eigen {
        /// The eigenvalue carrying the fixed point.
        lambda_plus: f64,
        /// The other eigenvalue (negative feedback when negative).
        lambda_minus: f64,
    },
    /// Any real 2x2 `M` (row-major, not necessarily symmetric). Its larger real eigenvalue
    /// is `lambda+`; the fixed point lies along its right eigenvector.
    Explicit(Matrix2<f64>),
}

/// One point of the rank-two mean-field theory with g = 0 (theory notes, section 3).
///
/// ```
/// use oblique_theory::nonlinearity::Builtin;
/// use oblique_theory::rank_two::{Coupling, NoiseLevel, RankTwoModel};
/// let model = RankTwoModel {
///     noise: NoiseLevel::new(1.0).unwrap(),
///     nonlinearity: Builtin::Erf.into(),
///     n: 256,
///     target: 1.0,
///     coupling: Coupling::Eigen { lambda_plus: 1.9, lambda_minus: -5.0 },
/// };
/// let sol = model.solve().unwrap();
/// assert!((sol.lambda_plus_min - 1.603_37).abs() < 1e-5);
/// // Lyapunov route (Eq. 48) and closed form (Eq. 53) agree
/// assert!((sol.l_var - sol.l_var_closed_form.unwrap()).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RankTwoModel<'a> {
    /// Noise level `sigma`.
    pub noise: NoiseLevel,
    /// The nonlinearity `phi`.
    pub nonlinearity: Activation<'a>,
    /// Network size `N >= 2`.
    pub n: usize,
    /// Target output `z` (its sign only picks which of the two fixed points `+-kappa_bar`).
    pub target: f64,
    /// The coupling matrix `M`.
    pub coupling: Coupling,
}

/// Checks that `value` is finite, naming the parameter otherwise.
pub(crate) fn check_finite(name: &'static str, value: f64) -> Result<f64, RankTwoError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(RankTwoError::NonFinite { name, value })
    }
}

impl RankTwoModel<'_> {
    /// Validates the plain numbers (`N >= 2`, everything finite).
    pub(crate) fn validate(&self) -> Result<(), RankTwoError> {
        if self.n < 2 {
            return Err(RankTwoError::TooFewUnits { n: self.n });
        }
        check_finite("target", self.target)?;
        match self.coupling {
            Coupling::Eigen {
                lambda_plus,
                lambda_minus,
            } => {
                check_finite("lambda+", lambda_plus)?;
                check_finite("lambda-", lambda_minus)?;
            }
            Coupling::Explicit(m) => {
                for v in m.iter() {
                    check_finite("M", *v)?;
                }
            }
        }
        Ok(())
    }
}
