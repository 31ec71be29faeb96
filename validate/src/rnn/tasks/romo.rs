//! Romo (paper-methods 2.4): `t_fix ~ U(1, 3)`, `t_stim = 1`, inter-stimulus delay
//! `~ U(2, 12)`, decision delay 4, `t_dec = 8`.
//!
//! `f1, f2 ~ U(0.5, 1.5)` i.i.d., redrawn until `|f1 - f2| >= 0.2`; input `f1` for one time
//! unit from `int(t_fix/dt)`, a gap of `int(delay/dt)` steps, `f2` for one time unit; the
//! target `sign(f1 - f2)` is masked over the 8 time units that start 4 after `f2` ends.

use super::{steps_of, Trial};
use rand::Rng;

const T_STIM: f64 = 1.0;
const DEC_DELAY: f64 = 4.0;
const T_DEC: f64 = 8.0;

pub(super) fn fill<G: Rng>(rng: &mut G, trial: &mut Trial) {
    let t_fix = rng.random_range(1.0..3.0);
    let delay = rng.random_range(2.0..12.0);
    let (f1, f2) = loop {
        let f1 = rng.random_range(0.5..1.5);
        let f2 = rng.random_range(0.5..1.5);
        if f64::abs(f1 - f2) >= 0.2 {
            break (f1, f2);
        }
    };
    let stim = steps_of(T_STIM);
    let on1 = steps_of(t_fix);
    let on2 = on1 + stim + steps_of(delay);
    trial.add_input(0, on1, on1 + stim, f1);
    trial.add_input(0, on2, on2 + stim, f2);
    let dec = on2 + stim + steps_of(DEC_DELAY);
    let sign = if f1 > f2 { 1.0 } else { -1.0 };
    trial.set_target(0, dec, dec + steps_of(T_DEC), sign, 1.0);
}
