//! Finite-N fluctuations of the population average `U^T phi(x) / N` that Eq. 48 leaves out
//! (derivation: `theory/notes/rank-two.md`, section 7).
//!
//! With `h_i = u_i . kappa_bar` and the orthogonal Ornstein-Uhlenbeck part `xi_i` (variance
//! `sigma^2`, correlation `exp(-|tau|)`), expand `phi(h_i + xi_i)` in the Hermite
//! polynomials of `xi_i / sigma`. The fluctuation of `f = U^T phi(x) / N` around its mean is,
//! to leading order in `1/sqrt(N)`, the sum of the order-`k` components `eta_k`, mutually
//! uncorrelated, each relaxing at rate `k` (Eqs. R1-R3 of the notes):
//!
//! ```text
//! b_k(h) = E_z[phi(h + sigma z) He_k(z)] = sigma^k E phi^(k)(h + xi)
//! eta_k  = (1/N) sum_i u_i b_k(h_i) He_k(xi_i / sigma) / k!,        rate k
//! N Cov eta_k = E(u u^T b_k^2) / k!     (k = 1: minus E(u u^T b_1)^2, because U^T xi = 0)
//! ```
//!
//! Summed over all orders, `sum_k b_k^2 / k! = Var_z phi(h + sigma z)` (tested). All enter
//! the latent dynamics as `M eta_k`. The paper's coloured term (Eq. 47) is the mean part of
//! `eta_2` alone (`E(u u^T b_2^2) -> E(u b_2) E(u b_2)^T`); with it alone the augmented
//! Lyapunov equation below reproduces Eq. 53 exactly (tested).

use super::{MftSolution, RankTwoError, RankTwoModel};
use crate::lyapunov;
use crate::nonlinearity::{gaussian_averages, Nonlinearity};
use nalgebra::{DMatrix, Matrix2, Vector2};

/// Which parts of the finite-N fluctuation to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiniteNTerms {
    /// Only the mean part of `eta_2`: the paper's Eqs. 47-48 (reproduces Eq. 53).
    PaperColored,
    /// The Hermite orders `1..=n` (`n` from 1 to `MAX_HERMITE_ORDER` (16)).
    Hermite(usize),
    /// Every order up to `MAX_HERMITE_ORDER` (16) (the neglected rest of `Var phi` is below
    /// `1e-4` of it for erf and tanh at sigma <= 1, `3e-4` at sigma = 1.3).
    Full,
}

/// The highest Hermite order kept by [`FiniteNTerms::Full`].
pub const MAX_HERMITE_ORDER: usize = 16;
const K: usize = MAX_HERMITE_ORDER;

impl FiniteNTerms {
    fn orders(self) -> usize {
        match self {
            FiniteNTerms::PaperColored => 2,
            FiniteNTerms::Hermite(n) => n.clamp(1, K),
            FiniteNTerms::Full => K,
        }
    }
}

/// L_var with the finite-N fluctuations of `U^T phi(x)/N` (notes section 7).
#[derive(Debug, Clone, PartialEq)]
pub struct FiniteNVariance {
    /// `N Cov eta_k` (2x2) for the kept orders `k = 1, 2, ...` (entry `k - 1`).
    pub orders: Vec<Matrix2<f64>>,
    /// `C = N Cov(kappa)` from the augmented Lyapunov equation.
    pub covariance: Matrix2<f64>,
    /// `L_var = C_11` (Eq. 39 with this covariance).
    pub l_var: f64,
}

