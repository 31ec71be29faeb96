//! Closed forms of `L_var` for a symmetric M (Eqs. 49, 53).

use super::fixed_point::A2;

/// `L_var` for a symmetric M with any nonlinearity, from the Jacobian eigenvalues
/// (Eqs. 47-49 projected on `e_1`, the step before Eq. 53):
///
/// ```text
/// L_var = rho^2 (sigma^2 / (-gamma+) + var_c) + (1 - rho^2) sigma^2 / (-gamma-)
/// ```
///
/// with `gamma+ = q |kappa_bar|^2`, `gamma- = lambda-/lambda+ - 1` and the colored-noise
/// variance `var_c` of Eq. 47. For a symmetric M the Jacobian is symmetric, so the white
/// covariance is `S = -sigma^2 A^-1` (Eq. 48 diagonalised) with eigenvectors `v+-`, and
/// `e_1 . v+ = rho`, `(e_1 . v-)^2 = 1 - rho^2`.
pub fn l_var_symmetric(sigma: f64, gamma_plus: f64, var_c: f64, gamma_minus: f64, rho: f64) -> f64 {
    let s2 = sigma * sigma;
    let r2 = rho * rho;
    r2 * (s2 / -gamma_plus + var_c) + (1.0 - r2) * s2 / -gamma_minus
}

/// `L_var` for erf and a symmetric M, entirely in terms of the eigenvalues (Eq. 53):
///
/// ```text
/// L_var = sigma^2 [ rho^2 lambda+^2 / (lambda+^2 - lambda+min^2)
///                 + rho^2 sigma^2 a^2 / (3 lambda+^2 - lambda+min^2)
///                 + (1 - rho^2) / (1 - lambda-/lambda+) ]
/// ```
///
/// with `lambda+min^2 = 1 + 2 a^2 sigma^2` (Eq. 51) and `a^2 = pi/4`. Valid for
/// `lambda+ > lambda+min`, `lambda- < lambda+`, `0 <= rho <= 1`; the caller checks.
///
/// ```
/// use oblique_theory::rank_two::l_var_erf_symmetric;
/// // rho = 0: only the lambda- direction is seen by the output, L_var = sigma^2 / (1 - lambda-/lambda+)
/// let l = l_var_erf_symmetric(1.0, 2.0, -2.0, 0.0);
/// assert!((l - 0.5).abs() < 1e-15);
/// ```
pub fn l_var_erf_symmetric(sigma: f64, lambda_plus: f64, lambda_minus: f64, rho: f64) -> f64 {
    let s2 = sigma * sigma;
    let lmin2 = 1.0 + 2.0 * A2 * s2;
    let l2 = lambda_plus * lambda_plus;
    let r2 = rho * rho;
    s2 * (r2 * l2 / (l2 - lmin2)
        + r2 * s2 * A2 / (3.0 * l2 - lmin2)
        + (1.0 - r2) / (1.0 - lambda_minus / lambda_plus))
}

/// The colored-noise variance along `v+` (Eq. 47):
/// `var_c = sigma^4 gamma+ / (2 (gamma+ - 2) |kappa_bar|^2)`, written with
/// `gamma+ / |kappa_bar|^2 = q` as `sigma^4 q / (2 (gamma+ - 2))` (no 0/0 as `kappa -> 0`).
pub fn colored_variance(sigma: f64, q: f64, gamma_plus: f64) -> f64 {
    let s2 = sigma * sigma;
    s2 * s2 * q / (2.0 * (gamma_plus - 2.0))
}
