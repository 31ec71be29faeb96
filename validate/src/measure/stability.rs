//! Is the Euler map of a fixed-`M` simulation stable at its step? Checked before a run
//! from the theory's latent Jacobian (theory notes section 8, Eq. E3).
//!
//! The latent fluctuations follow `delta kappa <- (I + dt A) delta kappa + noise`, with `A`
//! the mean-field Jacobian at the state the network settles in: the fixed point of Eqs.
//! 43-46 at the Euler map's orthogonal variance `sigma^2 / (1 - dt/2)` (Eq. E1) when `M`
//! has one, else the origin, where `A = -I + <phi'> M`. The map is stable when every
//! eigenvalue `gamma` of `A` has `|1 + dt gamma| < 1`, i.e. `dt < 2 Re(-gamma) / |gamma|^2`.

use super::Eigenvalues;
use crate::network::{RankTwoParams, ValidateError};
use nalgebra::Matrix2;
use oblique_theory::rank_two::{Coupling, NoiseLevel, RankTwoModel};

/// The latent Jacobian `A` the simulation of `params` (with `g = 0`) linearises around.
fn latent_jacobian(params: &RankTwoParams, z: f64) -> Option<Matrix2<f64>> {
    let dt = params.dt;
    let sigma_d = params.sigma / (1.0 - 0.5 * dt).sqrt();
    let noise = NoiseLevel::new(sigma_d).ok()?;
    let model = RankTwoModel {
        noise,
        nonlinearity: params.nonlinearity.into(),
        n: params.n,
        target: if z == 0.0 { 1.0 } else { z },
        coupling: Coupling::Explicit(params.m),
    };
    match model.solve() {
        Ok(sol) => Some(sol.jacobian),
        Err(_) => {
            let slope = params.nonlinearity.get().mean_dphi(sigma_d);
            Some(params.m * slope - Matrix2::identity())
        }
    }
}

/// Checks that the latent Euler map of a fixed-`M` simulation is stable (module docs);
/// [`ValidateError::EulerUnstable`] otherwise, with the largest stable step. Only for
/// `g = 0` and `dt < 2` (the orthogonal part is checked by the simulator itself).
pub fn check_latent_step(params: &RankTwoParams, z: f64) -> Result<(), ValidateError> {
    let dt = params.dt;
    if params.g > 0.0 || !(dt > 0.0 && dt < 2.0) {
        return Ok(());
    }
    let Some(a) = latent_jacobian(params, z) else {
        return Ok(());
    };
    let e = Eigenvalues::of(&a);
    let mut worst: Option<(f64, f64)> = None; // (factor, dt_max)
    for (re, im) in e.re.iter().zip(e.im.iter()) {
        if *re >= 0.0 {
            continue; // unstable in continuous time too: not a question of the step
        }
        let (gr, gi) = (*re * dt, *im * dt);
        let factor = ((1.0 + gr).powi(2) + gi * gi).sqrt();
        let dt_max = 2.0 * -re / (re * re + im * im);
        if factor >= 1.0 && worst.is_none_or(|(_, d)| dt_max < d) {
            worst = Some((factor, dt_max));
        }
    }
    match worst {
        None => Ok(()),
        Some((factor, dt_max)) => Err(ValidateError::EulerUnstable {
            dt,
            dt_max,
            factor,
            part: "of the latent kappa = U^T x / N (I + dt A, A the Jacobian of the mean-field theory)",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fig. 12's M (lambda+ 1.9, lambda- -5, erf, sigma 1): at dt = 0.6 the theory's
    /// `euler_statistics` reports the eigenvalue -1.1789 and dt < 0.5507 at the bias-zero
    /// angle; an M with the same eigenvalues along e1/e2 gives the same Jacobian spectrum
    /// at its own fixed point (gamma- = lambda-/lambda+ - 1, Eq. 45), so the bound is
    /// 2 / |gamma-| computed independently here.
    #[test]
    fn the_step_bound_is_two_over_the_fastest_latent_rate() {
        let m = Matrix2::new(1.9, 0.0, 0.0, -5.0);
        let p = RankTwoParams::new(256, m).with_dt(0.6);
        let err = check_latent_step(&p, 1.0).unwrap_err();
        let ValidateError::EulerUnstable { dt_max, factor, .. } = err else {
            panic!("{err}")
        };
        let gamma_minus = -5.0 / 1.9 - 1.0;
        assert!((dt_max - 2.0 / -gamma_minus).abs() < 1e-9, "{dt_max}");
        assert!(
            (factor - (1.0 + 0.6 * gamma_minus).abs()).abs() < 1e-9,
            "{factor}"
        );
        assert_eq!(
            err.to_string(),
            "dt = 0.6 is too large: the Euler map is unstable in the part of the latent kappa = U^T x / N (I + dt A, A the Jacobian of the mean-field theory) (its factor 1.1789 is not below 1); it needs dt < 0.5507: lower dt or weaken the coupling"
        );
        assert!(check_latent_step(&p.clone().with_dt(0.5), 1.0).is_ok());
    }

    /// Below lambda+min the network sits at the origin: A = -I + <phi'> M. For erf with
    /// sigma_d^2 = 1/(1 - dt/2), <phi'> = 1/sqrt(1 + (pi/2) sigma_d^2) (closed form).
    #[test]
    fn without_a_fixed_point_the_origin_is_checked() {
        let m = Matrix2::new(1.0, 0.0, 0.0, -1e6);
        let p = RankTwoParams::new(64, m).with_dt(0.2);
        let ValidateError::EulerUnstable { dt_max, .. } = check_latent_step(&p, 1.0).unwrap_err()
        else {
            panic!()
        };
        let s2 = 1.0 / 0.9;
        let slope = 1.0 / (1.0 + std::f64::consts::FRAC_PI_2 * s2).sqrt();
        let gamma = -1e6 * slope - 1.0;
        assert!((dt_max / (2.0 / -gamma) - 1.0).abs() < 1e-9, "{dt_max}");
    }
}
