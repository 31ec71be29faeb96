//! Tests of the nonlinearities and the numerical Gaussian averages against closed forms,
//! finite differences and an independent quadrature.

use super::*;

use super::test_support::NumericErf;

fn rel_close(num: f64, exact: f64, tol: f64) -> bool {
    (num - exact).abs() <= tol * exact.abs() || (num == 0.0 && exact == 0.0)
}

fn s_grid() -> Vec<f64> {
    // 0, then 400 points spread over (0, 10], including irrational-looking ones
    let mut s: Vec<f64> = (1..=400)
        .map(|k| 10.0 * (k as f64 / 400.0).powf(1.3))
        .collect();
    s.extend([
        0.0,
        1e-3,
        0.123_456_7,
        std::f64::consts::PI,
        7.777,
        9.999_999,
    ]);
    s
}

#[test]
fn numerical_erf_averages_match_closed_forms_to_1e_10() {
    for s in s_grid() {
        let closed = Erf.averages(s);
        let pairs = [
            ("<phi'>", gaussian_average(|x| Erf.dphi(x), s), closed.dphi),
            (
                "<phi'''>",
                gaussian_average(|x| Erf.d3phi(x), s),
                closed.d3phi,
            ),
            (
                "<phi'^2>",
                gaussian_average(|x| Erf.dphi(x).powi(2), s),
                closed.dphi_sq,
            ),
            (
                "<phi^2>",
                gaussian_average(|x| Erf.phi(x).powi(2), s),
                closed.phi_sq,
            ),
            (
                "<Phi>",
                gaussian_average(|x| Erf.antiderivative(x), s),
                closed.antiderivative,
            ),
        ];
        for (what, num, exact) in pairs {
            assert!(
                rel_close(num, exact, 1e-10),
                "{what} at s = {s}: numerical {num:e} vs closed {exact:e} (rel {:e})",
                ((num - exact) / exact).abs()
            );
        }
        // the one-pass default of `averages` (used for tanh and user nonlinearities)
        let one_pass = NumericErf.averages(s);
        for (what, num, exact) in [
            ("dphi", one_pass.dphi, closed.dphi),
            ("d3phi", one_pass.d3phi, closed.d3phi),
            ("dphi_sq", one_pass.dphi_sq, closed.dphi_sq),
            ("phi_sq", one_pass.phi_sq, closed.phi_sq),
            (
                "antiderivative",
                one_pass.antiderivative,
                closed.antiderivative,
            ),
        ] {
            assert!(
                rel_close(num, exact, 1e-10),
                "one-pass {what} at s = {s}: {num:e} vs {exact:e}"
            );
        }
    }
}

#[test]
fn erf_closed_forms_agree_with_individual_methods() {
    for s in [0.0, 0.5, 3.0] {
        let a = Erf.averages(s);
        assert_eq!(a.dphi, Erf.mean_dphi(s));
        assert_eq!(a.d3phi, Erf.mean_d3phi(s));
        assert_eq!(a.phi_sq, Erf.mean_phi_sq(s));
    }
}

#[test]
fn averages_of_polynomials_are_gaussian_moments() {
    for s in [0.3, 1.0, 4.0, 25.0] {
        let [m0, m2, m4, m6] = gaussian_averages(|x| [1.0, x * x, x.powi(4), x.powi(6)], s);
        assert!((m0 - 1.0).abs() < 1e-13);
        assert!(rel_close(m2, s * s, 1e-12));
        assert!(rel_close(m4, 3.0 * s.powi(4), 1e-12));
        assert!(rel_close(m6, 15.0 * s.powi(6), 1e-12));
    }
    assert_eq!(gaussian_average(|x| x + 2.0, 0.0), 2.0);
    assert_eq!(
        gaussian_average(|x| x * x, -2.0),
        gaussian_average(|x| x * x, 2.0)
    );
    assert!(gaussian_average(|x| x, f64::NAN).is_nan());
}

#[test]
fn non_smooth_integrand_still_converges() {
    // <|x|>_s = s sqrt(2/pi): a kink at 0, so only algebraic (h^2) convergence and an
    // accuracy of about 1e-6 at the finest level (documented in quad.rs)
    for s in [0.5, 2.0, 10.0] {
        let v = gaussian_average(f64::abs, s);
        let exact = s * (2.0 / std::f64::consts::PI).sqrt();
        assert!(rel_close(v, exact, 1e-6), "s = {s}: {v} vs {exact}");
    }
}

