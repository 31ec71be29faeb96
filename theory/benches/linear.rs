//! Criterion benchmarks of the linear-network theory (theory notes, section 5):
//! `L_var` together with its gradient `2 Omega S` (one real Schur factorisation of
//! `W - I`, a forward and an adjoint Lyapunov solve) at N = 256 and N = 1000, the full
//! loss with both gradients, and the 2x2-reduced gradient flow of Fig. 10.
//!
//!     cargo bench -p oblique-theory --bench linear -- --save-baseline pure
//!     cargo bench -p oblique-theory --bench linear --features lapack -- --save-baseline lapack
//!     bench/.venv/bin/python bench/linear_vs_scipy.py
//!
//! The matrices are deterministic (`bench_network`), and bench/linear_vs_scipy.py builds
//! the same ones for scipy.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use nalgebra::{DMatrix, DVector, Matrix2};
use oblique_theory::linear::{
    gradient_noise, integrate_flow, sgd_moments, BatchWindow, FlowOptions, LinearNetwork,
    LinearTask, Schedule,
};

/// `W_ij = 0.6 sqrt(2/N) sin(1 + 3 i + 7 j)` (i, j from 0), `w_in_i = cos(2 i)`,
/// `w_out_i = sin(1 + 5 i) / sqrt(N/2)`, sigma = 1, u = 1.
fn bench_network(n: usize) -> LinearNetwork {
    let s = 0.6 * (2.0 / n as f64).sqrt();
    LinearNetwork {
        w: DMatrix::from_fn(n, n, |i, j| {
            s * (1.0 + 3.0 * i as f64 + 7.0 * j as f64).sin()
        }),
        w_in: DVector::from_fn(n, |i, _| (2.0 * i as f64).cos()),
        w_out: DVector::from_fn(n, |i, _| {
            (1.0 + 5.0 * i as f64).sin() / (n as f64 / 2.0).sqrt()
        }),
        sigma: 1.0,
        input: 1.0,
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("linear_var_grad");
    g.sample_size(10);
    for n in [256usize, 1000] {
        let net = bench_network(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &net, |b, net| {
            b.iter(|| black_box(net).variance().unwrap().l_var)
        });
    }
    g.finish();

    let mut g = c.benchmark_group("linear_loss");
    g.sample_size(10);
    let net = bench_network(256);
    g.bench_function("256", |b| {
        b.iter(|| black_box(&net).loss(1.0).unwrap().l_bias)
    });
    g.finish();

    let task = LinearTask {
        n: 256,
        rho_sqrt_n: -0.5,
        sigma: 1.0,
        target: 1.0,
    };
    let schedule = Schedule {
        lr: 0.002,
        fast_steps: 1000,
        slow_steps: 5000,
        samples: 201,
    };
    c.bench_function("linear_flow_rank_two_fig10", |b| {
        b.iter(|| {
            integrate_flow(
                black_box(&task),
                &schedule,
                &FlowOptions::default(),
                &mut |_| {},
            )
            .unwrap()
        })
    });
    // the SGD moment theory of the published Fig. 10 set-up (6000 steps, noise every 10)
    let window = BatchWindow {
        dt: 0.2,
        steps: 100,
        first_target: 75,
        target_every: 1,
        batch: 32,
    };
    c.bench_function("gradient_noise_fig10", |b| {
        let m = Matrix2::new(-1.3, 0.17, -0.05, 0.02);
        b.iter(|| gradient_noise(black_box(&task), &m, &window).unwrap())
    });
    let mut g = c.benchmark_group("sgd_moments");
    g.sample_size(10);
    g.bench_function("fig10", |b| {
        b.iter(|| sgd_moments(black_box(&task), &schedule, Matrix2::zeros(), &window, 10).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
