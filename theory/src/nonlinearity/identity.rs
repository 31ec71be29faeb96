//! `phi(x) = x`, the linear network.

use super::Nonlinearity;

/// `phi(x) = x`: the linear network of section 5.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Identity;

impl Nonlinearity for Identity {
    fn name(&self) -> &str {
        "identity"
    }
    fn phi(&self, x: f64) -> f64 {
        x
    }
    fn dphi(&self, _x: f64) -> f64 {
        1.0
    }
    fn d2phi(&self, _x: f64) -> f64 {
        0.0
    }
    fn d3phi(&self, _x: f64) -> f64 {
        0.0
    }
    fn antiderivative(&self, x: f64) -> f64 {
        0.5 * x * x
    }
    fn mean_dphi(&self, _s: f64) -> f64 {
        1.0
    }
    fn mean_d3phi(&self, _s: f64) -> f64 {
        0.0
    }
    fn mean_dphi_sq(&self, _s: f64) -> f64 {
        1.0
    }
    fn mean_phi_sq(&self, s: f64) -> f64 {
        s * s
    }
    fn mean_antiderivative(&self, s: f64) -> f64 {
        0.5 * s * s
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
