//! The full noisy network against the rank-two mean-field theory (theory notes sections 1,
//! 3 and 6), at fixed M, g = 0, erf, sigma = 1, z = 1.
//!
//! # What we found
//!
//! The mean-field theory (`oblique_theory::rank_two`) is a continuous-time theory. The
//! simulation integrates with Euler-Maruyama at the published `dt = 0.2`, which changes two
//! things at leading order (derived for the linearised dynamics, checked below):
//!
//! 1. The orthogonal (unconnected) part of every unit is a discrete OU process with
//!    stationary variance `sigma_d^2 = sigma^2 / (1 - dt/2)` (= 1.111 sigma^2 at dt = 0.2)
//!    instead of `sigma^2`. The fixed point (Eq. 43) then has
//!    `|kappa_bar|^2 = (lambda+^2 - 1) / (2 a^2) - sigma_d^2` (0.742 instead of 0.813 at
//!    lambda+ = 1.9).
//! 2. The latent fluctuations obey the discrete Lyapunov equation
//!    `S = B S B^T + 2 dt sigma^2 I` with `B = I + dt A` instead of Eq. 48. Along the fast
//!    direction v- (Jacobian eigenvalue `lambda-/lambda+ - 1 = -3.63`) this inflates the
//!    variance by `1 / (1 - 3.63 dt / 2) = 1.57`; `L_var` is dominated by that direction.
//!
//! With these two corrections ("Euler-corrected theory", [`euler_corrected`]) the simulation
//! agrees with the theory when the negative feedback is weak (lambda- = 0, -1: within 1-2%
//! at N = 1024, dt = 0.05). With strong feedback (lambda- = -5) the simulated `L_var` stays
//! about 20% above the Euler-corrected theory, independently of N (256 ... 4096) and dt
//! (0.2 ... 0.05): a systematic excess the theory does not contain. Our reading: the
//! finite-N fluctuations of the population average `U^T phi(x) / N` driven by the
//! orthogonal noise (nonlinear part; same order 1/N as the white noise, coloured) act as
//! an extra noise source along v-, amplified by `lambda-^2`; Eq. 48 keeps only the white
//! part there (Eq. 47 adds a coloured term along v+ only). At lambda- = -2 the excess is
//! ~3%, at -5 ~20%, consistent with a `lambda-^2` scaling.
//!
//! The tests below pin these facts down with fixed seeds.
//! (Numbers quoted in comments are from the ChaCha8-seeded Xoshiro256++ noise of
//! `oblique_validate::simulate::noise`.)

use nalgebra::{Matrix2, Matrix4, Vector2, Vector4};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{Coupling, MftSolution, NoiseLevel, RankTwoModel};
use oblique_validate::measure::{FixedMExperiment, FixedMResult};
use oblique_validate::network::RankTwoParams;

/// `a^2 = pi/4` for `phi(x) = erf(sqrt(pi)/2 x)`.
const A2: f64 = std::f64::consts::FRAC_PI_4;

/// The continuous-time theory of the crate under test.
fn theory(m: Matrix2<f64>, n: usize) -> MftSolution {
    RankTwoModel {
        noise: NoiseLevel::new(1.0).unwrap(),
        nonlinearity: Builtin::Erf.into(),
        n,
        target: 1.0,
        coupling: Coupling::Explicit(m),
    }
    .solve()
    .unwrap()
}

