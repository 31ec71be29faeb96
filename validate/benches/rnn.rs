//! Per-step cost of training the task networks (issue 10, Performance): one full training
//! step (fresh batch and noise, forward, BPTT, Adam on all three weights) at batch 32, 2
//! threads, for flip-flop (125 steps) and cycling (360 steps), f32 and f64; and the bare
//! `(16 x N) (N x N)` product that dominates it.
//! Run with `cargo bench -p oblique-validate --bench rnn`.

use criterion::{criterion_group, criterion_main, Criterion};
use oblique_validate::rnn::grad::Trained;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::presets;
use oblique_validate::rnn::real::{gemm, Mat};
use oblique_validate::rnn::tasks::TaskKind;
use oblique_validate::rnn::train::{Precision, TrainConfig, Trainer};

fn step(c: &mut Criterion) {
    let mut group = c.benchmark_group("rnn");
    group.sample_size(10);
    for (task, n) in [
        (TaskKind::Flipflop, 256),
        (TaskKind::Flipflop, 512),
        (TaskKind::Cycling, 512),
    ] {
        for precision in [Precision::F32, Precision::F64] {
            let mut preset = presets::paper(task, OutputScale::Small, 1.5);
            preset.n = n;
            preset.trained = Trained::ALL;
            preset.steps = usize::MAX;
            let mut cfg = TrainConfig::new(preset);
            cfg.precision = precision;
            cfg.corr_every = usize::MAX;
            let mut run = Trainer::new(cfg).unwrap();
            run.step().unwrap();
            group.bench_function(format!("{}_n{n}_b32_{precision:?}", task.name()), |b| {
                b.iter(|| run.step().unwrap().loss)
            });
        }
    }
    // the dominant product, one chunk of 16 trials
    let n = 512;
    let a: Vec<f32> = (0..16 * n).map(|i| (i as f32 * 0.37).sin()).collect();
    let w: Vec<f32> = (0..n * n).map(|i| (i as f32 * 0.11).cos()).collect();
    let mut out = vec![0.0f32; 16 * n];
    group.bench_function("sgemm_16x512x512", |b| {
        b.iter(|| {
            gemm(
                16,
                n,
                n,
                0.2,
                Mat::rows(&a, n),
                Mat::rows_t(&w, n),
                0.0,
                &mut out,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, step);
criterion_main!(benches);
