//! SGD with a finite batch: the mean and covariance of the coefficients `M` to second order
//! in the gradient noise (theory/notes/linear.md section 11, Eqs. L35-L37).
//!
//! SGD steps `M <- M - eta g_B(M)` with a batch gradient whose mean is the expected loss's
//! gradient and whose covariance is `C(M) / B` (Eqs. L31-L34, [`gradient_noise`]). Its runs
//! spread around their mean `m` with covariance `Sigma`; expanding the expected gradient to
//! second order in the spread,
//!
//! ```text
//! m_{k+1} = m_k - eta (grad L(m_k) + 1/2 grad^3 L(m_k) : Sigma_k)                  (L35)
//! Sigma_{k+1} = J_k Sigma_k J_k^T + eta^2 C(m_k) / B,   J_k = I - eta hess L(m_k)    (L36)
//! E L(M) = L(m) + 1/2 tr(hess L(m) Sigma)   (for L_bias and L_var separately)      (L37)
//! ```
//!
//! The spread is largest along the stiff, bias-carrying direction (curvature of order `N`,
//! `eta N ~ 0.5` in the slow phase of Fig. 10), where the loss is far from quadratic; the
//! third-derivative term then drifts the mean away from gradient descent (Eq. L30) by an
//! amount of order `eta / B`. `B -> infinity` gives Eq. L30 exactly. Derivatives of the
//! exact Euler-map gradient (Eq. L25) are taken by central differences.

use super::descent::{descend, Learner, Sample};
use super::euler::TimeModel;
use super::gradient_noise::{gradient_noise, BatchWindow};
use super::task::{LinearTask, Schedule};
use super::{LinearError, TwoPhaseCurves};
use nalgebra::{Matrix2, Matrix4, Vector4};

/// Step of the central differences for the Hessian.
const H_HESS: f64 = 1e-5;
/// Step of the second differences along the spread's principal axes.
const H_THIRD: f64 = 1e-3;

/// The SGD moments of Eqs. L35-L37 through both phases of a schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct SgdCurves {
    /// The mean coefficients and the expected loss parts (Eq. L37) at the sample times.
    pub mean: TwoPhaseCurves,
    /// Predicted run-to-run standard deviation of each entry of `M` at the fast phase's
    /// samples (`sqrt` of the diagonal of `Sigma`).
    pub fast_sd: Vec<Matrix2<f64>>,
    /// The same for the slow phase.
    pub slow_sd: Vec<Matrix2<f64>>,
}

fn vec4(m: &Matrix2<f64>) -> Vector4<f64> {
    Vector4::from_column_slice(m.as_slice())
}

fn mat2(v: &Vector4<f64>) -> Matrix2<f64> {
    Matrix2::from_column_slice(v.as_slice())
}

/// Gradients of `L_bias` and `L_var` as 4-vectors (column-major).
fn grads(
    task: &LinearTask,
    m: &Matrix2<f64>,
    time: TimeModel,
) -> Result<[Vector4<f64>; 2], LinearError> {
    let loss = task.subspace_network(*m).loss_in(task.target, time)?;
    Ok([vec4(&loss.grad_bias), vec4(&loss.grad_var)])
}

struct MomentLearner<'a> {
    task: &'a LinearTask,
    window: BatchWindow,
    time: TimeModel,
    noise_every: u64,
    m: Matrix2<f64>,
    sigma: Matrix4<f64>,
    c: Matrix4<f64>,
    step: u64,
    sd: Vec<Matrix2<f64>>,
}

