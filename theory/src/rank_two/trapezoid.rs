//! Fast Gaussian averages for smooth (analytic) nonlinearities such as tanh, used by the
//! numerical route of Eq. 43 for [`Builtin::Tanh`](crate::nonlinearity::Builtin).
//!
//! `<f>_s = integral Dy f(s y)` by the trapezoidal rule on the whole line. For an integrand
//! analytic in the strip `|Im y| < d` the error falls like `exp(-2 pi d / h)`; `tanh(s y)`
//! and its derivatives have their nearest poles at `y = +-i pi/(2 s)` (distance `d`). By
//! Poisson summation the error is about `k^3 exp(d^2/2 - 2 pi d / h)` (the `k^3` from
//! `phi'''`, `k ~ 2 pi/(h s)`), so the step `h = min(0.25, pi^2 / (48 s))` keeps it below
//! ~1e-15 relative. The Gaussian weight is cut at `|y| = 9` (`exp(-40.5)`).
//! About `100 s + 70` evaluations: ~2-3 us at the fixed points of interest, against ~40 us
//! for the adaptive double-exponential rule of [`gaussian_average`](crate::nonlinearity::gaussian_average),
//! which remains the reference in the tests.

/// `<f>_s` by the trapezoidal rule (see the module docs). `f` must be analytic in a strip
/// around the real axis of half-width `pi/(2 s)` (true for tanh and erf).
pub fn trapezoid_average<F: Fn(f64) -> f64>(f: F, s: f64) -> f64 {
    trapezoid(|y| f(y) + f(-y), f(0.0), s)
}

/// [`trapezoid_average`] for an even `f` (`f(-x) = f(x)`, e.g. the first and third
/// derivatives of an odd `phi`): half the evaluations.
pub fn trapezoid_average_even<F: Fn(f64) -> f64>(f: F, s: f64) -> f64 {
    trapezoid(|y| 2.0 * f(y), f(0.0), s)
}

/// `h / sqrt(2 pi) (f0 + sum_k w_k pair(s h k))` with `w_k = exp(-(h k)^2 / 2)`.
fn trapezoid<P: Fn(f64) -> f64>(pair: P, f0: f64, s: f64) -> f64 {
    const Y: f64 = 9.0;
    let s = s.abs();
    let h = (std::f64::consts::PI.powi(2) / (48.0 * s.max(1e-300))).min(0.25);
    let k_max = (Y / h).ceil() as usize;
    // w_k = exp(-(k h)^2 / 2) by the recurrence w_{k+1} = w_k r_k, r_{k+1} = r_k q
    let q = (-h * h).exp();
    let mut r = (-0.5 * h * h).exp();
    let mut w = 1.0;
    let mut sum = f0;
    for k in 1..=k_max {
        w *= r;
        r *= q;
        sum += w * pair(s * h * k as f64);
    }
    sum * h / (2.0 * std::f64::consts::PI).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonlinearity::{gaussian_average, Erf, Nonlinearity, Tanh};

    #[test]
    fn matches_adaptive_quadrature_and_erf_closed_forms() {
        for i in 0..60 {
            let s = 0.01 * 1.12f64.powi(i); // 0.01 .. ~8
            let (a, b) = (
                trapezoid_average(|x| Tanh.dphi(x), s),
                gaussian_average(|x| Tanh.dphi(x), s),
            );
            assert!(
                (a - b).abs() <= 3e-12 * b,
                "tanh <phi'> at s = {s}: {a} vs {b}"
            );
            let (a, b) = (
                trapezoid_average(|x| Tanh.d3phi(x), s),
                gaussian_average(|x| Tanh.d3phi(x), s),
            );
            // the adaptive rule itself is off by up to a few 1e-12 here (see the mpmath values below)
            assert!(
                (a - b).abs() <= 1e-12,
                "tanh <phi'''> at s = {s}: {a} vs {b}"
            );
            let (a, b) = (trapezoid_average(|x| Erf.dphi(x), s), Erf.mean_dphi(s));
            assert!(
                (a - b).abs() <= 1e-14 * b,
                "erf <phi'> at s = {s}: {a} vs {b}"
            );
            let c = trapezoid_average_even(|x| Erf.dphi(x), s);
            assert!(
                (c - b).abs() <= 1e-14 * b,
                "erf even rule at s = {s}: {c} vs {b}"
            );
            let c = trapezoid_average_even(|x| Tanh.dphi(x), s);
            let a = trapezoid_average(|x| Tanh.dphi(x), s);
            assert!((c - a).abs() <= 1e-15 * a);
            let (a, b) = (trapezoid_average(|x| Erf.d3phi(x), s), Erf.mean_d3phi(s));
            assert!(
                (a - b).abs() <= 1e-13 * b.abs(),
                "erf <phi'''> at s = {s}: {a} vs {b}"
            );
        }
        // small s: <sech^2(s y)> = 1 - s^2 + 2 s^4 - (17/3) s^6 + (62/3) s^8 + O(s^10) (the adaptive rule
        // is off by ~1e-13 here)
        let s: f64 = 0.01;
        let series =
            1.0 - s * s + 2.0 * s.powi(4) - 17.0 / 3.0 * s.powi(6) + 62.0 / 3.0 * s.powi(8);
        assert!((trapezoid_average(|x| Tanh.dphi(x), s) - series).abs() < 1e-15);
        // tanh <phi'''> to 30 digits (mpmath.quad with breakpoints at 0, +-1/s)
        for (s, exact) in [
            (0.591_355_739_286_003_6, -0.825_677_532_404_080_6),
            (1.167_231_373_216_469_6, -0.267_961_056_197_385_96),
            (3.0, -0.026_042_784_434_826_439),
            (8.0, -0.001_528_985_296_251_074_6),
        ] {
            let a = trapezoid_average(|x| Tanh.d3phi(x), s);
            assert!(
                (a - exact).abs() < 5e-14 * exact.abs(),
                "s = {s}: {a} vs {exact}"
            );
        }
        // tanh <phi'> at s = 5.704390783543077 (mpmath: 0.138149466746120734631830607412)
        let a = trapezoid_average(|x| Tanh.dphi(x), 5.704_390_783_543_077);
        assert!((a - 0.138_149_466_746_120_73).abs() < 1e-15, "{a}");
        // s up to 30 against the erf closed form
        for s in [10.0, 20.0, 30.0] {
            let (a, b) = (trapezoid_average(|x| Erf.dphi(x), s), Erf.mean_dphi(s));
            assert!(
                (a - b).abs() <= 1e-13 * b,
                "erf <phi'> at s = {s}: {a} vs {b}"
            );
        }
    }
}
