//! The `f64` Box-Muller transform of [`super::NormalStream::fill_scaled`]: 52-bit uniforms,
//! `sqrt(-2 ln u1)` and `(cos, sin)(2 pi u2)` with branch-free polynomial `ln`/`sin`/`cos`
//! accurate to about `1e-12` (tested against `std`), so that LLVM vectorises it.

use super::LANES;

/// Uniform in [0, 1) from the top 52 bits (as the mantissa of a number in [1, 2)).
#[inline(always)]
fn unit(x: u64) -> f64 {
    f64::from_bits(0x3ff0_0000_0000_0000 | (x >> 12)) - 1.0
}

/// Uniform in (0, 1): [`unit`] plus half a step, so that `ln` is finite.
#[inline(always)]
fn open_unit(x: u64) -> f64 {
    unit(x) + f64::EPSILON * 0.5
}

/// `round(v)` for `|v| < 2^51`, branch-free and vectorisable without SSE4.1.
#[inline(always)]
pub(crate) fn round_magic(v: f64) -> f64 {
    const MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    (v + MAGIC) - MAGIC
}

/// Eight standard normals from two draws of the four lanes: `r cos` of lane `l` at `l`,
/// `r sin` at `LANES + l`, with `r = sqrt(-2 ln u1)` from `a` and the angle from `b`.
#[inline(always)]
pub(super) fn box_muller4(a: [u64; LANES], b: [u64; LANES]) -> [f64; 2 * LANES] {
    let mut z = [0.0; 2 * LANES];
    for l in 0..LANES {
        let r = (-2.0 * ln_unit(open_unit(a[l]))).sqrt();
        let (s, c) = sincos_turn(unit(b[l]));
        z[l] = r * c;
        z[LANES + l] = r * s;
    }
    z
}

/// `1 / (2k + 1)`, `k = 0..=8`: the series `atanh(f) / f = sum_k f^(2k) / (2k + 1)`.
const LN_ATANH: [f64; 9] = [
    1.0,
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
];

/// `(-1)^k / (2k + 3)!`, `k = 0..=5`: `(x - sin x) / x^3 = sum_k c_k x^(2k)`.
const SIN_TAYLOR: [f64; 6] = [
    1.0 / 6.0,
    -1.0 / 120.0,
    1.0 / 5040.0,
    -1.0 / 362_880.0,
    1.0 / 39_916_800.0,
    -1.0 / 6_227_020_800.0,
];

/// `(-1)^(k+1) / (2k + 2)!`, `k = 0..=6`: `(cos x - 1) / x^2 = sum_k c_k x^(2k)`.
const COS_TAYLOR: [f64; 7] = [
    -0.5,
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40_320.0,
    -1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
    -1.0 / 87_178_291_200.0,
];

/// `sum_k c[k] x^k` for 6 or 7 coefficients by Estrin's scheme (depth 3; see
/// [`crate::train::act::estrin8`]); a missing last coefficient is 0.
#[inline(always)]
fn estrin7(x: f64, c: &[f64]) -> f64 {
    let x2 = x * x;
    let x4 = x2 * x2;
    let a0 = c[1].mul_add(x, c[0]);
    let a1 = c[3].mul_add(x, c[2]);
    let a2 = c[5].mul_add(x, c[4]);
    let lo = a1.mul_add(x2, a0);
    let hi = if c.len() > 6 {
        c[6].mul_add(x2, a2)
    } else {
        a2
    };
    hi.mul_add(x4, lo)
}

/// `ln(u)` for `u` in (0, 1], branch-free: `u = 2^e m` with `m` in [sqrt(1/2), sqrt(2)),
/// `ln m = 2 atanh(f)`, `f = (m-1)/(m+1)`, odd series to `f^17` by Estrin's scheme (error below 1e-15).
#[inline(always)]
pub fn ln_unit(u: f64) -> f64 {
    let bits = u.to_bits();
    // exponent and mantissa; shift m into [sqrt(1/2), sqrt(2))
    // (the biased exponent becomes a double via the 2^52 trick: no int-to-float conversion)
    let ebits = (bits >> 52) & 0x7ff;
    let e = f64::from_bits(0x4330_0000_0000_0000 | ebits) - 4_503_599_627_370_496.0 - 1023.0;
    let mbits = (bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000;
    let m = f64::from_bits(mbits);
    let big = m > std::f64::consts::SQRT_2;
    let m = if big { m * 0.5 } else { m };
    let e = if big { e + 1.0 } else { e };
    let f = (m - 1.0) / (m + 1.0);
    let f2 = f * f;
    let p = crate::train::act::estrin8(f2, &LN_ATANH);
    2.0 * f * p + e * std::f64::consts::LN_2
}

/// `(sin, cos)(2 pi t)` for `t` in [0, 1), branch-free: reduce to `[-1/8, 1/8]` turns
/// around the nearest quarter, Taylor polynomials to degree 13/14 evaluated by Estrin's
/// scheme (error below 1e-14).
#[inline(always)]
pub fn sincos_turn(t: f64) -> (f64, f64) {
    let q = round_magic(t * 4.0); // quadrant 0..=4
    let x = (t - 0.25 * q) * std::f64::consts::TAU; // in [-pi/4, pi/4]
    let x2 = x * x;
    // sin x = x - x^3 S(x^2), cos x = 1 + x^2 C(x^2), Taylor to degree 13/14 (Estrin)
    let sin = x - x * x2 * estrin7(x2, &SIN_TAYLOR);
    let cos = 1.0 + x2 * estrin7(x2, &COS_TAYLOR);
    // rotate by q quarter turns: q odd swaps sin and cos; the signs follow the quadrant
    let qi = (q + 6_755_399_441_055_744.0).to_bits() & 3;
    let odd = qi & 1 == 1;
    let (s0, c0) = (if odd { cos } else { sin }, if odd { sin } else { cos });
    let s1 = if qi & 2 != 0 { -s0 } else { s0 };
    let c1 = if (qi + 1) & 2 != 0 { -c0 } else { c0 };
    (s1, c1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_matches_std() {
        let mut worst: f64 = 0.0;
        for i in 1..200_000u64 {
            let u = i as f64 / 200_000.0;
            worst = worst.max((ln_unit(u) - u.ln()).abs());
        }
        worst = worst.max((ln_unit(1e-300) - 1e-300f64.ln()).abs());
        assert!(worst < 1e-13, "worst ln error {worst}");
    }

    #[test]
    fn sincos_matches_std() {
        let mut worst: f64 = 0.0;
        for i in 0..100_000u64 {
            let t = i as f64 / 100_000.0;
            let (s, c) = sincos_turn(t);
            let a = std::f64::consts::TAU * t;
            worst = worst.max((s - a.sin()).abs()).max((c - a.cos()).abs());
        }
        assert!(worst < 1e-13, "worst sincos error {worst}");
    }
}