impl MomentLearner<'_> {
    /// Hessians of `L_bias` and `L_var` at `m` by central differences.
    fn hessians(&self) -> Result<[Matrix4<f64>; 2], LinearError> {
        let mut h = [Matrix4::zeros(), Matrix4::zeros()];
        for a in 0..4 {
            let mut e = Vector4::zeros();
            e[a] = H_HESS;
            let up = grads(self.task, &(self.m + mat2(&e)), self.time)?;
            let down = grads(self.task, &(self.m - mat2(&e)), self.time)?;
            for p in 0..2 {
                h[p].set_column(a, &((up[p] - down[p]) / (2.0 * H_HESS)));
            }
        }
        Ok(h.map(|x| (x + x.transpose()) * 0.5))
    }

    /// `1/2 grad^3 L : Sigma` (Eq. L35), by second differences along the principal axes of
    /// `Sigma`.
    fn drift(&self, g0: &Vector4<f64>) -> Result<Vector4<f64>, LinearError> {
        let eig = self.sigma.symmetric_eigen();
        let mut out = Vector4::zeros();
        for (i, &lambda) in eig.eigenvalues.iter().enumerate() {
            if lambda <= 0.0 {
                continue;
            }
            let v = mat2(&(eig.eigenvectors.column(i) * H_THIRD));
            let up = grads(self.task, &(self.m + v), self.time)?;
            let down = grads(self.task, &(self.m - v), self.time)?;
            let second = (up[0] + up[1]) - 2.0 * g0 + (down[0] + down[1]);
            out += second * (0.5 * lambda / (H_THIRD * H_THIRD));
        }
        Ok(out)
    }
}

impl Learner for MomentLearner<'_> {
    fn visit(&mut self, eta: Option<f64>, record: bool) -> Result<Sample, LinearError> {
        let m = self.m;
        let loss = self
            .task
            .subspace_network(m)
            .loss_in(self.task.target, self.time)?;
        let [h_bias, h_var] = self.hessians()?;
        // Eq. L37
        let l_bias = loss.l_bias + 0.5 * (h_bias * self.sigma).trace();
        let l_var = loss.l_var + 0.5 * (h_var * self.sigma).trace();
        if record {
            self.sd
                .push(mat2(&self.sigma.diagonal().map(|v| v.max(0.0).sqrt())));
        }
        if let Some(eta) = eta {
            if self.step.is_multiple_of(self.noise_every) {
                self.c = gradient_noise(self.task, &m, &self.window)?.cov;
            }
            self.step += 1;
            let g0 = vec4(&loss.grad());
            let drift = self.drift(&g0)?;
            let j = Matrix4::identity() - (h_bias + h_var) * eta;
            // Eq. L36
            self.sigma =
                j * self.sigma * j.transpose() + self.c * (eta * eta / self.window.batch as f64);
            // Eq. L35
            self.m -= mat2(&((g0 + drift) * eta));
        }
        Ok(Sample {
            l_bias,
            l_var,
            m,
            x_bar: loss.x_bar,
        })
    }
}

