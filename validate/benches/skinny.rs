//! The trainers' skinny products on both kernels side by side: [`Kernel::RowExact`]
//! (`matrixmultiply`) against [`Kernel::Fast`] (the `gemm` crate, single-threaded), f32 and
//! f64, `N = 128, 256, 512`, the small side `s = 1, 16, 32`, in both operand orders the
//! trainers use, and for `neuro` the product on `W` packed once (`rnn::packed`, what the
//! task trainer runs; `PackedSome(Avx512)` or `PackedSome(Avx2)` names the instructions):
//! - `neuro`: `C (s x N) = A (s x N) W (N x N)`, all row-major (`rnn::bptt`, per time step);
//! - `linear`: `C (N x s) = W (N x N) X (N x s)`, all column-major (`train::linear`).
//!
//! Run with `cargo bench -p oblique-validate --bench skinny`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use oblique_validate::rnn::packed::{Isa, PackedRhs};
use oblique_validate::rnn::real::{gemm_raw_on, Kernel, Mat, Real};

fn shapes<R: Real>(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("skinny_{}", R::NAME));
    group.sample_size(20);
    for n in [128usize, 256, 512] {
        for s in [1usize, 16, 32] {
            let w: Vec<R> = (0..n * n).map(|i| R::of((i as f64 * 0.11).cos())).collect();
            let x: Vec<R> = (0..n * s).map(|i| R::of((i as f64 * 0.37).sin())).collect();
            let mut out = vec![R::default(); n * s];
            let ni = n as isize;
            for neuro in [true, false] {
                // (m, k, n), operands and their (row, column) strides
                let ((m, k, nc), a, b, (rs, cs)) = if neuro {
                    ((s, n, n), &x, &w, (ni, 1))
                } else {
                    ((n, n, s), &w, &x, (1, ni))
                };
                let label = format!("{}_n{n}_s{s}", if neuro { "neuro" } else { "linear" });
                let (pa, pb, pc) = (a.as_ptr(), b.as_ptr(), out.as_mut_ptr());
                for kernel in [Kernel::RowExact, Kernel::Fast] {
                    let id = BenchmarkId::new(format!("{kernel:?}"), &label);
                    // SAFETY: the three buffers hold the full operands; `out` is separate.
                    group.bench_function(id, |bch| {
                        bch.iter(|| unsafe {
                            gemm_raw_on(
                                kernel,
                                m,
                                k,
                                nc,
                                R::of(0.5),
                                pa,
                                rs,
                                cs,
                                pb,
                                rs,
                                cs,
                                R::of(1.0),
                                pc,
                                rs,
                                cs,
                            )
                        })
                    });
                }
                if neuro {
                    // the per-time-step product as bptt runs it: W packed once, then
                    // `C = alpha A W` on the panels (`rnn::packed`, same bits as RowExact)
                    let packed = PackedRhs::new(Mat::rows(b, n), n, n);
                    let id = BenchmarkId::new(format!("Packed{:?}", Isa::detect()), &label);
                    group.bench_function(id, |bch| {
                        bch.iter(|| packed.product(m, R::of(0.5), a, &mut out))
                    });
                }
            }
        }
    }
    group.finish();
}

criterion_group!(benches, shapes::<f32>, shapes::<f64>);
criterion_main!(benches);
