//! The trainers' skinny products side by side: `matrixmultiply` (the former kernel) against
//! [`Real::gemm_raw`] (the `gemm` crate, single-threaded), f32 and f64, `N = 128, 256, 512`,
//! the small side `s = 16, 32`, in both operand orders the trainers use:
//! - `neuro`: `C (s x N) = A (s x N) W (N x N)`, all row-major (`rnn::bptt`, per time step);
//! - `linear`: `C (N x s) = W (N x N) X (N x s)`, all column-major (`train::linear`).
//!
//! Run with `cargo bench -p oblique-validate --bench skinny`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use oblique_validate::rnn::real::Real;

/// `matrixmultiply`'s product in precision `R`.
trait Former: Real {
    /// `C <- alpha A B + beta C`, strides as in [`Real::gemm_raw`].
    #[allow(clippy::too_many_arguments)]
    unsafe fn former(
        mkn: (usize, usize, usize),
        a: *const Self,
        sa: (isize, isize),
        b: *const Self,
        sb: (isize, isize),
        c: *mut Self,
        sc: (isize, isize),
    );
}

impl Former for f32 {
    unsafe fn former(
        (m, k, n): (usize, usize, usize),
        a: *const f32,
        sa: (isize, isize),
        b: *const f32,
        sb: (isize, isize),
        c: *mut f32,
        sc: (isize, isize),
    ) {
        matrixmultiply::sgemm(
            m, k, n, 0.5, a, sa.0, sa.1, b, sb.0, sb.1, 1.0, c, sc.0, sc.1,
        )
    }
}

impl Former for f64 {
    unsafe fn former(
        (m, k, n): (usize, usize, usize),
        a: *const f64,
        sa: (isize, isize),
        b: *const f64,
        sb: (isize, isize),
        c: *mut f64,
        sc: (isize, isize),
    ) {
        matrixmultiply::dgemm(
            m, k, n, 0.5, a, sa.0, sa.1, b, sb.0, sb.1, 1.0, c, sc.0, sc.1,
        )
    }
}

fn shapes<R: Former>(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("skinny_{}", R::NAME));
    group.sample_size(20);
    for n in [128usize, 256, 512] {
        for s in [16usize, 32] {
            let w: Vec<R> = (0..n * n).map(|i| R::of((i as f64 * 0.11).cos())).collect();
            let x: Vec<R> = (0..n * s).map(|i| R::of((i as f64 * 0.37).sin())).collect();
            let mut out = vec![R::default(); n * s];
            let ni = n as isize;
            for neuro in [true, false] {
                // (m, k, n), operands and their (row, column) strides
                let (mkn, a, b, st) = if neuro {
                    ((s, n, n), &x, &w, (ni, 1))
                } else {
                    ((n, n, s), &w, &x, (1, ni))
                };
                let label = format!("{}_n{n}_s{s}", if neuro { "neuro" } else { "linear" });
                let (pa, pb, pc) = (a.as_ptr(), b.as_ptr(), out.as_mut_ptr());
                // SAFETY (both closures): the three buffers hold the full `mkn` operands.
                group.bench_function(BenchmarkId::new("matrixmultiply", &label), |bch| {
                    bch.iter(|| unsafe { R::former(mkn, pa, st, pb, st, pc, st) })
                });
                group.bench_function(BenchmarkId::new("gemm", &label), |bch| {
                    bch.iter(|| unsafe {
                        R::gemm_raw(
                            mkn.0,
                            mkn.1,
                            mkn.2,
                            R::of(0.5),
                            pa,
                            st.0,
                            st.1,
                            pb,
                            st.0,
                            st.1,
                            R::of(1.0),
                            pc,
                            st.0,
                            st.1,
                        )
                    })
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, shapes::<f32>, shapes::<f64>);
criterion_main!(benches);
