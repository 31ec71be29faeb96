//! 3-bit flip-flop (paper-methods 2.2): `t_fix ~ U(0, 1)`, `t_stim = 1`, decision delay
//! `t_dd = 2`, inter-pulse interval `U(3, 10)`.
//!
//! Pulses start at `int(t_fix/dt)`. The first three hit the three channels once each in a
//! random order, 11 steps (`dt + t_dd`) apart; later ones are `int((U(3,10) + t_dd)/dt)`
//! steps apart on a random channel. Each pulse is `+-1` (random sign) for `t_stim`. The
//! pulsed channel's target is the pulse sign from `t_dd` after its onset until the next
//! pulse (masked), unmasked during those `t_dd`; the other channels keep their value and
//! mask. Before a channel's first pulse its mask is 0.

use super::{steps_of, Trial, DT};
use rand::seq::SliceRandom;
use rand::Rng;

const N_BITS: usize = 3;
const T_STIM: f64 = 1.0;
const T_DD: f64 = 2.0;

pub(super) fn fill<G: Rng>(rng: &mut G, trial: &mut Trial) {
    let n_t = trial.n_t;
    let t_fix: f64 = rng.random_range(0.0..1.0);
    let mut order: Vec<usize> = (0..N_BITS).collect();
    order.shuffle(rng);
    // pulse onsets, channels and signs
    let mut pulses = Vec::new();
    let mut k = steps_of(t_fix);
    let mut j = 0;
    while k < n_t {
        let ch = if j < N_BITS {
            order[j]
        } else {
            rng.random_range(0..N_BITS)
        };
        let sign = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
        pulses.push((k, ch, sign));
        let gap = if j + 1 < N_BITS {
            steps_of(DT + T_DD)
        } else {
            steps_of(rng.random_range(3.0..10.0) + T_DD)
        };
        k += gap;
        j += 1;
    }
    let stim = steps_of(T_STIM);
    let dd = steps_of(T_DD);
    // per channel: current (target, mask)
    let mut state = [(0.0, 0.0); N_BITS];
    for (p, &(on, ch, sign)) in pulses.iter().enumerate() {
        let next = pulses.get(p + 1).map_or(n_t, |q| q.0);
        trial.add_input(ch, on, on + stim, sign);
        for (c, &(v, m)) in state.iter().enumerate() {
            if c == ch {
                trial.set_target(c, on, (on + dd).min(next), v, 0.0);
                trial.set_target(c, on + dd, next, sign, 1.0);
            } else {
                trial.set_target(c, on, next, v, m);
            }
        }
        if on + dd < next {
            state[ch] = (sign, 1.0);
        }
    }
}
