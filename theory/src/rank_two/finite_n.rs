//! Finite-N fluctuations of the population average `U^T phi(x) / N` that Eq. 48 leaves out
//! (derivation: `theory/notes/rank-two.md`, section 7).
//!
//! With `h_i = u_i . kappa_bar` and the orthogonal Ornstein-Uhlenbeck part `xi_i` (variance
//! `sigma^2`, correlation `exp(-|tau|)`), the fluctuation of `f = U^T phi(x) / N` around its
//! mean is, to leading order, `eta_1 + eta_2` (Hermite components of `phi(h_i + xi_i)`):
//!
//! ```text
//! eta_1 = (1/N) sum_i u_i c1(h_i) xi_i,                 c1(h) = E_xi phi'(h + xi),  rate 1
//! eta_2 = (1/(2N)) sum_i u_i c2(h_i) (xi_i^2 - sigma^2), c2(h) = E_xi phi''(h + xi), rate 2
//! N Cov eta_1 = sigma^2 [E(u u^T c1^2) - E(u u^T c1)^2]
//! N Cov eta_2 = (sigma^4 / 2) E(u u^T c2^2)
//! ```
//!
//! Both enter the latent dynamics as `M eta`. The paper's coloured term (Eq. 47) is the
//! mean part of `eta_2` alone (`E(u u^T c2^2) -> E(u c2) E(u c2)^T`); with it alone the
//! augmented Lyapunov equation below reproduces Eq. 53 exactly (tested).

use super::{MftSolution, RankTwoError, RankTwoModel};
use crate::lyapunov;
use crate::nonlinearity::gaussian_average;
use nalgebra::{DMatrix, Matrix2, Vector2};

/// Which parts of the finite-N fluctuation to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiniteNTerms {
    /// Only the mean part of `eta_2`: the paper's Eqs. 47-48 (reproduces Eq. 53).
    PaperColored,
    /// `eta_1` and the full `eta_2`.
    Full,
}

/// L_var with the finite-N fluctuations of `U^T phi(x)/N` (notes section 7).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiniteNVariance {
    /// `N Cov eta_1` (2x2).
    pub eta1_covariance: Matrix2<f64>,
    /// `N Cov eta_2` (2x2), as kept by `terms`.
    pub eta2_covariance: Matrix2<f64>,
    /// `C = N Cov(kappa)` from the augmented Lyapunov equation.
    pub covariance: Matrix2<f64>,
    /// `L_var = C_11` (Eq. 39 with this covariance).
    pub l_var: f64,
}

