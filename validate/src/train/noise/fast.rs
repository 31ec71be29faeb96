//! The `f32` Box-Muller transform of [`super::NormalStream::fill_scaled_f32`].
//!
//! A Gaussian increment does not need 52 bits: each 64-bit xoshiro output gives two 32-bit
//! words, and two draws of the four lanes give eight pairs of 23-bit uniforms
//! `u1 = (k + 1/2) 2^-23` (in `[2^-24, 1 - 2^-24]`, so `ln u1` is finite) and
//! `u2 = k 2^-23`. Then `r = sqrt(-2 ln u1)` and `(cos, sin)(2 pi u2)` in `f32` on eight
//! lanes (one AVX2 register) with short branch-free polynomials: `ln` by `atanh` to `f^9`,
//! `sin`/`cos` by Taylor to degree 9/8 on `[-pi/4, pi/4]`, each accurate to a few `1e-8`,
//! so the normals have a relative error of about `1e-7`. The largest `r` is
//! `sqrt(-2 ln 2^-24) = sqrt(48 ln 2) = 5.77`: the tails beyond `5.77` sd, which hold
//! `8e-9` of a normal's mass, are cut.

use super::LANES;

/// Normals per call of [`box_muller8`].
const W: usize = 4 * LANES;
/// Pairs per call.
const P: usize = 2 * LANES;

/// `1 / (2k + 1)`, `k = 1..=4`: `atanh(f) / f = 1 + sum_k f^(2k) / (2k + 1)`.
const LN_ATANH: [f32; 4] = [1.0 / 3.0, 1.0 / 5.0, 1.0 / 7.0, 1.0 / 9.0];
/// `(-1)^k / (2k + 1)!`, `k = 1..=4`: `(sin x - x) / x = sum_k c_k x^(2k)`.
const SIN_TAYLOR: [f32; 4] = [-1.0 / 6.0, 1.0 / 120.0, -1.0 / 5040.0, 1.0 / 362_880.0];
/// `(-1)^k / (2k)!`, `k = 1..=4`: `(cos x - 1) = sum_k c_k x^(2k)`.
const COS_TAYLOR: [f32; 4] = [-0.5, 1.0 / 24.0, -1.0 / 720.0, 1.0 / 40_320.0];
/// `1.5 * 2^23`: adding and subtracting it rounds an `f32` below `2^22` to an integer.
const MAGIC: f32 = 12_582_912.0;

/// `c[0] x + c[1] x^2 + c[2] x^3 + c[3] x^4` by Horner's rule (fused).
#[inline(always)]
fn poly4(x: f32, c: &[f32; 4]) -> f32 {
    let p = c[3].mul_add(x, c[2]);
    let p = p.mul_add(x, c[1]);
    let p = p.mul_add(x, c[0]);
    p * x
}

/// The 32-bit words of four 64-bit outputs, low word first.
#[inline(always)]
fn words(a: [u64; LANES]) -> [u32; P] {
    std::array::from_fn(|i| (a[i / 2] >> (32 * (i % 2))) as u32)
}

/// `1 + k 2^-23` in `[1, 2)` from the top 23 bits of `w`.
#[inline(always)]
fn one_plus(w: u32) -> f32 {
    f32::from_bits(0x3f80_0000 | (w >> 9))
}

/// `-2 ln u` for `u` in `(0, 1)`: `u = 2^e m`, `m` in `[sqrt(1/2), sqrt(2))`,
/// `ln m = 2 atanh(f)`, `f = (m - 1) / (m + 1)` (`|f| <= 0.172`; series error below `1e-9`).
#[inline(always)]
pub(super) fn minus_two_ln(u: f32) -> f32 {
    let bits = u.to_bits();
    let e = ((bits >> 23) as i32 - 127) as f32;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let big = m > std::f32::consts::SQRT_2;
    let m = if big { m * 0.5 } else { m };
    let e = if big { e + 1.0 } else { e };
    let f = (m - 1.0) / (m + 1.0);
    let p = 1.0 + poly4(f * f, &LN_ATANH);
    e.mul_add(-2.0 * std::f32::consts::LN_2, -4.0 * f * p)
}

