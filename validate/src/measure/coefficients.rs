//! `M` and its eigenvalues (theory notes section 3: the fixed point lies along the
//! eigenvector of the real eigenvalue `lambda+`).

use nalgebra::Matrix2;

/// The eigenvalues of a real 2x2 matrix: `tr/2 +- sqrt(((a - d)/2)^2 + b c)`, by
/// [`oblique_theory::eigen2::Eigen2`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Eigenvalues {
    /// Real parts, larger first (for real eigenvalues: `lambda+`, `lambda-`).
    pub re: [f64; 2],
    /// Imaginary parts (`[w, -w]` for a complex pair, zeros otherwise).
    pub im: [f64; 2],
}

impl Eigenvalues {
    /// The eigenvalues of `m`.
    pub fn of(m: &Matrix2<f64>) -> Self {
        let e = oblique_theory::eigen2::Eigen2::of(m);
        Eigenvalues {
            re: e.re,
            im: [e.im, -e.im],
        }
    }

    /// True for a real pair.
    pub fn is_real(&self) -> bool {
        self.im[0] == 0.0
    }

    /// The (unit) eigenvector of the larger real eigenvalue, oriented so that its first
    /// component is non-negative; `None` for a complex pair.
    pub fn leading_vector(&self, m: &Matrix2<f64>) -> Option<[f64; 2]> {
        if !self.is_real() {
            return None;
        }
        let l = self.re[0];
        // rows of (M - l I) are orthogonal to the eigenvector; take the larger row
        let (a, b) = (m[(0, 0)] - l, m[(0, 1)]);
        let (c, d) = (m[(1, 0)], m[(1, 1)] - l);
        let v = if a * a + b * b >= c * c + d * d {
            [-b, a]
        } else {
            [-d, c]
        };
        let norm = (v[0] * v[0] + v[1] * v[1]).sqrt();
        let v = if norm == 0.0 {
            [1.0, 0.0]
        } else {
            [v[0] / norm, v[1] / norm]
        };
        Some(if v[0] < 0.0 || (v[0] == 0.0 && v[1] < 0.0) {
            [-v[0], -v[1]]
        } else {
            v
        })
    }
}

/// `M` (row-major) with its eigenvalues, for reports.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Coefficients {
    /// `[[m11, m12], [m21, m22]]`.
    pub m: [[f64; 2]; 2],
    /// Its eigenvalues.
    pub eigenvalues: Eigenvalues,
}

impl Coefficients {
    /// `m` and its eigenvalues.
    pub fn of(m: &Matrix2<f64>) -> Self {
        Coefficients {
            m: [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]],
            eigenvalues: Eigenvalues::of(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigenpairs_of_known_matrices() {
        let m = Matrix2::new(2.0, 1.0, 0.0, -5.0);
        let e = Eigenvalues::of(&m);
        assert_eq!(e.re, [2.0, -5.0]);
        assert_eq!(e.leading_vector(&m), Some([1.0, 0.0]));
        let m = Matrix2::new(-5.0, 0.0, 3.5, 2.0); // lambda+ = 2, vector (0, 1)
        let v = Eigenvalues::of(&m).leading_vector(&m).unwrap();
        assert!(v[0].abs() < 1e-15 && (v[1] - 1.0).abs() < 1e-15);
        let rot = Matrix2::new(1.0, -2.0, 2.0, 1.0);
        let e = Eigenvalues::of(&rot);
        assert_eq!((e.re, e.im), ([1.0, 1.0], [2.0, -2.0]));
        assert_eq!(e.leading_vector(&rot), None);
        let c = Coefficients::of(&Matrix2::new(1.0, 2.0, 3.0, 4.0));
        assert_eq!(c.m, [[1.0, 2.0], [3.0, 4.0]]);
        // sum and product of the eigenvalues: trace and determinant
        assert!((c.eigenvalues.re[0] + c.eigenvalues.re[1] - 5.0).abs() < 1e-12);
        assert!((c.eigenvalues.re[0] * c.eigenvalues.re[1] + 2.0).abs() < 1e-12);
    }
}
