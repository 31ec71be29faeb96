//! The fixed-`M` experiment of Fig. 12E-J (theory notes section 6): simulate a rank-two
//! network with a fixed coefficient matrix from both fixed points `+-kappa_bar` and
//! measure what the mean-field theory predicts.
//!
//! ```no_run
//! use oblique_validate::measure::FixedMExperiment;
//! // Fig. 12, middle column: N = 256, lambda+ = 1.9, lambda- = -5, sigma = 1, z = 1
//! let exp = FixedMExperiment::fig12(1.9, -5.0, 256, 1).unwrap();
//! let res = exp.run().unwrap();
//! println!("L_var = {}, |kappa_bar| = {}", res.losses.var, res.latent.kappa_norm);
//! ```

use super::{
    latent_summary, loss_decomposition, Coefficients, Eigenvalues, LatentCloud, LatentSummary,
    LossDecomposition, OutputHistograms,
};
use crate::network::{
    check_batch, check_dt, check_finite, check_non_negative, RankTwoNetwork, RankTwoParams,
    ValidateError,
};
use crate::simulate::{simulate_rank_two_with_progress, InitialState, Input, Progress, SimConfig};
use nalgebra::{DMatrix, Matrix2, Vector2};
use oblique_theory::format::num;
use oblique_theory::nonlinearity::Builtin;

/// The amplitude `|kappa_bar|` of the noisy fixed point for `lambda+` (Eq. 43:
/// `lambda+ <phi'>_{s_x} = 1` with `s_x^2 = |kappa_bar|^2 + sigma^2`), by bisection on
/// `s_x`. For erf this is Eq. 44, `|kappa_bar|^2 = (lambda+^2 - lambda+min^2) / (2 a^2)`.
///
/// Used to place the initial states; the theory crate's `rank_two` module is the reference.
pub fn fixed_point_norm(
    nonlinearity: Builtin,
    lambda_plus: f64,
    sigma: f64,
) -> Result<f64, ValidateError> {
    check_finite("lambda+", lambda_plus)?;
    check_non_negative("noise sigma", sigma)?;
    let phi = nonlinearity.get();
    let f = |s: f64| lambda_plus * phi.mean_dphi(s) - 1.0;
    if nonlinearity == Builtin::Identity || f(sigma) <= 0.0 {
        let min = 1.0 / phi.mean_dphi(sigma);
        return Err(ValidateError::OutOfRange(format!(
            "no fixed point: lambda+ = {} must exceed lambda+min = {min:.4} for noise {} ({} network)",
            oblique_theory::format::num(lambda_plus),
            oblique_theory::format::num(sigma),
            phi.name()
        )));
    }
    let (mut lo, mut hi) = (sigma, sigma + 1.0);
    while f(hi) > 0.0 {
        hi *= 2.0;
        if hi > 1e8 {
            return Err(ValidateError::OutOfRange(format!(
                "no fixed point found for lambda+ = {}: the amplitude exceeds 1e8",
                num(lambda_plus)
            )));
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let s = 0.5 * (lo + hi);
    Ok((s * s - sigma * sigma).max(0.0).sqrt())
}

/// A fixed-`M` simulation from `+-kappa_start`, measured after `t_stat`.
///
/// Trials `b` even start at `U kappa_start` (condition 0, target `+z`), odd at
/// `-U kappa_start` (condition 1, target `-z`). The statistics use every time point with
/// `t >= t_stat`.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedMExperiment {
    /// The network parameters (`N`, `M`, `g`, `sigma`, `phi`, `dt`).
    pub params: RankTwoParams,
    /// Target `z` (condition 0: `+z`, condition 1: `-z`).
    pub z: f64,
    /// Number of trials (`>= 2`, half per condition).
    pub batch: usize,
    /// Simulated time.
    pub t_max: f64,
    /// Start of the statistics window.
    pub t_stat: f64,
    /// Latent start of condition 0.
    pub kappa_start: Vector2<f64>,
    /// Seed of the network (`U`, `J`).
    pub network_seed: u64,
    /// Seed of the noise.
    pub noise_seed: u64,
    /// Cloud subsampling: every `cloud_every`-th window time point.
    pub cloud_every: usize,
    /// Histogram bins.
    pub bins: usize,
}

/// What [`FixedMExperiment::run`] measures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FixedMResult {
    /// `L`, `L_bias`, `L_var` over the window (targets `+-z`).
    pub losses: LossDecomposition,
    /// `kappa_bar`, `|kappa_bar|`, `rho`, `C = N Cov(kappa)`.
    pub latent: LatentSummary,
    /// `M` and its eigenvalues.
    pub coefficients: Coefficients,
    /// Latent samples (Fig. 12E-G).
    pub cloud: LatentCloud,
    /// Output histograms per condition (Fig. 12H-J).
    pub histograms: OutputHistograms,
    /// Number of time points in the window.
    pub window_points: usize,
}

