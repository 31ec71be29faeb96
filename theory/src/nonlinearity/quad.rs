//! Numerical Gaussian averages by double-exponential quadrature.

/// `<f>_s = integral Dy f(s y)`, `Dy` the standard normal measure (theory notes, section 2).
///
/// Integrates `f(s y) exp(-y^2/2) / sqrt(2 pi)` over `[-L, 0]` and `[0, L]` with the
/// `quadrature` crate's double-exponential rule, which clusters nodes at `y = 0` where
/// saturating nonlinearities at large `s` have their structure.
pub fn gaussian_average<F: Fn(f64) -> f64>(f: F, s: f64) -> f64 {
    const L: f64 = 12.0;
    const TOL: f64 = 1e-15;
    let norm = (2.0 * std::f64::consts::PI).sqrt().recip();
    let g = |y: f64| f(s * y) * (-0.5 * y * y).exp() * norm;
    let left = quadrature::double_exponential::integrate(&g, -L, 0.0, TOL).integral;
    let right = quadrature::double_exponential::integrate(&g, 0.0, L, TOL).integral;
    left + right
}
