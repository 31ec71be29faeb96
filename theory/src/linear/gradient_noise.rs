//! The minibatch gradient's noise: mean and covariance of the gradient of one trial's loss
//! with respect to `M` (theory/notes/linear.md section 11, Eqs. L31-L34).
//!
//! A training trial of the constant-input task runs the Euler map (L22) from `x_0 = 0` for
//! `T` steps and scores the squared error at the target steps `s in S`; its loss is the
//! mean over `S`. In the rank-two subspace (`W = U M U^T`, exact for the state's
//! projection) backpropagation through time gives the trial's gradient
//!
//! ```text
//! g = c sum_{s in S} (y_s - z) sum_{tau=1}^{s-1} (F^{s-tau-1})^T w_out x_tau^T,   c = 2 dt / |S|   (L31)
//! ```
//!
//! a quadratic form `g_a = Y^T A_a X` of the Gaussian path `X = (x_1 ... x_T)` (mean `mu`,
//! covariance `K`, Eq. L32) with `Y_s = w_out . x_s - z`. Isserlis' theorem gives
//!
//! ```text
//! E g_a = nu . (A_a mu) + tr(A_a K R)                                              (L33)
//! Cov(g_a, g_b) = l_a^T K l_b + tr(A_a K R A_b K R) + tr(A_a K A_b^T R^T K R)        (L34)
//! ```
//!
//! with `R` the read-out (`Y = R^T X - z`), `nu = R^T mu - z` and `l_a = A_a^T nu + R A_a mu`.
//! A batch of `B` independent trials averages `B` such gradients: covariance `Cov / B`.

use super::task::LinearTask;
use super::LinearError;
use nalgebra::{DMatrix, DVector, Matrix2, Matrix4, Vector2};

/// What one SGD step of the constant-input task sees: the simulation's Euler step, the
/// trial length, the scored steps and the batch size.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BatchWindow {
    /// Euler step `dt` of the simulation (> 0).
    pub dt: f64,
    /// Number of Euler steps per trial `T` (>= 1), from `x_0 = 0`.
    pub steps: usize,
    /// First scored step (`1 <= first_target <= steps`).
    pub first_target: usize,
    /// Every `target_every`-th step from `first_target` to `steps` is scored (>= 1).
    pub target_every: usize,
    /// Trials per minibatch `B` (>= 1).
    pub batch: usize,
}

impl BatchWindow {
    /// Checks every field; errors name the field and its valid range.
    ///
    /// ```
    /// use oblique_theory::linear::BatchWindow;
    /// let w = BatchWindow { dt: 0.2, steps: 100, first_target: 101, target_every: 1, batch: 32 };
    /// assert_eq!(
    ///     w.validate().unwrap_err().to_string(),
    ///     "batch window: first_target = 101 must lie in 1..=steps = 100"
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), LinearError> {
        let bad = |which: &'static str, value: String, range: String| {
            Err(LinearError::Window {
                which,
                value,
                range,
            })
        };
        if !(self.dt.is_finite() && self.dt > 0.0) {
            return bad("dt", self.dt.to_string(), "be positive and finite".into());
        }
        if self.steps == 0 {
            return bad("steps", "0".into(), "be at least 1".into());
        }
        if self.first_target == 0 || self.first_target > self.steps {
            return bad(
                "first_target",
                self.first_target.to_string(),
                format!("lie in 1..=steps = {}", self.steps),
            );
        }
        if self.target_every == 0 {
            return bad("target_every", "0".into(), "be at least 1".into());
        }
        if self.batch == 0 {
            return bad("batch", "0".into(), "be at least 1".into());
        }
        Ok(())
    }

    /// The scored steps `S`.
    pub fn targets(&self) -> Vec<usize> {
        (self.first_target..=self.steps)
            .step_by(self.target_every.max(1))
            .collect()
    }
}

