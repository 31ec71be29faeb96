//! Regime measures: the full set on a BCI-sized recording (4000 x 87, 2 outputs) and the
//! neuron-subsampling analysis of Fig. 8 (10 sizes x 20 subsets) on 10000 x 200.
//! Side-by-side ratios against scikit-learn: bench/regime_vs_sklearn.py time.
//!
//! Run: `cargo bench -p oblique-validate --bench regime`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use nalgebra::DMatrix;
use oblique_validate::regime::pca::{centre_columns, gram};
use oblique_validate::regime::ridge::default_alphas;
use oblique_validate::regime::subsample::subsample;
use oblique_validate::regime::{analyse_recording, RecordingOptions, SubsampleOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Activity with a few strong directions plus noise; outputs read weak random directions.
fn recording(n: usize, neurons: usize) -> (DMatrix<f64>, DMatrix<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let latent = DMatrix::from_fn(n, 5, |_, k| rng.random::<f64>() * (6.0 - k as f64));
    let mix = DMatrix::from_fn(5, neurons, |_, _| rng.random::<f64>() - 0.5);
    let x = &latent * &mix + DMatrix::from_fn(n, neurons, |_, _| rng.random::<f64>());
    let read = DMatrix::from_fn(neurons, 2, |_, _| rng.random::<f64>() - 0.5);
    let y = &x * &read + DMatrix::from_fn(n, 2, |_, _| 0.3 * rng.random::<f64>());
    (x, y)
}

fn full_measures(c: &mut Criterion) {
    let (x, y) = recording(4000, 87);
    let opts = RecordingOptions::default();
    c.bench_function("regime/full_measures_4000x87", |b| {
        b.iter(|| analyse_recording(black_box(&x), black_box(&y), &opts).unwrap())
    });
}

fn subsampling(c: &mut Criterion) {
    let (x, y) = recording(10_000, 200);
    let (xc, yc) = (centre_columns(&x), centre_columns(&y));
    let g = gram(&xc);
    let opts = SubsampleOptions::published(1);
    let alphas = default_alphas();
    let mut group = c.benchmark_group("regime");
    group.sample_size(10);
    group.bench_function("subsample_10000x200_200_fits", |b| {
        b.iter(|| subsample(black_box(&xc), &g, &yc, &opts, &alphas).unwrap())
    });
    group.finish();
}

criterion_group!(benches, full_measures, subsampling);
criterion_main!(benches);