/// Euler-corrected mean-field prediction (module docs, points 1 and 2), erf, sigma = 1:
/// returns `(|kappa_bar|, C = N Cov(kappa))`. The coloured term of Eq. 47 is kept in its
/// continuous form with `sigma_d`.
fn euler_corrected(m: Matrix2<f64>, dt: f64) -> (f64, Matrix2<f64>) {
    let half_tr = 0.5 * m.trace();
    let lp = half_tr + (half_tr * half_tr - m.determinant()).sqrt();
    let sig2 = 1.0 / (1.0 - dt / 2.0);
    let s2 = (lp * lp - 1.0) / (2.0 * A2);
    let kappa = (s2 - sig2).sqrt();
    let dphi = 1.0 / lp; // Eq. 43
    let q = -2.0 * A2 * (1.0 + 2.0 * A2 * s2).powf(-1.5) / dphi; // Eq. 46
    let mut v = Vector2::new(m[(0, 1)], lp - m[(0, 0)]);
    if v.norm() < 1e-9 {
        v = Vector2::new(lp - m[(1, 1)], m[(1, 0)]);
    }
    let v = v / v.norm();
    let kb = v * kappa;
    let a = -Matrix2::identity() + m * dphi + kb * kb.transpose() * q; // Eq. 45
    let b = Matrix2::identity() + a * dt;
    // vec(S) = (I - B (x) B)^-1 vec(2 dt I)
    let mut k = Matrix4::identity();
    for i in 0..2 {
        for j in 0..2 {
            for p in 0..2 {
                for r in 0..2 {
                    k[(2 * i + j, 2 * p + r)] -= b[(i, p)] * b[(j, r)];
                }
            }
        }
    }
    let s = k
        .lu()
        .solve(&Vector4::new(2.0 * dt, 0.0, 0.0, 2.0 * dt))
        .unwrap();
    let gp = q * kappa * kappa;
    let var_c = sig2 * sig2 * gp / (2.0 * (gp - 2.0) * kappa * kappa); // Eq. 47
    (
        kappa,
        Matrix2::new(s[0], s[1], s[2], s[3]) + v * v.transpose() * var_c,
    )
}

fn run(exp: &FixedMExperiment) -> FixedMResult {
    exp.run().unwrap()
}

#[test]
fn fig12_symmetric_point_matches_the_euler_corrected_theory_up_to_a_known_excess() {
    // Published set-up: N = 256, lambda+ = 1.9, lambda- = -5, batch 256, t_max 100,
    // statistics after t = 20, dt = 0.2.
    let exp = FixedMExperiment::fig12(1.9, -5.0, 256, 1).unwrap();
    let th = theory(exp.params.m, 256);
    let (kappa_d, c_d) = euler_corrected(exp.params.m, 0.2);
    let r = run(&exp);
    let (k, lv) = (r.latent.kappa_norm, r.losses.var);
    eprintln!(
        "N=256 symmetric: |kappa_bar| sim {k:.4}, theory {:.4}, Euler-corrected {kappa_d:.4}; \
         L_var sim {lv:.4}, theory {:.4}, Euler-corrected {:.4}; L_bias {:.4}; rho {:.4} vs {:.4}",
        th.kappa_norm,
        th.l_var,
        c_d[(0, 0)],
        r.losses.bias,
        r.latent.rho,
        th.rho
    );
    // |kappa_bar|: the quenched randomness of U moves the finite-N fixed point by a few %
    // (seeds 1-3 gave 0.706, 0.760, 0.690); the time-averaged estimate itself has ~1% error.
    // Tolerance 10% around the Euler-corrected value; the continuous value is 10% higher.
    assert!((k / kappa_d - 1.0).abs() < 0.10, "{k} vs {kappa_d}");
    assert!(k < th.kappa_norm);
    // L_var: samples over 80 time units (v- relaxes in ~0.3, v+ in ~3.5) x 256 trials,
    // statistical error ~3%. Seeds 1-3 gave 1.22-1.26 x the Euler-corrected theory; we
    // assert the excess lies in [1.08, 1.40] and that the continuous theory misses the
    // Euler effect by far (ratio ~1.9).
    let ratio = lv / c_d[(0, 0)];
    assert!((1.08..1.40).contains(&ratio), "L_var ratio {ratio}");
    assert!(lv / th.l_var > 1.6, "continuous ratio {}", lv / th.l_var);
    // with the bias-zero angle the bias is small: |z_bar - z| ~ sqrt(N) rho (|kappa_bar| - ...)
    assert!(r.losses.bias < 0.1, "L_bias {}", r.losses.bias);
    assert!((r.latent.rho / th.rho - 1.0).abs() < 0.2);
}

/// Fig. 12-like run at N = 512, dt = 0.05 (closer to continuous time), 128 trials, t = 60.
fn small_dt(lambda_minus: f64) -> (f64, f64, f64) {
    let mut exp = FixedMExperiment::fig12(1.9, lambda_minus, 512, 5).unwrap();
    exp.params.dt = 0.05;
    exp.batch = 128;
    exp.t_max = 60.0;
    exp.t_stat = 10.0;
    let (_, c_d) = euler_corrected(exp.params.m, 0.05);
    let th = theory(exp.params.m, 512);
    let r = run(&exp);
    (r.losses.var, c_d[(0, 0)], th.l_var)
}