impl FixedMExperiment {
    /// The Fig. 12 set-up (theory notes section 6): erf, `g = 0`, `sigma = 1`, `z = 1`,
    /// symmetric `M` with eigenvalues `lambda+`, `lambda-` at the bias-zero angle
    /// `rho = z / (sqrt(N) |kappa_bar|)` (Eq. 52), `v+ = (rho, sqrt(1 - rho^2))`; batch 256
    /// started at `+-kappa_bar = +-|kappa_bar| v+`, `t_max = 100`, statistics after
    /// `t = 20`. The noise seed is `seed + 1`.
    pub fn fig12(
        lambda_plus: f64,
        lambda_minus: f64,
        n: usize,
        seed: u64,
    ) -> Result<Self, ValidateError> {
        Self::symmetric(lambda_plus, lambda_minus, n, 1.0, 1.0, Builtin::Erf, seed)
    }

    /// Like [`FixedMExperiment::fig12`] with any noise `sigma`, target `z` and nonlinearity.
    pub fn symmetric(
        lambda_plus: f64,
        lambda_minus: f64,
        n: usize,
        sigma: f64,
        z: f64,
        nonlinearity: Builtin,
        seed: u64,
    ) -> Result<Self, ValidateError> {
        check_finite("lambda-", lambda_minus)?;
        check_finite("target z", z)?;
        let kappa = fixed_point_norm(nonlinearity, lambda_plus, sigma)?;
        let rho = z.abs() / ((n.max(1) as f64).sqrt() * kappa);
        if rho > 1.0 {
            return Err(ValidateError::OutOfRange(format!(
                "no bias-zero angle: rho = |z| / (sqrt(N) |kappa_bar|) = {rho:.4} exceeds 1 for z = {z}, N = {n}, |kappa_bar| = {kappa:.4}; increase lambda+ or N"
            )));
        }
        let m = RankTwoParams::symmetric_m(lambda_plus, lambda_minus, rho);
        let params = RankTwoParams::new(n, m)
            .with_noise(sigma)
            .with_nonlinearity(nonlinearity);
        let v = Vector2::new(rho, (1.0 - rho * rho).sqrt());
        let sign = if z < 0.0 { -1.0 } else { 1.0 };
        Ok(Self::with_start(params, z, v * (kappa * sign), seed))
    }

    /// Adds a random bulk `g J / sqrt(N)` (`g > 0`) to a [`FixedMExperiment::symmetric`]
    /// set-up and moves `M` and the start to the bias-zero angle of the random-bulk theory
    /// (`rho` and `|kappa_bar|` of `oblique_theory::bulk::BulkModel`, theory/notes/bulk.md).
    pub fn with_bulk(
        mut self,
        g: f64,
        lambda_plus: f64,
        lambda_minus: f64,
    ) -> Result<Self, ValidateError> {
        let s = oblique_theory::bulk::BulkModel {
            g,
            noise: self.params.sigma,
            nonlinearity: self.params.nonlinearity.get(),
            lambda_plus,
            lambda_minus,
            n: self.params.n,
            target: self.z,
        }
        .solve()
        .map_err(|e| {
            ValidateError::OutOfRange(format!(
                "g > 0: the bulk theory has no fixed point to start from: {e}"
            ))
        })?;
        self.params.m = RankTwoParams::symmetric_m(lambda_plus, lambda_minus, s.rho);
        let v = Vector2::new(s.rho, (1.0 - s.rho * s.rho).sqrt());
        self.kappa_start = v * (s.kappa_norm * self.z.signum());
        self.params.g = g;
        Ok(self)
    }

