//! The simple sine of Fig. 9 (paper-methods 2.6): no input (`d_in = 1`, all zeros), target
//! `sin(2 pi 0.1 t)` from `t = 0`, mask over `t in [0, 21)`.

use super::{steps_of, Trial, DT};

const T_DEC: f64 = 21.0;
const FREQ: f64 = 0.1;

pub(super) fn fill(trial: &mut Trial) {
    let mask_end = steps_of(T_DEC);
    for k in 0..trial.n_t {
        let t = k as f64 * DT;
        let m = if k < mask_end { 1.0 } else { 0.0 };
        trial.set_target(
            0,
            k,
            k + 1,
            (2.0 * std::f64::consts::PI * FREQ * t).sin(),
            m,
        );
    }
}
