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
}
