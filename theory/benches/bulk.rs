//! Criterion benchmarks of the random-bulk theory (theory notes, section 4) at one g > 0
//! point: erf (closed-form pair averages) and tanh (nested quadrature).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use oblique_theory::bulk::{critical_lambda_plus, pair_averages, BulkModel};
use oblique_theory::nonlinearity::{Erf, Nonlinearity, Tanh};

fn model(nl: &dyn Nonlinearity) -> BulkModel<'_> {
    BulkModel {
        g: 0.5,
        noise: 1.0,
        nonlinearity: nl,
        lambda_plus: 2.2,
        lambda_minus: -5.0,
        n: 256,
        target: 1.0,
    }
}

fn bench(c: &mut Criterion) {
    c.bench_function("bulk fixed point erf g=0.5 lambda+=2.2", |b| {
        b.iter(|| black_box(model(&Erf)).solve().unwrap())
    });
    c.bench_function("bulk critical lambda+ erf g=0.5", |b| {
        b.iter(|| critical_lambda_plus(black_box(0.5), 1.0, &Erf).unwrap())
    });
    c.bench_function("bulk pair averages tanh (nested quadrature)", |b| {
        b.iter(|| pair_averages(&Tanh, black_box(2.4), 1.3).unwrap())
    });
    let mut slow = c.benchmark_group("bulk tanh");
    slow.sample_size(10);
    slow.bench_function("bulk fixed point tanh g=0.5 lambda+=2.2", |b| {
        b.iter(|| black_box(model(&Tanh)).solve().unwrap())
    });
    slow.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
