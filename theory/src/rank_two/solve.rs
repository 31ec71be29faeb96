//! The full mean-field solution at one point: fixed point, Jacobian, covariance and
//! `L_var` (Eqs. 43-53).

use super::closed_form::{colored_variance, l_var_erf_symmetric};
use super::fixed_point::{amplitude, lambda_plus_for_kappa, Amplitude};
use super::{Coupling, RankTwoError, RankTwoModel};
use crate::lyapunov::solve_2x2;
use nalgebra::{Matrix2, Vector2};

/// The two eigenvalues of the Jacobian `A` (Eqs. 45-46).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct JacobianEigenvalues {
    /// `gamma+ = q |kappa_bar|^2`, along the fixed point `v+` (Eq. 46).
    pub gamma_plus: f64,
    /// `gamma- = lambda-/lambda+ - 1`.
    pub gamma_minus: f64,
}

/// Everything the mean-field theory says at one point (theory notes, section 3).
#[derive(Debug, Clone, PartialEq)]
pub struct MftSolution {
    /// The eigenvalue of M carrying the fixed point.
    pub lambda_plus: f64,
    /// The other eigenvalue of M.
    pub lambda_minus: f64,
    /// `lambda+min = 1/<phi'>_sigma` (Eq. 44, 51).
    pub lambda_plus_min: f64,
    /// `s_x = sqrt(|kappa_bar|^2 + sigma^2)` (Eq. 42).
    pub sigma_x: f64,
    /// `|kappa_bar|` (Eq. 44).
    pub kappa_norm: f64,
    /// The fixed point `kappa_bar = +-|kappa_bar| v+` (sign: output has the target's sign).
    pub kappa_bar: Vector2<f64>,
    /// The unit right eigenvector of M for `lambda+`, with `v+_1 >= 0`.
    pub v_plus: Vector2<f64>,
    /// `rho = |cos angle(kappa_bar, e_1)|` (Eq. 52 for the bias-zero M).
    pub rho: f64,
    /// `z_bar = sqrt(N) kappa_bar_1`, the mean output.
    pub z_bar: f64,
    /// `L_bias = (z_bar - z)^2` (Eq. 38); zero up to rounding for [`Coupling::Eigen`].
    pub l_bias: f64,
    /// The coupling matrix M.
    pub m: Matrix2<f64>,
    /// `<phi'>_{s_x} = 1/lambda+` (Eq. 43).
    pub mean_dphi: f64,
    /// `<phi'''>_{s_x}`.
    pub mean_d3phi: f64,
    /// `q = <phi'''>/<phi'>` (Eq. 46).
    pub q: f64,
    /// `A = -I + <phi'> M + q kappa_bar kappa_bar^T` (Eq. 45).
    pub jacobian: Matrix2<f64>,
    /// Eigenvalues of `A`.
    pub jacobian_eigenvalues: JacobianEigenvalues,
    /// Both Jacobian eigenvalues negative (always true for a returned solution: an unstable
    /// fixed point is an error because its covariance does not exist).
    pub stable: bool,
    /// White-noise covariance `S`: `A S + S A^T + 2 sigma^2 I = 0` (Eq. 48).
    pub white_covariance: Matrix2<f64>,
    /// Colored-noise variance along `v+` (Eq. 47).
    pub colored_variance: f64,
    /// `C = S + var_c v+ v+^T = N Cov(kappa)` (Eq. 47).
    pub covariance: Matrix2<f64>,
    /// `L_var = e_1^T C e_1` (Eq. 39), by the Lyapunov route.
    pub l_var: f64,
    /// Eq. 53 (erf and symmetric M only).
    pub l_var_closed_form: Option<f64>,
}

/// Real eigenvalues of a 2x2 matrix, larger first, or the complex pair as an error.
pub(crate) fn real_eigenvalues(m: &Matrix2<f64>) -> Result<(f64, f64), RankTwoError> {
    let e = crate::eigen2::Eigen2::of(m);
    if !e.is_real() {
        return Err(RankTwoError::ComplexEigenvalues {
            re: e.re[0],
            im: e.im,
        });
    }
    Ok((e.re[0], e.re[1]))
}

/// Unit right eigenvector of `m` for eigenvalue `lambda` (assumed simple), with a
/// non-negative first entry.
fn right_eigenvector(m: &Matrix2<f64>, lambda: f64) -> Vector2<f64> {
    let a = Vector2::new(m[(0, 1)], lambda - m[(0, 0)]);
    let b = Vector2::new(lambda - m[(1, 1)], m[(1, 0)]);
    let v = if a.norm_squared() >= b.norm_squared() {
        a
    } else {
        b
    };
    let v = v / v.norm();
    if v[0] < 0.0 || (v[0] == 0.0 && v[1] < 0.0) {
        -v
    } else {
        v
    }
}

