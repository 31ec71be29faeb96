//! Complex sine (paper-methods 2.5): `a ~ U(0, 1)` per trial, constant input `a + 0.25`,
//! target `sin(2 pi f t)` with `f = 0.04 + 0.16 a`, masked over the whole default trial
//! (`t in [0, 50)`; the loss is taken every 2 steps).

use super::{steps_of, Trial, DT};
use rand::Rng;

const T_DEC: f64 = 50.0;
const F_MIN: f64 = 0.04;
const F_MAX: f64 = 0.2;
const OFFSET: f64 = 0.25;

pub(super) fn fill<G: Rng>(rng: &mut G, trial: &mut Trial) {
    let a: f64 = rng.random();
    let f = F_MIN + (F_MAX - F_MIN) * a;
    trial.add_input(0, 0, trial.n_t, a + OFFSET);
    let mask_end = steps_of(T_DEC);
    for k in 0..trial.n_t {
        let t = k as f64 * DT;
        let m = if k < mask_end { 1.0 } else { 0.0 };
        trial.set_target(0, k, k + 1, (2.0 * std::f64::consts::PI * f * t).sin(), m);
    }
}