/// `N Cov(kappa)` and L_var including the finite-N fluctuations of `U^T phi(x)/N`
/// (notes section 7, Eq. R4), from the augmented Lyapunov equation for
/// `(delta kappa, eta_1, ..., eta_K)` with drift `[[A, M, ..., M], [0, -I, ...], ..., [0, ..., -K I]]`
/// and noise `diag(2 sigma^2 I, 2 N Cov eta_1, ..., 2K N Cov eta_K)`.
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
/// assert!(full.l_var > 1.15 * sol.l_var); // +20% at strong negative feedback
/// ```
pub fn finite_n_variance(
    model: &RankTwoModel,
    sol: &MftSolution,
    terms: FiniteNTerms,
) -> Result<FiniteNVariance, RankTwoError> {
    let sigma = model.noise.sigma();
    let orders = eta_covariances(model, sol, terms);
    let d = 2 + 2 * orders.len();
    let mut drift = DMatrix::<f64>::zeros(d, d);
    let mut noise = DMatrix::<f64>::zeros(d, d);
    for i in 0..2 {
        for j in 0..2 {
            drift[(i, j)] = sol.jacobian[(i, j)];
        }
        noise[(i, i)] = 2.0 * sigma * sigma;
    }
    for (o, cov) in orders.iter().enumerate() {
        let (k, b) = ((o + 1) as f64, 2 + 2 * o);
        for i in 0..2 {
            for j in 0..2 {
                drift[(i, b + j)] = sol.m[(i, j)];
                noise[(b + i, b + j)] = 2.0 * k * cov[(i, j)];
            }
            drift[(b + i, b + i)] = -k;
        }
    }
    let x = lyapunov::solve(&drift, &noise)?;
    let covariance = Matrix2::new(x[(0, 0)], x[(0, 1)], x[(1, 0)], x[(1, 1)]);
    Ok(FiniteNVariance {
        orders,
        covariance,
        l_var: covariance[(0, 0)],
    })
}

/// `b_k(h) = E_z[phi(h + sigma z) He_k(z)]` for `k = 1..=K` (notes Eq. R1), one pass.
fn hermite_coefficients(phi: &dyn Nonlinearity, h: f64, sigma: f64) -> [f64; K] {
    gaussian_averages(
        |x| {
            let z = x / sigma;
            let f = phi.phi(h + x);
            let mut out = [0.0; K];
            let (mut prev, mut he) = (1.0, z);
            for (k, o) in out.iter_mut().enumerate() {
                *o = f * he;
                let next = z * he - (k + 1) as f64 * prev;
                prev = he;
                he = next;
            }
            out
        },
        sigma,
    )
}

/// Averages over `u_par ~ N(0, 1)` of `u_par^p b_k(|kappa_bar| u_par)^q` for the latent
/// basis (`p = 2`: along `kappa_bar`, `p = 0`: across): `[sq_par(K), sq_perp(K), b1_par,
/// b1_perp, b2_mean_par]`.
struct HermiteAverages {
    sq_par: [f64; K],
    sq_perp: [f64; K],
    b1_par: f64,
    b1_perp: f64,
    b2_first: f64,
}

fn hermite_averages(phi: &dyn Nonlinearity, kappa_norm: f64, sigma: f64) -> HermiteAverages {
    let v: [f64; 2 * K + 3] = gaussian_averages(
        |y| {
            let b = hermite_coefficients(phi, kappa_norm * y, sigma);
            let mut out = [0.0; 2 * K + 3];
            for k in 0..K {
                out[k] = y * y * b[k] * b[k];
                out[K + k] = b[k] * b[k];
            }
            out[2 * K] = y * y * b[0];
            out[2 * K + 1] = b[0];
            out[2 * K + 2] = y * b[1];
            out
        },
        1.0,
    );
    let mut sq_par = [0.0; K];
    let mut sq_perp = [0.0; K];
    sq_par.copy_from_slice(&v[..K]);
    sq_perp.copy_from_slice(&v[K..2 * K]);
    HermiteAverages {
        sq_par,
        sq_perp,
        b1_par: v[2 * K],
        b1_perp: v[2 * K + 1],
        b2_first: v[2 * K + 2],
    }
}