/// Mean and covariance of one trial's gradient `dl/dM` (Eqs. L33-L34). Entries are ordered
/// column-major, `(M11, M21, M12, M22)`, as [`Matrix2::as_slice`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientNoise {
    /// `E g` (Eq. L33): the gradient of the window's expected loss.
    pub mean: Matrix2<f64>,
    /// `Cov(g)` of one trial (Eq. L34); a batch of `B` has `cov / B`.
    pub cov: Matrix4<f64>,
}

/// The gradient noise of one trial of `task` at coefficients `m` over `window`
/// (Eqs. L31-L34). Costs `O(|S| T^2)`.
///
/// ```
/// use nalgebra::Matrix2;
/// use oblique_theory::linear::{gradient_noise, BatchWindow, LinearTask, TimeModel};
/// let task = LinearTask { n: 256, rho_sqrt_n: -0.5, sigma: 1.0, target: 1.0 };
/// let window = BatchWindow { dt: 0.2, steps: 100, first_target: 75, target_every: 1, batch: 32 };
/// let m = Matrix2::new(-1.3, 0.17, -0.05, 0.02);
/// let g = gradient_noise(&task, &m, &window).unwrap();
/// // long after the start the window's mean gradient is the stationary one (Eq. L25)
/// let stationary = task.subspace_network(m).loss_in(1.0, TimeModel::Euler { dt: 0.2 }).unwrap();
/// assert!((g.mean - stationary.grad()).norm() < 1e-6);
/// assert!(g.cov[(2, 2)] > 10.0); // the bias-carrying M12 is the noisiest entry
/// ```
pub fn gradient_noise(
    task: &LinearTask,
    m: &Matrix2<f64>,
    window: &BatchWindow,
) -> Result<GradientNoise, LinearError> {
    task.validate()?;
    window.validate()?;
    if m.iter().any(|v| !v.is_finite()) {
        return Err(LinearError::NonFiniteEntry { which: "M" });
    }
    let (dt, t_len) = (window.dt, window.steps);
    let f = Matrix2::identity() + (m - Matrix2::identity()) * dt;
    let drive = task.w_in_coords() * dt;
    let q = Matrix2::identity() * (2.0 * dt * task.sigma * task.sigma);
    let w_out = task.w_out_coords();
    let z = task.target;

    let (mu, p, fp) = moments(&f, &drive, &q, t_len);
    let d = 2 * t_len;
    let k = path_covariance(&fp, &p, t_len);
    let targets = window.targets();
    let ns = targets.len();
    let c = 2.0 * dt / ns as f64;
    // Read-out R (d x |S|) and nu = R^T mu - z.
    let mut r = DMatrix::<f64>::zeros(d, ns);
    let mut nu = DVector::<f64>::zeros(ns);
    for (col, &s) in targets.iter().enumerate() {
        r[(2 * (s - 1), col)] = w_out[0];
        r[(2 * (s - 1) + 1, col)] = w_out[1];
        nu[col] = w_out.dot(&mu[s]) - z;
    }
    // rk[n] = (F^n)^T w_out.
    let rk: Vec<Vector2<f64>> = fp.iter().map(|fk| fk.transpose() * w_out).collect();
    let mu_path = DVector::<f64>::from_iterator(d, mu[1..].iter().flat_map(|v| [v[0], v[1]]));
    let forms = gradient_forms(&targets, &rk, c, d);
    Ok(isserlis(&forms, &k, &r, &nu, &mu_path))
}

