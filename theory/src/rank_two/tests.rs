//! Tests of the rank-two solver against independent values: the erf closed forms, a
//! numerical route (Brent + quadrature), eigen-decompositions and an augmented 3x3
//! Lyapunov equation for the colored noise.

use super::*;
use crate::nonlinearity::{Builtin, Erf, Nonlinearity, Tanh};
use nalgebra::{Matrix2, SMatrix, SVector};

fn noise(s: f64) -> NoiseLevel {
    NoiseLevel::new(s).unwrap()
}

fn eigen_model(lp: f64, lm: f64, n: usize) -> RankTwoModel<'static> {
    RankTwoModel {
        noise: noise(1.0),
        nonlinearity: Builtin::Erf.into(),
        n,
        target: 1.0,
        coupling: Coupling::Eigen {
            lambda_plus: lp,
            lambda_minus: lm,
        },
    }
}

fn err(model: RankTwoModel<'_>) -> String {
    model.solve().unwrap_err().to_string()
}

#[test]
fn lyapunov_route_matches_eq53_over_many_points() {
    let mut count = 0;
    for &sigma in &[0.2, 0.7, 1.0, 1.9] {
        for &n in &[16usize, 64, 256, 2048, 100_000] {
            for &target in &[1.0, -0.5, 2.0] {
                for i in 0..25 {
                    for &lm in &[-20.0, -5.0, -1.0, 0.0, 0.9] {
                        let lmin = (1.0 + std::f64::consts::FRAC_PI_2 * sigma * sigma).sqrt();
                        let lp = lmin * (1.0 + 0.002 * 1.35f64.powi(i));
                        let model = RankTwoModel {
                            noise: noise(sigma),
                            nonlinearity: Builtin::Erf.into(),
                            n,
                            target,
                            coupling: Coupling::Eigen {
                                lambda_plus: lp,
                                lambda_minus: lm * lp.max(1.0),
                            },
                        };
                        let Ok(sol) = model.solve() else { continue };
                        let cf = sol.l_var_closed_form.unwrap();
                        assert!(
                            (sol.l_var - cf).abs() <= 1e-10 * cf.abs(),
                            "sigma {sigma} n {n} lp {lp} lm {lm}: {} vs {cf}",
                            sol.l_var
                        );
                        // the bias is zero at the bias-zero angle
                        assert!(sol.l_bias < 1e-20, "L_bias {}", sol.l_bias);
                        count += 1;
                    }
                }
            }
        }
    }
    assert!(count > 3000, "only {count} valid points");
}

#[test]
fn erf_values_at_the_published_point() {
    // sigma = 1: lambda+min^2 = 1 + pi/2 (Eq. 51)
    let sol = eigen_model(1.9, -5.0, 256).solve().unwrap();
    let lmin2 = 1.0 + std::f64::consts::FRAC_PI_2;
    assert!((sol.lambda_plus_min - lmin2.sqrt()).abs() < 1e-15);
    let kappa2 = (1.9f64.powi(2) - lmin2) * 2.0 / std::f64::consts::PI;
    assert!((sol.kappa_norm - kappa2.sqrt()).abs() < 1e-14);
    assert!((sol.rho - 1.0 / (16.0 * kappa2.sqrt())).abs() < 1e-15);
    assert!((sol.sigma_x.powi(2) - kappa2 - 1.0).abs() < 1e-13);
    // M at the bias-zero angle has the requested eigenvalues and kappa_bar is its eigenvector
    let mk = sol.m * sol.kappa_bar;
    assert!((mk - sol.kappa_bar * 1.9).norm() < 1e-13);
    assert!((sol.m.trace() - (1.9 - 5.0)).abs() < 1e-13);
    assert!((sol.m.determinant() - (1.9 * -5.0)).abs() < 1e-12);
    assert!((sol.z_bar - 1.0).abs() < 1e-13);
}

#[test]
fn numerical_route_matches_erf_closed_forms() {
    // Custom(&Erf) goes through BrentRoot + the Erf averages; Builtin::Erf is closed form.
    let erf: &dyn Nonlinearity = &Erf;
    for &(lp, lm, n, sigma) in &[
        (1.7, -5.0, 256, 1.0),
        (2.6, -1.0, 64, 1.0),
        (1.2, -2.0, 1024, 0.3),
    ] {
        let mut a = eigen_model(lp, lm, n);
        a.noise = noise(sigma);
        let mut b = a;
        b.nonlinearity = Activation::Custom(erf);
        let (a, b) = (a.solve().unwrap(), b.solve().unwrap());
        assert!(b.l_var_closed_form.is_none());
        for (x, y) in [
            (a.sigma_x, b.sigma_x),
            (a.kappa_norm, b.kappa_norm),
            (a.rho, b.rho),
            (a.l_var, b.l_var),
            (a.lambda_plus_min, b.lambda_plus_min),
        ] {
            assert!((x - y).abs() <= 1e-12 * x.abs(), "{x} vs {y}");
        }
    }
}