/// `(sin, cos)(2 pi t)` for `t` in `[0, 1)`: reduced to `[-1/8, 1/8]` turns around the
/// nearest quarter, Taylor polynomials to degree 9/8 (error below `3e-8`).
#[inline(always)]
pub(super) fn sincos_turn(t: f32) -> (f32, f32) {
    let q = (t * 4.0 + MAGIC) - MAGIC; // nearest quarter, 0..=4
    let x = (t - 0.25 * q) * std::f32::consts::TAU; // in [-pi/4, pi/4]
    let x2 = x * x;
    let sin = x.mul_add(poly4(x2, &SIN_TAYLOR), x);
    let cos = 1.0 + poly4(x2, &COS_TAYLOR);
    // rotate by q quarter turns: q odd swaps sin and cos; the signs follow the quadrant
    let qi = (q + MAGIC).to_bits() & 3;
    let odd = qi & 1 == 1;
    let (s0, c0) = (if odd { cos } else { sin }, if odd { sin } else { cos });
    let s1 = if qi & 2 != 0 { -s0 } else { s0 };
    let c1 = if (qi + 1) & 2 != 0 { -c0 } else { c0 };
    (s1, c1)
}

/// Sixteen standard normals from two draws of the four lanes: `r cos` of pair `i` at `i`,
/// `r sin` at `8 + i`, with the radius from the words of `a` and the angle from `b`.
#[inline(always)]
pub(super) fn box_muller8(a: [u64; LANES], b: [u64; LANES]) -> [f32; W] {
    let (wa, wb) = (words(a), words(b));
    let mut z = [0.0; W];
    for i in 0..P {
        let u1 = (one_plus(wa[i]) - 1.0) + 0.5 / 8_388_608.0; // + 2^-24
        let r = minus_two_ln(u1).sqrt();
        let (s, c) = sincos_turn(one_plus(wb[i]) - 1.0);
        z[i] = r * c;
        z[P + i] = r * s;
    }
    z
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_standard_normal;
    use super::super::{stream_seed, NormalStream};
    use super::*;

    #[test]
    fn ln_and_sincos_match_std_in_f64() {
        // relative error of -2 ln u on the whole 23-bit grid's range, sin/cos absolute
        let mut worst_ln: f64 = 0.0;
        for k in 0..(1u32 << 16) {
            let u = (k as f32 * 128.0 + 0.5) / 8_388_608.0; // every 128th grid point
            let exact = -2.0 * (u as f64).ln();
            worst_ln = worst_ln.max(((minus_two_ln(u) as f64 - exact) / exact).abs());
        }
        assert!(worst_ln < 2e-7, "worst relative -2 ln u error {worst_ln}");
        let mut worst_sc: f64 = 0.0;
        for k in 0..(1u32 << 16) {
            let t = k as f32 / 65_536.0;
            let (s, c) = sincos_turn(t);
            let a = std::f64::consts::TAU * t as f64;
            worst_sc = worst_sc
                .max((s as f64 - a.sin()).abs())
                .max((c as f64 - a.cos()).abs());
        }
        assert!(worst_sc < 2e-7, "worst sincos error {worst_sc}");
    }

    #[test]
    fn f32_normals_follow_the_normal_law_up_to_the_cut() {
        // 1e7 draws: moments and the 3-sd tail within 5 standard errors (shared helper);
        // nothing beyond the cut sqrt(48 ln 2); beyond 4 sd the count is Poisson with mean
        // 1e7 * 6.334e-5 = 633.4 (sd 25.2): within 5 sd
        let mut s = NormalStream::new(stream_seed(11, 0, 1));
        let mut v = vec![0.0; 10_000_000];
        s.fill_scaled_f32(&mut v, 1.0);
        assert_standard_normal(&v);
        let cut = (48.0 * std::f64::consts::LN_2).sqrt();
        assert!(v.iter().all(|x| x.abs() <= cut + 1e-5));
        let beyond4 = v.iter().filter(|x| x.abs() > 4.0).count() as f64;
        assert!(
            (beyond4 - 633.4).abs() < 5.0 * 25.2,
            "beyond 4 sd: {beyond4}"
        );
    }
}
