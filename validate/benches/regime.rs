//! Regime measures: the full set on a BCI-sized recording (4000 x 87, 2 outputs) and the
//! neuron-subsampling analysis of Fig. 8 (10 sizes x 20 subsets) on 10000 x 200.
//! Side-by-side ratios against scikit-learn: bench/regime_vs_sklearn.py time.
//!
//! Run: `cargo bench -p oblique-validate --bench regime`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use oblique_validate::bench_support::regime_recording as recording;
use oblique_validate::regime::pca::{centre_columns, gram};
use oblique_validate::regime::ridge::default_alphas;
use oblique_validate::regime::subsample::subsample;
use oblique_validate::regime::{analyse_recording, RecordingOptions, SubsampleOptions};

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
