//! The training step's products with the readout `W_out` (`d` outputs) side by side:
//! `matrixmultiply` ([`gemm`], what `rnn::bptt` ran before) against `rnn::readout` (the same
//! bits, without packing the state tape), f32 and f64, `N = 128, 256`, `d = 1, 2`:
//! - `outputs`: `Z = X W_out^T` for one Euler step's 32 trials (bptt computes it per step);
//! - `gradient`: `E^T X` over a tape of 300 steps x 32 trials;
//! - `push`: `A + E W_out` for one adjoint step's 32 trials.
//!
//! Run with `cargo bench -p oblique-validate --bench readout`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use oblique_validate::rnn::readout::{output_gradient, outputs, push_errors};
use oblique_validate::rnn::real::{gemm, Mat, Real};

/// Trials of a chunk and time steps of the tape.
const M: usize = 32;
const T: usize = 300;

fn values<R: Real>(len: usize, f: f64) -> Vec<R> {
    (0..len).map(|i| R::of((i as f64 * f).sin())).collect()
}

fn products<R: Real>(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("readout_{}", R::NAME));
    group.sample_size(20);
    for n in [128usize, 256] {
        for d in [1usize, 2] {
            let label = format!("n{n}_d{d}");
            let x: Vec<R> = values(T * M * n, 0.37);
            let w: Vec<R> = values(d * n, 0.11);
            let e: Vec<R> = values(T * M * d, 0.23);
            let mut z = vec![R::default(); M * d];
            let one = R::of(1.0);
            group.bench_function(BenchmarkId::new("outputs/matrixmultiply", &label), |b| {
                b.iter(|| {
                    gemm(
                        M,
                        n,
                        d,
                        one,
                        Mat::rows(&x, n),
                        Mat::rows_t(&w, n),
                        R::default(),
                        &mut z,
                    )
                })
            });
            group.bench_function(BenchmarkId::new("outputs/readout", &label), |b| {
                b.iter(|| outputs(M, n, d, &x, &w, &mut z))
            });
            let mut g = vec![R::default(); d * n];
            group.bench_function(BenchmarkId::new("gradient/matrixmultiply", &label), |b| {
                b.iter(|| {
                    gemm(
                        d,
                        T * M,
                        n,
                        one,
                        Mat::rows_t(&e, d),
                        Mat::rows(&x, n),
                        R::default(),
                        &mut g,
                    )
                })
            });
            group.bench_function(BenchmarkId::new("gradient/readout", &label), |b| {
                b.iter(|| output_gradient(T * M, d, n, &e, &x, &mut g))
            });
            let mut a: Vec<R> = values(M * n, 0.5);
            group.bench_function(BenchmarkId::new("push/matrixmultiply", &label), |b| {
                b.iter(|| {
                    gemm(
                        M,
                        d,
                        n,
                        one,
                        Mat::rows(&e, d),
                        Mat::rows(&w, n),
                        one,
                        &mut a,
                    )
                })
            });
            group.bench_function(BenchmarkId::new("push/readout", &label), |b| {
                b.iter(|| push_errors(M, d, n, &e, &w, true, &mut a))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, products::<f32>, products::<f64>);
criterion_main!(benches);
