//! One kicked trial of the perturbation measure (methods 3.8; the Fig. 5 left example): the
//! first output of trial 0 without a kick, after a kick along `w_out,1 / |w_out,1|` and
//! after one along PC1, the directions of trial 0 in [`super::perturbation`].
//!
//! With the unperturbed run `x(k)` of the evaluation batch (frozen initial-state noise, no
//! hidden noise) and the kick at step `k_p` of amplitude `a` along the unit `v`:
//!
//! ```text
//! x'(k_p) = x(k_p) + a v,   x'(k + 1) = (1 - dt) x'(k) + dt (W phi(x'(k)) + W_in u(k)),
//! z'(k) = z(k) for k < k_p,   z'(k) = W_out x'(k) for k >= k_p,
//! ```
//!
//! re-simulated by [`super::rerun::Rerun`], the arithmetic of the measure, so a kick of
//! amplitude 0 gives back `z(k)` exactly.

use super::kick_schedule::PerturbationParams;
use super::perturbation::{directions, unperturbed_run};
use super::rerun::{input_drive, Rerun};
use super::RegimeError;
use crate::rnn::network::{NetView, TaskNetwork};
use crate::rnn::real::Real;
use crate::rnn::record::Trajectories;
use crate::rnn::tasks::TaskBatch;
use crate::rnn::train::Precision;

/// The first output of trial 0 around one kick (Fig. 5 left).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KickExample {
    /// times `k dt`, `k = 0 .. K`
    pub t: Vec<f64>,
    /// `z_1` of the unperturbed run
    pub unperturbed: Vec<f64>,
    /// `z_1` after the kick along `w_out,1 / |w_out,1|` (equal to `unperturbed` before it)
    pub along_w_out: Vec<f64>,
    /// `z_1` after the kick along PC1
    pub along_pc: Vec<f64>,
    /// the kick's time `k_p dt`
    pub t_kick: f64,
    /// the kick's amplitude `a`
    pub amplitude: f64,
}

/// The kick of amplitude `amplitude` at the `time_index`-th perturbation time of `p`
/// (methods 3.8), trial 0 of the evaluation batch `eval`, outputs up to `t_end` (at most the
/// trial's end).
///
/// Errors: `time_index` not below `p.n_times`, a non-finite or negative amplitude, and the
/// measure's own errors (window, network).
pub fn kick_example(
    net: &TaskNetwork,
    eval: &TaskBatch,
    p: &PerturbationParams,
    time_index: usize,
    amplitude: f64,
    t_end: f64,
) -> Result<KickExample, RegimeError> {
    if !(amplitude >= 0.0 && amplitude.is_finite()) {
        return Err(RegimeError::InvalidArgument(format!(
            "kick example: amplitude = {amplitude} must be finite and >= 0"
        )));
    }
    let (sched, base) = unperturbed_run(net, eval, p)?;
    let Some(&kp) = sched.steps.get(time_index) else {
        return Err(RegimeError::InvalidArgument(format!(
            "kick example: time index {time_index} must be below the {} perturbation times",
            sched.steps.len()
        )));
    };
    // trial 0's directions are exact: w_out,1 / |w_out,1| and PC1 (the seed is not used)
    let dirs = directions(net, &base, p.pcs, 0)?;
    let n = net.n;
    let k_end = ((t_end / net.dt).floor() as usize + 1).min(base.n_t);
    let rows: [&[f64]; 2] = [&dirs[0][..n], &dirs[1][..n]];
    let kicked = match p.precision {
        Precision::F32 => rerun::<f32>(net, &sched.batch, &base, rows, kp, amplitude, k_end),
        Precision::F64 => rerun::<f64>(net, &sched.batch, &base, rows, kp, amplitude, k_end),
    };
    let z1 = |k: usize| base.z[k * base.d_out];
    let unperturbed: Vec<f64> = (0..k_end).map(z1).collect();
    let with = |r: usize| -> Vec<f64> {
        (0..k_end)
            .map(|k| if k < kp { z1(k) } else { kicked[r][k - kp] })
            .collect()
    };
    Ok(KickExample {
        t: (0..k_end).map(|k| k as f64 * net.dt).collect(),
        along_w_out: with(0),
        along_pc: with(1),
        unperturbed,
        t_kick: kp as f64 * net.dt,
        amplitude,
    })
}

/// `z_1` of trial 0 from step `kp` to `k_end - 1` after each kick of `dirs`.
fn rerun<R: Real>(
    net: &TaskNetwork,
    batch: &TaskBatch,
    base: &Trajectories,
    dirs: [&[f64]; 2],
    kp: usize,
    amplitude: f64,
    k_end: usize,
) -> [Vec<f64>; 2] {
    let view: NetView<R> = net.view();
    let drive = input_drive(&view, batch);
    let n = net.n;
    let x = &base.x[kp * n..(kp + 1) * n];
    let x0: Vec<R> = dirs
        .iter()
        .flat_map(|v| x.iter().zip(*v).map(|(x, v)| R::of(x + amplitude * v)))
        .collect();
    let mut run = Rerun::new(&view, &drive, base.n_t, vec![0, 0], x0);
    let mut out = [Vec::new(), Vec::new()];
    for k in kp..k_end {
        if k > kp {
            run.step(k - 1);
        }
        let z = run.output();
        for (r, o) in out.iter_mut().enumerate() {
            o.push(z[r * net.d_out].f64());
        }
    }
    out
}

#[cfg(test)]
#[path = "kick_example_tests.rs"]
mod tests;
