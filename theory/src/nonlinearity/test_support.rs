//! Test doubles shared by the theory crate's unit tests.

use super::{Erf, Nonlinearity};

/// `erf(sqrt(pi)/2 x)` with only its pointwise functions: no closed-form averages and a
/// name the built-in dispatch does not recognise, so every average takes the numerical path.
#[derive(Debug)]
pub(crate) struct NumericErf;

impl Nonlinearity for NumericErf {
    fn name(&self) -> &str {
        "erf (numerical)"
    }
    fn phi(&self, x: f64) -> f64 {
        Erf.phi(x)
    }
    fn dphi(&self, x: f64) -> f64 {
        Erf.dphi(x)
    }
    fn d2phi(&self, x: f64) -> f64 {
        Erf.d2phi(x)
    }
    fn d3phi(&self, x: f64) -> f64 {
        Erf.d3phi(x)
    }
    fn antiderivative(&self, x: f64) -> f64 {
        Erf.antiderivative(x)
    }
}
