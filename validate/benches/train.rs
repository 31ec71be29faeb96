//! Per-step cost of BPTT training (issue 4, Performance):
//! rank-two `M` at N = 1024, batch 32, 50 Euler steps (the Fig. 13 task), and the linear
//! full-`W` model at N = 256, batch 32, 100 steps (the Fig. 10 task). The rank-two step is
//! also timed with `phi`, `phi'` in `f64` (`with_f64_activation`) beside the default `f32`.
//! Run with `cargo bench -p oblique-validate --bench train`; set `RAYON_NUM_THREADS=2`
//! to match the PyTorch comparison in `bench/train_vs_torch.py`.

use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::{DMatrix, Matrix2};
use oblique_validate::network::{FullNetwork, RankTwoNetwork, RankTwoParams};
use oblique_validate::optim::{Optimizer, OptimizerKind};
use oblique_validate::rnn::train::Precision;
use oblique_validate::tasks::{ConstantInputTask, FixedPointTask};
use oblique_validate::train::{LinearBptt, RankTwoBptt, TrialBatch};

fn rank2_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("train");
    group.sample_size(30);
    for &n in &[256usize, 1024] {
        let m0 = Matrix2::new(1.9, 0.2, -0.1, -1.0);
        let net = RankTwoNetwork::from_seed(&RankTwoParams::new(n, m0), 1).unwrap();
        let mut bptt = RankTwoBptt::new(&net).unwrap();
        let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 32).unwrap();
        let mut m = m0;
        let mut opt = Optimizer::new(OptimizerKind::Sgd, 1e-4, 4);
        let mut step = 0u64;
        group.bench_function(format!("rank2_step_n{n}_b32_t50"), |b| {
            b.iter(|| {
                let pass = bptt.loss_and_grad(&m, &task, 1, step).unwrap();
                opt.step(m.as_mut_slice(), pass.grad.as_slice());
                step += 1;
                pass.loss
            })
        });
    }
    // the same step with phi, phi' in f64 (the arithmetic before the f32 kernels)
    let m0 = Matrix2::new(1.9, 0.2, -0.1, -1.0);
    let net = RankTwoNetwork::from_seed(&RankTwoParams::new(1024, m0), 1).unwrap();
    let mut bptt = RankTwoBptt::new(&net).unwrap().with_f64_activation();
    let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 32).unwrap();
    let mut step = 0u64;
    group.bench_function("rank2_step_n1024_b32_t50_f64_activation", |b| {
        b.iter(|| {
            let pass = bptt.loss_and_grad(&m0, &task, 1, step).unwrap();
            step += 1;
            pass.loss
        })
    });
    // linear full W
    let net = FullNetwork::linear_from_seed(256, -0.5, 1.0, 0.2, 1).unwrap();
    let mut bptt = LinearBptt::new(&net).unwrap();
    let task = TrialBatch::constant_input(&ConstantInputTask::published(1.0), 32).unwrap();
    let mut w = DMatrix::<f64>::zeros(256, 256);
    let mut opt = Optimizer::new(OptimizerKind::Sgd, 0.002 / 256.0, 256 * 256);
    let mut step = 0u64;
    group.bench_function("linear_step_n256_b32_t100", |b| {
        b.iter(|| {
            let pass = bptt.loss_and_grad(&w, &task, 1, step).unwrap();
            opt.step(w.as_mut_slice(), pass.grad.as_slice());
            step += 1;
            pass.loss
        })
    });
    // the same step with the products W X_k in f32 (Fig. 10's reproduction)
    let mut bptt = LinearBptt::new(&net).unwrap().with_product(Precision::F32);
    group.bench_function("linear_step_n256_b32_t100_f32_product", |b| {
        b.iter(|| {
            let pass = bptt.loss_and_grad(&w, &task, 1, step).unwrap();
            opt.step(w.as_mut_slice(), pass.grad.as_slice());
            step += 1;
            pass.loss
        })
    });
    group.finish();
}

criterion_group!(benches, rank2_step);
criterion_main!(benches);
