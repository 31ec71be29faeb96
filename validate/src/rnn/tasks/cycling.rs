//! Cycling (paper-methods 2.1; after Russo et al. 2018): `t_fix = 0`, `t_stim = 1`,
//! `t_delay = 1`, `t_dec = 71`, `f = 0.1`.
//!
//! A unit context pulse on channel `b mod 2` for `t in [0, 1)`; from `t = 1` on the target is
//! `(sin(+-2 pi f s), cos(2 pi f s))` with `s = t - 1`, `+` for even and `-` for odd trials.
//! The mask covers `t in [1, 72)`. The task is deterministic (only the network noise is random).

use super::{steps_of, Trial, DT};

const T_STIM: f64 = 1.0;
const T_DELAY: f64 = 1.0;
const T_DEC: f64 = 71.0;
const FREQ: f64 = 0.1;

pub(super) fn fill(b: usize, trial: &mut Trial) {
    let ctx = b % 2;
    let sign = if ctx == 0 { 1.0 } else { -1.0 };
    trial.add_input(ctx, 0, steps_of(T_STIM), 1.0);
    let start = steps_of(T_DELAY);
    let mask_end = steps_of(T_DELAY + T_DEC);
    for k in start..trial.n_t {
        let s = k as f64 * DT - T_DELAY;
        let phase = 2.0 * std::f64::consts::PI * FREQ * s;
        let m = if k < mask_end { 1.0 } else { 0.0 };
        trial.set_target(0, k, k + 1, (sign * phase).sin(), m);
        trial.set_target(1, k, k + 1, phase.cos(), m);
    }
}
