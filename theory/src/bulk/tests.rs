//! Tests of the bulk theory against independent values: section 3 closed forms (g = 0),
//! the exact linear network, and a direct iteration of the dynamic mean-field integral
//! equation for `c(tau)` that does not use the energy argument.

use super::*;
use crate::nonlinearity::{Erf, Identity, Nonlinearity, Tanh};

const A2: f64 = std::f64::consts::PI / 4.0;

fn model(g: f64, noise: f64, nl: &dyn Nonlinearity, lambda_plus: f64) -> BulkModel<'_> {
    BulkModel {
        g,
        noise,
        nonlinearity: nl,
        lambda_plus,
        lambda_minus: -5.0,
        n: 256,
        target: 1.0,
    }
}

use crate::nonlinearity::test_support::NumericErf;

#[test]
fn g_zero_is_section_three_exactly() {
    for &(noise, lp) in &[(1.0, 1.9), (1.0, 2.6), (0.2, 1.2), (2.0, 3.5)] {
        let s = model(0.0, noise, &Erf, lp).solve().unwrap();
        let lmin = (1.0 + 2.0 * A2 * noise * noise).sqrt(); // Eq. 51
        let k2 = (lp * lp - lmin * lmin) / (2.0 * A2); // Eq. 44
        let sx2 = (lp * lp - 1.0) / (2.0 * A2);
        let q = -2.0 * A2 / (1.0 + 2.0 * A2 * sx2); // <phi'''>/<phi'> for erf
        assert_eq!(s.c0, noise * noise);
        assert_eq!(s.c_inf, 0.0);
        assert_eq!(s.lambda_plus_min, lmin);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-14 * b.abs();
        assert!(close(s.kappa_norm * s.kappa_norm, k2), "{s:?} vs {k2}");
        assert!(close(s.s_x * s.s_x, sx2));
        assert!(close(s.rho, 1.0 / (16.0 * k2.sqrt())));
        assert!(
            close(s.gamma_plus, q * k2),
            "{} vs {}",
            s.gamma_plus,
            q * k2
        );
        assert!(close(s.gamma_minus, -5.0 / lp - 1.0));
    }
    // tanh at g = 0: c0 = sigma^2 and the fixed point is lambda+ <phi'> = 1 over s_x^2 = K + sigma^2
    let s = model(0.0, 0.7, &Tanh, 2.0).solve().unwrap();
    assert_eq!(s.c0, 0.7 * 0.7);
    assert!((2.0 * Tanh.mean_dphi(s.s_x) - 1.0).abs() < 1e-12);
}

#[test]
fn sigma_one_critical_value_matches_the_notes() {
    let c = critical_lambda_plus(0.0, 1.0, &Erf).unwrap();
    assert!((c.lambda_plus_min - 1.6034).abs() < 5e-5);
}

#[test]
fn linear_network_amplitude_is_exact() {
    // phi = x: (1 - d^2/dtau^2) c = g^2 c + 2 sigma^2 delta  =>  c(0) = sigma^2 / sqrt(1 - g^2)
    for &(g, noise) in &[(0.3, 1.0), (0.8, 0.5), (0.95, 2.0)] {
        let c = critical_lambda_plus(g, noise, &Identity).unwrap();
        let exact = noise * noise / (1.0 - g * g).sqrt();
        assert!(
            (c.variance - exact).abs() < 1e-12 * exact,
            "{} vs {exact}",
            c.variance
        );
        assert!((c.lambda_plus_min - 1.0).abs() < 1e-12);
    }
    let e = critical_lambda_plus(1.1, 1.0, &Identity).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no stationary amplitude for g = 1.1 and noise 1 with identity: the variance grows \
         without bound (for the identity this happens at g >= 1)"
    );
}