impl RankTwoModel<'_> {
    /// Solves the mean-field theory at this point (Eqs. 43-53): the fixed point along the
    /// eigenvector of `lambda+`, the Jacobian, the covariance by the 2x2 Lyapunov equation
    /// plus the colored-noise term, and `L_var` (also by Eq. 53 for erf and symmetric M).
    ///
    /// Checks, in this order: finite inputs and `N >= 2`; real eigenvalues of an explicit
    /// M; `lambda+ > lambda+min`; `rho <= 1` (bias-zero angle, [`Coupling::Eigen`] only);
    /// `lambda-/lambda+ - 1 < 0`; `gamma+ < 0`.
    pub fn solve(&self) -> Result<MftSolution, RankTwoError> {
        self.validate()?;
        let sigma = self.noise.sigma();
        let sqrt_n = (self.n as f64).sqrt();
        let sign = if self.target < 0.0 { -1.0 } else { 1.0 };
        let (lambda_plus, lambda_minus, explicit) = match self.coupling {
            Coupling::Eigen {
                lambda_plus,
                lambda_minus,
            } => (lambda_plus, lambda_minus, None),
            Coupling::Explicit(m) => {
                let (lp, lm) = real_eigenvalues(&m)?;
                (lp, lm, Some(m))
            }
        };
        let amp: Amplitude = amplitude(self.nonlinearity, self.noise, lambda_plus)?;
        let kappa = amp.kappa_norm;
        let (m, v_plus, symmetric) = match explicit {
            None => self.bias_zero_coupling(kappa, lambda_plus, lambda_minus)?,
            Some(m) => (m, Vector2::zeros(), m[(0, 1)] == m[(1, 0)]),
        };
        let gamma_minus = lambda_minus / lambda_plus - 1.0;
        if gamma_minus >= 0.0 || gamma_minus.is_nan() {
            return Err(RankTwoError::UnstableMinus {
                gamma_minus,
                lambda_minus,
                lambda_plus,
            });
        }
        let v_plus = if explicit.is_some() {
            right_eigenvector(&m, lambda_plus)
        } else {
            v_plus
        };
        let q = amp.q();
        let gamma_plus = amp.gamma_plus();
        if gamma_plus.is_nan() {
            return Err(RankTwoError::Overflow {
                lambda_plus,
                lambda_minus,
            });
        }
        if gamma_plus >= 0.0 {
            return Err(RankTwoError::UnstablePlus {
                gamma_plus,
                q,
                phi: self.nonlinearity.name().to_string(),
            });
        }
        let kappa_bar = v_plus * (sign * kappa);
        let rho = v_plus[0].abs();
        let z_bar = sqrt_n * kappa_bar[0];
        let jacobian =
            Matrix2::identity() * -1.0 + m * amp.mean_dphi + kappa_bar * kappa_bar.transpose() * q;
        let (white, var_c, covariance) = covariance(&jacobian, &v_plus, sigma, q, gamma_plus)?;
        let l_var_closed_form = (symmetric && self.nonlinearity.is_erf())
            .then(|| l_var_erf_symmetric(sigma, lambda_plus, lambda_minus, rho));
        Ok(MftSolution {
            lambda_plus,
            lambda_minus,
            lambda_plus_min: amp.lambda_plus_min,
            sigma_x: amp.sigma_x,
            kappa_norm: kappa,
            kappa_bar,
            v_plus,
            rho,
            z_bar,
            l_bias: (z_bar - self.target).powi(2),
            m,
            mean_dphi: amp.mean_dphi,
            mean_d3phi: amp.mean_d3phi,
            q,
            jacobian,
            jacobian_eigenvalues: JacobianEigenvalues {
                gamma_plus,
                gamma_minus,
            },
            stable: true,
            white_covariance: white,
            colored_variance: var_c,
            covariance,
            l_var: covariance[(0, 0)],
            l_var_closed_form,
        })
    }

    /// The bias-zero `M` of [`Coupling::Eigen`] (Eq. 52): `v+ = (rho, sqrt(1 - rho^2))`
    /// with `rho = |z| / (sqrt(N) |kappa_bar|)`, so that the fixed point's output is the
    /// target, `v- = (-sqrt(1 - rho^2), rho)` and `M = lambda+ v+ v+^T + lambda- v- v-^T`.
    /// Returns `(M, v+, symmetric = true)`, or the error when `rho > 1`.
    fn bias_zero_coupling(
        &self,
        kappa: f64,
        lambda_plus: f64,
        lambda_minus: f64,
    ) -> Result<(Matrix2<f64>, Vector2<f64>, bool), RankTwoError> {
        let kappa_needed = self.target.abs() / (self.n as f64).sqrt();
        let rho = kappa_needed / kappa;
        if rho > 1.0 {
            return Err(RankTwoError::RhoAboveOne {
                rho,
                kappa_norm: kappa,
                kappa_needed,
                n: self.n,
                target: self.target,
                lambda_plus_needed: lambda_plus_for_kappa(
                    self.nonlinearity,
                    self.noise,
                    kappa_needed,
                ),
                lambda_plus,
                sigma: self.noise.sigma(),
            });
        }
        let s = (1.0 - rho * rho).sqrt();
        let vp = Vector2::new(rho, s);
        let vm = Vector2::new(-s, rho);
        let m = vp * vp.transpose() * lambda_plus + vm * vm.transpose() * lambda_minus;
        Ok((m, vp, true))
    }
}

/// The covariance of `kappa` (Eqs. 47-48): the white-noise part `S` from
/// `A S + S A^T + 2 sigma^2 I = 0`, the colored-noise variance along `v+`, and
/// `C = S + var_c v+ v+^T`.
fn covariance(
    jacobian: &Matrix2<f64>,
    v_plus: &Vector2<f64>,
    sigma: f64,
    q: f64,
    gamma_plus: f64,
) -> Result<(Matrix2<f64>, f64, Matrix2<f64>), RankTwoError> {
    let white = solve_2x2(jacobian, &(Matrix2::identity() * (2.0 * sigma * sigma)))?;
    let var_c = colored_variance(sigma, q, gamma_plus);
    let covariance = white + v_plus * v_plus.transpose() * var_c;
    Ok((white, var_c, covariance))
}
