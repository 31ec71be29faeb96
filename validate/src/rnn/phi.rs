//! The nonlinearity on slices of the working precision, through the training kernels'
//! vectorisable `(phi, phi')` of [`crate::train::act`].

use super::real::Real;
use crate::train::act::{Act, ErfAct, IdentityAct, TanhAct};
use oblique_theory::nonlinearity::Builtin;

#[inline(always)]
fn phi_with<A: Act, R: Real>(x: &[R], phi: &mut [R]) {
    for (p, &v) in phi.iter_mut().zip(x) {
        *p = R::of(A::eval(v.f64()).0);
    }
}

/// `phi[i] = phi(x[i])`.
pub fn phi_slice<R: Real>(nl: Builtin, x: &[R], phi: &mut [R]) {
    match nl {
        Builtin::Tanh => phi_with::<TanhAct, R>(x, phi),
        Builtin::Erf => phi_with::<ErfAct, R>(x, phi),
        Builtin::Identity => phi_with::<IdentityAct, R>(x, phi),
    }
}

#[inline(always)]
fn mul_dphi_with<A: Act, R: Real>(x: &[R], v: &mut [R]) {
    for (o, &xv) in v.iter_mut().zip(x) {
        *o = *o * R::of(A::eval(xv.f64()).1);
    }
}

/// `v[i] *= phi'(x[i])`.
pub fn mul_dphi<R: Real>(nl: Builtin, x: &[R], v: &mut [R]) {
    match nl {
        Builtin::Tanh => mul_dphi_with::<TanhAct, R>(x, v),
        Builtin::Erf => mul_dphi_with::<ErfAct, R>(x, v),
        Builtin::Identity => {}
    }
}