/// Direct solution of the dynamic mean-field equation on a grid, without the energy
/// argument: `c(tau) = sigma^2 e^{-|tau|} + (g^2/2) integral e^{-|tau-s|} C_phi(s) ds` with
/// `C_phi(tau) = F_phi(K + c(tau); K + c(0))` and, for a fixed point, `K = Delta0 - c(0)`
/// (Eq. 43). Product integration against the exponential kernel with piecewise-linear
/// `C_phi`, constant tail beyond `t_max`. Returns `(c(0), c(t_max))`.
fn dmft_iteration(g: f64, noise: f64, delta0: Option<f64>, dt: f64, t_max: f64) -> (f64, f64) {
    let n = (t_max / dt).round() as usize;
    let e = (-dt).exp();
    let w1 = 1.0 - e;
    let w2 = (1.0 - e * (1.0 + dt)) / dt;
    let fphi = |cov: f64, var: f64| {
        std::f64::consts::FRAC_2_PI * (2.0 * A2 * cov / (1.0 + 2.0 * A2 * var)).asin()
    };
    let mut c: Vec<f64> = (0..=n)
        .map(|k| noise * noise * (-(k as f64) * dt).exp())
        .collect();
    let (mut big_c, mut minus, mut plus) = (vec![0.0; n + 1], vec![0.0; n + 1], vec![0.0; n + 1]);
    for _ in 0..500 {
        let k_sq = delta0.map_or(0.0, |d| d - c[0]);
        let var = k_sq + c[0];
        for (bc, &ck) in big_c.iter_mut().zip(&c) {
            *bc = fphi(k_sq + ck, var);
        }
        minus[n] = big_c[n];
        for k in (0..n).rev() {
            minus[k] = e * minus[k + 1] + big_c[k] * w1 + (big_c[k + 1] - big_c[k]) * w2;
        }
        plus[0] = minus[0];
        for k in 0..n {
            plus[k + 1] = e * plus[k] + big_c[k + 1] * w1 + (big_c[k] - big_c[k + 1]) * w2;
        }
        let mut change: f64 = 0.0;
        for k in 0..=n {
            let new = noise * noise * (-(k as f64) * dt).exp() + 0.5 * g * g * (plus[k] + minus[k]);
            change = change.max((new - c[k]).abs());
            c[k] = new;
        }
        if change < 1e-14 {
            break;
        }
    }
    (c[0], c[n])
}

/// Richardson extrapolation of the O(dt^2) grid solution.
fn dmft(g: f64, noise: f64, delta0: Option<f64>) -> (f64, f64) {
    let (a0, ai) = dmft_iteration(g, noise, delta0, 0.004, 40.0);
    let (b0, bi) = dmft_iteration(g, noise, delta0, 0.002, 40.0);
    ((4.0 * b0 - a0) / 3.0, (4.0 * bi - ai) / 3.0)
}

#[test]
fn amplitude_equation_matches_direct_mean_field_iteration() {
    for &(g, noise) in &[(0.5, 1.0), (0.9, 0.3), (1.5, 1.0)] {
        let c = critical_lambda_plus(g, noise, &Erf).unwrap();
        let (c0, c_inf) = dmft(g, noise, None);
        assert!(c_inf.abs() < 1e-10, "c_inf = {c_inf}");
        assert!(
            (c.variance - c0).abs() < 1e-8 * c0,
            "g={g} sigma={noise}: amplitude equation {} vs iteration {c0}",
            c.variance
        );
    }
}

#[test]
fn fixed_point_statistics_match_direct_mean_field_iteration() {
    for &(g, noise, lp) in &[(0.5, 1.0, 2.2), (0.8, 0.5, 1.8)] {
        let s = model(g, noise, &Erf, lp).solve().unwrap();
        let delta0 = s.s_x * s.s_x;
        let (c0, c_inf) = dmft(g, noise, Some(delta0));
        assert!(
            (s.c0 - c0).abs() < 1e-8 * c0,
            "c0: theory {} vs iteration {c0}",
            s.c0
        );
        assert!(
            (s.c_inf - c_inf).abs() < 1e-8 * c0,
            "c_inf: theory {} vs iteration {c_inf}",
            s.c_inf
        );
    }
}

#[test]
fn numerical_path_agrees_with_erf_closed_forms() {
    let exact = model(0.5, 1.0, &Erf, 2.2).solve().unwrap();
    let num = model(0.5, 1.0, &NumericErf, 2.2).solve().unwrap();
    for (a, b) in [
        (exact.c0, num.c0),
        (exact.c_inf, num.c_inf),
        (exact.kappa_norm, num.kappa_norm),
        (exact.lambda_plus_min, num.lambda_plus_min),
    ] {
        assert!((a - b).abs() < 1e-10 * a.abs(), "{a} vs {b}");
    }
}

#[test]
fn fixed_point_branches_off_continuously_at_the_critical_value() {
    for nl in [&Erf as &dyn Nonlinearity, &Tanh] {
        let c = critical_lambda_plus(0.6, 1.0, nl).unwrap();
        let lmin = c.lambda_plus_min;
        // just above: a small |kappa_bar|^2 growing linearly, c0 -> the amplitude
        let above = orthogonal_statistics(0.6, 1.0, nl, total_variance(nl, lmin * 1.001).unwrap())
            .unwrap()
            .unwrap();
        assert!(above.kappa_sq > 0.0 && above.kappa_sq < 0.05, "{above:?}");
        assert!((above.c0 - c.variance).abs() < 0.02 * c.variance);
        // just below: no fixed point
        let below =
            orthogonal_statistics(0.6, 1.0, nl, total_variance(nl, lmin * 0.999).unwrap()).unwrap();
        assert!(below.is_none_or(|b| b.kappa_sq < 0.0), "{below:?}");
        // and exactly at it, |kappa_bar|^2 vanishes
        let at = orthogonal_statistics(0.6, 1.0, nl, c.variance)
            .unwrap()
            .unwrap();
        assert!(at.kappa_sq.abs() < 1e-9, "{at:?}");
    }
}