/// Runs the SGD moment equations (Eqs. L35-L37) through both phases of `schedule` from
/// `M0` (no spread at the start), with the batch, Euler step and scored steps of `window`;
/// the gradient-noise covariance (Eq. L34) is recomputed every `noise_every` steps.
///
/// ```
/// use nalgebra::Matrix2;
/// use oblique_theory::linear::{gradient_descent, sgd_moments, BatchWindow, LinearTask, Schedule, TimeModel};
/// let task = LinearTask { n: 64, rho_sqrt_n: -0.5, sigma: 1.0, target: 1.0 };
/// let schedule = Schedule { lr: 0.004, fast_steps: 100, slow_steps: 300, samples: 2 };
/// let window = BatchWindow { dt: 0.2, steps: 50, first_target: 40, target_every: 1, batch: 8 };
/// let sgd = sgd_moments(&task, &schedule, Matrix2::zeros(), &window, 10).unwrap();
/// let gd = gradient_descent(&task, &schedule, Matrix2::zeros(), TimeModel::Euler { dt: 0.2 }).unwrap();
/// // a small batch holds back M22 (the positive feedback along the input)
/// let (s, g) = (sgd.mean.slow.last().unwrap().m, gd.slow.last().unwrap().m);
/// assert!(s[(1, 1)] < g[(1, 1)]);
/// ```
pub fn sgd_moments(
    task: &LinearTask,
    schedule: &Schedule,
    m0: Matrix2<f64>,
    window: &BatchWindow,
    noise_every: u64,
) -> Result<SgdCurves, LinearError> {
    task.validate()?;
    schedule.validate()?;
    window.validate()?;
    if noise_every == 0 {
        return Err(LinearError::Window {
            which: "noise_every",
            value: "0".into(),
            range: "be at least 1".into(),
        });
    }
    if m0.iter().any(|v| !v.is_finite()) {
        return Err(LinearError::NonFiniteEntry { which: "M" });
    }
    let mut learner = MomentLearner {
        task,
        window: *window,
        time: TimeModel::Euler { dt: window.dt },
        noise_every,
        m: m0,
        sigma: Matrix4::zeros(),
        c: Matrix4::zeros(),
        step: 0,
        sd: Vec::new(),
    };
    let mean = descend(task, schedule, &mut learner)?;
    let fast_len = mean.fast.len();
    let slow_sd = learner.sd.split_off(fast_len);
    Ok(SgdCurves {
        mean,
        fast_sd: learner.sd,
        slow_sd,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::gradient_descent;

    fn setup() -> (LinearTask, Schedule, BatchWindow) {
        let (task, window) = crate::linear::gradient_noise::tests::small();
        let schedule = Schedule {
            lr: 0.004,
            fast_steps: 100,
            slow_steps: 300,
            samples: 3,
        };
        (task, schedule, window)
    }

    /// Against an independent implementation of Eqs. L35-L36 (numpy: dense path algebra
    /// for the noise, Kronecker solves for the Stein equations).
    #[test]
    fn matches_an_independent_implementation() {
        let (task, schedule, window) = setup();
        let s = sgd_moments(&task, &schedule, Matrix2::zeros(), &window, 10).unwrap();
        let m = s.mean.slow.last().unwrap().m;
        let want = Matrix2::new(
            -0.656098376369,
            0.261229874472,
            -0.052155771326,
            0.025011733645,
        );
        assert!((m - want).norm() < 1e-8, "{m}");
        let sd = s.slow_sd.last().unwrap();
        let want_sd = Matrix2::new(0.01129320013, 0.012090030314, 0.00258633992, 0.005383082111);
        assert!((sd - want_sd).norm() < 1e-8, "{sd}");
        assert_eq!((s.fast_sd.len(), s.slow_sd.len()), (3, 3));
    }

    /// An infinite batch has no spread: Eq. L30 exactly.
    #[test]
    fn infinite_batch_is_gradient_descent() {
        let (task, schedule, window) = setup();
        let huge = BatchWindow {
            batch: usize::MAX,
            ..window
        };
        let s = sgd_moments(&task, &schedule, Matrix2::zeros(), &huge, 10).unwrap();
        let gd = gradient_descent(
            &task,
            &schedule,
            Matrix2::zeros(),
            TimeModel::Euler { dt: 0.2 },
        )
        .unwrap();
        let (a, b) = (s.mean.slow.last().unwrap(), gd.slow.last().unwrap());
        assert!((a.m - b.m).norm() < 1e-12 && (a.l_var - b.l_var).abs() < 1e-12);
        // while batch 8 moves M22 by a visible amount
        let s8 = sgd_moments(&task, &schedule, Matrix2::zeros(), &window, 10).unwrap();
        let d = s8.mean.slow.last().unwrap().m[(1, 1)] - b.m[(1, 1)];
        assert!(d < -1e-3, "{d}");
    }

    #[test]
    fn bad_input_is_named() {
        let (task, schedule, window) = setup();
        let e = sgd_moments(&task, &schedule, Matrix2::zeros(), &window, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "batch window: noise_every = 0 must be at least 1"
        );
        let e = sgd_moments(
            &task,
            &schedule,
            Matrix2::new(f64::NAN, 0.0, 0.0, 0.0),
            &window,
            1,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "M has a non-finite entry");
    }
}