#[test]
fn jacobian_eigenvalues_match_a_numerical_eigensolver() {
    for model in [
        eigen_model(1.9, -5.0, 256),
        RankTwoModel {
            coupling: Coupling::Explicit(Matrix2::new(1.8, 0.9, -0.4, -2.0)),
            ..eigen_model(0.0, 0.0, 100)
        },
    ] {
        let sol = model.solve().unwrap();
        let ev = sol.jacobian.complex_eigenvalues();
        let mut re: Vec<f64> = ev.iter().map(|c| c.re).collect();
        re.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let JacobianEigenvalues {
            gamma_plus,
            gamma_minus,
        } = sol.jacobian_eigenvalues;
        let mut expect = [gamma_plus, gamma_minus];
        expect.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert!(ev.iter().all(|c| c.im.abs() < 1e-12));
        assert!((re[0] - expect[0]).abs() < 1e-12 && (re[1] - expect[1]).abs() < 1e-12);
        // v+ is a right eigenvector of A with eigenvalue gamma+, also for non-symmetric M
        let r = sol.jacobian * sol.v_plus - sol.v_plus * gamma_plus;
        assert!(r.norm() < 1e-13, "A v+ - gamma+ v+ = {}", r.norm());
        // and the fixed point is an eigenvector of M with eigenvalue lambda+
        let r = sol.m * sol.v_plus - sol.v_plus * sol.lambda_plus;
        assert!(r.norm() < 1e-13);
    }
}

/// Independent check of Eq. 47 (also for non-symmetric M): the colored noise is the
/// population variance fluctuation eta, an OU process with rate 2 and (N-scaled) variance
/// 2 sigma^4, entering as (q/2) eta kappa_bar. The augmented 3x3 Lyapunov equation for
/// (delta kappa, eta) is solved by a 9x9 Kronecker linear system; its 2x2 block must be C.
#[test]
fn covariance_matches_augmented_lyapunov_for_nonsymmetric_m() {
    for (m, n) in [
        (Matrix2::new(1.8, 0.9, -0.4, -2.0), 100usize),
        (Matrix2::new(2.3, -1.5, 0.2, -0.7), 64),
        (Matrix2::new(0.1, 1.0, 3.0, 0.5), 1000),
    ] {
        for sigma in [0.5, 1.0] {
            let model = RankTwoModel {
                noise: noise(sigma),
                coupling: Coupling::Explicit(m),
                ..eigen_model(0.0, 0.0, n)
            };
            let sol = model.solve().unwrap();
            let mut a3 = SMatrix::<f64, 3, 3>::zeros();
            a3.fixed_view_mut::<2, 2>(0, 0).copy_from(&sol.jacobian);
            a3[(0, 2)] = 0.5 * sol.q * sol.kappa_bar[0];
            a3[(1, 2)] = 0.5 * sol.q * sol.kappa_bar[1];
            a3[(2, 2)] = -2.0;
            let s2 = sigma * sigma;
            let q3 = SMatrix::<f64, 3, 3>::from_diagonal(&SVector::from([
                2.0 * s2,
                2.0 * s2,
                8.0 * s2 * s2,
            ]));
            let i3 = SMatrix::<f64, 3, 3>::identity();
            let k = i3.kronecker(&a3) + a3.kronecker(&i3);
            let rhs = -SVector::<f64, 9>::from_column_slice(q3.as_slice());
            let x = k.lu().solve(&rhs).unwrap();
            let x = SMatrix::<f64, 3, 3>::from_column_slice(x.as_slice());
            let block = x.fixed_view::<2, 2>(0, 0).into_owned();
            assert!(
                (block - sol.covariance).norm() < 1e-11 * sol.covariance.norm(),
                "M {m}: augmented {block} vs C {}",
                sol.covariance
            );
            assert!((sol.l_var - block[(0, 0)]).abs() < 1e-11 * sol.l_var);
            assert!(sol.l_var_closed_form.is_none());
        }
    }
}

#[test]
fn explicit_symmetric_m_reproduces_the_eigen_coupling() {
    let a = eigen_model(2.1, -3.0, 512).solve().unwrap();
    let b = RankTwoModel {
        coupling: Coupling::Explicit(a.m),
        ..eigen_model(0.0, 0.0, 512)
    }
    .solve()
    .unwrap();
    assert!((a.lambda_plus - b.lambda_plus).abs() < 1e-13);
    assert!((a.lambda_minus - b.lambda_minus).abs() < 1e-13);
    assert!((a.rho - b.rho).abs() < 1e-13);
    assert!((a.l_var - b.l_var).abs() < 1e-12);
    assert!((b.l_var - b.l_var_closed_form.unwrap()).abs() < 1e-12);
    assert!(b.l_bias < 1e-20);
}

