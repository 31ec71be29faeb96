//! Tests of the rank-two BPTT: finite differences, the two arithmetics, reproducibility.

use super::*;
use crate::network::{RankTwoNetwork, RankTwoParams};
use crate::optim::{Optimizer, OptimizerKind};
use crate::tasks::FixedPointTask;

fn fd_check(nl: Builtin, g: f64, m: Matrix2<f64>) {
    let params = RankTwoParams::new(24, m)
        .with_nonlinearity(nl)
        .with_g(g)
        .with_noise(0.7);
    let net = RankTwoNetwork::from_seed(&params, 5).unwrap();
    let mut bptt = RankTwoBptt::new(&net).unwrap().with_f64_activation();
    let short = FixedPointTask {
        t_max: 4.0,
        t_loss_min: 1.0,
        target_every: 3,
        ..FixedPointTask::published(1.0)
    };
    let task = TrialBatch::fixed_point(&short, 3).unwrap();
    let pass = bptt.loss_and_grad(&m, &task, 11, 2).unwrap();
    let h = 1e-5;
    for r in 0..2 {
        for c in 0..2 {
            let mut mp = m;
            mp[(r, c)] += h;
            let mut mm = m;
            mm[(r, c)] -= h;
            let lp = bptt.forward(&mp, &task, 11, 2).unwrap().loss;
            let lm = bptt.forward(&mm, &task, 11, 2).unwrap().loss;
            let fd = (lp - lm) / (2.0 * h);
            let an = pass.grad[(r, c)];
            let rel = (fd - an).abs() / an.abs().max(1e-3);
            assert!(
                rel < 1e-6,
                "{nl:?} g={g} dL/dM[{r}{c}]: bptt {an}, fd {fd}, rel {rel}"
            );
        }
    }
    // the forward-only pass gives the same loss
    assert_eq!(bptt.forward(&m, &task, 11, 2).unwrap().loss, pass.loss);
}

#[test]
fn gradient_matches_finite_differences_erf() {
    fd_check(Builtin::Erf, 0.0, Matrix2::new(2.1, 0.4, -0.3, -1.5));
}

#[test]
fn gradient_matches_finite_differences_identity_and_tanh() {
    fd_check(Builtin::Identity, 0.0, Matrix2::new(0.6, 0.4, -0.3, -1.5));
    fd_check(Builtin::Tanh, 0.0, Matrix2::new(2.1, 0.4, -0.3, -1.5));
}

#[test]
fn gradient_matches_finite_differences_with_bulk() {
    fd_check(Builtin::Erf, 0.8, Matrix2::new(2.1, 0.4, -0.3, -1.5));
}

#[test]
fn f32_activation_is_within_its_rounding_of_the_f64_one() {
    // phi, phi' carry relative errors below 4e-7 (act::fast): the loss and dL/dM move by
    // as much, far below their sampling noise (different steps' losses differ by 10%)
    for (nl, g) in [
        (Builtin::Erf, 0.0),
        (Builtin::Tanh, 0.0),
        (Builtin::Erf, 0.8),
    ] {
        let m = Matrix2::new(2.1, 0.4, -0.3, -1.5);
        let params = RankTwoParams::new(100, m).with_nonlinearity(nl).with_g(g);
        let net = RankTwoNetwork::from_seed(&params, 6).unwrap();
        let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 8).unwrap();
        let fast = RankTwoBptt::new(&net)
            .unwrap()
            .loss_and_grad(&m, &task, 3, 1)
            .unwrap();
        let slow = RankTwoBptt::new(&net)
            .unwrap()
            .with_f64_activation()
            .loss_and_grad(&m, &task, 3, 1)
            .unwrap();
        assert!((fast.loss - slow.loss).abs() < 1e-5 * slow.loss, "{nl:?}");
        let dg = (fast.grad - slow.grad).norm();
        assert!(dg < 1e-5 * slow.grad.norm(), "{nl:?}: {dg}");
        assert!(dg > 0.0 || nl == Builtin::Identity);
    }
}

#[test]
fn same_numbers_for_any_thread_count() {
    let m = Matrix2::new(1.9, 0.2, 0.1, -2.0);
    let net = RankTwoNetwork::from_seed(&RankTwoParams::new(37, m), 4).unwrap();
    let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 6).unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut bptt = RankTwoBptt::new(&net).unwrap();
            bptt.loss_and_grad(&m, &task, 5, 7).unwrap()
        })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

#[test]
fn same_seed_same_numbers_and_different_step_different_noise() {
    let m = Matrix2::new(1.9, 0.0, 0.0, -2.0);
    let net = RankTwoNetwork::from_seed(&RankTwoParams::new(40, m), 3).unwrap();
    let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 4).unwrap();
    let mut a = RankTwoBptt::new(&net).unwrap();
    let mut b = RankTwoBptt::new(&net).unwrap();
    let pa = a.loss_and_grad(&m, &task, 9, 1).unwrap();
    assert_eq!(pa, b.loss_and_grad(&m, &task, 9, 1).unwrap());
    assert_ne!(pa.loss, b.loss_and_grad(&m, &task, 9, 2).unwrap().loss);
}

/// `M` after `steps` SGD steps from `M = 0` (the Fig. 13 preset's start and learning rate).
fn trained_m(seed: u64, steps: usize, f64_act: bool) -> Matrix2<f64> {
    let net = RankTwoNetwork::from_seed(&RankTwoParams::new(64, Matrix2::zeros()), seed).unwrap();
    let mut bptt = RankTwoBptt::new(&net).unwrap();
    if f64_act {
        bptt = bptt.with_f64_activation();
    }
    let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 16).unwrap();
    let mut m = Matrix2::zeros();
    let mut opt = Optimizer::new(OptimizerKind::Sgd, 0.005, 4);
    for step in 0..steps {
        let pass = bptt.loss_and_grad(&m, &task, seed, step as u64).unwrap();
        opt.step(m.as_mut_slice(), pass.grad.as_slice());
    }
    m
}

#[test]
fn training_in_f32_and_f64_arithmetic_agrees_far_within_the_seed_spread() {
    // the same seeded runs in both arithmetics: M differs by rounding (~1e-8 measured),
    // while different seeds differ by their noise (~1e-3 after 150 steps): require a ratio
    // below 1e-4
    let runs: Vec<_> = (1..=3)
        .map(|seed| (trained_m(seed, 150, false), trained_m(seed, 150, true)))
        .collect();
    let diff = runs
        .iter()
        .map(|(a, b)| (a - b).abs().max())
        .fold(0.0, f64::max);
    let spread = (0..4)
        .map(|e| {
            let v: Vec<f64> = runs.iter().map(|(a, _)| a.as_slice()[e]).collect();
            v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min)
        })
        .fold(f64::MAX, f64::min);
    assert!(spread > 1e-4, "seed spread {spread}");
    assert!(diff < 1e-4 * spread, "f32 vs f64: {diff}, seeds: {spread}");
}