#[test]
fn l_var_agrees_without_strong_feedback_and_shows_the_excess_with_it() {
    // lambda- = -1: v- relaxes at rate 1.53, so 50 time units x 128 trials give ~5000
    // independent samples of the output: relative error of the variance ~2%. Tolerance 6%.
    let (sim, disc, cont) = small_dt(-1.0);
    eprintln!("lambda- = -1: L_var sim {sim:.4}, Euler-corrected {disc:.4}, continuous {cont:.4}");
    assert!((sim / disc - 1.0).abs() < 0.06, "{sim} vs {disc}");
    assert!((sim / cont - 1.0).abs() < 0.10, "{sim} vs {cont}");
    // lambda- = -5: the systematic excess (~20% at N = 1024 and 4096 in our runs, seed
    // independent) survives at small dt: assert it lies in [1.08, 1.35].
    let (sim, disc, cont) = small_dt(-5.0);
    eprintln!("lambda- = -5: L_var sim {sim:.4}, Euler-corrected {disc:.4}, continuous {cont:.4}");
    let ratio = sim / disc;
    assert!((1.08..1.35).contains(&ratio), "excess ratio {ratio}");
}

#[test]
fn non_normal_m_with_the_same_eigenvalues_matches_the_theory_at_n_1024() {
    // M = V diag(1.9, -5) V^-1 with v+ at the bias-zero angle (as in Fig. 12) but v- at 60
    // degrees to v+ instead of 90: same fixed point, non-normal fluctuations
    // (M ~ [[-4.84, 4.24], [0.26, 1.74]]).
    //
    // Finding: at N = 256 this M (and more so v- at 45 degrees, m21 = 7.4) disagrees with
    // the theory beyond the Euler correction: |kappa_bar| 0.58 instead of 0.74 and L_var
    // 1.7 x the Euler-corrected value at 45 degrees, because the non-normal amplification
    // makes the fluctuations along v+ large (C22 = 16.5, i.e. a standard deviation of
    // 0.25 against |kappa_bar| = 0.74 at 60 degrees), so the linearisation fails. At
    // N = 1024 the fixed point agrees again (within 1%) and L_var shows the same ~15-20%
    // excess as the symmetric M.
    let n = 1024;
    let sym = FixedMExperiment::fig12(1.9, -5.0, n, 2).unwrap();
    let vp = sym.kappa_start / sym.kappa_start.norm();
    let ang = vp[1].atan2(vp[0]) + 60f64.to_radians();
    let vm = Vector2::new(ang.cos(), ang.sin());
    let v = Matrix2::from_columns(&[vp, vm]);
    let m = v * Matrix2::new(1.9, 0.0, 0.0, -5.0) * v.try_inverse().unwrap();
    assert!(
        (m[(0, 1)] - m[(1, 0)]).abs() > 3.0,
        "M is far from symmetric"
    );
    let exp = FixedMExperiment::general(RankTwoParams::new(n, m), 1.0, 2).unwrap();
    let th = theory(m, n);
    let (kappa_d, c_d) = euler_corrected(m, 0.2);
    let r = run(&exp);
    eprintln!(
        "N=1024 non-normal M {m:?}: |kappa_bar| sim {:.4}, theory {:.4}, Euler-corrected {kappa_d:.4}; \
         L_var sim {:.4}, theory {:.4}, Euler-corrected {:.4}; C22 sim {:.3} vs {:.3}; L_bias {:.4}",
        r.latent.kappa_norm, th.kappa_norm, r.losses.var, th.l_var, c_d[(0, 0)],
        r.latent.covariance[1][1], c_d[(1, 1)], r.losses.bias
    );
    // quenched finite-N scatter of the fixed point ~3% at N = 1024; tolerance 5%
    assert!((r.latent.kappa_norm / kappa_d - 1.0).abs() < 0.05);
    // L_var: ~3% statistical error; measured excess 1.16 (seed 2); assert [1.05, 1.30]
    let ratio = r.losses.var / c_d[(0, 0)];
    assert!((1.05..1.30).contains(&ratio), "L_var ratio {ratio}");
    // the slow direction v+ (C22) within 20% (measured +12%)
    assert!((r.latent.covariance[1][1] / c_d[(1, 1)] - 1.0).abs() < 0.2);
}
