//! Per-step timing of the BPTT training steps, for `bench/train_vs_torch.py`.
//!
//! `cargo run --release -p oblique-validate --example train_timing -- [reps]` prints one
//! JSON object: milliseconds per training step for the rank-two model (N = 1024, batch 32,
//! 50 steps) and the linear full-W model (N = 256, batch 32, 100 steps), median of `reps`.
//! Threads: `RAYON_NUM_THREADS` (2 for the comparison). A second argument `rank2` skips the
//! linear model (its fields are then absent), for profiling the rank-two step alone.
//! `rank2_f64_activation_cpu_ms` is the rank-two step with `phi`, `phi'` in `f64`
//! (`RankTwoBptt::with_f64_activation`), for comparing the two arithmetics in one run.

use nalgebra::{DMatrix, Matrix2};
use oblique_validate::bench_support::cpu_seconds;
use oblique_validate::network::{FullNetwork, RankTwoNetwork, RankTwoParams};
use oblique_validate::optim::{Optimizer, OptimizerKind};
use oblique_validate::tasks::{ConstantInputTask, FixedPointTask};
use oblique_validate::train::{LinearBptt, RankTwoBptt, TrialBatch};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    // rank two, N = 1024
    let m0 = Matrix2::new(1.9, 0.2, -0.1, -1.0);
    let net = RankTwoNetwork::from_seed(&RankTwoParams::new(1024, m0), 1).unwrap();
    let mut bptt = RankTwoBptt::new(&net).unwrap();
    let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 32).unwrap();
    let mut m = m0;
    let mut opt = Optimizer::new(OptimizerKind::Sgd, 1e-4, 4);
    let mut times = Vec::new();
    let mut cpu0 = 0.0;
    for step in 0..reps + 5 {
        if step == 5 {
            cpu0 = cpu_seconds();
        }
        let t0 = Instant::now();
        let pass = bptt.loss_and_grad(&m, &task, 1, step as u64).unwrap();
        opt.step(m.as_mut_slice(), pass.grad.as_slice());
        if step >= 5 {
            times.push(t0.elapsed().as_secs_f64() * 1e3);
        }
    }
    let rank2_cpu = (cpu_seconds() - cpu0) * 1e3 / reps as f64;
    let rank2 = median(times);
    // forward pass only (the share of the backward pass is the difference)
    let cpu_f0 = cpu_seconds();
    for step in 0..reps {
        bptt.forward(&m, &task, 1, step as u64).unwrap();
    }
    let rank2_fwd_cpu = (cpu_seconds() - cpu_f0) * 1e3 / reps as f64;
    // the same steps with phi, phi' in f64 (the arithmetic before the f32 kernels)
    let mut slow = RankTwoBptt::new(&net).unwrap().with_f64_activation();
    let cpu_s0 = cpu_seconds();
    for step in 0..reps {
        slow.loss_and_grad(&m, &task, 1, step as u64).unwrap();
    }
    let rank2_f64_cpu = (cpu_seconds() - cpu_s0) * 1e3 / reps as f64;
    let rank2_json = format!(
        "\"threads\": {}, \"rank2_n1024_ms\": {rank2:.4}, \"rank2_n1024_cpu_ms\": {rank2_cpu:.4}, \"rank2_forward_cpu_ms\": {rank2_fwd_cpu:.4}, \"rank2_f64_activation_cpu_ms\": {rank2_f64_cpu:.4}",
        rayon::current_num_threads()
    );
    if std::env::args().nth(2).as_deref() == Some("rank2") {
        println!("{{{rank2_json}}}");
        return;
    }
    // linear, N = 256, 100 steps
    let lnet = FullNetwork::linear_from_seed(256, -0.5, 1.0, 0.2, 1).unwrap();
    let mut lb = LinearBptt::new(&lnet).unwrap();
    let ltask = TrialBatch::constant_input(&ConstantInputTask::published(1.0), 32).unwrap();
    let mut w = DMatrix::<f64>::zeros(256, 256);
    let mut lopt = Optimizer::new(OptimizerKind::Sgd, 0.002 / 256.0, 256 * 256);
    let mut times = Vec::new();
    let lreps = reps.min(30);
    for step in 0..lreps + 3 {
        if step == 3 {
            cpu0 = cpu_seconds();
        }
        let t0 = Instant::now();
        let pass = lb.loss_and_grad(&w, &ltask, 1, step as u64).unwrap();
        lopt.step(w.as_mut_slice(), pass.grad.as_slice());
        if step >= 3 {
            times.push(t0.elapsed().as_secs_f64() * 1e3);
        }
    }
    let linear_cpu = (cpu_seconds() - cpu0) * 1e3 / lreps as f64;
    let linear = median(times);
    println!(
        "{{{rank2_json}, \"linear_n256_ms\": {linear:.4}, \"linear_n256_cpu_ms\": {linear_cpu:.4}}}"
    );
}
