//! Criterion benchmarks of the Gaussian averages (issue 2: a tanh mean-field point, ~5
//! averages plus a root find, must stay under 50 us).
//!
//!     cargo bench -p oblique-theory --bench averages

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use oblique_theory::nonlinearity::{gaussian_average, Erf, Nonlinearity, Tanh};

/// The previous implementation (double-exponential rule of the `quadrature` crate on
/// [-12, 0] and [0, 12], tolerance 1e-15), for comparison.
fn de_average(f: impl Fn(f64) -> f64, s: f64) -> f64 {
    let norm = (2.0 * std::f64::consts::PI).sqrt().recip();
    let g = |y: f64| f(s * y) * (-0.5 * y * y).exp() * norm;
    quadrature::double_exponential::integrate(g, -12.0, 0.0, 1e-15).integral
        + quadrature::double_exponential::integrate(g, 0.0, 12.0, 1e-15).integral
}

/// A tanh mean-field point like Eq. 43: find s_x with lambda+ <phi'>_{s_x} = 1 by
/// safeguarded secant (regula falsi, Illinois) on [sigma, 50], then all averages there.
fn tanh_point(lambda: f64, sigma: f64) -> (f64, f64) {
    let g = |s: f64| lambda * Tanh.mean_dphi(s) - 1.0;
    let (mut a, mut b) = (sigma, 50.0);
    let (mut fa, mut fb) = (g(a), g(b));
    let mut side = 0;
    let mut s = a;
    for _ in 0..60 {
        s = (a * fb - b * fa) / (fb - fa);
        let fs = g(s);
        if fs.abs() < 1e-13 || (b - a).abs() < 1e-12 * s {
            break;
        }
        if fs * fb > 0.0 {
            b = s;
            fb = fs;
            if side == -1 {
                fa *= 0.5;
            }
            side = -1;
        } else {
            a = s;
            fa = fs;
            if side == 1 {
                fb *= 0.5;
            }
            side = 1;
        }
    }
    let avg = Tanh.averages(s);
    (s, avg.d3phi / avg.dphi)
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("averages");
    for s in [0.5, 1.3, 5.0] {
        g.bench_function(format!("tanh_mean_dphi/s={s}"), |b| {
            b.iter(|| Tanh.mean_dphi(black_box(s)))
        });
    }
    g.bench_function("tanh_mean_dphi_old_de/s=1.3", |b| {
        b.iter(|| de_average(|x| Tanh.dphi(x), black_box(1.3)))
    });
    g.bench_function("tanh_all_five_one_pass/s=1.3", |b| {
        b.iter(|| Tanh.averages(black_box(1.3)))
    });
    g.bench_function("erf_closed_forms/s=1.3", |b| {
        b.iter(|| Erf.averages(black_box(1.3)))
    });
    g.bench_function("gaussian_average_x2/s=1.3", |b| {
        b.iter(|| gaussian_average(|x| x * x, black_box(1.3)))
    });
    g.bench_function("tanh_mft_point/lambda=1.9", |b| {
        b.iter(|| tanh_point(black_box(1.9), 1.0))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