/// Eq. L32: the mean `mu_t` and equal-time covariance `P_t` of the Euler map from
/// `x_0 = 0` (`mu_t = F mu_{t-1} + drive`, `P_t = F P_{t-1} F^T + Q`), and the powers
/// `F^t`, for `t = 0..=T`.
#[allow(clippy::type_complexity)]
fn moments(
    f: &Matrix2<f64>,
    drive: &Vector2<f64>,
    q: &Matrix2<f64>,
    t_len: usize,
) -> (Vec<Vector2<f64>>, Vec<Matrix2<f64>>, Vec<Matrix2<f64>>) {
    let mut mu = vec![Vector2::zeros(); t_len + 1];
    let mut p = vec![Matrix2::zeros(); t_len + 1];
    let mut fp = vec![Matrix2::identity(); t_len + 1];
    for t in 1..=t_len {
        mu[t] = f * mu[t - 1] + drive;
        p[t] = f * p[t - 1] * f.transpose() + q;
        fp[t] = f * fp[t - 1];
    }
    (mu, p, fp)
}

/// Eq. L32: the path covariance `K` (`2T x 2T`), `K(t, u) = F^(t-u) P_u` for `t >= u` and
/// its transpose above; the path index of `x_t` component `j` is `2 (t - 1) + j`.
fn path_covariance(fp: &[Matrix2<f64>], p: &[Matrix2<f64>], t_len: usize) -> DMatrix<f64> {
    let d = 2 * t_len;
    let mut k = DMatrix::<f64>::zeros(d, d);
    for t in 1..=t_len {
        for u in 1..=t {
            let blk = fp[t - u] * p[u];
            for i in 0..2 {
                for j in 0..2 {
                    k[(2 * (t - 1) + i, 2 * (u - 1) + j)] = blk[(i, j)];
                    k[(2 * (u - 1) + j, 2 * (t - 1) + i)] = blk[(i, j)];
                }
            }
        }
    }
    k
}

/// Eq. L31 as quadratic forms: `A_a` (`|S| x 2T`) for `a = (i, j)` column-major,
/// `A_a[s, (tau, j)] = c rk[s - tau - 1][i]`, with `rk[n] = (F^n)^T w_out`.
fn gradient_forms(targets: &[usize], rk: &[Vector2<f64>], c: f64, d: usize) -> Vec<DMatrix<f64>> {
    (0..4)
        .map(|a| {
            let (i, j) = (a % 2, a / 2);
            let mut form = DMatrix::<f64>::zeros(targets.len(), d);
            for (row, &s) in targets.iter().enumerate() {
                for tau in 1..s {
                    form[(row, 2 * (tau - 1) + j)] = c * rk[s - tau - 1][i];
                }
            }
            form
        })
        .collect()
}

