//! Adaptive explicit Runge-Kutta 4(5) of Dormand and Prince (Dormand & Prince 1980;
//! Hairer, Norsett & Wanner, "Solving ODEs I", section II.5) with step-size control.
//!
//! Seven stages, first-same-as-last; the fifth-order solution is propagated and the
//! difference to the embedded fourth-order one estimates the local error
//!
//! ```text
//! err = rms_i( h sum_j e_j k_j,i / (atol + rtol max(|y_i|, |y_new_i|)) ),
//! ```
//!
//! a step is accepted when `err <= 1`, and the next step is
//! `h * clamp(0.9 err^(-1/5), 0.2, 5)` (no growth right after a rejection). Steps are
//! shortened to land exactly on the requested output times. A failing right-hand side at a
//! trial point (e.g. an unstable `W - I` during gradient flow) counts as a rejected step:
//! the step is quartered and retried.

/// Tolerances and limits of [`integrate`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OdeOptions {
    /// Relative tolerance per component.
    pub rtol: f64,
    /// Absolute tolerance per component.
    pub atol: f64,
    /// Smallest admissible step before giving up.
    pub h_min: f64,
    /// Largest number of attempted steps before giving up.
    pub max_steps: usize,
}

impl Default for OdeOptions {
    fn default() -> Self {
        OdeOptions {
            rtol: 1e-9,
            atol: 1e-12,
            h_min: 1e-12,
            max_steps: 5_000_000,
        }
    }
}

/// Counters of one integration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OdeStats {
    /// Accepted steps.
    pub accepted: usize,
    /// Rejected steps (error too large or right-hand side failed).
    pub rejected: usize,
    /// Right-hand-side evaluations.
    pub evaluations: usize,
}

/// Why the integration stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OdeError<E> {
    /// The right-hand side failed at the current (accepted) state.
    #[error("the right-hand side failed at t = {}: {error}", crate::format::num(*.t))]
    Rhs {
        /// time
        t: f64,
        /// the right-hand side's error
        error: E,
    },
    /// The step fell below `h_min`.
    #[error("step size {h:.3e} fell below the minimum at t = {}", crate::format::num(*.t))]
    StepUnderflow {
        /// time
        t: f64,
        /// last attempted step
        h: f64,
    },
    /// More than `max_steps` steps were attempted.
    #[error("more than {max_steps} steps were needed before t = {}", crate::format::num(*.t))]
    TooManySteps {
        /// time
        t: f64,
        /// the limit
        max_steps: usize,
    },
    /// The output times are not sorted or start before `t0`.
    #[error("output times must be finite, sorted and not before t0")]
    BadOutputTimes,
}

// Dormand-Prince 5(4) tableau.
const C: [f64; 7] = [0.0, 0.2, 0.3, 0.8, 8.0 / 9.0, 1.0, 1.0];
const A: [[f64; 6]; 7] = [
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.2, 0.0, 0.0, 0.0, 0.0, 0.0],
    [3.0 / 40.0, 9.0 / 40.0, 0.0, 0.0, 0.0, 0.0],
    [44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0, 0.0, 0.0, 0.0],
    [
        19372.0 / 6561.0,
        -25360.0 / 2187.0,
        64448.0 / 6561.0,
        -212.0 / 729.0,
        0.0,
        0.0,
    ],
    [
        9017.0 / 3168.0,
        -355.0 / 33.0,
        46732.0 / 5247.0,
        49.0 / 176.0,
        -5103.0 / 18656.0,
        0.0,
    ],
    [
        35.0 / 384.0,
        0.0,
        500.0 / 1113.0,
        125.0 / 192.0,
        -2187.0 / 6784.0,
        11.0 / 84.0,
    ],
];
/// Fifth-order weights minus embedded fourth-order weights.
const E: [f64; 7] = [
    71.0 / 57600.0,
    0.0,
    -71.0 / 16695.0,
    71.0 / 1920.0,
    -17253.0 / 339200.0,
    22.0 / 525.0,
    -1.0 / 40.0,
];

