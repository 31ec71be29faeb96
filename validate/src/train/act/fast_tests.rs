//! Accuracy of the eight-lane `f32` nonlinearities against `f64` references on dense grids,
//! and bit-for-bit agreement of the two back-ends.

use super::super::super::kernels::simd::Portable;
use super::*;
use oblique_theory::nonlinearity::{Erf, Nonlinearity, Tanh};

/// `(phi, phi')` of every `x` through [`FastAct::eval8`] on back-end `v` (blocks of 8,
/// the last padded with zeros).
fn eval_all<A: FastAct, V: Simd>(v: V, xs: &[f64]) -> Vec<(f64, f32)> {
    let mut out = Vec::with_capacity(xs.len());
    for chunk in xs.chunks(8) {
        let mut x8 = [0.0; 8];
        x8[..chunk.len()].copy_from_slice(chunk);
        let (h, _) = x8.as_chunks::<4>();
        let (f, d) = A::eval8(v, [v.load_d(&h[0]), v.load_d(&h[1])]);
        let (f0, f1) = (v.to_array_d(f[0]), v.to_array_d(f[1]));
        let mut d8 = [0.0f32; 8];
        v.store_s(d, &mut d8);
        for l in 0..chunk.len() {
            out.push((if l < 4 { f0[l] } else { f1[l - 4] }, d8[l]));
        }
    }
    out
}

/// `exp(-s)` of every `s` on the portable back-end.
fn exp_all(ss: &[f64]) -> Vec<f32> {
    let v = Portable;
    let mut out = Vec::new();
    for chunk in ss.chunks(8) {
        let mut s8 = [0.0; 8];
        s8[..chunk.len()].copy_from_slice(chunk);
        let (h, _) = s8.as_chunks::<4>();
        let e = exp_neg(v, [h[0], h[1]]);
        out.extend_from_slice(&e[..chunk.len()]);
    }
    out
}

/// `[-20, 20]` in steps of `1e-4`, and a few special values.
fn grid() -> Vec<f64> {
    let mut xs: Vec<f64> = (-200_000..=200_000).map(|i| i as f64 * 1e-4).collect();
    xs.extend([
        1e-300,
        -1e-300,
        1e-30,
        3e-8,
        1e6,
        -1e6,
        1e300,
        -f64::MAX,
        f64::INFINITY,
    ]);
    xs
}

#[test]
fn exp_neg_has_relative_error_below_1e7_up_to_the_clamp() {
    // every 1e-4 of [0, 87], and the clamp beyond
    let ss: Vec<f64> = (0..=870_000).map(|i| i as f64 * 1e-4).collect();
    let worst = ss
        .iter()
        .zip(exp_all(&ss))
        .map(|(s, e)| ((e as f64 - (-s).exp()) / (-s).exp()).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-7, "worst relative exp error {worst}");
    let beyond = exp_all(&[87.0, 100.0, 1e300, f64::INFINITY]);
    let floor = (-87.0f64).exp();
    assert!(beyond
        .iter()
        .all(|&e| (e as f64 - floor).abs() < 1e-7 * floor));
    assert!(exp_all(&[f64::NAN])[0].is_nan());
}

#[test]
fn erf_and_slope_match_f64_references_everywhere() {
    let xs = grid();
    let (mut worst_phi, mut worst_d, mut worst_tail): (f64, f64, f64) = (0.0, 0.0, 0.0);
    for (&x, (p, d)) in xs.iter().zip(eval_all::<ErfAct, _>(Portable, &xs)) {
        let (exact, slope) = (Erf.phi(x), Erf.dphi(x));
        assert!(p.abs() <= 1.0, "|phi({x})| = {p} > 1");
        if exact.abs() > 1e-37 {
            worst_phi = worst_phi.max(((p - exact) / exact).abs());
        } else {
            // below the smallest normal f32 only absolutely
            assert!((p - exact).abs() < 1e-37, "phi({x}) = {p}");
        }
        if ERF_A * ERF_A * x * x <= EXP_CLAMP {
            worst_d = worst_d.max(((d as f64 - slope) / slope).abs());
        } else {
            worst_tail = worst_tail.max(d as f64);
        }
    }
    assert!(worst_phi < 4e-7, "worst relative erf error {worst_phi}");
    assert!(worst_d < 1e-7, "worst relative slope error {worst_d}");
    assert!(worst_tail < 1.7e-38, "slope beyond the clamp {worst_tail}");
    // erf(sqrt(pi)/2 x) to 20 digits (mpmath), as in the f64 tests
    let exact = [
        (-0.5642, -0.520_507_990_116_766_760_53),
        (0.1, 0.099_738_816_310_727_933_988),
        (1.7, 0.966_880_696_504_376_842_33),
        (3.3, 0.999_964_649_029_073_687_51),
    ];
    for (x, v) in exact {
        let p = eval_all::<ErfAct, _>(Portable, &[x])[0].0;
        assert!(((p - v) / v).abs() < 4e-7, "erf at {x}: {p} vs {v}");
    }
}

#[test]
fn tanh_has_absolute_errors_below_3e7() {
    let xs = grid();
    let (mut worst_phi, mut worst_d): (f64, f64) = (0.0, 0.0);
    for (&x, (p, d)) in xs.iter().zip(eval_all::<TanhAct, _>(Portable, &xs)) {
        worst_phi = worst_phi.max((p - Tanh.phi(x)).abs());
        worst_d = worst_d.max((d as f64 - Tanh.dphi(x)).abs());
        assert!(p.abs() <= 1.0 && (p == 0.0 || p.signum() == x.signum()));
    }
    assert!(worst_phi < 1.5e-7, "worst tanh error {worst_phi}");
    assert!(worst_d < 3e-7, "worst slope error {worst_d}");
}

#[test]
fn identity_is_exact() {
    let xs = grid();
    for (&x, (p, d)) in xs.iter().zip(eval_all::<IdentityAct, _>(Portable, &xs)) {
        assert_eq!((p, d), (x, 1.0));
    }
}

#[test]
fn a_nan_state_gives_nan() {
    for (p, d) in eval_all::<ErfAct, _>(Portable, &[f64::NAN])
        .into_iter()
        .chain(eval_all::<TanhAct, _>(Portable, &[f64::NAN]))
    {
        assert!(p.is_nan() && d.is_nan());
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn avx2_and_portable_give_the_same_bits() {
    use super::super::super::kernels::simd::Avx2;
    let Some(v) = Avx2::new() else {
        return;
    };
    let mut xs: Vec<f64> = (-20_000..=20_000).map(|i| i as f64 * 7.3e-4).collect();
    xs.extend([
        0.0,
        -0.0,
        1e-310,
        f64::MAX,
        f64::NEG_INFINITY,
        f64::NAN,
        4.5,
        -9.9,
    ]);
    fn bits(r: Vec<(f64, f32)>) -> Vec<(u64, u32)> {
        r.into_iter()
            .map(|(p, d)| (p.to_bits(), d.to_bits()))
            .collect()
    }
    assert_eq!(
        bits(eval_all::<ErfAct, _>(v, &xs)),
        bits(eval_all::<ErfAct, _>(Portable, &xs))
    );
    assert_eq!(
        bits(eval_all::<TanhAct, _>(v, &xs)),
        bits(eval_all::<TanhAct, _>(Portable, &xs))
    );
}