/// Eqs. L33-L34 by Isserlis' theorem: `E g_a = nu . (A_a mu) + tr(A_a K R)` and
/// `Cov(g_a, g_b) = l_a^T K l_b + tr(A_a K R A_b K R) + tr(A_a K A_b^T R^T K R)`, with
/// `l_a = A_a^T nu + R A_a mu`.
fn isserlis(
    forms: &[DMatrix<f64>],
    k: &DMatrix<f64>,
    r: &DMatrix<f64>,
    nu: &DVector<f64>,
    mu_path: &DVector<f64>,
) -> GradientNoise {
    let kr = k * r; // d x |S|
    let k_yy = r.transpose() * &kr; // |S| x |S|
    let ak: Vec<DMatrix<f64>> = forms.iter().map(|a| a * k).collect();
    let akr: Vec<DMatrix<f64>> = forms.iter().map(|a| a * &kr).collect();
    let lin: Vec<DVector<f64>> = forms
        .iter()
        .map(|a| a.transpose() * nu + r * (a * mu_path))
        .collect();

    let mut mean = Matrix2::zeros();
    for (a, form) in forms.iter().enumerate() {
        mean[(a % 2, a / 2)] = nu.dot(&(form * mu_path)) + akr[a].trace();
    }
    let mut cov = Matrix4::zeros();
    for a in 0..4 {
        for b in a..4 {
            let quad = (&akr[a] * &akr[b]).trace() + (&ak[a] * forms[b].transpose()).dot(&k_yy);
            let v = lin[a].dot(&(k * &lin[b])) + quad;
            cov[(a, b)] = v;
            cov[(b, a)] = v;
        }
    }
    GradientNoise { mean, cov }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::linear::TimeModel;

    /// A small task and window (N = 64, 50 steps scored from step 40, batch 8), shared with
    /// the SGD moment tests.
    pub(crate) fn small() -> (LinearTask, BatchWindow) {
        let task = LinearTask {
            n: 64,
            rho_sqrt_n: -0.5,
            sigma: 1.0,
            target: 1.0,
        };
        let window = BatchWindow {
            dt: 0.2,
            steps: 50,
            first_target: 40,
            target_every: 1,
            batch: 8,
        };
        (task, window)
    }

    /// Against an independent implementation (numpy, the full path covariance and dense
    /// quadratic forms, itself checked against 200 000 Monte Carlo trials to 0.5%).
    #[test]
    fn matches_an_independent_implementation() {
        let (task, window) = small();
        let m = Matrix2::new(-0.8, 0.3, -0.1, 0.05);
        let g = gradient_noise(&task, &m, &window).unwrap();
        // numpy order (M11, M12, M21, M22)
        let mean = [
            0.433336331104,
            1.074427621213,
            0.064600327498,
            0.322700007607,
        ];
        let cov = [
            [
                0.531014013917,
                2.85636719994,
                0.142227321689,
                0.897059502997,
            ],
            [
                2.85636719994,
                19.833625413839,
                0.86141922652,
                6.226922563042,
            ],
            [0.142227321689, 0.86141922652, 0.043009673819, 0.27164669809],
            [
                0.897059502997,
                6.226922563042,
                0.27164669809,
                1.962559873539,
            ],
        ];
        let p = [0, 2, 1, 3];
        for a in 0..4 {
            let got = g.mean[(a % 2, a / 2)];
            assert!((got - mean[p[a]]).abs() < 1e-10, "mean {a}: {got}");
            for b in 0..4 {
                let want = cov[p[a]][p[b]];
                assert!(
                    (g.cov[(a, b)] - want).abs() < 1e-9 * want.abs().max(1.0),
                    "cov {a} {b}"
                );
            }
        }
    }

    /// Long after `x_0 = 0` the mean is the stationary Euler-map gradient (Eq. L25); the
    /// window's transient decays as `(1 - dt r)^s` with the slowest rate `r`.
    #[test]
    fn mean_is_the_stationary_gradient_late_in_the_trial() {
        let (task, mut window) = small();
        window.steps = 200;
        window.first_target = 150;
        let m = Matrix2::new(-0.8, 0.3, -0.1, 0.05);
        let g = gradient_noise(&task, &m, &window).unwrap();
        let stationary = task
            .subspace_network(m)
            .loss_in(1.0, TimeModel::Euler { dt: 0.2 })
            .unwrap()
            .grad();
        assert!((g.mean - stationary).norm() < 1e-9 * stationary.norm());
    }

    #[test]
    fn bad_windows_are_named() {
        let (task, w) = small();
        let m = Matrix2::zeros();
        let msg = |w: BatchWindow| gradient_noise(&task, &m, &w).unwrap_err().to_string();
        assert_eq!(
            msg(BatchWindow { dt: 0.0, ..w }),
            "batch window: dt = 0 must be positive and finite"
        );
        assert_eq!(
            msg(BatchWindow { steps: 0, ..w }),
            "batch window: steps = 0 must be at least 1"
        );
        assert_eq!(
            msg(BatchWindow {
                first_target: 0,
                ..w
            }),
            "batch window: first_target = 0 must lie in 1..=steps = 50"
        );
        assert_eq!(
            msg(BatchWindow {
                target_every: 0,
                ..w
            }),
            "batch window: target_every = 0 must be at least 1"
        );
        assert_eq!(
            msg(BatchWindow { batch: 0, ..w }),
            "batch window: batch = 0 must be at least 1"
        );
    }
}