/// Fourth-order central differences.
fn fd(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-3;
    (-f(x + 2.0 * h) + 8.0 * f(x + h) - 8.0 * f(x - h) + f(x - 2.0 * h)) / (12.0 * h)
}

#[test]
fn tanh_derivatives_match_finite_differences() {
    for x in [-3.1, -1.0, -0.2, 0.0, 0.37, 1.5, 4.0] {
        let t = Tanh;
        assert!(
            (fd(|y| t.phi(y), x) - t.dphi(x)).abs() < 1e-11,
            "phi' at {x}"
        );
        assert!(
            (fd(|y| t.dphi(y), x) - t.d2phi(x)).abs() < 1e-10,
            "phi'' at {x}"
        );
        assert!(
            (fd(|y| t.d2phi(y), x) - t.d3phi(x)).abs() < 1e-10,
            "phi''' at {x}"
        );
        assert!(
            (fd(|y| t.antiderivative(y), x) - t.phi(x)).abs() < 1e-11,
            "Phi' at {x}"
        );
    }
    assert_eq!(Tanh.antiderivative(0.0), 0.0);
    // Phi = ln cosh without overflow far out
    assert!((Tanh.antiderivative(800.0) - (800.0 - std::f64::consts::LN_2)).abs() < 1e-10);
}

/// Independent method: Clenshaw-Curtis in x on [-12 s, 12 s], split at +-4 where tanh bends.
fn tanh_average_clenshaw_curtis(f: impl Fn(f64) -> f64, s: f64) -> f64 {
    let g =
        |x: f64| f(x) * (-0.5 * x * x / (s * s)).exp() / (s * (2.0 * std::f64::consts::PI).sqrt());
    let l = 12.0 * s;
    let cuts = [-l, -4.0, -1.0, 0.0, 1.0, 4.0, l];
    cuts.windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| quadrature::clenshaw_curtis::integrate(g, w[0], w[1], 1e-14).integral)
        .sum()
}

#[test]
fn tanh_averages_match_an_independent_quadrature() {
    for s in [0.7, 1.3, 2.5, 6.0] {
        let a = Tanh.averages(s);
        let dphi = tanh_average_clenshaw_curtis(|x| Tanh.dphi(x), s);
        let phi_sq = tanh_average_clenshaw_curtis(|x| Tanh.phi(x).powi(2), s);
        assert!(
            rel_close(a.dphi, dphi, 1e-11),
            "s = {s}: {} vs {dphi}",
            a.dphi
        );
        assert!(
            rel_close(a.phi_sq, phi_sq, 1e-11),
            "s = {s}: {} vs {phi_sq}",
            a.phi_sq
        );
        // Stein's lemma: <phi'> = <x phi(x)> / s^2, another independent identity
        let stein = gaussian_average(|x| x * Tanh.phi(x), s) / (s * s);
        assert!(rel_close(a.dphi, stein, 1e-11));
    }
}

#[test]
fn custom_nonlinearity_reproduces_tanh() {
    let c = Custom::new(
        "my-tanh",
        f64::tanh,
        |x| Tanh.dphi(x),
        |x| Tanh.d2phi(x),
        |x| Tanh.d3phi(x),
        |x| Tanh.antiderivative(x),
    );
    assert_eq!(c.name(), "my-tanh");
    // the default one-pass averages against Tanh's fused override (same rule, same nodes)
    let (a, b) = (c.averages(1.7), Tanh.averages(1.7));
    for (x, y) in [
        (a.dphi, b.dphi),
        (a.d3phi, b.d3phi),
        (a.dphi_sq, b.dphi_sq),
        (a.phi_sq, b.phi_sq),
        (a.antiderivative, b.antiderivative),
    ] {
        assert!(rel_close(x, y, 1e-14), "{x} vs {y}");
    }
    assert!(rel_close(b.dphi, Tanh.mean_dphi(1.7), 1e-13));
    assert!(format!("{c:?}").contains("my-tanh"));
}

#[test]
fn identity_averages_are_moments() {
    let a = Identity.averages(2.0);
    assert_eq!(
        (a.dphi, a.d3phi, a.dphi_sq, a.phi_sq, a.antiderivative),
        (1.0, 0.0, 1.0, 4.0, 2.0)
    );
}
