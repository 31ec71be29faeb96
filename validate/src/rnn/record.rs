//! What a training run keeps: per-step curves, and the evaluation trajectories.

/// One training step.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepRecord {
    /// step index (0-based; the state is the one before this step's update)
    pub step: usize,
    /// masked mean squared error
    pub loss: f64,
    /// `L_bias` (paper-methods 3.10)
    pub l_bias: f64,
    /// `L_var`
    pub l_var: f64,
    /// `||W - W_0||_F`
    pub dw_norm: f64,
    /// `gen_corr(W_out, noise-free states)` every `corr_every` steps, else NaN
    pub corr: f64,
}

/// A batch simulated by a network: states `x[b][k][n]` and outputs `z[b][k][o]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectories {
    /// trials
    pub batch: usize,
    /// steps
    pub n_t: usize,
    /// neurons
    pub n: usize,
    /// outputs
    pub d_out: usize,
    /// states
    pub x: Vec<f64>,
    /// outputs
    pub z: Vec<f64>,
}
