//! Fast, vectorisable nonlinearities for the simulator (theory notes section 1).
//!
//! `phi(x) = erf(a x)` with `a = sqrt(pi)/2` is evaluated by [`erf_fast`], a rational
//! approximation `erf(y) ~ y P(y^2) / Q(y^2)` (degrees 8 and 8 in `y^2`) fitted by the
//! `sim` helper for this crate (weighted linearised least squares with Lawson reweighting
//! towards the minimax solution on `[0, 5.8]`), with the argument clamped to
//! `|y| <= 5.8` where `1 - erf(5.8) < 3e-16`. Its absolute error is below `2e-11` on the
//! whole real line (tested against reference values and `statrs`). It has no branches and no calls to `exp`,
//! so loops over slices auto-vectorise.

use oblique_theory::nonlinearity::Builtin;

/// `a = sqrt(pi)/2`, so that `phi'(0) = 1` for `phi(x) = erf(a x)`.
pub const A: f64 = 0.886_226_925_452_758;

/// Where the rational approximation is clamped: `erf(5.8) = 1 - 2.2e-16`.
pub(crate) const CLAMP: f64 = 5.8;

/// Numerator coefficients of `P(s)`, `s = y^2`, lowest degree first.
pub(crate) const P: [f64; 9] = [
    1.128379167050474,
    0.21257519465981914,
    0.06259760669362209,
    0.005979817129219799,
    0.0006820756966029483,
    3.595359956519018e-05,
    1.918251921966032e-06,
    2.965853777678742e-08,
    4.053960199155386e-11,
];

/// Denominator coefficients of `Q(s)`, lowest degree first.
pub(crate) const Q: [f64; 9] = [
    1.0,
    0.5217231945753549,
    0.12938341285142846,
    0.020064497473795476,
    0.002146622278785626,
    0.00016373360711192833,
    8.727629690420452e-06,
    2.997727691112985e-07,
    1.6649095150703414e-09,
];

/// `erf(y)` to an absolute accuracy of `2e-11`, branch-free (see the module docs).
///
/// ```
/// use oblique_validate::simulate::activation::erf_fast;
/// assert!((erf_fast(0.5) - 0.520_499_877_813_046_5).abs() < 2e-11);
/// assert_eq!(erf_fast(40.0), erf_fast(5.8));
/// ```
#[inline(always)]
pub fn erf_fast(y: f64) -> f64 {
    erf_rational::<false>(y)
}

/// [`erf_fast`] with the Horner steps fused (`mul_add`): half the floating-point operations
/// on CPUs with FMA, the same bound on the error (`2e-11`), but different rounding, so
/// only the training kernels (whose numbers are compared within noise bands) use it.
///
/// ```
/// use oblique_validate::simulate::activation::{erf_fast, erf_fast_fused};
/// assert!((erf_fast_fused(0.5) - erf_fast(0.5)).abs() < 1e-15);
/// ```
#[inline(always)]
pub fn erf_fast_fused(y: f64) -> f64 {
    erf_rational::<true>(y)
}

/// `y P(y^2) / Q(y^2)` (module docs), the Horner steps fused or not.
#[inline(always)]
fn erf_rational<const FUSED: bool>(y: f64) -> f64 {
    let y = y.clamp(-CLAMP, CLAMP);
    let s = y * y;
    let mut p = P[8];
    let mut q = Q[8];
    for k in (0..8).rev() {
        if FUSED {
            p = p.mul_add(s, P[k]);
            q = q.mul_add(s, Q[k]);
        } else {
            p = p * s + P[k];
            q = q * s + Q[k];
        }
    }
    y * p / q
}

/// `out[i] = phi(x[i])` for a built-in nonlinearity (erf through [`erf_fast`]).
///
/// Panics if the slices differ in length (an internal invariant of the simulator).
pub fn apply_phi(nonlinearity: Builtin, x: &[f64], out: &mut [f64]) {
    assert_eq!(x.len(), out.len());
    match nonlinearity {
        Builtin::Erf => erf_slice(x, out),
        Builtin::Tanh => {
            for (o, &v) in out.iter_mut().zip(x) {
                *o = v.tanh();
            }
        }
        Builtin::Identity => out.copy_from_slice(x),
    }
}

#[inline(always)]
fn erf_slice_generic(x: &[f64], out: &mut [f64]) {
    for (o, &v) in out.iter_mut().zip(x) {
        *o = erf_fast(A * v);
    }
}