/// Independent tanh oracle: Simpson's rule on a fine grid and bisection.
fn tanh_mean_dphi(s: f64) -> f64 {
    let n = 20_000;
    let (a, b) = (-12.0, 12.0);
    let h = (b - a) / n as f64;
    let f = |y: f64| {
        let t = (s * y).tanh();
        (1.0 - t * t) * (-0.5 * y * y).exp() / (2.0 * std::f64::consts::PI).sqrt()
    };
    let mut sum = f(a) + f(b);
    for i in 1..n {
        sum += f(a + h * i as f64) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    sum * h / 3.0
}

#[test]
fn tanh_fixed_point_matches_simpson_and_bisection() {
    for &(lp, sigma) in &[(1.5, 0.5), (2.0, 1.0), (3.0, 0.2)] {
        let amp = amplitude(Builtin::Tanh.into(), noise(sigma), lp).unwrap();
        let (mut lo, mut hi) = (sigma, 50.0);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if lp * tanh_mean_dphi(mid) > 1.0 {
                lo = mid
            } else {
                hi = mid
            }
        }
        assert!(
            (amp.sigma_x - lo).abs() < 1e-10 * lo,
            "{} vs {lo}",
            amp.sigma_x
        );
        assert!((amp.lambda_plus_min * tanh_mean_dphi(sigma) - 1.0).abs() < 1e-10);
        // Eq. 43 holds at the root
        // (the adaptive reference quadrature is itself good to ~1e-12)
        assert!((lp * Tanh.mean_dphi(amp.sigma_x) - 1.0).abs() < 1e-11);
    }
}

#[test]
fn error_texts_name_the_parameter_and_range() {
    assert_eq!(
        err(eigen_model(1e300, 0.0, 256)),
        "the mean field overflows floating point at lambda+ = 1.0000e300, lambda- = 0 (gamma+ = q |kappa_bar|^2 is not a number); lower |lambda+| and |lambda-|"
    );
    assert_eq!(
        err(eigen_model(1.5, -5.0, 256)),
        "no fixed point: lambda+ = 1.5 must exceed lambda+min = 1.6034 for noise 1"
    );
    let lmin = (1.0 + std::f64::consts::FRAC_PI_2).sqrt();
    assert_eq!(
        err(eigen_model(lmin, -5.0, 256)),
        "no fixed point: lambda+ = 1.6034 must exceed lambda+min = 1.6034 for noise 1"
    );
    assert_eq!(
        err(eigen_model(1.604, -5.0, 256)),
        "no bias-zero angle: rho = target/(sqrt(N) |kappa_bar|) = 1.743 exceeds 1 because |kappa_bar| = 0.0359 is below target/sqrt(N) = 0.0625 for N = 256 and target 1; this needs lambda+ >= 1.6053 (noise 1), got lambda+ = 1.604"
    );
    assert_eq!(
        err(eigen_model(2.0, 2.5, 256)),
        "unstable fixed point: the Jacobian eigenvalue lambda-/lambda+ - 1 = 0.25 is not negative; lambda- = 2.5 must be below lambda+ = 2"
    );
    assert_eq!(
        err(RankTwoModel {
            coupling: Coupling::Explicit(Matrix2::new(0.5, 1.2, -1.2, 0.5)),
            ..eigen_model(0.0, 0.0, 256)
        }),
        "M has complex eigenvalues 0.5 +- 1.2i; a fixed point needs a real eigenvalue lambda+ of M above lambda+min"
    );
    assert_eq!(
        err(RankTwoModel {
            coupling: Coupling::Explicit(Matrix2::new(2.0, 1.0, 0.0, 2.0)),
            ..eigen_model(0.0, 0.0, 256)
        }),
        "unstable fixed point: the Jacobian eigenvalue lambda-/lambda+ - 1 = 0 is not negative; lambda- = 2 must be below lambda+ = 2"
    );
    assert_eq!(
        err(eigen_model(2.0, -1.0, 1)),
        "N = 1 is too small: a rank-two network needs N >= 2"
    );
    assert_eq!(
        err(eigen_model(f64::NAN, -1.0, 64)),
        "lambda+ = NaN is not a finite number"
    );
    assert_eq!(
        err(eigen_model(2.0, f64::INFINITY, 64)),
        "lambda- = inf is not a finite number"
    );
    assert_eq!(
        err(RankTwoModel {
            target: f64::NAN,
            ..eigen_model(2.0, -1.0, 64)
        }),
        "target = NaN is not a finite number"
    );
    assert_eq!(
        err(RankTwoModel {
            coupling: Coupling::Explicit(Matrix2::new(2.0, f64::NAN, 0.0, 1.0)),
            ..eigen_model(0.0, 0.0, 64)
        }),
        "M = NaN is not a finite number"
    );
    assert_eq!(
        NoiseLevel::new(-1.0).unwrap_err().to_string(),
        "noise: sigma = -1 must be a finite number > 0 (it is the standard deviation of a single unit's noise)"
    );
    // the identity never saturates: Eq. 43 has no root
    assert_eq!(
        amplitude(Builtin::Identity.into(), noise(1.0), 2.0).unwrap_err().to_string(),
        "cannot solve lambda+ <phi'>_s = 1 for phi = identity: <phi'>_s stays above 1/lambda+ = 0.5 for all s up to 2.0000e8 (phi does not saturate)"
    );
}
