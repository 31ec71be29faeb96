//! The stationary statistics of the simulated network itself: the Euler-Maruyama map at a
//! finite step `dt`, with the finite-N fluctuations of `U^T phi(x)/N`
//! (derivation: `theory/notes/rank-two.md`, section 8).
//!
//! A simulation integrates `x <- (1 - dt) x + dt W phi(x) + sqrt(2 dt) sigma xi`. Two things
//! change against the continuous-time theory, both at order `dt`:
//!
//! * the orthogonal part of every unit is an AR(1) process `xi <- (1 - dt) xi + noise` with
//!   stationary variance `sigma_d^2 = sigma^2 / (1 - dt/2)` (Eq. E1), which moves the fixed
//!   point (Eqs. 43-46 with `sigma_d`);
//! * the latent fluctuations obey the discrete map `delta kappa <- (I + dt A) delta kappa +
//!   dt M eta + noise` instead of Eq. 48: a Stein equation (Eq. E3) for
//!   `(delta kappa, eta_1, ..., eta_K)`, whose Hermite components `eta_k` of the orthogonal
//!   part are AR(1) with coefficients `(1 - dt)^k` (Eq. E2).
//!
//! As `dt -> 0` this reduces to [`finite_n_variance`](super::finite_n_variance) (tested).

use super::finite_n::eta_covariances;
use super::{Coupling, FiniteNTerms, MftSolution, NoiseLevel, RankTwoError, RankTwoModel};
use crate::lyapunov;
use nalgebra::{DMatrix, Matrix2};

/// The stationary statistics of the Euler-Maruyama map (notes section 8).
#[derive(Debug, Clone, PartialEq)]
pub struct EulerStatistics {
    /// The Euler step.
    pub dt: f64,
    /// `sigma_d^2 = sigma^2 / (1 - dt/2)`, the stationary variance of the orthogonal part
    /// (Eq. E1).
    pub orthogonal_variance: f64,
    /// The mean-field fixed point of the same `M` with the orthogonal variance
    /// `sigma_d^2` (Eqs. 43-46): `|kappa_bar|`, rho, `z_bar`, `L_bias` and the Jacobian.
    pub fixed_point: MftSolution,
    /// `C = N Cov(kappa)` of the Euler map (Eq. E3).
    pub covariance: Matrix2<f64>,
    /// `L_var = C_11` (Eq. 39 with this covariance).
    pub l_var: f64,
}