/// `N Cov(kappa)` and L_var including the finite-N fluctuations of `U^T phi(x)/N`
/// (notes section 7), from the augmented Lyapunov equation for `(delta kappa, eta_1, eta_2)`
/// with drift `[[A, M, M], [0, -I, 0], [0, 0, -2I]]` and noise
/// `diag(2 sigma^2 I, 2 N Cov eta_1, 4 N Cov eta_2)`.
///
/// ```
/// use oblique_theory::nonlinearity::Builtin;
/// use oblique_theory::rank_two::{finite_n_variance, Activation, Coupling, FiniteNTerms, NoiseLevel, RankTwoModel};
/// let model = RankTwoModel {
///     noise: NoiseLevel::new(1.0).unwrap(),
///     nonlinearity: Activation::Builtin(Builtin::Erf),
///     n: 512,
///     target: 1.0,
///     coupling: Coupling::Eigen { lambda_plus: 1.9, lambda_minus: -5.0 },
/// };
/// let sol = model.solve().unwrap();
/// let paper = finite_n_variance(&model, &sol, FiniteNTerms::PaperColored).unwrap();
/// assert!((paper.l_var - sol.l_var).abs() < 1e-9);
/// let full = finite_n_variance(&model, &sol, FiniteNTerms::Full).unwrap();
/// assert!(full.l_var > 1.1 * sol.l_var); // +15% at strong negative feedback
/// ```
pub fn finite_n_variance(
    model: &RankTwoModel,
    sol: &MftSolution,
    terms: FiniteNTerms,
) -> Result<FiniteNVariance, RankTwoError> {
    let phi = model.nonlinearity.get();
    let sigma = model.noise.sigma();
    let k = sol.kappa_norm;
    // Orthonormal basis: e_par along kappa_bar, e_perp orthogonal to it.
    let e_par: Vector2<f64> = sol.kappa_bar / k;
    let e_perp = Vector2::new(-e_par[1], e_par[0]);
    let c1 = |h: f64| gaussian_average(|x| phi.dphi(h + x), sigma);
    let c2 = |h: f64| gaussian_average(|x| phi.d2phi(h + x), sigma);
    // E over u_par ~ N(0, 1) of u_par^p g(k u_par).
    let avg = |p: i32, g: &dyn Fn(f64) -> f64| gaussian_average(|y| y.powi(p) * g(k * y), 1.0);
    let in_basis =
        |par: f64, perp: f64| e_par * e_par.transpose() * par + e_perp * e_perp.transpose() * perp;
    let s2 = sigma * sigma;
    let eta1 = match terms {
        FiniteNTerms::PaperColored => Matrix2::zeros(),
        FiniteNTerms::Full => {
            let par = avg(2, &|h| c1(h).powi(2)) - avg(2, &c1).powi(2);
            let perp = avg(0, &|h| c1(h).powi(2)) - avg(0, &c1).powi(2);
            in_basis(par, perp) * s2
        }
    };
    let eta2 = match terms {
        FiniteNTerms::PaperColored => {
            let m = e_par * avg(1, &c2);
            m * m.transpose() * (0.5 * s2 * s2)
        }
        FiniteNTerms::Full => {
            in_basis(avg(2, &|h| c2(h).powi(2)), avg(0, &|h| c2(h).powi(2))) * (0.5 * s2 * s2)
        }
    };
    let mut drift = DMatrix::<f64>::zeros(6, 6);
    let mut noise = DMatrix::<f64>::zeros(6, 6);
    for i in 0..2 {
        for j in 0..2 {
            drift[(i, j)] = sol.jacobian[(i, j)];
            drift[(i, 2 + j)] = sol.m[(i, j)];
            drift[(i, 4 + j)] = sol.m[(i, j)];
            noise[(2 + i, 2 + j)] = 2.0 * eta1[(i, j)];
            noise[(4 + i, 4 + j)] = 4.0 * eta2[(i, j)];
        }
        drift[(2 + i, 2 + i)] = -1.0;
        drift[(4 + i, 4 + i)] = -2.0;
        noise[(i, i)] = 2.0 * s2;
    }
    let x = lyapunov::solve(&drift, &noise)?;
    let covariance = Matrix2::new(x[(0, 0)], x[(0, 1)], x[(1, 0)], x[(1, 1)]);
    Ok(FiniteNVariance {
        eta1_covariance: eta1,
        eta2_covariance: eta2,
        covariance,
        l_var: covariance[(0, 0)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonlinearity::Builtin;
    use crate::rank_two::{Activation, Coupling, NoiseLevel};

    fn model(n: usize, lp: f64, lm: f64, phi: Builtin) -> RankTwoModel<'static> {
        RankTwoModel {
            noise: NoiseLevel::new(1.0).unwrap(),
            nonlinearity: Activation::Builtin(phi),
            n,
            target: 1.0,
            coupling: Coupling::Eigen {
                lambda_plus: lp,
                lambda_minus: lm,
            },
        }
    }

    /// The mean part of eta_2 alone is the paper's coloured noise: Eq. 53 / the Lyapunov
    /// route of `solve` (an independent computation) to 1e-10, for erf and tanh.
    #[test]
    fn paper_colored_part_reproduces_eq_53() {
        for phi in [Builtin::Erf, Builtin::Tanh] {
            for (n, lp, lm) in [(256, 1.9, -5.0), (512, 2.6, -1.0), (64, 2.2, -2.0)] {
                let m = model(n, lp, lm, phi);
                let sol = m.solve().unwrap();
                let r = finite_n_variance(&m, &sol, FiniteNTerms::PaperColored).unwrap();
                assert!(
                    (r.l_var - sol.l_var).abs() < 1e-10 * sol.l_var,
                    "{phi:?} {n} {lp} {lm}: {} vs {}",
                    r.l_var,
                    sol.l_var
                );
            }
        }
    }

    /// Values of the independent numpy/Gauss-Hermite computation in
    /// theory/notes/finite_n_noise.py (erf, sigma = 1, lambda+ = 1.9, N = 512), to 1e-3.
    #[test]
    fn full_terms_match_the_independent_script() {
        for (lm, expected) in [(-1.0, 0.6714), (-2.0, 0.5143), (-5.0, 0.3281)] {
            let m = model(512, 1.9, lm, Builtin::Erf);
            let sol = m.solve().unwrap();
            let r = finite_n_variance(&m, &sol, FiniteNTerms::Full).unwrap();
            assert!(
                (r.l_var - expected).abs() < 1e-3 * expected,
                "lambda- = {lm}: {} vs {expected}",
                r.l_var
            );
        }
    }
}
