//! The nonlinearity on slices of the working precision, through the training kernels'
//! vectorisable `(phi, phi')` of [`crate::train::act`].
//!
//! The polynomials use `mul_add`; each slice kernel is compiled for the CPU's SIMD width
//! (`oblique_theory::simd_dispatch!`) so that `mul_add` becomes an FMA instruction rather
//! than a call into the software `fma` (which cost a third of a training step).

use super::real::Real;
use crate::train::act::{Act, ErfAct, TanhAct};
use oblique_theory::nonlinearity::Builtin;

#[inline(always)]
fn phi_with<A: Act, R: Real>(x: &[R], phi: &mut [R]) {
    for (p, &v) in phi.iter_mut().zip(x) {
        *p = R::of(A::eval(v.f64()).0);
    }
}

#[inline(always)]
fn mul_dphi_with<A: Act, R: Real>(x: &[R], v: &mut [R]) {
    for (o, &xv) in v.iter_mut().zip(x) {
        *o = *o * R::of(A::eval(xv.f64()).1);
    }
}

#[inline(always)]
fn phi_dphi_with<A: Act, R: Real>(x: &[R], phi: &mut [R], dphi: &mut [R]) {
    for ((p, q), &v) in phi.iter_mut().zip(dphi.iter_mut()).zip(x) {
        let (f, df) = A::eval(v.f64());
        *p = R::of(f);
        *q = R::of(df);
    }
}

#[inline(always)]
fn phi_dphi_tanh<R: Real>(x: &[R], phi: &mut [R], dphi: &mut [R]) {
    phi_dphi_with::<TanhAct, R>(x, phi, dphi)
}

#[inline(always)]
fn phi_dphi_erf<R: Real>(x: &[R], phi: &mut [R], dphi: &mut [R]) {
    phi_dphi_with::<ErfAct, R>(x, phi, dphi)
}

#[inline(always)]
fn mul_by<R: Real>(d: &[R], v: &mut [R]) {
    for (o, &dv) in v.iter_mut().zip(d) {
        *o = *o * dv;
    }
}

#[inline(always)]
fn phi_tanh<R: Real>(x: &[R], phi: &mut [R]) {
    phi_with::<TanhAct, R>(x, phi)
}

#[inline(always)]
fn phi_erf<R: Real>(x: &[R], phi: &mut [R]) {
    phi_with::<ErfAct, R>(x, phi)
}

#[inline(always)]
fn dphi_tanh<R: Real>(x: &[R], v: &mut [R]) {
    mul_dphi_with::<TanhAct, R>(x, v)
}

#[inline(always)]
fn dphi_erf<R: Real>(x: &[R], v: &mut [R]) {
    mul_dphi_with::<ErfAct, R>(x, v)
}

oblique_theory::simd_dispatch! {
    fn phi_tanh_simd<R: Real>(x: &[R], phi: &mut [R]) => phi_tanh
}
oblique_theory::simd_dispatch! {
    fn phi_erf_simd<R: Real>(x: &[R], phi: &mut [R]) => phi_erf
}
oblique_theory::simd_dispatch! {
    fn dphi_tanh_simd<R: Real>(x: &[R], v: &mut [R]) => dphi_tanh
}
oblique_theory::simd_dispatch! {
    fn phi_dphi_tanh_simd<R: Real>(x: &[R], phi: &mut [R], dphi: &mut [R]) => phi_dphi_tanh
}
oblique_theory::simd_dispatch! {
    fn phi_dphi_erf_simd<R: Real>(x: &[R], phi: &mut [R], dphi: &mut [R]) => phi_dphi_erf
}
oblique_theory::simd_dispatch! {
    fn mul_by_simd<R: Real>(d: &[R], v: &mut [R]) => mul_by
}
oblique_theory::simd_dispatch! {
    fn dphi_erf_simd<R: Real>(x: &[R], v: &mut [R]) => dphi_erf
}

/// `phi[i] = phi(x[i])`.
pub fn phi_slice<R: Real>(nl: Builtin, x: &[R], phi: &mut [R]) {
    match nl {
        Builtin::Tanh => phi_tanh_simd(x, phi),
        Builtin::Erf => phi_erf_simd(x, phi),
        Builtin::Identity => {
            for (p, &v) in phi.iter_mut().zip(x) {
                *p = v;
            }
        }
    }
}

/// `phi[i] = phi(x[i])` and, but for the identity (whose `phi'` is 1 and `dphi` is left
/// as it is), `dphi[i] = phi'(x[i])`: the values of [`phi_slice`] and of the factors of
/// [`mul_dphi`], from one evaluation.
pub fn phi_dphi_slice<R: Real>(nl: Builtin, x: &[R], phi: &mut [R], dphi: &mut [R]) {
    match nl {
        Builtin::Tanh => phi_dphi_tanh_simd(x, phi, dphi),
        Builtin::Erf => phi_dphi_erf_simd(x, phi, dphi),
        Builtin::Identity => phi_slice(nl, x, phi),
    }
}

/// `v[i] *= dphi[i]` for the `dphi` of [`phi_dphi_slice`] (the identity: nothing), equal
/// bit for bit to [`mul_dphi`] of the same states.
pub fn mul_stored_dphi<R: Real>(nl: Builtin, dphi: &[R], v: &mut [R]) {
    if nl != Builtin::Identity {
        mul_by_simd(dphi, v)
    }
}

/// `v[i] *= phi'(x[i])`.
pub fn mul_dphi<R: Real>(nl: Builtin, x: &[R], v: &mut [R]) {
    match nl {
        Builtin::Tanh => dphi_tanh_simd(x, v),
        Builtin::Erf => dphi_erf_simd(x, v),
        Builtin::Identity => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored_equals_recomputed<R: Real>() {
        let x: Vec<R> = (0..301)
            .map(|i| R::of((i as f64 - 150.0) * 0.037))
            .collect();
        for nl in [Builtin::Tanh, Builtin::Erf, Builtin::Identity] {
            let (mut p1, mut p2) = (vec![R::default(); x.len()], vec![R::default(); x.len()]);
            let mut dphi = match nl {
                Builtin::Identity => Vec::new(),
                _ => vec![R::default(); x.len()],
            };
            phi_slice(nl, &x, &mut p1);
            phi_dphi_slice(nl, &x, &mut p2, &mut dphi);
            assert_eq!(p1, p2, "{nl:?}");
            let v: Vec<R> = (0..x.len()).map(|i| R::of(1.0 + i as f64 * 0.01)).collect();
            let (mut v1, mut v2) = (v.clone(), v.clone());
            mul_dphi(nl, &x, &mut v1);
            mul_stored_dphi(nl, &dphi, &mut v2);
            assert_eq!(v1, v2, "{nl:?}");
        }
        // tanh'(0) = 1 and tanh'(x) = 1 - tanh(x)^2 at x = 1 (0.41997434...)
        let mut d = [R::default(); 2];
        phi_dphi_slice(
            Builtin::Tanh,
            &[R::of(0.0), R::of(1.0)],
            &mut [R::default(); 2],
            &mut d,
        );
        assert_eq!(d[0].f64(), 1.0);
        assert!((d[1].f64() - (1.0 - 1f64.tanh().powi(2))).abs() < 1e-7);
    }

    #[test]
    fn stored_derivatives_equal_the_recomputed_ones_bit_for_bit() {
        stored_equals_recomputed::<f32>();
        stored_equals_recomputed::<f64>();
    }
}