#[test]
fn bulk_raises_the_critical_value_and_the_orthogonal_variance() {
    let mut last = critical_lambda_plus(0.0, 1.0, &Erf)
        .unwrap()
        .lambda_plus_min;
    for g in [0.2, 0.5, 0.8, 1.2] {
        let l = critical_lambda_plus(g, 1.0, &Erf).unwrap().lambda_plus_min;
        assert!(l > last, "g = {g}: {l} <= {last}");
        last = l;
    }
    let s = model(0.5, 1.0, &Erf, 2.2).solve().unwrap();
    assert!(s.c0 > 1.0 && s.c_inf > 0.0 && s.c_inf < s.c0);
    assert!(s.bulk_slope > 0.0 && s.bulk_slope < 1.0 && s.stable);
}

#[test]
fn errors_name_the_parameter_and_the_range() {
    let e = model(0.5, 1.0, &Erf, 1.6).solve().unwrap_err();
    let lmin = critical_lambda_plus(0.5, 1.0, &Erf)
        .unwrap()
        .lambda_plus_min;
    assert_eq!(
        e.to_string(),
        format!("no fixed point: lambda+ = 1.6 must exceed lambda+min = {lmin:.4} for noise 1 and g 0.5")
    );
    let e = model(-0.5, 1.0, &Erf, 2.0).solve().unwrap_err();
    assert_eq!(
        e.to_string(),
        "g = -0.5 must be >= 0 (J and -J have the same distribution: pass |g|)"
    );
    let e = model(0.5, 0.0, &Erf, 2.0).solve().unwrap_err();
    assert_eq!(e.to_string(), "noise = 0 must be > 0");
    let e = model(0.5, 1.0, &Erf, f64::NAN).solve().unwrap_err();
    assert_eq!(e.to_string(), "lambda+ = NaN must be finite");
    let mut m = model(0.5, 1.0, &Erf, 2.0);
    m.n = 1;
    assert_eq!(m.solve().unwrap_err().to_string(), "N = 1 must be >= 2");
    let mut m = model(0.5, 1.0, &Erf, 1.75);
    m.n = 4;
    m.target = 3.0;
    let msg = m.solve().unwrap_err().to_string();
    assert!(
        msg.starts_with("no bias-zero fixed point: |kappa_bar| = "),
        "{msg}"
    );
    let e = total_variance(&Erf, 0.9).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no fixed point: lambda+ = 0.9 times <phi'>_s never equals 1 for erf (lambda+ must \
         exceed 1/phi'(0) = 1, and <phi'>_s must fall below 1/lambda+)"
    );
}

#[test]
fn g_zero_agrees_with_the_rank_two_solver() {
    use crate::nonlinearity::Builtin;
    use crate::rank_two::{Coupling, NoiseLevel, RankTwoModel};
    for &(b, noise, lp, lm, n) in &[
        (Builtin::Erf, 1.0, 1.9, -5.0, 256),
        (Builtin::Erf, 0.2, 1.3, -1.0, 1024),
        (Builtin::Tanh, 1.0, 2.4, -2.0, 256),
    ] {
        let r = RankTwoModel {
            noise: NoiseLevel::new(noise).unwrap(),
            nonlinearity: b.into(),
            n,
            target: 1.0,
            coupling: Coupling::Eigen {
                lambda_plus: lp,
                lambda_minus: lm,
            },
        }
        .solve()
        .unwrap();
        let s = BulkModel {
            g: 0.0,
            noise,
            nonlinearity: b.get(),
            lambda_plus: lp,
            lambda_minus: lm,
            n,
            target: 1.0,
        }
        .solve()
        .unwrap();
        let tol = if b == Builtin::Erf { 1e-14 } else { 1e-10 };
        for (name, x, y) in [
            ("lambda+min", s.lambda_plus_min, r.lambda_plus_min),
            ("s_x", s.s_x, r.sigma_x),
            ("|kappa_bar|", s.kappa_norm, r.kappa_norm),
            ("rho", s.rho, r.rho),
            ("gamma+", s.gamma_plus, r.jacobian_eigenvalues.gamma_plus),
            ("gamma-", s.gamma_minus, r.jacobian_eigenvalues.gamma_minus),
        ] {
            assert!(
                (x - y).abs() <= tol * y.abs(),
                "{b:?} {name}: bulk {x} vs rank_two {y}"
            );
        }
    }
}
