//! The two arithmetics of a rank-two trial's inner loops.
//!
//! * [`Fast`] (the default): `phi`, `phi'` in `f32` on eight lanes and the slopes stored
//!   in `f32` ([`crate::train::kernels::fast`]); the state, adjoint and sums in `f64`.
//! * [`Precise`]: everything in `f64` ([`crate::train::kernels`]); for the finite-difference
//!   checks of the gradient, where the `f32` roundings of `phi` (a few `1e-7`) would swamp
//!   the difference quotient.

use super::super::super::act::fast::FastAct;
use super::super::super::act::Act;
use super::super::super::kernels::{self, fast, fast::Coefs};
use std::marker::PhantomData;

/// The inner loops of one arithmetic (see [`super::forward`] and [`super::backward`]).
pub(in super::super) trait Path {
    /// The stored slope `phi'(x_k)`.
    type Slope: Copy;

    /// The slope buffer of this arithmetic.
    fn slopes<'a>(d64: &'a mut Vec<f64>, d32: &'a mut Vec<f32>) -> &'a mut Vec<Self::Slope>;

    /// `phi'` of the state `x = 0` into `d`, `phi` into `phi_out` (if not empty), and
    /// `U^T phi(x)`; `scratch` is an `N`-long buffer.
    fn initial(
        x: &mut [f64],
        d: &mut [Self::Slope],
        phi_out: &mut [f64],
        scratch: &mut [f64],
        u0: &[f64],
        u1: &[f64],
    ) -> [f64; 2];

    /// One forward Euler step ([`kernels::forward_step`]); `fixed` is `[u0, u1, w_in]`.
    fn forward_step<const PHI: bool>(
        x: &mut [f64],
        d: &mut [Self::Slope],
        phi_out: &mut [f64],
        add: &mut [f64],
        fixed: [&[f64]; 3],
        c: Coefs,
    ) -> [f64; 2];

    /// One backward adjoint step ([`kernels::backward_step`]); `fixed` is
    /// `[u0, u1, w_out]`.
    fn backward_step<const ADD: bool>(
        lam: &mut [f64],
        d: &[Self::Slope],
        add: &[f64],
        fixed: [&[f64]; 3],
        c: Coefs,
    ) -> [f64; 2];

    /// `[a[0] . b, a[1] . b, a[2] . b]`.
    fn dot3(a: [&[f64]; 3], b: &[f64]) -> [f64; 3];
}

/// `f64` throughout, nonlinearity `A`.
pub(in super::super) struct Precise<A>(PhantomData<A>);
/// `phi`, `phi'` in `f32`, nonlinearity `A`.
pub(in super::super) struct Fast<A>(PhantomData<A>);

impl<A: Act> Path for Precise<A> {
    type Slope = f64;

    #[inline(always)]
    fn slopes<'a>(d64: &'a mut Vec<f64>, _: &'a mut Vec<f32>) -> &'a mut Vec<f64> {
        d64
    }

    #[inline(always)]
    fn initial(
        x: &mut [f64],
        d: &mut [f64],
        phi_out: &mut [f64],
        _: &mut [f64],
        u0: &[f64],
        u1: &[f64],
    ) -> [f64; 2] {
        kernels::initial::<A>(x, d, phi_out, u0, u1)
    }

    #[inline(always)]
    fn forward_step<const PHI: bool>(
        x: &mut [f64],
        d: &mut [f64],
        phi_out: &mut [f64],
        add: &mut [f64],
        [u0, u1, w_in]: [&[f64]; 3],
        c: Coefs,
    ) -> [f64; 2] {
        kernels::forward_step::<A, PHI>(x, d, phi_out, add, u0, u1, w_in, c.a1, c.c0, c.c1, c.c2)
    }

    #[inline(always)]
    fn backward_step<const ADD: bool>(
        lam: &mut [f64],
        d: &[f64],
        add: &[f64],
        [u0, u1, w_out]: [&[f64]; 3],
        c: Coefs,
    ) -> [f64; 2] {
        kernels::backward_step::<ADD>(lam, d, add, u0, u1, w_out, c.a1, c.c0, c.c1, c.c2)
    }

    #[inline(always)]
    fn dot3(a: [&[f64]; 3], b: &[f64]) -> [f64; 3] {
        a.map(|a| kernels::dot(a, b))
    }
}

impl<A: FastAct> Path for Fast<A> {
    type Slope = f32;

    #[inline(always)]
    fn slopes<'a>(_: &'a mut Vec<f64>, d32: &'a mut Vec<f32>) -> &'a mut Vec<f32> {
        d32
    }

    #[inline(always)]
    fn initial(
        x: &mut [f64],
        d: &mut [f32],
        phi_out: &mut [f64],
        scratch: &mut [f64],
        u0: &[f64],
        u1: &[f64],
    ) -> [f64; 2] {
        // a step with every coefficient and the noise zero: x stays 0
        scratch.fill(0.0);
        let c = Coefs {
            a1: 0.0,
            c0: 0.0,
            c1: 0.0,
            c2: 0.0,
        };
        if phi_out.is_empty() {
            fast::forward_step::<A, false>(x, d, phi_out, scratch, u0, u1, u0, c)
        } else {
            fast::forward_step::<A, true>(x, d, phi_out, scratch, u0, u1, u0, c)
        }
    }

    #[inline(always)]
    fn forward_step<const PHI: bool>(
        x: &mut [f64],
        d: &mut [f32],
        phi_out: &mut [f64],
        add: &mut [f64],
        [u0, u1, w_in]: [&[f64]; 3],
        c: Coefs,
    ) -> [f64; 2] {
        fast::forward_step::<A, PHI>(x, d, phi_out, add, u0, u1, w_in, c)
    }

    #[inline(always)]
    fn backward_step<const ADD: bool>(
        lam: &mut [f64],
        d: &[f32],
        add: &[f64],
        [u0, u1, w_out]: [&[f64]; 3],
        c: Coefs,
    ) -> [f64; 2] {
        fast::backward_step::<ADD>(lam, d, add, u0, u1, w_out, c)
    }

    #[inline(always)]
    fn dot3(a: [&[f64]; 3], b: &[f64]) -> [f64; 3] {
        fast::dot3(a, b)
    }
}