/// The statistics that an Euler-Maruyama simulation with step `dt` of the network `model`
/// should show (notes section 8, Eqs. E1-E3): the fixed point with the orthogonal variance
/// `sigma^2/(1 - dt/2)`, and `N Cov(kappa)` from the Stein equation
///
/// ```text
/// P = F P F^T + Q_d,   F = [[I + dt A, dt M, ..., dt M], [0, a I, ...], ..., [0, ..., a^K I]],
/// Q_d = diag(2 dt sigma^2 I, (1 - a^2) N Cov eta_1, ..., (1 - a^2K) N Cov eta_K),  a = 1 - dt,
/// ```
///
/// where `A`, `eta_1` and `eta_2` are taken at the shifted fixed point. The coupling `M` is
/// that of the continuous-time solution of `model` (for [`Coupling::Eigen`], its bias-zero
/// angle), as in a simulation of that `M`.
///
/// Errors: those of [`RankTwoModel::solve`] (at `sigma` and at `sigma_d`),
/// [`RankTwoError::EulerStep`] for `dt` outside `(0, 2)` and [`RankTwoError::EulerUnstable`]
/// when `I + dt A` has an eigenvalue outside `(-1, 1)`.
///
/// ```
/// use oblique_theory::nonlinearity::Builtin;
/// use oblique_theory::rank_two::{euler_statistics, Coupling, FiniteNTerms, NoiseLevel, RankTwoModel};
/// let model = RankTwoModel {
///     noise: NoiseLevel::new(1.0).unwrap(),
///     nonlinearity: Builtin::Erf.into(),
///     n: 256,
///     target: 1.0,
///     coupling: Coupling::Eigen { lambda_plus: 1.9, lambda_minus: -5.0 },
/// };
/// let cont = model.solve().unwrap();
/// let euler = euler_statistics(&model, 0.2, FiniteNTerms::Full).unwrap();
/// // the Euler step shrinks the fixed point and inflates the variance along v-
/// assert!(euler.fixed_point.kappa_norm < 0.95 * cont.kappa_norm);
/// assert!(euler.l_var > 1.5 * cont.l_var);
/// ```
pub fn euler_statistics(
    model: &RankTwoModel,
    dt: f64,
    terms: FiniteNTerms,
) -> Result<EulerStatistics, RankTwoError> {
    if !(dt > 0.0 && dt < 2.0) {
        return Err(RankTwoError::EulerStep { dt });
    }
    let continuous = model.solve()?;
    let sigma = model.noise.sigma();
    let orthogonal_variance = sigma * sigma / (1.0 - 0.5 * dt);
    let shifted = RankTwoModel {
        noise: NoiseLevel::new(orthogonal_variance.sqrt())?,
        coupling: Coupling::Explicit(continuous.m),
        ..*model
    };
    let sol = shifted.solve()?;
    let gammas = [
        sol.jacobian_eigenvalues.gamma_plus,
        sol.jacobian_eigenvalues.gamma_minus,
    ];
    for g in gammas {
        let e = 1.0 + dt * g;
        if e.abs() >= 1.0 {
            let worst = gammas.iter().fold(0.0f64, |w, g| w.max(g.abs()));
            return Err(RankTwoError::EulerUnstable {
                dt,
                eigenvalue: e,
                dt_max: 2.0 / worst,
            });
        }
    }
    let orders = eta_covariances(&shifted, &sol, terms);
    let a = 1.0 - dt;
    let d = 2 + 2 * orders.len();
    let mut f = DMatrix::<f64>::zeros(d, d);
    let mut q = DMatrix::<f64>::zeros(d, d);
    for i in 0..2 {
        for j in 0..2 {
            f[(i, j)] = dt * sol.jacobian[(i, j)];
        }
        f[(i, i)] += 1.0;
        q[(i, i)] = 2.0 * dt * sigma * sigma;
    }
    for (o, cov) in orders.iter().enumerate() {
        // order k = o + 1 is an AR(1) with coefficient a^k (Eq. E2)
        let (ak, b) = (a.powi(o as i32 + 1), 2 + 2 * o);
        for i in 0..2 {
            for j in 0..2 {
                f[(i, b + j)] = dt * sol.m[(i, j)];
                q[(b + i, b + j)] = (1.0 - ak * ak) * cov[(i, j)];
            }
            f[(b + i, b + i)] = ak;
        }
    }
    let p = lyapunov::solve_discrete(&f, &q)?;
    let covariance = Matrix2::new(p[(0, 0)], p[(0, 1)], p[(1, 0)], p[(1, 1)]);
    Ok(EulerStatistics {
        dt,
        orthogonal_variance,
        fixed_point: sol,
        covariance,
        l_var: covariance[(0, 0)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonlinearity::Builtin;
    use crate::rank_two::finite_n_variance;

    fn model(n: usize, lp: f64, lm: f64, phi: Builtin) -> RankTwoModel<'static> {
        RankTwoModel {
            noise: NoiseLevel::new(1.0).unwrap(),
            nonlinearity: phi.into(),
            n,
            target: 1.0,
            coupling: Coupling::Eigen {
                lambda_plus: lp,
                lambda_minus: lm,
            },
        }
    }

    /// As dt -> 0 the Euler map tends to the continuous theory: the Stein route against the
    /// 6x6 continuous Lyapunov route of `finite_n_variance` (an independent solver path),
    /// with an O(dt) difference.
    #[test]
    fn small_steps_reduce_to_the_continuous_theory() {
        for phi in [Builtin::Erf, Builtin::Tanh] {
            for terms in [FiniteNTerms::PaperColored, FiniteNTerms::Full] {
                let m = model(256, 1.9, -5.0, phi);
                let cont = finite_n_variance(&m, &m.solve().unwrap(), terms).unwrap();
                let e1 = euler_statistics(&m, 1e-3, terms).unwrap();
                let e2 = euler_statistics(&m, 5e-4, terms).unwrap();
                let (d1, d2) = (e1.l_var - cont.l_var, e2.l_var - cont.l_var);
                assert!(d1.abs() < 1e-2 * cont.l_var, "{phi:?} {terms:?}: {d1}");
                // first order in dt: halving dt halves the difference
                assert!(
                    (d1 / d2 - 2.0).abs() < 0.05,
                    "{phi:?} {terms:?}: {}",
                    d1 / d2
                );
            }
        }
    }

    /// The white-noise block alone against the 2x2 Stein equation in closed form along the
    /// eigenvectors of a symmetric M: along v- (Jacobian eigenvalue gamma-, orthogonal to
    /// v+) the variance is 2 dt sigma^2 / (1 - (1 + dt gamma-)^2) when no eta noise enters
    /// that direction. With the paper's coloured term (along v+ only) v- sees only white
    /// noise; the Jacobian of a symmetric M at the bias-zero angle is symmetric.
    #[test]
    fn white_noise_along_v_minus_matches_the_scalar_ar1() {
        let m = model(256, 2.6, -5.0, Builtin::Erf);
        let e = euler_statistics(&m, 0.2, FiniteNTerms::PaperColored).unwrap();
        let sol = &e.fixed_point;
        let g = sol.jacobian_eigenvalues.gamma_minus;
        let v_minus = nalgebra::Vector2::new(-sol.v_plus[1], sol.v_plus[0]);
        let along = (v_minus.transpose() * e.covariance * v_minus)[0];
        let want = 2.0 * 0.2 / (1.0 - (1.0 + 0.2 * g).powi(2));
        assert!((along - want).abs() < 1e-10 * want, "{along} vs {want}");
    }

    #[test]
    fn errors_name_the_step() {
        let m = model(256, 1.9, -5.0, Builtin::Erf);
        assert_eq!(
            euler_statistics(&m, 0.0, FiniteNTerms::Full).unwrap_err().to_string(),
            "Euler step: dt = 0 must lie in (0, 2) (the orthogonal part x <- (1 - dt) x + noise must be stable)"
        );
        assert!(matches!(
            euler_statistics(&m, f64::NAN, FiniteNTerms::Full),
            Err(RankTwoError::EulerStep { .. })
        ));
        // gamma- = -5/1.9 - 1 = -3.63: the map needs dt < 0.551
        assert_eq!(
            euler_statistics(&m, 0.6, FiniteNTerms::Full).unwrap_err().to_string(),
            "Euler step: dt = 0.6 is too large for this fixed point: the latent map I + dt A has the eigenvalue -1.1789 outside (-1, 1); it needs dt < 0.5507"
        );
    }

    /// Values of the independent numpy/scipy computation in theory/notes/finite_n_noise.py
    /// (`l_var_all_orders`: closed-form Hermite coefficients of erf, scipy's discrete
    /// Lyapunov solver), erf, sigma = 1, lambda- = -5, N = 256, to 1e-3.
    #[test]
    fn matches_the_independent_script() {
        for (lp, dt, expected) in [
            (1.9, 0.2, 0.5362),
            (1.9, 0.05, 0.3876),
            (2.6, 0.2, 0.6603),
            (2.6, 0.05, 0.5196),
        ] {
            let m = model(256, lp, -5.0, Builtin::Erf);
            let e = euler_statistics(&m, dt, FiniteNTerms::Full).unwrap();
            assert!(
                (e.l_var - expected).abs() < 1e-3 * expected,
                "lambda+ {lp}, dt {dt}: {} vs {expected}",
                e.l_var
            );
        }
        let m = model(256, 1.9, -5.0, Builtin::Erf);
        let full = finite_n_variance(&m, &m.solve().unwrap(), FiniteNTerms::Full).unwrap();
        assert!(
            (full.l_var - 0.3574).abs() < 1e-3 * 0.3574,
            "{}",
            full.l_var
        );
    }
}
