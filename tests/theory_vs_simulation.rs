//! The full noisy network against the rank-two mean-field theory (theory notes sections 1,
//! 3 and 6), at fixed M, g = 0, erf, sigma = 1, z = 1.
//!
//! # What we found
//!
//! The mean-field theory (`oblique_theory::rank_two`) is a continuous-time theory with
//! white noise only (Eqs. 45-53). The simulation integrates with Euler-Maruyama at the
//! published `dt = 0.2`. Two effects make the simulated `L_var` larger than Eq. 53:
//!
//! 1. The Euler step: the orthogonal part of every unit is a discrete OU process with
//!    variance `sigma^2 / (1 - dt/2)` (which shrinks `|kappa_bar|`: 0.742 instead of 0.813
//!    at lambda+ = 1.9), and the latent fluctuations obey a discrete (Stein) equation;
//!    along v- (Jacobian eigenvalue -3.63) the variance grows by `1/(1 - 3.63 dt/2) = 1.57`.
//! 2. The finite-N fluctuations of the population average `U^T phi(x) / N`, coloured,
//!    O(1/sqrt(N)) like the white noise, entering along v- multiplied by lambda-; Eq. 47
//!    keeps only the mean of their second Hermite order. At lambda- = -5 they add ~20%.
//!
//! The Euler-map theory `rank_two::euler_statistics` contains both (theory/notes/rank-two.md
//! sections 7-8) and agrees with the simulations within their statistical error (1-3%),
//! for a symmetric and a non-normal M and for weak and strong negative feedback; Eq. 53
//! misses by up to a factor 1.9 at dt = 0.2. The tests below pin this down with fixed seeds.
//! (Numbers quoted in comments are from the ChaCha8-seeded Xoshiro256++ noise of
//! `oblique_validate::simulate::noise`.)

use nalgebra::{Matrix2, Vector2};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{
    euler_statistics, Coupling, FiniteNTerms, MftSolution, NoiseLevel, RankTwoModel,
};
use oblique_validate::measure::{FixedMExperiment, FixedMResult};
use oblique_validate::network::RankTwoParams;

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

/// The theory of the simulated Euler map (`rank_two::euler_statistics`, all Hermite orders
/// of the finite-N noise), erf, sigma = 1, for an explicit M: `(|kappa_bar|, C = N Cov(kappa))`.
fn euler_map(m: Matrix2<f64>, n: usize, dt: f64) -> (f64, Matrix2<f64>) {
    let model = RankTwoModel {
        noise: NoiseLevel::new(1.0).unwrap(),
        nonlinearity: Builtin::Erf.into(),
        n,
        target: 1.0,
        coupling: Coupling::Explicit(m),
    };
    let e = euler_statistics(&model, dt, FiniteNTerms::Full).unwrap();
    (e.fixed_point.kappa_norm, e.covariance)
}

fn run(exp: &FixedMExperiment) -> FixedMResult {
    exp.run().unwrap()
}

#[test]
fn fig12_symmetric_point_matches_the_euler_map_theory() {
    // Published set-up: N = 256, lambda+ = 1.9, lambda- = -5, batch 256, t_max 100,
    // statistics after t = 20, dt = 0.2.
    let exp = FixedMExperiment::fig12(1.9, -5.0, 256, 1).unwrap();
    let th = theory(exp.params.m, 256);
    let (kappa_d, c_d) = euler_map(exp.params.m, 256, 0.2);
    let r = run(&exp);
    let (k, lv) = (r.latent.kappa_norm, r.losses.var);
    eprintln!(
        "N=256 symmetric: |kappa_bar| sim {k:.4}, theory {:.4}, Euler map {kappa_d:.4}; \
         L_var sim {lv:.4}, theory {:.4}, Euler map {:.4}; L_bias {:.4}; rho {:.4} vs {:.4}",
        th.kappa_norm,
        th.l_var,
        c_d[(0, 0)],
        r.losses.bias,
        r.latent.rho,
        th.rho
    );
    // |kappa_bar|: the quenched randomness of U moves the finite-N fixed point by a few %
    // (seeds 1-3 gave 0.706, 0.760, 0.690); the time-averaged estimate itself has ~1% error.
    // Tolerance 10% around the Euler-map value; the continuous value is 10% higher.
    assert!((k / kappa_d - 1.0).abs() < 0.10, "{k} vs {kappa_d}");
    assert!(k < th.kappa_norm);
    // L_var: samples over 80 time units (v- relaxes in ~0.3, v+ in ~3.5) x 256 trials,
    // statistical error ~3%, plus the quenched scatter of the fixed point. Seed 1 gives
    // 0.5494 against 0.5362 (ratio 1.025); tolerance 8%. The continuous theory (Eq. 53)
    // misses by a factor ~1.9.
    let ratio = lv / c_d[(0, 0)];
    assert!((ratio - 1.0).abs() < 0.08, "L_var ratio {ratio}");
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
    let (_, c_d) = euler_map(exp.params.m, 512, 0.05);
    let th = theory(exp.params.m, 512);
    let r = run(&exp);
    (r.losses.var, c_d[(0, 0)], th.l_var)
}