/// Integrates `y' = f(t, y)` from `(t0, y0)` and calls `observe(i, t_out[i], y)` at every
/// output time (an output time equal to `t0` reports `y0`). Returns the step statistics.
///
/// `f(t, y, dy)` writes the derivative into `dy` and may fail; a failure at a trial point
/// rejects the step, a failure at an accepted point ends the integration.
///
/// ```
/// use oblique_theory::linear::ode::{integrate, OdeOptions};
/// // y' = -y, y(0) = 1: y(2) = exp(-2).
/// let mut y2 = 0.0;
/// integrate(
///     |_t, y: &[f64], dy: &mut [f64]| -> Result<(), ()> { dy[0] = -y[0]; Ok(()) },
///     0.0, &[1.0], &[2.0], &OdeOptions::default(), |_i, _t, y| y2 = y[0],
/// ).unwrap();
/// assert!((y2 - (-2.0f64).exp()).abs() < 1e-9);
/// ```
pub fn integrate<F, E2, O>(
    mut f: F,
    t0: f64,
    y0: &[f64],
    t_out: &[f64],
    opts: &OdeOptions,
    mut observe: O,
) -> Result<OdeStats, OdeError<E2>>
where
    F: FnMut(f64, &[f64], &mut [f64]) -> Result<(), E2>,
    O: FnMut(usize, f64, &[f64]),
{
    check_output_times(t0, t_out)?;
    let n = y0.len();
    let mut stats = OdeStats::default();
    let mut y = y0.to_vec();
    let mut t = t0;
    let mut k: Vec<Vec<f64>> = vec![vec![0.0; n]; 7];
    let mut ytmp = vec![0.0; n];
    let mut ynew = vec![0.0; n];
    f(t, &y, &mut k[0]).map_err(|error| OdeError::Rhs { t, error })?;
    stats.evaluations += 1;
    let mut h = initial_step(&y, &k[0], t0, t_out, opts);

    let mut next = 0;
    let mut attempts = 0usize;
    let mut just_rejected = false;
    while next < t_out.len() {
        if t_out[next] <= t {
            observe(next, t_out[next], &y);
            next += 1;
            continue;
        }
        attempts += 1;
        if attempts > opts.max_steps {
            return Err(OdeError::TooManySteps {
                t,
                max_steps: opts.max_steps,
            });
        }
        let remaining = t_out[next] - t;
        let lands = h >= remaining;
        let step = if lands { remaining } else { h };
        if !stages(&mut f, t, step, &y, &mut k, &mut ytmp, &mut stats) {
            // the right-hand side failed at a trial point: quarter the step
            stats.rejected += 1;
            h = step * 0.25;
            just_rejected = true;
            if h < opts.h_min {
                return Err(OdeError::StepUnderflow { t, h });
            }
            continue;
        }
        // Stage 7 is evaluated at the fifth-order solution itself.
        ynew.copy_from_slice(&ytmp);
        let err = error_norm(&k, &y, &ynew, step, opts);
        if err.is_finite() && err <= 1.0 {
            stats.accepted += 1;
            t = if lands { t_out[next] } else { t + step };
            std::mem::swap(&mut y, &mut ynew);
            k.swap(0, 6); // first same as last
            let fac = growth_factor(err, just_rejected);
            just_rejected = false;
            // A step shortened to land on an output time keeps the natural size.
            if !(lands && step < h) {
                h = step * fac;
            }
        } else {
            stats.rejected += 1;
            h = step * shrink_factor(err);
            just_rejected = true;
            if h < opts.h_min {
                return Err(OdeError::StepUnderflow { t, h });
            }
        }
    }
    Ok(stats)
}

/// Output times must be finite and non-decreasing from `t0`.
fn check_output_times<E2>(t0: f64, t_out: &[f64]) -> Result<(), OdeError<E2>> {
    let mut prev = t0;
    for &t in t_out {
        if !t.is_finite() || t < prev {
            return Err(OdeError::BadOutputTimes);
        }
        prev = t;
    }
    Ok(())
}

/// `rms_i(v_i / (atol + rtol |y_i|))`, the scaled size of `v`.
fn scaled_rms(v: &[f64], y: &[f64], opts: &OdeOptions) -> f64 {
    let s: f64 = v
        .iter()
        .zip(y)
        .map(|(a, b)| (a / (opts.atol + opts.rtol * b.abs())).powi(2))
        .sum();
    (s / y.len().max(1) as f64).sqrt()
}

/// The first step from the scaled sizes `d0` of `y0` and `d1` of `f(y0)`: `0.01 d0 / d1`
/// (`1e-6` when either is tiny), at most the whole span.
fn initial_step(y: &[f64], dy: &[f64], t0: f64, t_out: &[f64], opts: &OdeOptions) -> f64 {
    let d0 = scaled_rms(y, y, opts);
    let d1 = scaled_rms(dy, y, opts);
    let mut h = if d0 < 1e-5 || d1 < 1e-5 {
        1e-6
    } else {
        0.01 * d0 / d1
    };
    let span = t_out.last().map_or(0.0, |&te| te - t0);
    if span > 0.0 {
        h = h.min(span);
    }
    h
}

