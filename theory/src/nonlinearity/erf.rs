//! `phi(x) = erf(a x)` with `a = sqrt(pi)/2`, so that `phi'(0) = 1`.

use super::Nonlinearity;
use statrs::function::erf::erf;

/// `a = sqrt(pi)/2`, the slope factor that makes `phi'(0) = 1`.
pub const A: f64 = 0.886_226_925_452_758;
const A2: f64 = A * A;

/// `phi(x) = erf(sqrt(pi)/2 x)`: bounded by +-1, slope 1 at the origin, and every Gaussian
/// average in closed form (theory notes, section 2).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Erf;

impl Nonlinearity for Erf {
    fn name(&self) -> &str {
        "erf"
    }
    fn phi(&self, x: f64) -> f64 {
        erf(A * x)
    }
    /// `phi'(x) = exp(-a^2 x^2)` (because `2a/sqrt(pi) = 1`).
    fn dphi(&self, x: f64) -> f64 {
        (-A2 * x * x).exp()
    }
    fn d2phi(&self, x: f64) -> f64 {
        -2.0 * A2 * x * (-A2 * x * x).exp()
    }
    fn d3phi(&self, x: f64) -> f64 {
        (4.0 * A2 * A2 * x * x - 2.0 * A2) * (-A2 * x * x).exp()
    }
    /// `Phi(x) = x phi(x) + (2/pi) (exp(-a^2 x^2) - 1)`.
    fn antiderivative(&self, x: f64) -> f64 {
        x * self.phi(x) + std::f64::consts::FRAC_2_PI * (-A2 * x * x).exp_m1()
    }
    /// `<phi'>_s = (1 + 2 a^2 s^2)^(-1/2)`.
    fn mean_dphi(&self, s: f64) -> f64 {
        (1.0 + 2.0 * A2 * s * s).sqrt().recip()
    }
    /// `<phi'''>_s = -2 a^2 (1 + 2 a^2 s^2)^(-3/2)`.
    fn mean_d3phi(&self, s: f64) -> f64 {
        -2.0 * A2 * (1.0 + 2.0 * A2 * s * s).powf(-1.5)
    }
    /// `<phi'^2>_s = (1 + 4 a^2 s^2)^(-1/2)`.
    fn mean_dphi_sq(&self, s: f64) -> f64 {
        (1.0 + 4.0 * A2 * s * s).sqrt().recip()
    }
    /// `<phi^2>_s = (2/pi) arcsin(2 a^2 s^2 / (1 + 2 a^2 s^2))`.
    fn mean_phi_sq(&self, s: f64) -> f64 {
        let u = 2.0 * A2 * s * s;
        std::f64::consts::FRAC_2_PI * (u / (1.0 + u)).asin()
    }
    /// `<Phi>_s = (2/pi) (sqrt(1 + 2 a^2 s^2) - 1)`.
    fn mean_antiderivative(&self, s: f64) -> f64 {
        let u = 2.0 * A2 * s * s;
        // sqrt(1+u) - 1 = u / (sqrt(1+u) + 1), stable for small u
        std::f64::consts::FRAC_2_PI * u / ((1.0 + u).sqrt() + 1.0)
    }
    /// The closed forms, each from its own method.
    fn averages(&self, s: f64) -> super::GaussianAverages {
        super::GaussianAverages {
            s,
            dphi: self.mean_dphi(s),
            d3phi: self.mean_d3phi(s),
            dphi_sq: self.mean_dphi_sq(s),
            phi_sq: self.mean_phi_sq(s),
            antiderivative: self.mean_antiderivative(s),
        }
    }
}
