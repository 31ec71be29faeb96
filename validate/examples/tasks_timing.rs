//! Per-step training time of the task networks (issue 10, Performance), for
//! `bench/tasks_vs_torch.py`: prints one JSON line per (task, precision) with the median
//! wall time of a training step and its FLOP count, then one line per precision with the
//! machine's GEMM throughput on the same threads (each thread multiplying its own
//! `1024 x 1024` matrices with the same `matrixmultiply` kernels), the yardstick of the
//! issue's "within 2x of the machine's GEMM throughput", and which instructions the packed
//! products ran on (`packed_isa`).
//!
//! `cargo run --release -p oblique-validate --example tasks_timing -- [N] [reps] [threads] [tasks]`

use oblique_validate::rnn::grad::Trained;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::presets;
use oblique_validate::rnn::real::{gemm, Mat, Real};
use oblique_validate::rnn::tasks::TaskKind;
use oblique_validate::rnn::train::{Precision, TrainConfig, Trainer};
use std::time::Instant;

/// FLOPs of one step: forward `(T-1)` products `2 B N^2`, backward `(T-2)` more, and the
/// `dL/dW` product `2 (T-1) B N^2` (the `O(B T N)` terms are left out).
fn flops(n: usize, batch: usize, t: usize) -> f64 {
    2.0 * (batch * n * n) as f64 * ((t - 1) + (t - 2) + (t - 1)) as f64
}

/// GFLOP/s of `threads` concurrent `1024^3` products in precision `R` (best of 3 rounds).
fn gemm_gflops<R: Real + Send>(threads: usize) -> f64 {
    let n = 1024;
    let a: Vec<R> = (0..n * n).map(|i| R::of((i as f64 * 0.37).sin())).collect();
    let b: Vec<R> = (0..n * n).map(|i| R::of((i as f64 * 0.11).cos())).collect();
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t0 = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    let mut c = vec![R::default(); n * n];
                    for _ in 0..2 {
                        gemm(
                            n,
                            n,
                            n,
                            R::of(1.0),
                            Mat::rows(&a, n),
                            Mat::rows(&b, n),
                            R::default(),
                            &mut c,
                        );
                    }
                });
            }
        });
        best = best.min(t0.elapsed().as_secs_f64());
    }
    2.0 * 2.0 * (n * n * n) as f64 * threads as f64 / best / 1e9
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(512, |s| s.parse().expect("N"));
    let reps: usize = args.get(2).map_or(5, |s| s.parse().expect("reps"));
    let threads: usize = args.get(3).map_or(2, |s| s.parse().expect("threads"));
    let tasks: Vec<TaskKind> = match args.get(4) {
        Some(s) => s.split(',').map(|t| t.parse().expect("task")).collect(),
        None => TaskKind::ALL.to_vec(),
    };
    for task in tasks {
        for precision in [Precision::F32, Precision::F64] {
            let mut preset = presets::paper(task, OutputScale::Small, 1.5);
            preset.n = n;
            preset.batch = 32;
            preset.trained = Trained::ALL;
            preset.noise.sigma_hid = 0.2;
            preset.noise.sigma_init = 1.0;
            preset.steps = usize::MAX;
            let mut cfg = TrainConfig::new(preset);
            cfg.threads = threads;
            cfg.precision = precision;
            cfg.corr_every = usize::MAX;
            let mut run = Trainer::new(cfg).expect("config");
            run.step().expect("step"); // warm-up (also the step-0 correlation)
            let mut times: Vec<f64> = (0..reps)
                .map(|_| {
                    let t0 = Instant::now();
                    run.step().expect("step");
                    t0.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let ms = times[reps / 2];
            let t = run.eval.n_t;
            let f = flops(n, 32, t);
            println!(
                "{{\"task\": \"{}\", \"precision\": \"{}\", \"n\": {n}, \"t\": {t}, \"ms\": {ms:.3}, \"gflop\": {:.3}, \"gflops\": {:.2}}}",
                task.name(),
                match precision { Precision::F32 => "f32", Precision::F64 => "f64" },
                f / 1e9,
                f / 1e9 / (ms / 1e3)
            );
        }
    }
    let isa = oblique_validate::rnn::packed::Isa::detect();
    for (name, g) in [
        ("f32", gemm_gflops::<f32>(threads)),
        ("f64", gemm_gflops::<f64>(threads)),
    ] {
        println!(
            "{{\"gemm\": \"{name}\", \"threads\": {threads}, \"gflops\": {g:.2}, \"packed_isa\": \"{isa:?}\"}}"
        );
    }
}