/// Stages 2..7 of a step `step` from `(t, y)`: `k_s = f(t + c_s h, y + h sum_j a_sj k_j)`;
/// leaves the last trial point (the fifth-order solution) in `ytmp`. `false` when the
/// right-hand side fails at a trial point.
fn stages<F, E2>(
    f: &mut F,
    t: f64,
    step: f64,
    y: &[f64],
    k: &mut [Vec<f64>],
    ytmp: &mut [f64],
    stats: &mut OdeStats,
) -> bool
where
    F: FnMut(f64, &[f64], &mut [f64]) -> Result<(), E2>,
{
    for s in 1..7 {
        let (done, todo) = k.split_at_mut(s);
        for i in 0..y.len() {
            let acc: f64 = done.iter().enumerate().map(|(j, kj)| A[s][j] * kj[i]).sum();
            ytmp[i] = y[i] + step * acc;
        }
        stats.evaluations += 1;
        if f(t + C[s] * step, ytmp, &mut todo[0]).is_err() {
            return false;
        }
    }
    true
}

/// The local error estimate of the module docs,
/// `rms_i(h sum_j e_j k_j,i / (atol + rtol max(|y_i|, |y_new_i|)))`.
fn error_norm(k: &[Vec<f64>], y: &[f64], ynew: &[f64], step: f64, opts: &OdeOptions) -> f64 {
    let n = y.len();
    let mut sum = 0.0;
    for i in 0..n {
        let mut e = 0.0;
        for (j, kj) in k.iter().enumerate() {
            e += E[j] * kj[i];
        }
        let sc = opts.atol + opts.rtol * y[i].abs().max(ynew[i].abs());
        sum += (step * e / sc).powi(2);
    }
    (sum / n.max(1) as f64).sqrt()
}

/// Next step over this one after an accepted step: `clamp(0.9 err^(-1/5), 0.2, 5)`, 5 for
/// a zero error, at most 1 right after a rejection.
fn growth_factor(err: f64, just_rejected: bool) -> f64 {
    let fac = if err == 0.0 {
        5.0
    } else {
        (0.9 * err.powf(-0.2)).clamp(0.2, 5.0)
    };
    if just_rejected {
        fac.min(1.0)
    } else {
        fac
    }
}

/// Next step over this one after a rejected step: `clamp(0.9 err^(-1/5), 0.2, 1)`, or
/// `1/4` for a non-finite error.
fn shrink_factor(err: f64) -> f64 {
    if err.is_finite() {
        (0.9 * err.powf(-0.2)).clamp(0.2, 1.0)
    } else {
        0.25
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmonic_oscillator_matches_cos_and_sin() {
        let times: Vec<f64> = (0..=20).map(|i| i as f64 * 0.5).collect();
        let mut worst: f64 = 0.0;
        let stats = integrate(
            |_t, y: &[f64], dy: &mut [f64]| -> Result<(), ()> {
                dy[0] = y[1];
                dy[1] = -y[0];
                Ok(())
            },
            0.0,
            &[1.0, 0.0],
            &times,
            &OdeOptions::default(),
            |_i, t, y| {
                worst = worst
                    .max((y[0] - t.cos()).abs())
                    .max((y[1] + t.sin()).abs());
            },
        )
        .unwrap();
        assert!(worst < 1e-8, "max error {worst}");
        assert!(stats.accepted > 10 && stats.accepted < 2000, "{stats:?}");
    }

    #[test]
    fn failing_trial_points_shrink_the_step() {
        // y' = 1 - y/10 from 0 but the rhs refuses y > 4: the solver must still reach
        // t = 5 (y = 10 (1 - exp(-1/2)) = 3.93) exactly; trial points above are rejected.
        let mut y_end = 0.0;
        let stats = integrate(
            |_t, y: &[f64], dy: &mut [f64]| {
                if y[0] > 4.0 {
                    return Err("too large");
                }
                dy[0] = 1.0 - y[0] / 10.0;
                Ok(())
            },
            0.0,
            &[0.0],
            &[5.0],
            &OdeOptions::default(),
            |_i, _t, y| y_end = y[0],
        )
        .unwrap();
        assert!((y_end - 10.0 * (1.0 - (-0.5f64).exp())).abs() < 1e-8);
        assert!(stats.accepted > 0);
    }

    #[test]
    fn unsorted_output_times_are_an_error() {
        let r = integrate(
            |_t, _y: &[f64], dy: &mut [f64]| -> Result<(), ()> {
                dy[0] = 0.0;
                Ok(())
            },
            0.0,
            &[0.0],
            &[1.0, 0.5],
            &OdeOptions::default(),
            |_, _, _| {},
        );
        assert_eq!(r.unwrap_err(), OdeError::BadOutputTimes);
    }
}
