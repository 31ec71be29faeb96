//! Adam with PyTorch's defaults on the trained weights, at `lr = lr0 / N`
//! (paper-methods 1.4), on `f64` master weights through [`crate::optim::Optimizer`].

use super::grad::{Gradient, Trained};
use super::network::TaskNetwork;
use crate::optim::{Optimizer, OptimizerKind};

/// One Adam state per trained weight matrix.
#[derive(Debug, Clone)]
pub struct TaskAdam {
    trained: Trained,
    w: Optimizer,
    w_in: Optimizer,
    w_out: Optimizer,
}

impl TaskAdam {
    /// Adam at learning rate `lr` for the weights of `net` marked in `trained`.
    pub fn new(net: &TaskNetwork, trained: Trained, lr: f64) -> Self {
        let make = |on: bool, len: usize| {
            Optimizer::new(OptimizerKind::Adam, lr, if on { len } else { 0 })
        };
        TaskAdam {
            trained,
            w: make(trained.w, net.w.len()),
            w_in: make(trained.w_in, net.w_in.len()),
            w_out: make(trained.w_out, net.w_out.len()),
        }
    }

    /// One step of every trained weight along its gradient.
    pub fn step(&mut self, net: &mut TaskNetwork, g: &Gradient) {
        if self.trained.w {
            self.w.step(&mut net.w, &g.w);
        }
        if self.trained.w_in {
            self.w_in.step(&mut net.w_in, &g.w_in);
        }
        if self.trained.w_out {
            self.w_out.step(&mut net.w_out, &g.w_out);
        }
    }
}
