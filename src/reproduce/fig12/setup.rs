//! The Fig. 12 set-up (published and quick) and what is measured at one point.

use serde::Serialize;

/// The Fig. 12 set-up (theory notes, section 6).
#[derive(Debug, Clone)]
pub struct Setup {
    /// noise sigma
    pub noise: f64,
    /// target z
    pub target: f64,
    /// sizes of the theory curves in panels B and C
    pub curve_ns: Vec<usize>,
    /// lambda- of the curves in panel D
    pub curve_lms: Vec<f64>,
    /// simulated network size
    pub n: usize,
    /// simulated lambda-
    pub lambda_minus: f64,
    /// simulated lambda+ values
    pub lambda_plus: Vec<f64>,
    /// trials per network (half started at +kappa_bar, half at -kappa_bar)
    pub batch: usize,
    /// independent networks (draws of U) per simulated point; the report gives the mean
    /// of their statistics and its standard error, the figure shows the first network
    pub networks: usize,
    /// trial length
    pub t_max: f64,
    /// statistics are taken for t >= this
    pub t_stats: f64,
    /// Euler step
    pub dt: f64,
    /// a finer Euler step at which the simulations are repeated (discretisation check)
    pub fine_dt: Option<f64>,
}

impl Setup {
    /// The published set-up.
    pub fn full() -> Self {
        Self {
            noise: 1.0,
            target: 1.0,
            curve_ns: vec![64, 256, 2048],
            curve_lms: vec![-1.0, -2.0, -5.0],
            n: 256,
            lambda_minus: -5.0,
            lambda_plus: vec![1.7, 1.9, 2.6],
            batch: 128,
            networks: 8,
            t_max: 100.0,
            t_stats: 20.0,
            dt: 0.2,
            fine_dt: Some(0.05),
        }
    }
    /// Quick: batch 64 and t_max 60 (fewer samples; the same network).
    pub fn quick() -> Self {
        Self {
            batch: 64,
            networks: 3,
            t_max: 60.0,
            ..Self::full()
        }
    }
    /// One-line description.
    pub fn describe(&self) -> String {
        format!(
            "erf, g = 0, sigma = {}, z = {}; simulations at N = {}, lambda- = {}, lambda+ = {:?}, symmetric M \
             at the bias-zero angle, started at +-kappa_bar, {} networks x {} trials, t_max = {}, dt = {}, statistics for t >= {}",
            self.noise,
            self.target,
            self.n,
            self.lambda_minus,
            self.lambda_plus,
            self.networks,
            self.batch,
            self.t_max,
            self.dt,
            self.t_stats
        )
    }
}

/// The measured statistics of one simulated point.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Measured {
    /// |kappa_bar| (trial-conditioned mean latent)
    pub kappa_norm: f64,
    /// rho
    pub rho: f64,
    /// L_var = Var(z) within condition
    pub l_var: f64,
    /// L_bias
    pub l_bias: f64,
    /// standard errors over the networks of |kappa_bar| and L_var (0 for one network)
    pub se: (f64, f64),
}
