//! The full-rank noisy RNN of the neuroscience tasks (paper-methods section 1.1).
//!
//! ```text
//! x_{k+1} = (1 - dt) x_k + dt (W phi(x_k) + W_in u_k) + sqrt(dt) sigma_hid xi_k,
//! z_k     = W_out x_k,           x_0 = h_0 + sigma_init xi
//! ```
//!
//! The state `x_k` is recorded before `u_k` is applied, so `z_0 = W_out x_0`. No biases.
//! Weights are row-major: `W` is `N x N`, `W_in` is `N x d_in`, `W_out` is `d_out x N`.

use super::real::{cast, Real};
use super::RnnError;
use oblique_theory::nonlinearity::Builtin;

/// A network: weights, fixed initial state `h_0`, nonlinearity and Euler step, in `f64`
/// (the master copy the optimiser updates) or in the working precision of the passes.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskNetwork<R = f64> {
    /// number of neurons `N`
    pub n: usize,
    /// input dimension
    pub d_in: usize,
    /// output dimension
    pub d_out: usize,
    /// recurrent weights `W` (`N x N`)
    pub w: Vec<R>,
    /// input weights `W_in` (`N x d_in`)
    pub w_in: Vec<R>,
    /// output weights `W_out` (`d_out x N`)
    pub w_out: Vec<R>,
    /// the fixed part of the initial state, `h_0` (`N`)
    pub h0: Vec<R>,
    /// `phi`
    pub nonlinearity: Builtin,
    /// Euler step (0.2)
    pub dt: f64,
}

impl TaskNetwork<f64> {
    /// Checks the sizes and that every number is finite.
    pub fn validate(&self) -> Result<(), RnnError> {
        if self.n < 2 {
            return Err(RnnError::TooFewNeurons(self.n));
        }
        let sizes = [
            ("W", self.w.len(), self.n * self.n),
            ("W_in", self.w_in.len(), self.n * self.d_in),
            ("W_out", self.w_out.len(), self.d_out * self.n),
            ("h_0", self.h0.len(), self.n),
        ];
        for (name, got, expected) in sizes {
            if got != expected {
                return Err(RnnError::WrongSize {
                    name,
                    got,
                    expected,
                });
            }
        }
        let all = [&self.w, &self.w_in, &self.w_out, &self.h0];
        let names = ["W", "W_in", "W_out", "h_0"];
        for (v, name) in all.iter().zip(names) {
            if v.iter().any(|x| !x.is_finite()) {
                return Err(RnnError::NonFiniteWeights(name));
            }
        }
        if !(self.dt > 0.0 && self.dt.is_finite()) {
            return Err(RnnError::BadValue {
                name: "dt",
                value: self.dt,
                range: "(0, inf)",
            });
        }
        Ok(())
    }

    /// The weights in precision `R` for the forward and backward passes.
    pub fn view<R: Real>(&self) -> NetView<R> {
        TaskNetwork {
            n: self.n,
            d_in: self.d_in,
            d_out: self.d_out,
            w: cast(&self.w),
            w_in: cast(&self.w_in),
            w_out: cast(&self.w_out),
            h0: cast(&self.h0),
            nonlinearity: self.nonlinearity,
            dt: self.dt,
        }
    }
}

/// [`TaskNetwork`] in the working precision `R`.
pub type NetView<R> = TaskNetwork<R>;

/// The noise of one run: hidden noise `sigma_hid` (per-step std `sqrt(dt) sigma_hid`) and
/// initial-state noise `sigma_init`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Noise {
    /// hidden-noise level
    pub sigma_hid: f64,
    /// initial-state noise level
    pub sigma_init: f64,
}

impl Noise {
    /// No noise at all.
    pub const NONE: Noise = Noise {
        sigma_hid: 0.0,
        sigma_init: 0.0,
    };
}
