//! `phi` and `phi'` of eight states at once in single precision, for the rank-two trainer's
//! default arithmetic ([`super::super::kernels::fast`]).
//!
//! The state `x` stays `f64`; what needs only `f32` accuracy is evaluated on eight `f32`
//! lanes (one AVX2 register) and converted back:
//!
//! * [`exp_neg`]: `exp(-s)`, `s >= 0`. The range reduction `s = -n ln 2 + q`,
//!   `|q| <= ln(2)/2`, is done in `f64` (so that the error does not grow with `s`), the
//!   Taylor polynomial of `exp(-q)` to degree 7 in `f32`, and `2^n` is put into the
//!   exponent bits. Truncation error `(ln(2)/2)^8 / 8! e^(ln(2)/2) = 7e-9`; with the `f32`
//!   roundings the relative error measured every `1e-4` of `0 <= s <= 87` is `7.4e-8`
//!   (tested: below `1e-7`). Beyond, `s` is clamped to 87 (`exp(-87) = 1.6e-38`, the
//!   smallest normal `f32` is `1.2e-38`).
//! * [`erf`]: `erf(y) = y P(y^2) / Q(y^2)` with `P`, `Q` of degree 5, fitted for this
//!   module by `bench/fit_erf_f32.py` (linear least squares on `P(s) - f(s) Q(s)` with
//!   Lawson's reweighting towards the minimax relative error of
//!   `f(s) = erf(sqrt(s)) / sqrt(s)` on `0 <= s <= 16`): relative error `2.5e-8` in exact
//!   arithmetic; with the `f32` coefficients and roundings the relative error measured
//!   every `1e-4` of `|a x| <= 17.7` is `3.1e-7` (tested: below `4e-7`), and
//!   `phi' = exp(-a^2 x^2)` has `7.7e-8` where `a^2 x^2 <= 87` (below `1e-7`). `y` is
//!   clamped to `[-4, 4]` (`1 - erf(4) = 1.5e-8`, below half an `f32` ulp of 1) and the
//!   result to `[-1, 1]`.
//!
//! So `phi` and `phi'` carry relative errors of a few `1e-7`, the size of the `f32`
//! Gaussian noise's own rounding ([`crate::train::noise`]) and far below the noise itself.
//! (Below the smallest normal `f32`, `|a x| < 1.2e-38`, `phi` is exact only absolutely.)

use super::super::kernels::simd::Simd;
use super::{Act, ErfAct, IdentityAct, TanhAct};
use crate::simulate::activation::A as ERF_A;

/// Where [`erf`] clamps its argument.
pub(crate) const ERF_CLAMP: f32 = 4.0;
/// Where [`exp_neg`] clamps `s`.
pub(crate) const EXP_CLAMP: f64 = 87.0;

/// Numerator of [`erf`]: `P(s)`, lowest degree first (`P(0) = 2 / sqrt(pi)` to `f32`
/// accuracy, as fitted).
#[allow(clippy::approx_constant)]
const ERF_P: [f32; 6] = [
    1.128_379_1,
    1.935_475_3e-1,
    5.310_202e-2,
    3.883_430_3e-3,
    2.845_647e-4,
    1.986_726_8e-6,
];
/// Denominator of [`erf`]: `Q(s)`, lowest degree first.
const ERF_Q: [f32; 6] = [
    1.0,
    5.048_595_7e-1,
    1.153_509_8e-1,
    1.520_743_4e-2,
    1.185_585_7e-3,
    3.741_952_6e-5,
];
/// `(-1)^k / k!`, `k = 0..=7`: `exp(-q)` by Taylor.
const EXP_TAYLOR: [f32; 8] = [
    1.0,
    -1.0,
    0.5,
    -1.0 / 6.0,
    1.0 / 24.0,
    -1.0 / 120.0,
    1.0 / 720.0,
    -1.0 / 5040.0,
];
/// `1.5 * 2^52`: adding and subtracting it rounds an `f64` below `2^51` to an integer.
const MAGIC_D: f64 = 6_755_399_441_055_744.0;
/// `1.5 * 2^23`: the same for `f32`, and the offset [`Simd::pow2_s`] expects.
const MAGIC_S: f32 = 12_582_912.0;
/// `ln 2` as a head with 32 significant bits (so `n ln2_hi` is exact for `|n| < 2^20`) and
/// the rest.
const LN2_HI: f64 = 0.693_147_180_369_123_8;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// `sum_k c[k] x^k` by Horner's rule (fused).
#[inline(always)]
fn horner<V: Simd, const K: usize>(v: V, x: V::S, c: &[f32; K]) -> V::S {
    let mut r = v.splat_s(c[K - 1]);
    for k in (0..K - 1).rev() {
        r = v.fma_s(r, x, v.splat_s(c[k]));
    }
    r
}

