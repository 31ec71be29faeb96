//! `phi(x) = tanh(x)`; its Gaussian averages are numerical.

use super::Nonlinearity;

/// `phi(x) = tanh(x)`. No closed forms: every average goes through quadrature.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tanh;

impl Nonlinearity for Tanh {
    fn name(&self) -> &str {
        "tanh"
    }
    fn phi(&self, x: f64) -> f64 {
        x.tanh()
    }
    fn dphi(&self, x: f64) -> f64 {
        let t = x.tanh();
        1.0 - t * t
    }
    fn d2phi(&self, x: f64) -> f64 {
        let t = x.tanh();
        -2.0 * t * (1.0 - t * t)
    }
    fn d3phi(&self, x: f64) -> f64 {
        let t = x.tanh();
        -2.0 * (1.0 - t * t) * (1.0 - 3.0 * t * t)
    }
    /// `Phi(x) = ln cosh x`, evaluated as `|x| + ln(1 + e^{-2|x|}) - ln 2`.
    fn antiderivative(&self, x: f64) -> f64 {
        let ax = x.abs();
        ax + (-2.0 * ax).exp().ln_1p() - std::f64::consts::LN_2
    }
    /// All five averages in one quadrature pass with one `tanh`, one `exp` and one `ln_1p`
    /// per node (the same numbers as the default, about 3x faster).
    fn averages(&self, s: f64) -> super::GaussianAverages {
        let [dphi, d3phi, dphi_sq, phi_sq, antiderivative] = super::gaussian_averages(
            |x| {
                let t = x.tanh();
                let d = 1.0 - t * t;
                let ax = x.abs();
                let big_phi = ax + (-2.0 * ax).exp().ln_1p() - std::f64::consts::LN_2;
                [d, -2.0 * d * (1.0 - 3.0 * t * t), d * d, t * t, big_phi]
            },
            s,
        );
        super::GaussianAverages {
            s,
            dphi,
            d3phi,
            dphi_sq,
            phi_sq,
            antiderivative,
        }
    }
}