#[test]
fn l_var_agrees_with_the_euler_map_theory_for_weak_and_strong_feedback() {
    // lambda- = -1: v- relaxes at rate 1.53, so 50 time units x 128 trials give ~5000
    // independent samples of the output: relative error of the variance ~2%. Tolerance 6%.
    let (sim, disc, cont) = small_dt(-1.0);
    eprintln!("lambda- = -1: L_var sim {sim:.4}, Euler map {disc:.4}, continuous {cont:.4}");
    assert!((sim / disc - 1.0).abs() < 0.06, "{sim} vs {disc}");
    assert!((sim / cont - 1.0).abs() < 0.10, "{sim} vs {cont}");
    // lambda- = -5: the finite-N noise adds ~20% to Eq. 53 even at dt = 0.05; the Euler-map
    // theory has it (seed 5: 0.3646 against 0.3767, ratio 0.97). Tolerance 8%; Eq. 53 is
    // more than 20% below the simulation.
    let (sim, disc, cont) = small_dt(-5.0);
    eprintln!("lambda- = -5: L_var sim {sim:.4}, Euler map {disc:.4}, continuous {cont:.4}");
    let ratio = sim / disc;
    assert!((ratio - 1.0).abs() < 0.08, "L_var ratio {ratio}");
    assert!(sim / cont > 1.2, "continuous ratio {}", sim / cont);
}

#[test]
fn non_normal_m_with_the_same_eigenvalues_matches_the_theory_at_n_1024() {
    // M = V diag(1.9, -5) V^-1 with v+ at the bias-zero angle (as in Fig. 12) but v- at 60
    // degrees to v+ instead of 90: same fixed point, non-normal fluctuations
    // (M ~ [[-4.84, 4.24], [0.26, 1.74]]).
    //
    // Finding: at N = 256 this M (and more so v- at 45 degrees, m21 = 7.4) disagrees with
    // the theory beyond the Euler map: |kappa_bar| 0.58 instead of 0.74 and L_var 1.7 x
    // the (white-noise) Euler value at 45 degrees, because the non-normal amplification
    // makes the fluctuations along v+ large (C22 = 16.5, i.e. a standard deviation of
    // 0.25 against |kappa_bar| = 0.74 at 60 degrees), so the linearisation fails. At
    // N = 1024 the fixed point agrees again and the Euler-map theory (with the finite-N
    // noise of U^T phi/N) gives L_var within 1% (0.5209 against 0.5185, seed 2).
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
    let (kappa_d, c_d) = euler_map(m, n, 0.2);
    let r = run(&exp);
    eprintln!(
        "N=1024 non-normal M {m:?}: |kappa_bar| sim {:.4}, theory {:.4}, Euler map {kappa_d:.4}; \
         L_var sim {:.4}, theory {:.4}, Euler map {:.4}; C22 sim {:.3} vs {:.3}; L_bias {:.4}",
        r.latent.kappa_norm,
        th.kappa_norm,
        r.losses.var,
        th.l_var,
        c_d[(0, 0)],
        r.latent.covariance[1][1],
        c_d[(1, 1)],
        r.losses.bias
    );
    // quenched finite-N scatter of the fixed point ~3% at N = 1024; tolerance 5%
    assert!((r.latent.kappa_norm / kappa_d - 1.0).abs() < 0.05);
    // L_var: ~3% statistical error (measured ratio 1.005, seed 2); tolerance 8%
    let ratio = r.losses.var / c_d[(0, 0)];
    assert!((ratio - 1.0).abs() < 0.08, "L_var ratio {ratio}");
    // the slow direction v+ (C22, fewer independent samples): within 12% (measured +3%)
    assert!((r.latent.covariance[1][1] / c_d[(1, 1)] - 1.0).abs() < 0.12);
}
