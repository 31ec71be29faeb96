//! The single-precision step kernels against the `f64` ones of [`super::super`], and the
//! two back-ends against each other.

use super::super::super::act::{ErfAct, TanhAct};
use super::super::{backward_step as backward64, dot, forward_step as forward64};
use super::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn vector(rng: &mut ChaCha8Rng, n: usize, scale: f64) -> Vec<f64> {
    (0..n)
        .map(|_| scale * rng.random_range(-1.0..1.0))
        .collect()
}

/// Random vectors `x, add, u0, u1, w` of length `n`.
fn inputs(n: usize, seed: u64) -> [Vec<f64>; 5] {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    [3.0, 0.5, 2.0, 2.0, 1.0].map(|s| vector(&mut rng, n, s))
}

const C: Coefs = Coefs {
    a1: 0.8,
    c0: 0.31,
    c1: -0.27,
    c2: 1.3,
};

#[test]
fn forward_step_matches_the_f64_kernel() {
    for n in [1, 7, 8, 9, 100, 1024] {
        let [x, add, u0, u1, w] = inputs(n, n as u64);
        let (mut x64, mut add64, mut d64) = (x.clone(), add.clone(), vec![0.0; n]);
        let p64 = forward64::<ErfAct, false>(
            &mut x64,
            &mut d64,
            &mut [],
            &mut add64,
            &u0,
            &u1,
            &w,
            C.a1,
            C.c0,
            C.c1,
            C.c2,
        );
        let (mut x32, mut phi32, mut d32) = (x.clone(), vec![0.0; n], vec![0.0f32; n]);
        let p32 =
            forward_step::<ErfAct, true>(&mut x32, &mut d32, &mut phi32, &add, &u0, &u1, &w, C);
        // the state update is the same f64 arithmetic
        assert_eq!(x32, x64, "n = {n}");
        // without phi_out: the same state, slopes and sums
        let (mut xb, mut db) = (x.clone(), vec![0.0f32; n]);
        let pb = forward_step::<ErfAct, false>(&mut xb, &mut db, &mut [], &add, &u0, &u1, &w, C);
        assert_eq!((xb, db, pb), (x32.clone(), d32.clone(), p32));
        for i in 0..n {
            assert!(
                (phi32[i] - add64[i]).abs() <= 4e-7 * add64[i].abs(),
                "phi, n = {n}"
            );
            assert!(
                (d32[i] as f64 - d64[i]).abs() <= 2e-7 * d64[i],
                "phi', n = {n}"
            );
        }
        // U^T phi: sums of n terms of size 2 with relative errors 4e-7
        for k in 0..2 {
            assert!((p32[k] - p64[k]).abs() < 1e-6 * n as f64, "p, n = {n}");
        }
    }
}

#[test]
fn backward_step_with_the_same_slopes_is_the_f64_kernel() {
    // with the slopes of the f32 kernel in both, lam is the same arithmetic; the sums are
    // too when n is a multiple of 8 (the same lanes)
    for n in [3, 8, 13, 1024] {
        let [lam, add, u0, u1, w] = inputs(n, 100 + n as u64);
        let d32: Vec<f32> = add.iter().map(|a| (a * a) as f32).collect();
        let d64: Vec<f64> = d32.iter().map(|&d| d as f64).collect();
        for with_add in [false, true] {
            let (mut l64, mut l32) = (lam.clone(), lam.clone());
            let (r64, r32) = if with_add {
                (
                    backward64::<true>(&mut l64, &d64, &add, &u0, &u1, &w, C.a1, C.c0, C.c1, C.c2),
                    backward_step::<true>(&mut l32, &d32, &add, &u0, &u1, &w, C),
                )
            } else {
                (
                    backward64::<false>(&mut l64, &d64, &add, &u0, &u1, &w, C.a1, C.c0, C.c1, C.c2),
                    backward_step::<false>(&mut l32, &d32, &add, &u0, &u1, &w, C),
                )
            };
            assert_eq!(l32, l64, "n = {n}");
            if n % 8 == 0 {
                assert_eq!(r32, r64, "n = {n}");
            } else {
                for k in 0..2 {
                    assert!((r32[k] - r64[k]).abs() < 1e-13 * n as f64, "n = {n}");
                }
            }
        }
    }
}

#[test]
fn dot3_is_three_dots() {
    for n in [1, 8, 21, 1024] {
        let [a, b, c, x, _] = inputs(n, 200 + n as u64);
        let got = dot3([&a, &b, &c], &x);
        let want = [dot(&a, &x), dot(&b, &x), dot(&c, &x)];
        if n % 8 == 0 {
            assert_eq!(got, want);
        } else {
            for k in 0..3 {
                assert!((got[k] - want[k]).abs() < 1e-14 * n as f64);
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn avx2_and_portable_kernels_give_the_same_bits() {
    let Some(v) = Avx2::new() else {
        return;
    };
    for n in [1, 7, 8, 9, 17, 1027] {
        let [x, add, u0, u1, w] = inputs(n, 300 + n as u64);
        let fixed = [&u0[..], &u1[..], &w[..]];
        let run_fwd = |avx: bool| {
            let (mut x, mut phi, mut d) = (x.clone(), vec![0.0; n], vec![0.0f32; n]);
            let p = if avx {
                forward_with::<_, TanhAct, true>(v, &mut x, &mut d, &mut phi, &add, fixed, C)
            } else {
                forward_with::<_, TanhAct, true>(Portable, &mut x, &mut d, &mut phi, &add, fixed, C)
            };
            (x, phi, d, p)
        };
        assert_eq!(run_fwd(true), run_fwd(false), "forward, n = {n}");
        let d: Vec<f32> = x.iter().map(|v| (v * v) as f32).collect();
        let run_bwd = |avx: bool| {
            let mut lam = x.clone();
            let r = if avx {
                backward_with::<_, true>(v, &mut lam, &d, &add, fixed, C)
            } else {
                backward_with::<_, true>(Portable, &mut lam, &d, &add, fixed, C)
            };
            (lam, r)
        };
        assert_eq!(run_bwd(true), run_bwd(false), "backward, n = {n}");
        assert_eq!(
            dot3_with(v, fixed, &x),
            dot3_with(Portable, fixed, &x),
            "dot3, n = {n}"
        );
    }
}
