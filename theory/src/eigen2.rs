//! Eigenvalues of a real 2x2 matrix: the one helper every module uses (the coupling `M`,
//! the reduced linear flow, the diagonal blocks of a real Schur form, Francis shifts).
//!
//! For `A = [[a, b], [c, d]]` with `p = (a - d)/2`, the eigenvalues are
//!
//! ```text
//! lambda = (a + d)/2 +- sqrt(p^2 + b c)
//! ```
//!
//! The discriminant is formed as `p^2 + b c`, not as `tr^2/4 - det`, which cancels when
//! the eigenvalues are close. For a real pair the root of larger `|p +- r|` is formed
//! first (`zz = p + sign(p) r`) and the other from `b c / zz`, so neither root is a
//! difference of nearly equal numbers (the form of LAPACK's `dlanv2`/`dlahqr` shifts):
//! `lambda_1 = d + zz`, `lambda_2 = d - b c / zz`. Entries beyond `1e150` (or below
//! `1e-150`) are first scaled by a power of two, so a diagonal of `1e300` stays real.
//!
//! ```
//! use oblique_theory::eigen2::Eigen2;
//! use nalgebra::Matrix2;
//! let e = Eigen2::of(&Matrix2::new(2.0, 1.0, 1.0, 2.0));
//! assert_eq!((e.re, e.im), ([3.0, 1.0], 0.0));
//! let rot = Eigen2::of(&Matrix2::new(0.0, -2.0, 2.0, 0.0));
//! assert_eq!((rot.re, rot.im), ([0.0, 0.0], 2.0));
//! ```

use nalgebra::{Complex, Matrix2};

/// The eigenvalues of a real 2x2 matrix.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Eigen2 {
    /// Real parts, larger first (a complex pair has equal real parts).
    pub re: [f64; 2],
    /// Imaginary part of the pair `re +- i im` (`>= 0`; zero for a real pair).
    pub im: f64,
}

impl Eigen2 {
    /// The eigenvalues of `m` (module docs for the formula).
    pub fn of(m: &Matrix2<f64>) -> Self {
        Self::of_entries(m[(0, 0)], m[(0, 1)], m[(1, 0)], m[(1, 1)])
    }

    /// The eigenvalues of `[[a, b], [c, d]]`.
    pub fn of_entries(a: f64, b: f64, c: f64, d: f64) -> Self {
        let s = pow2_scale(a, b, c, d);
        let (a, b, c, d) = (a / s, b / s, c / s, d / s);
        let p = 0.5 * (a - d);
        let disc = p * p + b * c;
        if disc >= 0.0 {
            let (e1, e2) = real_pair(p, disc.sqrt(), b * c, d);
            Eigen2 {
                re: [s * e1.max(e2), s * e1.min(e2)],
                im: 0.0,
            }
        } else {
            Eigen2 {
                re: [s * (d + p), s * (d + p)],
                im: s * (-disc).sqrt(),
            }
        }
    }

    /// The real pair `d + zz`, `d - b c / zz` of a non-negative discriminant, in that
    /// order (the Francis shift picks the one closer to `d`).
    pub fn real_pair_of_entries(a: f64, b: f64, c: f64, d: f64) -> Option<(f64, f64)> {
        let s = pow2_scale(a, b, c, d);
        let (a, b, c, d) = (a / s, b / s, c / s, d / s);
        let p = 0.5 * (a - d);
        let disc = p * p + b * c;
        (disc >= 0.0).then(|| {
            let (e1, e2) = real_pair(p, disc.sqrt(), b * c, d);
            (s * e1, s * e2)
        })
    }

    /// True for a real pair.
    pub fn is_real(&self) -> bool {
        self.im == 0.0
    }

    /// The larger real part (the spectral abscissa).
    pub fn max_real(&self) -> f64 {
        self.re[0]
    }

    /// Both eigenvalues as complex numbers, `(re[0] + i im, re[1] - i im)`.
    pub fn complex(&self) -> [Complex<f64>; 2] {
        [
            Complex::new(self.re[0], self.im),
            Complex::new(self.re[1], -self.im),
        ]
    }
}

/// A power of two near the largest entry, so that `p^2 + b c` cannot overflow for
/// entries up to `f64::MAX`; scaling by a power of two is exact, so the result is
/// bit-identical to the unscaled formula wherever that does not overflow or underflow.
fn pow2_scale(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let m = a.abs().max(b.abs()).max(c.abs()).max(d.abs());
    if m > 1e150 || (m > 0.0 && m < 1e-150) {
        2f64.powi(m.log2().floor() as i32)
    } else {
        1.0
    }
}

fn real_pair(p: f64, r: f64, bc: f64, d: f64) -> (f64, f64) {
    let zz = if p >= 0.0 { p + r } else { p - r };
    let e1 = d + zz;
    let e2 = if zz != 0.0 { d - bc / zz } else { d };
    (e1, e2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_characteristic_polynomial() {
        for m in [
            Matrix2::new(1.0, 2.0, 3.0, 4.0),
            Matrix2::new(-5.0, 0.3, 0.1, 1.9),
            Matrix2::new(1.0, -2.0, 3.0, 0.5),
            Matrix2::new(0.0, 0.0, 0.0, 0.0),
        ] {
            let e = Eigen2::of(&m);
            for l in e.complex() {
                let det = (Complex::new(m[(0, 0)], 0.0) - l) * (Complex::new(m[(1, 1)], 0.0) - l)
                    - m[(0, 1)] * m[(1, 0)];
                assert!(det.norm() < 1e-12, "{m} {l}");
            }
            assert!(e.re[0] >= e.re[1]);
        }
    }

    #[test]
    fn close_real_eigenvalues_keep_their_digits() {
        // tr^2/4 - det loses every digit here; p^2 + bc does not.
        let e = Eigen2::of(&Matrix2::new(1e8 + 1e-4, 0.0, 0.0, 1e8));
        assert_eq!(e.re, [1e8 + 1e-4, 1e8]);
        // A tiny eigenvalue beside a large one: d - bc/zz, not a difference.
        let e = Eigen2::of(&Matrix2::new(1e8, 1.0, 1.0, 1e-8));
        assert!((e.re[1] - (1e-8 - 1e-8)).abs() < 1e-20, "{:?}", e.re);
    }

    #[test]
    fn a_huge_diagonal_is_real() {
        let e = Eigen2::of(&Matrix2::new(1e300, 0.0, 0.0, -1e300));
        assert!(e.is_real());
        assert_eq!(e.re, [1e300, -1e300]);
    }
}
