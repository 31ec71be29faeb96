//! Mante, two contexts (paper-methods 2.3): `t_fix = 3`, `t_stim = 20`, `t_delay = 5`,
//! `t_dec = 20`, fixation masked.
//!
//! Inputs `[ctx_0, ctx_1, sens_0, sens_1]`: both sensory channels carry `N(0,1) 0.05/sqrt(dt)`
//! at every step plus a coherence `c_j` from `{+-1, +-2, +-4, +-8}/8` during the stimulus;
//! the context channel `ctx_c` (`c` uniform in {0, 1}) is 1 during the stimulus. Target
//! `sign(c_c)` during the response, 0 before; mask on `t in [0, 23)` and `[28, 48)`.

use super::{steps_of, Trial, DT};
use rand::Rng;
use rand_distr::StandardNormal;

const T_FIX: f64 = 3.0;
const T_STIM: f64 = 20.0;
const T_DELAY: f64 = 5.0;
const T_DEC: f64 = 20.0;
const SENS_NOISE: f64 = 0.05;
const COHERENCES: [f64; 8] = [-8.0, -4.0, -2.0, -1.0, 1.0, 2.0, 4.0, 8.0];

pub(super) fn fill<G: Rng>(rng: &mut G, trial: &mut Trial) {
    let ctx = rng.random_range(0..2usize);
    let coh = [
        COHERENCES[rng.random_range(0..8usize)] / 8.0,
        COHERENCES[rng.random_range(0..8usize)] / 8.0,
    ];
    let scale = SENS_NOISE / DT.sqrt();
    for k in 0..trial.n_t {
        for j in 0..2 {
            let xi: f64 = rng.sample(StandardNormal);
            trial.add_input(2 + j, k, k + 1, scale * xi);
        }
    }
    let on = steps_of(T_FIX);
    let off = steps_of(T_FIX + T_STIM);
    trial.add_input(ctx, on, off, 1.0);
    for (j, &c) in coh.iter().enumerate() {
        trial.add_input(2 + j, on, off, c);
    }
    trial.set_target(0, 0, off, 0.0, 1.0);
    let dec = steps_of(T_FIX + T_STIM + T_DELAY);
    let sign = if coh[ctx] > 0.0 { 1.0 } else { -1.0 };
    trial.set_target(0, dec, dec + steps_of(T_DEC), sign, 1.0);
}
