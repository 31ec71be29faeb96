//! A nonlinearity built from closures, for library users.

use super::Nonlinearity;
use std::sync::Arc;

type Func = Arc<dyn Fn(f64) -> f64 + Send + Sync>;

/// A user-supplied nonlinearity: `phi`, its first three derivatives and its antiderivative
/// `Phi(x) = integral_0^x phi`, given as closures. Every Gaussian average is then computed
/// numerically ([`gaussian_average`](super::gaussian_average), theory notes section 2), so
/// it plugs into everything that takes a `&dyn Nonlinearity`.
///
/// ```
/// use oblique_theory::nonlinearity::{Custom, Nonlinearity};
/// // a scaled tanh, phi(x) = tanh(2x) / 2 (slope 1 at 0)
/// let phi = Custom::new(
///     "half-tanh-2x",
///     |x: f64| 0.5 * (2.0 * x).tanh(),
///     |x: f64| 1.0 - (2.0 * x).tanh().powi(2),
///     |x: f64| { let t = (2.0 * x).tanh(); -4.0 * t * (1.0 - t * t) },
///     |x: f64| { let t = (2.0 * x).tanh(); -8.0 * (1.0 - t * t) * (1.0 - 3.0 * t * t) },
///     |x: f64| 0.25 * (2.0 * x).cosh().ln(),
/// );
/// assert_eq!(phi.name(), "half-tanh-2x");
/// let avg = phi.averages(1.5);
/// assert!(avg.dphi > 0.0 && avg.dphi < 1.0);
/// // consistent with the derivative: <phi'>_s = <y phi(s y)> / s (Gaussian integration by parts)
/// let ibp = oblique_theory::nonlinearity::gaussian_average(|x| x * phi.phi(x), 1.5) / 1.5f64.powi(2);
/// assert!((avg.dphi - ibp).abs() < 1e-12);
/// ```
#[derive(Clone)]
pub struct Custom {
    name: String,
    phi: Func,
    dphi: Func,
    d2phi: Func,
    d3phi: Func,
    antiderivative: Func,
}

impl Custom {
    /// Builds a nonlinearity from `phi`, `phi'`, `phi''`, `phi'''` and `Phi` (with `Phi(0) = 0`).
    pub fn new(
        name: impl Into<String>,
        phi: impl Fn(f64) -> f64 + Send + Sync + 'static,
        dphi: impl Fn(f64) -> f64 + Send + Sync + 'static,
        d2phi: impl Fn(f64) -> f64 + Send + Sync + 'static,
        d3phi: impl Fn(f64) -> f64 + Send + Sync + 'static,
        antiderivative: impl Fn(f64) -> f64 + Send + Sync + 'static,
    ) -> Self {
        Custom {
            name: name.into(),
            phi: Arc::new(phi),
            dphi: Arc::new(dphi),
            d2phi: Arc::new(d2phi),
            d3phi: Arc::new(d3phi),
            antiderivative: Arc::new(antiderivative),
        }
    }
}

impl std::fmt::Debug for Custom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Custom")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Nonlinearity for Custom {
    fn name(&self) -> &str {
        &self.name
    }
    fn phi(&self, x: f64) -> f64 {
        (self.phi)(x)
    }
    fn dphi(&self, x: f64) -> f64 {
        (self.dphi)(x)
    }
    fn d2phi(&self, x: f64) -> f64 {
        (self.d2phi)(x)
    }
    fn d3phi(&self, x: f64) -> f64 {
        (self.d3phi)(x)
    }
    fn antiderivative(&self, x: f64) -> f64 {
        (self.antiderivative)(x)
    }
}
