//! Closed-form two-phase learning curves of the linear network (theory notes, section 5;
//! eLife Eqs. 28-33 and Appendix A.2-A.3; derivation in `theory/notes/linear.md`).

use super::curves::{CurvePoint, TwoPhaseCurves};
use super::task::{LinearTask, Schedule};
use super::LinearError;
use nalgebra::Matrix2;

/// The fast (bias) phase at learning rate `eta / N`, after `tau` steps (notes Eq. L14-L16;
/// eLife Eqs. 30-31, 62-64):
///
/// ```text
/// b(tau)      = (1 - exp(-2 eta tau)) (z - rho sqrt(N))
/// L_bias(tau) = exp(-4 eta tau) (z - rho sqrt(N))^2,     L_var = sigma^2
/// M11 = 0,  M12 = b / sqrt(N),  M21 = M22 = 0,            |dx_bar| = |b|
/// ```
///
/// `eta` is the base learning rate (the phase itself runs at `eta / N`).
///
/// ```
/// use oblique_theory::linear::{fast_phase_point, LinearTask};
/// let task = LinearTask { n: 256, rho_sqrt_n: -0.5, sigma: 1.0, target: 1.0 };
/// let p = fast_phase_point(&task, 0.002, 250.0);
/// let e = (-1.0f64).exp(); // exp(-2 eta tau)
/// assert!((p.l_bias - e * e * 2.25).abs() < 1e-15);
/// assert!((p.m[(0, 1)] - (1.0 - e) * 1.5 / 16.0).abs() < 1e-15);
/// ```
pub fn fast_phase_point(task: &LinearTask, eta: f64, tau: f64) -> CurvePoint {
    let e0 = task.target - task.rho_sqrt_n;
    let decay = (-2.0 * eta * tau).exp();
    let b = (1.0 - decay) * e0;
    CurvePoint {
        tau,
        l_bias: decay * decay * e0 * e0,
        l_var: task.sigma * task.sigma,
        m: Matrix2::new(0.0, b / task.sqrt_n(), 0.0, 0.0),
        dx_norm: b.abs(),
    }
}

/// The slow (variance) phase at learning rate `eta`, `tau` steps after its start (notes
/// Eq. L19-L22; eLife Eqs. 28-29, 32-33, 76-80):
///
/// ```text
/// a(tau) = 1 - (3 sigma^2 eta tau + 1)^(1/3)           (M11, negative feedback)
/// L_var  = sigma^2 / (1 - a),   L_bias = 0
/// b      = z (1 - a) - rho sqrt(N),  M12 = b / sqrt(N),  |dx_bar| = |z - rho sqrt(N)|
/// ```
///
/// ```
/// use oblique_theory::linear::{slow_phase_point, LinearTask};
/// let task = LinearTask { n: 256, rho_sqrt_n: -0.5, sigma: 1.0, target: 1.0 };
/// // 3 sigma^2 eta tau + 1 = 8: a = -1, L_var = 1/2.
/// let p = slow_phase_point(&task, 0.002, 7.0 / 0.006);
/// assert!((p.m[(0, 0)] + 1.0).abs() < 1e-12 && (p.l_var - 0.5).abs() < 1e-12);
/// ```
pub fn slow_phase_point(task: &LinearTask, eta: f64, tau: f64) -> CurvePoint {
    let s2 = task.sigma * task.sigma;
    let one_minus_a = (3.0 * s2 * eta * tau + 1.0).cbrt();
    let a = 1.0 - one_minus_a;
    let b = task.target * one_minus_a - task.rho_sqrt_n;
    CurvePoint {
        tau,
        l_bias: 0.0,
        l_var: s2 / one_minus_a,
        m: Matrix2::new(a, b / task.sqrt_n(), 0.0, 0.0),
        dx_norm: (task.target - task.rho_sqrt_n).abs(),
    }
}

/// Both phases sampled at [`Schedule::sample_times`] (theory notes, section 5).
pub fn closed_form(task: &LinearTask, schedule: &Schedule) -> Result<TwoPhaseCurves, LinearError> {
    task.validate()?;
    schedule.validate()?;
    let mut out = TwoPhaseCurves::default();
    for tau in schedule.sample_times(schedule.fast_steps) {
        out.fast.push(fast_phase_point(task, schedule.lr, tau));
    }
    for tau in schedule.sample_times(schedule.slow_steps) {
        out.slow.push(slow_phase_point(task, schedule.lr, tau));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fig10_end_points() {
        // N = 256, rho sqrt(N) = -0.5, sigma = z = 1, eta = 0.002, 1000 + 5000 steps.
        let task = LinearTask {
            n: 256,
            rho_sqrt_n: -0.5,
            sigma: 1.0,
            target: 1.0,
        };
        let f = fast_phase_point(&task, 0.002, 1000.0);
        assert!((f.dx_norm - 1.5 * (1.0 - (-4.0f64).exp())).abs() < 1e-14);
        let s = slow_phase_point(&task, 0.002, 5000.0);
        let y = 31.0f64.powf(1.0 / 3.0);
        assert!((s.m[(0, 0)] - (1.0 - y)).abs() < 1e-14);
        assert!((s.l_var - 1.0 / y).abs() < 1e-14);
        assert!((s.m[(0, 1)] * 16.0 - (y + 0.5)).abs() < 1e-13);
    }

    #[test]
    fn the_slow_phase_solves_its_ode() {
        // da/dtau = -eta sigma^2 / (1 - a)^2 (Eq. 28), checked by a central difference.
        let task = LinearTask {
            n: 100,
            rho_sqrt_n: 0.3,
            sigma: 0.7,
            target: -2.0,
        };
        let (eta, tau, h) = (0.01, 300.0, 1e-3);
        let a = |t: f64| slow_phase_point(&task, eta, t).m[(0, 0)];
        let da = (a(tau + h) - a(tau - h)) / (2.0 * h);
        let rhs = -eta * 0.49 / (1.0 - a(tau)).powi(2);
        assert!((da - rhs).abs() < 1e-9 * rhs.abs(), "{da} vs {rhs}");
    }
}
