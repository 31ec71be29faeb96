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

/// `v[i] *= phi'(x[i])`.
pub fn mul_dphi<R: Real>(nl: Builtin, x: &[R], v: &mut [R]) {
    match nl {
        Builtin::Tanh => dphi_tanh_simd(x, v),
        Builtin::Erf => dphi_erf_simd(x, v),
        Builtin::Identity => {}
    }
}
