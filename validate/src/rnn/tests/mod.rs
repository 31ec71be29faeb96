//! The network, its gradient, the optimiser and training, against independent values.
//!
//! * `dynamics`: the forward pass against the Euler(-Maruyama) recursion written per neuron;
//! * `gradient`: BPTT against central differences, the loss split, f32 against f64, Adam;
//! * `training`: whole runs (seeds and threads, refused configurations, divergence, the
//!   aligned/oblique regimes, f32 against f64 across seeds).

use super::init::{init_network, InitSpec, OutputScale};
use super::network::TaskNetwork;
use super::tasks::TaskKind;
use oblique_theory::nonlinearity::Builtin;

mod dynamics;
mod gradient;
mod training;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn small_net(n: usize, task: TaskKind, h0_std: f64, seed: u64) -> TaskNetwork {
    let spec = InitSpec {
        n,
        d_in: task.d_in(),
        d_out: task.d_out(),
        g: 1.5,
        output_scale: OutputScale::Large,
        h0_std,
    };
    init_network(&spec, Builtin::Tanh, seed).unwrap()
}
