//! Fast, vectorisable nonlinearities for the training kernels: `phi` and `phi'` together.
//!
//! * erf: `phi(x) = erf(a x)`, `a = sqrt(pi)/2`, `phi'(x) = exp(-a^2 x^2)` (theory notes
//!   section 1): `phi` from the simulator's rational approximation, its polynomials
//!   evaluated by Estrin's scheme ([`erf_estrin`], absolute error below `2e-11`), `phi'` from
//!   [`exp_nonpos`] (relative error ~`2e-16`).
//! * tanh: `tanh|x| = (1 - e) / (1 + e)`, `e = exp(-2|x|)`, `phi' = 1 - phi^2`.
//! * identity: `phi = x`, `phi' = 1`.
//!
//! Everything is branch-free so that LLVM vectorises the loops that call it; polynomials use
//! `mul_add`, which the AVX2/AVX-512 kernels compile to FMA instructions.

pub(crate) mod fast;

use crate::simulate::activation::{A as ERF_A, CLAMP as ERF_CLAMP, P as ERF_P, Q as ERF_Q};

/// `1 / k!`, `k = 0..=12`: the Taylor coefficients of `exp` used by [`exp_nonpos`].
const EXP_TAYLOR: [f64; 13] = [
    1.0,
    1.0,
    0.5,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
];

/// `sum_k c[k] x^k` (degree 8) by Estrin's scheme: the terms of Horner's rule, summed as a
/// tree of depth 4 instead of a chain of 8 dependent multiply-adds, so that consecutive
/// neurons' evaluations overlap in the pipeline (the rounding differs from Horner's by a
/// few ulps).
#[inline(always)]
pub(crate) fn estrin8(x: f64, c: &[f64; 9]) -> f64 {
    let x2 = x * x;
    let x4 = x2 * x2;
    let a0 = c[1].mul_add(x, c[0]);
    let a1 = c[3].mul_add(x, c[2]);
    let a2 = c[5].mul_add(x, c[4]);
    let a3 = c[7].mul_add(x, c[6]);
    let b0 = a1.mul_add(x2, a0);
    let b1 = a3.mul_add(x2, a2);
    let lo = b1.mul_add(x4, b0);
    (c[8] * x4).mul_add(x4, lo)
}

/// `sum_k c[k] x^k` (degree 12) by Estrin's scheme (see [`estrin8`]).
#[inline(always)]
pub(crate) fn estrin12(x: f64, c: &[f64; 13]) -> f64 {
    let x2 = x * x;
    let x4 = x2 * x2;
    let x8 = x4 * x4;
    let a: [f64; 6] = std::array::from_fn(|k| c[2 * k + 1].mul_add(x, c[2 * k]));
    let b0 = a[1].mul_add(x2, a[0]);
    let b1 = a[3].mul_add(x2, a[2]);
    let b2 = a[5].mul_add(x2, a[4]);
    let d0 = b1.mul_add(x4, b0);
    let d1 = c[12].mul_add(x4, b2);
    d1.mul_add(x8, d0)
}

/// `erf(y)`: the simulator's rational approximation `y P(y^2) / Q(y^2)`
/// ([`crate::simulate::activation::erf_fast_fused`], absolute error below `2e-11`) with
/// both polynomials evaluated by [`estrin8`].
#[inline(always)]
pub fn erf_estrin(y: f64) -> f64 {
    let y = y.clamp(-ERF_CLAMP, ERF_CLAMP);
    let s = y * y;
    y * estrin8(s, &ERF_P) / estrin8(s, &ERF_Q)
}

/// A nonlinearity evaluated with its slope, for the kernels.
pub trait Act: Copy + Send + Sync + 'static {
    /// `(phi(x), phi'(x))`.
    fn eval(x: f64) -> (f64, f64);
}

/// `erf(sqrt(pi)/2 x)`.
#[derive(Debug, Clone, Copy)]
pub struct ErfAct;
/// `tanh(x)`.
#[derive(Debug, Clone, Copy)]
pub struct TanhAct;
/// `x`.
#[derive(Debug, Clone, Copy)]
pub struct IdentityAct;

