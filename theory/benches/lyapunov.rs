//! Criterion benchmarks of the N x N Lyapunov solver (issue 3 performance targets):
//! factorisation alone, one symmetric solve, and "L_var with its gradient" = one Schur +
//! a forward and an adjoint solve, at N = 64, 256 (and 1000 with `--features lapack`).
//!
//!     cargo bench -p oblique-theory --bench lyapunov
//!     cargo bench -p oblique-theory --bench lyapunov --features lapack
//!
//! The matrices are the same as in `bench/lyapunov_vs_scipy.py`: `A = G / sqrt(N) - 1.5 I`
//! with `G` from a fixed xorshift generator, `Q = 2 I`, `w = e_1`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use nalgebra::DMatrix;
use oblique_theory::lyapunov::{solve, SchurLyapunov};

/// Deterministic test matrix shared with the python script (xorshift64, uniform in
/// [-sqrt(3), sqrt(3)) so that entries have unit variance).
pub fn test_matrix(n: usize) -> DMatrix<f64> {
    let mut s: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let scale = 3f64.sqrt() * 2.0 / (n as f64).sqrt();
    // column-major fill, like numpy's order='F'
    let mut a = DMatrix::from_fn(n, n, |_, _| 0.0);
    for j in 0..n {
        for i in 0..n {
            a[(i, j)] = (next() - 0.5) * scale;
        }
    }
    for i in 0..n {
        a[(i, i)] -= 1.5;
    }
    a
}

fn bench(c: &mut Criterion) {
    let mut sizes = vec![64usize, 256];
    if cfg!(feature = "lapack") {
        sizes.push(1000);
    }
    let mut g = c.benchmark_group("lyapunov");
    g.sample_size(10);
    for &n in &sizes {
        let a = test_matrix(n);
        let q = DMatrix::<f64>::identity(n, n) * 2.0;
        let mut ww = DMatrix::<f64>::zeros(n, n);
        ww[(0, 0)] = 1.0;
        g.bench_with_input(BenchmarkId::new("schur", n), &a, |b, a| {
            b.iter(|| SchurLyapunov::new(black_box(a)).unwrap())
        });
        let lyap = SchurLyapunov::new(&a).unwrap();
        g.bench_with_input(BenchmarkId::new("solve_given_schur", n), &q, |b, q| {
            b.iter(|| lyap.solve(black_box(q)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("solve", n), &a, |b, a| {
            b.iter(|| solve(black_box(a), &q).unwrap())
        });
        // L_var and its gradient: S and Omega from one factorisation (Eqs. 21, 24), the two
        // solves concurrently (`solve_pair`)
        g.bench_with_input(BenchmarkId::new("forward_and_adjoint", n), &a, |b, a| {
            b.iter(|| {
                let l = SchurLyapunov::new(black_box(a)).unwrap();
                l.solve_pair(&q, &ww).unwrap()
            })
        });
        if n <= 256 {
            g.bench_with_input(BenchmarkId::new("nalgebra_schur", n), &a, |b, a| {
                b.iter(|| nalgebra::linalg::Schur::new(black_box(a).clone()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
