//! The optimum against a dense grid scan of Eq. 53 (independent of Brent and of the
//! Lyapunov route).

use super::*;
use crate::nonlinearity::Builtin;

fn problem(lambda_minus: f64, sigma: f64) -> OptimumProblem<'static> {
    OptimumProblem {
        noise: NoiseLevel::new(sigma).unwrap(),
        nonlinearity: Builtin::Erf.into(),
        target: 1.0,
        lambda_minus,
    }
}

/// Eq. 53 written out here, with rho from Eq. 52.
fn eq53(sigma: f64, lp: f64, lm: f64, n: usize) -> Option<f64> {
    let a2 = std::f64::consts::FRAC_PI_4;
    let s2 = sigma * sigma;
    let lmin2 = 1.0 + 2.0 * a2 * s2;
    let kappa2 = (lp * lp - lmin2) / (2.0 * a2);
    let r2 = 1.0 / (n as f64 * kappa2);
    if kappa2 <= 0.0 || r2 > 1.0 || lm >= lp {
        return None;
    }
    Some(
        s2 * (r2 * lp * lp / (lp * lp - lmin2)
            + r2 * s2 * a2 / (3.0 * lp * lp - lmin2)
            + (1.0 - r2) / (1.0 - lm / lp)),
    )
}

#[test]
fn optimum_matches_a_dense_grid_scan() {
    for &(lm, sigma) in &[(-5.0, 1.0), (-1.0, 1.0), (-2.0, 0.5), (-20.0, 1.3)] {
        for &n in &[64usize, 256, 2048] {
            let opt = problem(lm, sigma).solve(n).unwrap();
            // grid scan: 200001 points on [lo, lo + 6], then refine around the best
            let (lo, _) = problem(lm, sigma).bracket(n);
            let mut best = (f64::INFINITY, 0.0);
            let scan = |best: &mut (f64, f64), a: f64, b: f64, k: usize| {
                for i in 0..=k {
                    let lp = a + (b - a) * i as f64 / k as f64;
                    if let Some(l) = eq53(sigma, lp, lm, n) {
                        if l < best.0 {
                            *best = (l, lp);
                        }
                    }
                }
            };
            scan(&mut best, lo, lo + 6.0, 200_000);
            let c = best.1;
            scan(&mut best, c - 1e-4, c + 1e-4, 20_000);
            assert!(
                (opt.lambda_plus_opt - best.1).abs() < 2e-6,
                "lm {lm} n {n}: Brent {} vs scan {}",
                opt.lambda_plus_opt,
                best.1
            );
            assert!(opt.l_var <= best.0 + 1e-12 && opt.l_var >= best.0 - 1e-9);
            let rho = 1.0 / ((n as f64).sqrt() * opt.kappa_norm);
            assert!((opt.rho - rho).abs() < 1e-14);
        }
    }
}

#[test]
fn published_optimum_near_1_92() {
    let opt = problem(-5.0, 1.0).solve(256).unwrap();
    assert!(
        (opt.lambda_plus_opt - 1.92).abs() < 0.01,
        "{}",
        opt.lambda_plus_opt
    );
    // Fig. 12C: the minimum of L_var is about 0.29 (read off the published figure)
    assert!((opt.l_var - 0.29).abs() < 0.02, "{}", opt.l_var);
}

#[test]
fn monotone_cases_are_errors() {
    let mut p = problem(-5.0, 1.0);
    p.target = 0.0;
    let e = p.solve(256).unwrap_err().to_string();
    assert!(
        e.starts_with("L_var has no minimum over lambda+ in (1.6034, "),
        "{e}"
    );
    assert!(
        e.ends_with(
            "for lambda- = -5, N = 256, target 0: the smallest value lies at the lower edge"
        ),
        "{e}"
    );
    assert_eq!(
        problem(-5.0, 1.0).solve(1).unwrap_err().to_string(),
        "N = 1 is too small: a rank-two network needs N >= 2"
    );
    let mut p = problem(f64::NAN, 1.0);
    p.lambda_minus = f64::NAN;
    assert_eq!(
        p.solve(64).unwrap_err().to_string(),
        "lambda- = NaN is not a finite number"
    );
}
