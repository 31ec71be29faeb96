//! Nonlinearities and their Gaussian averages (theory notes, section 2).
//!
//! `<f>_s = integral Dy f(s y)` with `Dy` the standard normal measure. The trait
//! [`Nonlinearity`] gives every average a numerical default ([`gaussian_average`]), so a
//! user-supplied nonlinearity only has to provide `phi` and its derivatives (implement the
//! trait, or build a [`Custom`] from closures); [`Erf`] and [`Identity`] override the
//! averages with closed forms. The numerical path and its accuracy are derived in
//! `theory/notes/gaussian-averages.md`.

mod custom;
mod erf;
mod identity;
mod quad;
mod tanh;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

pub use custom::Custom;
pub use erf::Erf;
pub use identity::Identity;
pub use quad::{gaussian_average, gaussian_averages};
pub use tanh::Tanh;

/// A pointwise nonlinearity `phi` with the derivatives the mean-field theory needs.
///
/// Implement `phi`, `dphi`, `d2phi`, `d3phi` and `antiderivative`; the Gaussian averages
/// then default to numerical quadrature ([`gaussian_average`], about `1e-13` relative for
/// smooth `phi`). When closed forms exist, override the individual `mean_*` methods AND
/// [`averages`](Nonlinearity::averages) (whose default computes all five numerically in
/// one pass).
pub trait Nonlinearity: Send + Sync + std::fmt::Debug {
    /// Short name used in CLI output (`"erf"`, `"tanh"`, ...).
    fn name(&self) -> &str;
    /// `phi(x)`.
    fn phi(&self, x: f64) -> f64;
    /// `phi'(x)`.
    fn dphi(&self, x: f64) -> f64;
    /// `phi''(x)`.
    fn d2phi(&self, x: f64) -> f64;
    /// `phi'''(x)`.
    fn d3phi(&self, x: f64) -> f64;
    /// `Phi(x) = integral_0^x phi(y) dy`.
    fn antiderivative(&self, x: f64) -> f64;

    /// `<phi'>_s`, the average slope (Eq. 41).
    fn mean_dphi(&self, s: f64) -> f64 {
        gaussian_average(|x| self.dphi(x), s)
    }
    /// `<phi'''>_s` (Eq. 46).
    fn mean_d3phi(&self, s: f64) -> f64 {
        gaussian_average(|x| self.d3phi(x), s)
    }
    /// `<phi'^2>_s`.
    fn mean_dphi_sq(&self, s: f64) -> f64 {
        gaussian_average(|x| self.dphi(x).powi(2), s)
    }
    /// `<phi^2>_s`.
    fn mean_phi_sq(&self, s: f64) -> f64 {
        gaussian_average(|x| self.phi(x).powi(2), s)
    }
    /// `<Phi>_s` with `Phi` the antiderivative.
    fn mean_antiderivative(&self, s: f64) -> f64 {
        gaussian_average(|x| self.antiderivative(x), s)
    }
    /// All one-dimensional averages at standard deviation `s` (theory notes, section 2).
    ///
    /// The default evaluates the five integrands together, in one quadrature pass
    /// ([`gaussian_averages`]), which costs about as much as one average.
    fn averages(&self, s: f64) -> GaussianAverages {
        let [dphi, d3phi, dphi_sq, phi_sq, antiderivative] = gaussian_averages(
            |x| {
                let p = self.phi(x);
                let d = self.dphi(x);
                [d, self.d3phi(x), d * d, p * p, self.antiderivative(x)]
            },
            s,
        );
        GaussianAverages {
            s,
            dphi,
            d3phi,
            dphi_sq,
            phi_sq,
            antiderivative,
        }
    }
}

/// The one-dimensional Gaussian averages of a nonlinearity at standard deviation `s`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct GaussianAverages {
    /// Standard deviation of the Gaussian.
    pub s: f64,
    /// `<phi'>_s`
    pub dphi: f64,
    /// `<phi'''>_s`
    pub d3phi: f64,
    /// `<phi'^2>_s`
    pub dphi_sq: f64,
    /// `<phi^2>_s`
    pub phi_sq: f64,
    /// `<Phi>_s`
    pub antiderivative: f64,
}

/// The built-in nonlinearities, by name, for the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Builtin {
    /// `erf(sqrt(pi)/2 x)`, closed-form averages.
    Erf,
    /// `tanh(x)`, numerical averages.
    Tanh,
    /// `x` (linear network).
    Identity,
}

impl Builtin {
    /// The nonlinearity as a trait object.
    pub fn get(self) -> &'static dyn Nonlinearity {
        match self {
            Builtin::Erf => &Erf,
            Builtin::Tanh => &Tanh,
            Builtin::Identity => &Identity,
        }
    }
}

impl std::str::FromStr for Builtin {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "erf" => Ok(Builtin::Erf),
            "tanh" => Ok(Builtin::Tanh),
            "identity" | "linear" => Ok(Builtin::Identity),
            other => Err(format!(
                "unknown nonlinearity '{other}': expected one of erf, tanh, identity"
            )),
        }
    }
}