oblique_theory::simd_dispatch! {
    /// `out[i] = erf(a x[i])`, compiled for the CPU's SIMD width. [`erf_fast`] has no
    /// `mul_add`, so every version rounds as the baseline build: the results are
    /// bit-identical on every x86-64 CPU.
    fn erf_slice(x: &[f64], out: &mut [f64]) => erf_slice_generic
}

/// `phi(x[i])` and `phi'(x[i])` together, for backpropagation.
///
/// For erf, `phi'(x) = exp(-a^2 x^2)`; for tanh, `1 - tanh^2`; identity: 1.
pub fn apply_phi_dphi(nonlinearity: Builtin, x: &[f64], phi: &mut [f64], dphi: &mut [f64]) {
    assert!(x.len() == phi.len() && x.len() == dphi.len());
    match nonlinearity {
        Builtin::Erf => {
            for ((p, d), &v) in phi.iter_mut().zip(dphi.iter_mut()).zip(x) {
                *p = erf_fast(A * v);
                *d = (-A * A * v * v).exp();
            }
        }
        Builtin::Tanh => {
            for ((p, d), &v) in phi.iter_mut().zip(dphi.iter_mut()).zip(x) {
                let t = v.tanh();
                *p = t;
                *d = 1.0 - t * t;
            }
        }
        Builtin::Identity => {
            phi.copy_from_slice(x);
            dphi.fill(1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_fast_matches_reference_values_to_2e_11() {
        // erf to 16 digits (Cephes, via scipy.special.erf)
        let reference = [
            (0.1, 0.1124629160182849),
            (0.5, 0.5204998778130465),
            (1.0, 0.8427007929497148),
            (1.5, 0.9661051464753108),
            (2.0, 0.9953222650189527),
            (2.5, 0.999593047982555),
            (3.0, 0.9999779095030014),
            (4.0, 0.9999999845827421),
            (5.0, 0.9999999999984626),
        ];
        for (y, e) in reference {
            assert!((erf_fast(y) - e).abs() < 2e-11, "erf({y})");
            assert!((erf_fast(-y) + e).abs() < 2e-11, "erf(-{y})");
        }
    }

    #[test]
    fn erf_fast_matches_statrs_to_1e_10_everywhere() {
        // statrs's own erf is off by ~5e-11 near its branch point 0.5 (erf(0.5) =
        // 0.52049987776 instead of 0.52049987781), so the dense scan uses 1e-10.
        let mut worst: f64 = 0.0;
        for i in -200_000..=200_000 {
            let y = i as f64 * 4e-5; // [-8, 8], step 4e-5
            let e = (erf_fast(y) - statrs::function::erf::erf(y)).abs();
            worst = worst.max(e);
        }
        assert!(worst < 1e-10, "worst error {worst}");
        assert_eq!(erf_fast(0.0), 0.0);
        assert_eq!(erf_fast(-1.3), -erf_fast(1.3));
        assert!((erf_fast(1e300) - 1.0).abs() < 2e-11);
    }

    #[test]
    fn vectorised_erf_loop_is_bit_identical_to_the_scalar_one() {
        let x: Vec<f64> = (0..1001).map(|i| (i as f64 * 0.37).sin() * 7.0).collect();
        let (mut a, mut b) = (vec![0.0; 1001], vec![0.0; 1001]);
        erf_slice(&x, &mut a);
        erf_slice_generic(&x, &mut b);
        assert_eq!(a, b);
        assert_eq!(a[5], erf_fast(A * x[5]));
    }

    #[test]
    fn slice_versions_match_the_theory_crate() {
        let x: Vec<f64> = (0..101).map(|i| -5.0 + 0.1 * i as f64).collect();
        for b in [Builtin::Erf, Builtin::Tanh, Builtin::Identity] {
            let (mut p, mut p2, mut d) = (vec![0.0; 101], vec![0.0; 101], vec![0.0; 101]);
            apply_phi(b, &x, &mut p);
            apply_phi_dphi(b, &x, &mut p2, &mut d);
            for i in 0..101 {
                assert!((p[i] - b.get().phi(x[i])).abs() < 1e-10, "{b:?} phi");
                assert_eq!(p[i], p2[i]);
                assert!((d[i] - b.get().dphi(x[i])).abs() < 1e-14, "{b:?} dphi");
            }
        }
    }
}