    /// Any `M` (and `g`): starts at `+-|kappa_bar| v+` with `v+` the eigenvector of the
    /// larger real eigenvalue of `M` (oriented so that the output has the sign of `z`) and
    /// `|kappa_bar|` from Eq. 43 (the `g = 0` amplitude; for `g > 0` the transient before
    /// `t_stat` relaxes it).
    pub fn general(params: RankTwoParams, z: f64, seed: u64) -> Result<Self, ValidateError> {
        params.validate()?;
        check_finite("target z", z)?;
        let e = Eigenvalues::of(&params.m);
        let v = e.leading_vector(&params.m).ok_or_else(|| {
            ValidateError::OutOfRange(format!(
                "M has complex eigenvalues {} +- {}i: the fixed point needs a real eigenvalue lambda+",
                num(e.re[0]),
                num(e.im[0])
            ))
        })?;
        let kappa = fixed_point_norm(params.nonlinearity, e.re[0], params.sigma)?;
        let sign = if (v[0] == 0.0) || (z < 0.0) == (v[0] < 0.0) {
            1.0
        } else {
            -1.0
        };
        let start = Vector2::new(v[0], v[1]) * (kappa * sign);
        Ok(Self::with_start(params, z, start, seed))
    }

    fn with_start(params: RankTwoParams, z: f64, start: Vector2<f64>, seed: u64) -> Self {
        FixedMExperiment {
            params,
            z,
            batch: 256,
            t_max: 100.0,
            t_stat: 20.0,
            kappa_start: start,
            network_seed: seed,
            noise_seed: seed.wrapping_add(1),
            cloud_every: 25,
            bins: 60,
        }
    }

    /// Number of Euler steps.
    pub fn steps(&self) -> usize {
        (self.t_max / self.params.dt).round().max(0.0) as usize
    }

    /// Checks the set-up; the error names the first bad parameter.
    pub fn validate(&self) -> Result<(), ValidateError> {
        self.params.validate()?;
        check_batch(self.batch)?;
        if self.batch < 2 {
            return Err(ValidateError::OutOfRange(format!(
                "batch = {}: the fixed-M experiment needs at least 2 trials (one per fixed point)",
                self.batch
            )));
        }
        check_dt(self.params.dt)?;
        check_finite("target z", self.z)?;
        check_non_negative("t_stat", self.t_stat)?;
        check_finite("t_max", self.t_max)?;
        if self.t_max.partial_cmp(&self.t_stat) != Some(std::cmp::Ordering::Greater)
            || self.steps() == 0
        {
            return Err(ValidateError::OutOfRange(format!(
                "t_max = {} must exceed t_stat = {} (and dt = {}) to leave a statistics window",
                num(self.t_max),
                num(self.t_stat),
                num(self.params.dt)
            )));
        }
        crate::network::check_all_finite("kappa start", self.kappa_start.iter())?;
        super::stability::check_latent_step(&self.params, self.z)
    }

    /// Runs the experiment (see [`FixedMExperiment::run_with_progress`]).
    pub fn run(&self) -> Result<FixedMResult, ValidateError> {
        self.run_with_progress(&|_| {})
    }

    /// Runs the experiment, reporting trial-steps done to `progress` (total
    /// `batch * steps`).
    pub fn run_with_progress(&self, progress: Progress) -> Result<FixedMResult, ValidateError> {
        self.validate()?;
        let net = RankTwoNetwork::from_seed(&self.params, self.network_seed)?;
        let steps = self.steps();
        let condition: Vec<usize> = (0..self.batch).map(|b| b % 2).collect();
        let starts = condition
            .iter()
            .map(|&c| {
                if c == 0 {
                    self.kappa_start
                } else {
                    -self.kappa_start
                }
            })
            .collect();
        let cfg = SimConfig {
            batch: self.batch,
            steps,
            input: Input::Zero,
            init: InitialState::Latent(starts),
            seed: self.noise_seed,
        };
        let traj = simulate_rank_two_with_progress(&net, &cfg, progress)?;
        let first = ((self.t_stat / self.params.dt) - 1e-9).ceil().max(0.0) as usize;
        let window: Vec<usize> = (first.min(steps)..=steps).collect();
        let targets = DMatrix::from_fn(window.len(), self.batch, |_, b| {
            if condition[b] == 0 {
                self.z
            } else {
                -self.z
            }
        });
        let latents = traj.latents.as_ref().expect("rank-two runs record latents");
        let losses = loss_decomposition(&traj.outputs, &window, &targets, &condition, 2)?;
        let latent = latent_summary(latents, &window, &condition, 2, self.params.n)?;
        Ok(FixedMResult {
            losses,
            latent,
            coefficients: Coefficients::of(&self.params.m),
            cloud: LatentCloud::sample(latents, &window, self.cloud_every, &condition),
            histograms: OutputHistograms::build(&traj.outputs, &window, &condition, 2, self.bins),
            window_points: window.len(),
        })
    }
}

