//! Criterion benchmarks of the rank-two mean-field theory (theory notes, section 3):
//! one full point (erf closed-form averages + 2x2 Lyapunov; tanh with numerical averages
//! and Brent), the optimum, and a 1,000,000-point closed-form sweep (computation only).
//! Targets (issue 2): erf point <= 2 us, tanh point <= 50 us, 1M-point sweep <= 15 ms
//! wall on 2 cores. `bench/mft_vs_numpy.py` times the same points in numpy/scipy.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use nalgebra::Matrix2;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::optimum::OptimumProblem;
use oblique_theory::rank_two::{Coupling, NoiseLevel, RankTwoModel};
use oblique_theory::sweep::{PointResult, Sweep, SweepGrid};

fn model(b: Builtin, coupling: Coupling) -> RankTwoModel<'static> {
    RankTwoModel {
        noise: NoiseLevel::new(1.0).unwrap(),
        nonlinearity: b.into(),
        n: 256,
        target: 1.0,
        coupling,
    }
}

const EIGEN: Coupling = Coupling::Eigen {
    lambda_plus: 1.9,
    lambda_minus: -5.0,
};

/// The grid of the 1M-point sweep: 1000 lambda+ x 100 lambda- x 10 N.
pub fn million_grid() -> SweepGrid {
    SweepGrid {
        lambda_plus: (0..1000).map(|i| 1.61 + 1.39 * i as f64 / 999.0).collect(),
        lambda_minus: (0..100).map(|i| -10.0 + 9.9 * i as f64 / 99.0).collect(),
        n: vec![16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192],
    }
}

fn bench(c: &mut Criterion) {
    c.bench_function("mft point erf (lambda+=1.9, lambda-=-5, N=256)", |b| {
        b.iter(|| {
            black_box(model(Builtin::Erf, black_box(EIGEN)))
                .solve()
                .unwrap()
        })
    });
    let m = Coupling::Explicit(Matrix2::new(1.8, 0.9, -0.4, -2.0));
    c.bench_function("mft point erf explicit non-symmetric M", |b| {
        b.iter(|| {
            black_box(model(Builtin::Erf, black_box(m)))
                .solve()
                .unwrap()
        })
    });
    c.bench_function("mft point tanh (lambda+=1.9, lambda-=-5, N=256)", |b| {
        b.iter(|| {
            black_box(model(Builtin::Tanh, black_box(EIGEN)))
                .solve()
                .unwrap()
        })
    });
    let problem = OptimumProblem {
        noise: NoiseLevel::new(1.0).unwrap(),
        nonlinearity: Builtin::Erf.into(),
        target: 1.0,
        lambda_minus: -5.0,
    };
    c.bench_function("optimum erf (lambda-=-5, N=256)", |b| {
        b.iter(|| problem.solve(black_box(256)).unwrap())
    });
    let grid = million_grid();
    let mut out = vec![PointResult::NoFixedPoint; grid.len()];
    let noise = NoiseLevel::new(1.0).unwrap();
    let mut g = c.benchmark_group("sweep");
    g.sample_size(30);
    g.bench_function("sweep 1M closed-form points erf (setup + evaluate)", |b| {
        b.iter(|| {
            let s = Sweep::new(noise, Builtin::Erf.into(), 1.0, black_box(grid.clone())).unwrap();
            s.evaluate_into(&mut out).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