/// `N Cov eta_k` (notes Eq. R3) of the kept Hermite orders, in the basis of the latent plane,
/// for the orthogonal variance `sigma^2` of `model` and the fixed point of `sol`.
pub(crate) fn eta_covariances(
    model: &RankTwoModel,
    sol: &MftSolution,
    terms: FiniteNTerms,
) -> Vec<Matrix2<f64>> {
    let phi = model.nonlinearity.get();
    let sigma = model.noise.sigma();
    // Orthonormal basis: e_par along kappa_bar, e_perp orthogonal to it.
    let e_par: Vector2<f64> = sol.kappa_bar / sol.kappa_norm;
    let e_perp = Vector2::new(-e_par[1], e_par[0]);
    let in_basis =
        |par: f64, perp: f64| e_par * e_par.transpose() * par + e_perp * e_perp.transpose() * perp;
    let av = hermite_averages(phi, sol.kappa_norm, sigma);
    if terms == FiniteNTerms::PaperColored {
        let m = e_par * av.b2_first;
        return vec![Matrix2::zeros(), m * m.transpose() * 0.5];
    }
    let mut factorial = 1.0;
    (0..terms.orders())
        .map(|o| {
            factorial *= (o + 1) as f64;
            let (mut par, mut perp) = (av.sq_par[o], av.sq_perp[o]);
            if o == 0 {
                par -= av.b1_par * av.b1_par;
                perp -= av.b1_perp * av.b1_perp;
            }
            in_basis(par, perp) / factorial
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonlinearity::{gaussian_average, Builtin};
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
            let r = finite_n_variance(&m, &sol, FiniteNTerms::Hermite(2)).unwrap();
            assert!(
                (r.l_var - expected).abs() < 1e-3 * expected,
                "lambda- = {lm}: {} vs {expected}",
                r.l_var
            );
        }
    }

    /// Second method for the Hermite coefficients: summed over all orders, `b_k^2 / k!` is
    /// the variance of `phi(h + sigma z)` (Parseval), computed here directly by quadrature;
    /// and order 2 against `sigma^2 E phi''(h + xi)` from the closed-form second derivative.
    #[test]
    fn hermite_orders_add_up_to_the_variance() {
        for phi in [Builtin::Erf, Builtin::Tanh] {
            let f = phi.get();
            for (h, sigma) in [(0.0, 1.0), (0.7, 1.0), (-1.9, 0.6), (2.5, 1.3)] {
                let b = hermite_coefficients(f, h, sigma);
                let mut sum = 0.0;
                let mut fact = 1.0;
                for (k, bk) in b.iter().enumerate() {
                    fact *= (k + 1) as f64;
                    sum += bk * bk / fact;
                }
                let mean = gaussian_average(|x| f.phi(h + x), sigma);
                let var = gaussian_average(|x| (f.phi(h + x) - mean).powi(2), sigma);
                assert!(
                    (sum - var).abs() < 5e-4 * var,
                    "{phi:?} h {h} s {sigma}: {sum} vs {var}"
                );
                let c2 = gaussian_average(|x| f.d2phi(h + x), sigma) * sigma * sigma;
                assert!((b[1] - c2).abs() < 1e-10, "{phi:?}: {} vs {c2}", b[1]);
            }
        }
    }

    /// Higher orders add a little each, with the largest step from order 1 to 3.
    #[test]
    fn more_orders_raise_l_var_and_converge() {
        let m = model(256, 1.9, -5.0, Builtin::Erf);
        let sol = m.solve().unwrap();
        let l = |t| finite_n_variance(&m, &sol, t).unwrap().l_var;
        let (o2, o4, o8, full) = (
            l(FiniteNTerms::Hermite(2)),
            l(FiniteNTerms::Hermite(4)),
            l(FiniteNTerms::Hermite(8)),
            l(FiniteNTerms::Full),
        );
        assert!(o2 < o4 && o4 < o8 && o8 <= full, "{o2} {o4} {o8} {full}");
        assert!(
            full - o8 < 1e-3 * full && o4 - o2 > 1e-2 * o2,
            "{o2} {o4} {o8} {full}"
        );
    }
}