/// `M` as a row-major array (for reports).
pub fn m_rows(m: &Matrix2<f64>) -> [[f64; 2]; 2] {
    [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_amplitude_matches_eq_44() {
        // |kappa_bar|^2 = (lambda+^2 - lambda+min^2) / (2 a^2), lambda+min^2 = 1 + 2 a^2 sigma^2
        let a2 = std::f64::consts::PI / 4.0;
        for (lp, s) in [(1.9, 1.0), (2.6, 1.0), (1.2, 0.2)] {
            let want = ((lp * lp - 1.0 - 2.0 * a2 * s * s) / (2.0 * a2)).sqrt();
            let got = fixed_point_norm(Builtin::Erf, lp, s).unwrap();
            assert!((got - want).abs() < 1e-12, "{lp} {s}: {got} vs {want}");
        }
        assert_eq!(
            fixed_point_norm(Builtin::Erf, 1.5, 1.0).unwrap_err().to_string(),
            "no fixed point: lambda+ = 1.5 must exceed lambda+min = 1.6034 for noise 1 (erf network)"
        );
    }

    #[test]
    fn fig12_setup_has_the_bias_zero_angle() {
        let e = FixedMExperiment::fig12(1.9, -5.0, 256, 1).unwrap();
        let kappa = fixed_point_norm(Builtin::Erf, 1.9, 1.0).unwrap();
        let rho = 1.0 / (16.0 * kappa);
        // the output of the start is exactly the target: sqrt(N) kappa_1 = z
        assert!((16.0 * e.kappa_start[0] - 1.0).abs() < 1e-12);
        assert!((e.kappa_start.norm() - kappa).abs() < 1e-12);
        let ev = Eigenvalues::of(&e.params.m);
        assert!((ev.re[0] - 1.9).abs() < 1e-12 && (ev.re[1] + 5.0).abs() < 1e-12);
        assert!((e.params.m * e.kappa_start - e.kappa_start * 1.9).norm() < 1e-12);
        assert!((e.kappa_start[0] / kappa - rho).abs() < 1e-12);
        assert_eq!((e.batch, e.steps()), (256, 500));
        assert_eq!(
            FixedMExperiment::fig12(1.62, -5.0, 4, 1).unwrap_err().to_string(),
            "no bias-zero angle: rho = |z| / (sqrt(N) |kappa_bar|) = 2.7067 exceeds 1 for z = 1, N = 4, |kappa_bar| = 0.1847; increase lambda+ or N"
        );
    }

    #[test]
    fn short_run_is_reproducible_and_validated() {
        let mut e = FixedMExperiment::fig12(1.9, -5.0, 32, 3).unwrap();
        e.batch = 8;
        e.t_max = 6.0;
        e.t_stat = 2.0;
        let a = e.run().unwrap();
        assert_eq!(a, e.run().unwrap());
        assert_eq!(a.window_points, 21);
        assert_eq!(a.cloud.kappa1.len(), 8);
        assert!((a.losses.loss - a.losses.bias - a.losses.var).abs() < 1e-12);
        e.t_stat = 6.0;
        assert_eq!(
            e.run().unwrap_err().to_string(),
            "t_max = 6 must exceed t_stat = 6 (and dt = 0.2) to leave a statistics window"
        );
        let complex = RankTwoParams::new(16, Matrix2::new(1.0, -2.0, 2.0, 1.0));
        assert_eq!(
            FixedMExperiment::general(complex, 1.0, 1)
                .unwrap_err()
                .to_string(),
            "M has complex eigenvalues 1 +- 2i: the fixed point needs a real eigenvalue lambda+"
        );
    }
}