/// `exp(v)` for `v <= 0`, branch-free (inputs below -708 give about 3e-308 instead of 0).
/// Cody-Waite reduction `v = n ln2 + r`, `|r| <= ln2/2`, Taylor to degree 12 by
/// [`estrin12`] (error ~2e-16).
#[inline(always)]
pub fn exp_nonpos(v: f64) -> f64 {
    let v = v.max(-708.0);
    let n = super::noise::round_magic(v * std::f64::consts::LOG2_E);
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let r = v - n * LN2_HI - n * LN2_LO;
    let p = estrin12(r, &EXP_TAYLOR);
    // 2^n from the low bits of n + 1.5 * 2^52 (no float-to-int conversion)
    let nb = (n + 6_755_399_441_055_744.0 + 1023.0).to_bits() & 0x7ff;
    let scale = f64::from_bits(nb << 52);
    p * scale
}

impl Act for ErfAct {
    #[inline(always)]
    fn eval(x: f64) -> (f64, f64) {
        let y = ERF_A * x;
        (erf_estrin(y), exp_nonpos(-y * y))
    }
}

impl Act for TanhAct {
    #[inline(always)]
    fn eval(x: f64) -> (f64, f64) {
        let e = exp_nonpos(-2.0 * x.abs());
        let t = ((1.0 - e) / (1.0 + e)).copysign(x);
        (t, 1.0 - t * t)
    }
}

impl Act for IdentityAct {
    #[inline(always)]
    fn eval(x: f64) -> (f64, f64) {
        (x, 1.0)
    }
}

#[cfg(test)]
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;
    use oblique_theory::nonlinearity::{Erf, Nonlinearity, Tanh};

    #[test]
    fn erf_matches_high_precision_values() {
        // erf(sqrt(pi)/2 x) to 20 digits (mpmath, 30-digit arithmetic)
        let exact = [
            (-0.5642, -0.520_507_990_116_766_760_53),
            (0.1, 0.099_738_816_310_727_933_988),
            (0.9, 0.740_672_784_549_393_634_3),
            (1.7, 0.966_880_696_504_376_842_33),
            (2.5, 0.998_271_386_950_338_267_6),
            (3.3, 0.999_964_649_029_073_687_51),
            (4.8, 0.999_999_998_211_186_958_83),
            (6.5, 0.999_999_999_999_999_625_52),
        ];
        for (x, v) in exact {
            let (p, d) = ErfAct::eval(x);
            assert!((p - v).abs() < 2e-11, "erf at {x}: {p} vs {v}");
            assert!(
                (d - Erf.dphi(x)).abs() < 1e-15,
                "slope at {x}: {d} vs {}",
                Erf.dphi(x)
            );
        }
    }

    #[test]
    fn erf_and_slope_match_statrs_everywhere() {
        // statrs' erf itself is only good to ~5e-11 near |a x| = 0.5, erf_fast to 2e-11
        let mut worst: f64 = 0.0;
        for i in -200_000..=200_000 {
            let x = i as f64 * 1e-4; // [-20, 20]
            let (p, d) = ErfAct::eval(x);
            worst = worst
                .max((p - Erf.phi(x)).abs())
                .max((d - Erf.dphi(x)).abs());
        }
        assert!(worst < 1e-10, "worst erf error {worst}");
        assert!((ErfAct::eval(1e6).0 - 1.0).abs() < 2e-11);
        assert!((ErfAct::eval(-1e300).0 + 1.0).abs() < 2e-11 && ErfAct::eval(f64::MAX).1 < 1e-300);
        // odd, and the slope is the derivative (central difference)
        let h = 1e-5;
        for &x in &[-2.0, -0.3, 0.0, 0.7, 1.9] {
            assert_eq!(ErfAct::eval(-x).0, -ErfAct::eval(x).0);
            let fd = (ErfAct::eval(x + h).0 - ErfAct::eval(x - h).0) / (2.0 * h);
            assert!(
                (fd - ErfAct::eval(x).1).abs() < 1e-9,
                "slope at {x}: {fd} vs {}",
                ErfAct::eval(x).1
            );
        }
    }

    #[test]
    fn exp_matches_std() {
        let mut worst: f64 = 0.0;
        for i in 0..100_000 {
            let v = -(i as f64) * 7e-3;
            worst = worst.max(((exp_nonpos(v) - v.exp()) / v.exp()).abs());
        }
        assert!(worst < 1e-15, "worst relative exp error {worst}");
    }

    #[test]
    fn tanh_matches_std() {
        for i in -4000..=4000 {
            let x = i as f64 * 5e-3;
            let (p, d) = TanhAct::eval(x);
            assert!((p - Tanh.phi(x)).abs() < 1e-15, "x = {x}");
            assert!((d - Tanh.dphi(x)).abs() < 1e-14, "x = {x}");
        }
    }
}