/// `exp(-s)` for `s >= 0` given as two `f64` halves, in `f32` (module docs; relative error
/// below `1e-7`, `s` clamped to [`EXP_CLAMP`]; a NaN stays NaN).
#[inline(always)]
pub(crate) fn exp_neg<V: Simd>(v: V, s: [V::D; 2]) -> V::S {
    let (cl, m) = (v.splat_d(EXP_CLAMP), v.splat_d(MAGIC_D));
    let (hi, lo) = (v.splat_d(LN2_HI), v.splat_d(LN2_LO));
    let mut n = [m; 2];
    let mut q = [m; 2];
    for h in 0..2 {
        // a NaN in the second operand of min passes through
        let s = v.min_d(cl, s[h]);
        // n = round(-s / ln 2), q = s + n ln 2 in [-ln2/2, ln2/2]
        n[h] = v.sub_d(v.fma_d(s, v.splat_d(-std::f64::consts::LOG2_E), m), m);
        q[h] = v.fma_d(n[h], lo, v.fma_d(n[h], hi, s));
    }
    let p = horner(v, v.narrow(q[0], q[1]), &EXP_TAYLOR);
    let t = v.add_s(v.narrow(n[0], n[1]), v.splat_s(MAGIC_S));
    v.mul_s(p, v.pow2_s(t))
}

/// `erf(y)` in `f32` (module docs: relative error below `4e-7`, `|y|` clamped to
/// [`ERF_CLAMP`], the result to `[-1, 1]`).
#[inline(always)]
pub(crate) fn erf<V: Simd>(v: V, y: V::S) -> V::S {
    let c = v.splat_s(ERF_CLAMP);
    let y = v.min_s(c, v.max_s(v.splat_s(-ERF_CLAMP), y));
    let s = v.mul_s(y, y);
    let e = v.div_s(v.mul_s(y, horner(v, s, &ERF_P)), horner(v, s, &ERF_Q));
    // the roundings can give 1 + 2^-23 near the clamp
    let one = v.splat_s(1.0);
    v.min_s(one, v.max_s(v.splat_s(-1.0), e))
}

/// A nonlinearity evaluated on eight states: `phi` in `f64` (two halves) and `phi'` in
/// `f32`, for the single-precision kernels.
pub(crate) trait FastAct: Act {
    /// `(phi(x), phi'(x))` of the eight lanes of `x` (lanes `0..4` in `x[0]`).
    fn eval8<V: Simd>(v: V, x: [V::D; 2]) -> ([V::D; 2], V::S);
}

impl FastAct for ErfAct {
    /// `phi(x) = erf(a x)` by [`erf`], `phi'(x) = exp(-a^2 x^2)` by [`exp_neg`] (theory
    /// notes section 1).
    #[inline(always)]
    fn eval8<V: Simd>(v: V, x: [V::D; 2]) -> ([V::D; 2], V::S) {
        let a = v.splat_d(ERF_A);
        let y = x.map(|h| v.mul_d(a, h));
        let d = exp_neg(v, y.map(|h| v.mul_d(h, h)));
        let (f0, f1) = v.widen(erf(v, v.narrow(y[0], y[1])));
        ([f0, f1], d)
    }
}

impl FastAct for TanhAct {
    /// `tanh|x| = (1 - e) / (1 + e)` with `e = exp(-2|x|)` by [`exp_neg`], `phi' = 1 - phi^2`:
    /// absolute errors measured every `1e-4` of `[-20, 20]` `8.9e-8` for `phi`, `2.0e-7`
    /// for `phi'` (tested: below `1.5e-7`, `3e-7`; relative ones grow as `|x| -> 0`, like
    /// the `f64` path's).
    #[inline(always)]
    fn eval8<V: Simd>(v: V, x: [V::D; 2]) -> ([V::D; 2], V::S) {
        let two = v.splat_d(2.0);
        let e = exp_neg(v, x.map(|h| v.mul_d(two, v.abs_d(h))));
        let one = v.splat_s(1.0);
        let t = v.div_s(v.sub_s(one, e), v.add_s(one, e));
        let t = v.copysign_s(t, v.narrow(x[0], x[1]));
        let (f0, f1) = v.widen(t);
        ([f0, f1], v.sub_s(one, v.mul_s(t, t)))
    }
}

impl FastAct for IdentityAct {
    /// `phi = x` exactly (no rounding), `phi' = 1`.
    #[inline(always)]
    fn eval8<V: Simd>(v: V, x: [V::D; 2]) -> ([V::D; 2], V::S) {
        (x, v.splat_s(1.0))
    }
}

#[cfg(test)]
#[allow(clippy::excessive_precision)]
#[path = "fast_tests.rs"]
mod tests;
