//! Cost of FLR predictions at N = 500: the per-network factorisation (one Lyapunov solve
//! for C, one LU inverse for G) and per-pair predictions, single and batched.

use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::{DMatrix, DVector};
use oblique_theory::flr::{FlrNetwork, FlrTheory, LearningRule, LearningTask};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn network(n: usize) -> FlrNetwork {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let scale = 0.5 * (12.0 / n as f64).sqrt();
    let mut j = DMatrix::from_fn(n, n, |_, _| scale * (rng.random::<f64>() - 0.5));
    for _ in 0..5 {
        let m = DVector::from_fn(n, |_, _| if rng.random::<bool>() { 1.0 } else { -1.0 });
        j.ger(1.0 / n as f64, &m, &m, 1.0);
    }
    FlrNetwork::new(j, 0.5, 0.5).unwrap()
}

fn tasks(n: usize, k: usize) -> Vec<LearningTask> {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    (0..k)
        .map(|_| LearningTask {
            xi: DVector::from_fn(n, |_, _| if rng.random::<bool>() { 1.0 } else { -1.0 }),
            eta: DVector::from_fn(n, |_, _| if rng.random::<bool>() { 1.0 } else { -1.0 }),
            u: 0.3,
            epsilon: 0.1,
            rule: LearningRule::HEBB_TARGET,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let n = 500;
    let net = network(n);
    let mut g = c.benchmark_group("flr_n500");
    g.sample_size(10);
    g.bench_function("factorise (C by Lyapunov + G by LU)", |b| {
        b.iter(|| FlrTheory::at_origin(&net).unwrap())
    });
    let th = FlrTheory::at_origin(&net).unwrap();
    let one = tasks(n, 1);
    let many = tasks(n, 100);
    g.bench_function("predict 1 pair (factorisation reused)", |b| {
        b.iter(|| th.predict(&one[0]).unwrap())
    });
    g.bench_function("predict_batch 100 pairs (factorisation reused)", |b| {
        b.iter(|| th.predict_batch(&many).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
