//! Fig. 13 / Fig. 28: train only `M` of a rank-two network on the pulse task
//! (theory notes sections 3 and 6).

use super::divergence::{check_step, check_step_size, coupling_max};
use crate::network::{
    check_all_finite, check_batch, check_dt, check_n, check_non_negative, RankTwoNetwork,
    RankTwoParams,
};
use crate::optim::{Optimizer, OptimizerKind};
use crate::tasks::FixedPointTask;
use crate::train::stats::{eigen2, latent_stats, loss_parts, Eigen2};
use crate::train::{check_lr, RankTwoBptt, TrainError, TrialBatch};
use nalgebra::Matrix2;
use oblique_theory::nonlinearity::Builtin;

/// The set-up of a rank-two training run.
#[derive(Debug, Clone, PartialEq)]
pub struct RankTwoProtocol {
    /// Neurons `N >= 2`.
    pub n: usize,
    /// Gradient steps.
    pub steps: usize,
    /// Learning rate (`> 0`).
    pub lr: f64,
    /// Optimiser.
    pub optimizer: OptimizerKind,
    /// Noise `sigma >= 0`.
    pub noise: f64,
    /// Trials per gradient step.
    pub batch: usize,
    /// Seed of the network (`U`, `J`) and of the noise streams.
    pub seed: u64,
    /// Euler step.
    pub dt: f64,
    /// Trial length.
    pub t_max: f64,
    /// First loss time.
    pub t_loss_min: f64,
    /// Loss at every `every`-th Euler step from `t_loss_min`.
    pub every: usize,
    /// Target amplitude `z`.
    pub z: f64,
    /// Bulk strength `g` (0 in the paper).
    pub g: f64,
    /// Nonlinearity.
    pub nonlinearity: Builtin,
    /// Initial `M` (zero in the paper).
    pub m0: Matrix2<f64>,
    /// Trials of the final evaluation (forward only, fresh noise).
    pub eval_batch: usize,
}

impl RankTwoProtocol {
    /// Fig. 13: erf, g = 0, sigma = 1, z = 1, M = 0, SGD lr 0.005, 2000 steps, batch 32,
    /// pulse task with t_max = 10, loss every 5th step from t = 2, dt = 0.2.
    pub fn fig13(n: usize) -> Self {
        RankTwoProtocol {
            n,
            steps: 2000,
            lr: 0.005,
            optimizer: OptimizerKind::Sgd,
            noise: 1.0,
            batch: 32,
            seed: 1,
            dt: 0.2,
            t_max: 10.0,
            t_loss_min: 2.0,
            every: 5,
            z: 1.0,
            g: 0.0,
            nonlinearity: Builtin::Erf,
            m0: Matrix2::zeros(),
            eval_batch: 512,
        }
    }

    /// Fig. 28: as Fig. 13 with sigma = 0.2, lr 0.01, 5000 steps.
    pub fn fig28(n: usize) -> Self {
        RankTwoProtocol {
            steps: 5000,
            lr: 0.01,
            noise: 0.2,
            ..Self::fig13(n)
        }
    }

    /// Checks every parameter; the error names the first bad one.
    pub fn validate(&self) -> Result<(), TrainError> {
        check_n(self.n)?;
        check_batch(self.batch)?;
        check_batch(self.eval_batch)?;
        check_lr(self.lr)?;
        check_dt(self.dt)?;
        for (name, value) in [("noise sigma", self.noise), ("g", self.g)] {
            check_non_negative(name, value)?;
        }
        check_all_finite("initial M", self.m0.iter())?;
        Ok(())
    }

    /// The fixed-point task: pulse `+-1/dt`, targets `+-z` every `every` steps from
    /// `t_loss_min` to `t_max`.
    pub fn task(&self) -> FixedPointTask {
        FixedPointTask {
            z: self.z,
            dt: self.dt,
            t_max: self.t_max,
            t_loss_min: self.t_loss_min,
            target_every: self.every,
            pulse: 1.0 / self.dt,
        }
    }

    /// The network (drawn from `seed`) with `M = m0`.
    pub fn network(&self) -> Result<RankTwoNetwork, TrainError> {
        let params = RankTwoParams::new(self.n, self.m0)
            .with_noise(self.noise)
            .with_g(self.g)
            .with_nonlinearity(self.nonlinearity)
            .with_dt(self.dt);
        Ok(RankTwoNetwork::from_seed(&params, self.seed)?)
    }

    /// Trains `M` for `steps` steps, calling `on_step(step)` after each; records the batch
    /// measurements of every step (before its update) and evaluates the final `M` on
    /// `eval_batch` fresh trials.
    pub fn run(&self, on_step: impl FnMut(usize)) -> Result<RankTwoRun, TrainError> {
        let mut records = Vec::with_capacity(self.steps);
        let summary = self.run_into(&mut records, on_step)?;
        Ok(RankTwoRun { records, summary })
    }

    /// [`RankTwoProtocol::run`] recording into `records`, which keeps the steps done when
    /// training stops with an error (e.g. [`TrainError::StateDiverged`]).
    pub fn run_into(
        &self,
        records: &mut Vec<RankTwoRecord>,
        mut on_step: impl FnMut(usize),
    ) -> Result<RankTwoSummary, TrainError> {
        self.validate()?;
        check_step_size(self.dt, self.g)?;
        let net = self.network()?;
        let mut bptt = RankTwoBptt::new(&net)?;
        let task = TrialBatch::fixed_point(&self.task(), self.batch)?;
        let k = task.n_loss();
        let mut m = self.m0;
        let mut opt = Optimizer::new(self.optimizer, self.lr, 4);
        for step in 0..self.steps {
            let pass = bptt.loss_and_grad(&m, &task, self.seed, step as u64)?;
            let grad_finite = pass.grad.iter().all(|g| g.is_finite());
            check_step(
                step,
                self.dt,
                self.lr,
                &pass.z,
                pass.loss,
                grad_finite,
                coupling_max(m.iter()),
            )?;
            records.push(RankTwoRecord::new(step, &m, &pass, &task, k));
            opt.step(m.as_mut_slice(), pass.grad.as_slice());
            on_step(step);
        }
        let eval_task = TrialBatch::fixed_point(&self.task(), self.eval_batch)?;
        let pass = bptt.forward(&m, &eval_task, self.seed, u64::MAX)?;
        check_step(
            self.steps,
            self.dt,
            self.lr,
            &pass.z,
            pass.loss,
            true,
            coupling_max(m.iter()),
        )?;
        let final_rec = RankTwoRecord::new(self.steps, &m, &pass, &eval_task, k);
        Ok(RankTwoSummary {
            n: self.n,
            steps: self.steps,
            m: [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]],
            eigenvalues: eigen2(&m),
            loss: final_rec.loss,
            l_bias: final_rec.l_bias,
            l_var: final_rec.l_var,
            kappa_norm: final_rec.kappa_norm,
            rho: final_rec.rho,
            eval_batch: self.eval_batch,
        })
    }
}

/// The measurements of one training step (one CSV row).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RankTwoRecord {
    /// Step index (0-based; measured before the update).
    pub step: usize,
    /// `L`.
    pub loss: f64,
    /// `L_bias` (target-conditioned).
    pub l_bias: f64,
    /// `L_var` (target-conditioned).
    pub l_var: f64,
    /// `M_11`.
    pub m11: f64,
    /// `M_12`.
    pub m12: f64,
    /// `M_21`.
    pub m21: f64,
    /// `M_22`.
    pub m22: f64,
    /// Larger eigenvalue of `M` (real part).
    pub lambda_plus: f64,
    /// Smaller eigenvalue of `M` (real part).
    pub lambda_minus: f64,
    /// Imaginary part of the eigenvalues.
    pub eig_imag: f64,
    /// `|kappa_bar|`.
    pub kappa_norm: f64,
    /// `rho`.
    pub rho: f64,
}

impl RankTwoRecord {
    fn new(
        step: usize,
        m: &Matrix2<f64>,
        pass: &crate::train::RankTwoPass,
        task: &TrialBatch,
        k: usize,
    ) -> Self {
        let parts = loss_parts(&pass.z, &task.targets, task.batch, k);
        let lat = latent_stats(&pass.kappa, &task.targets, task.batch, k);
        let e = eigen2(m);
        RankTwoRecord {
            step,
            loss: parts.loss,
            l_bias: parts.l_bias,
            l_var: parts.l_var,
            m11: m[(0, 0)],
            m12: m[(0, 1)],
            m21: m[(1, 0)],
            m22: m[(1, 1)],
            lambda_plus: e.lambda_plus,
            lambda_minus: e.lambda_minus,
            eig_imag: e.imag,
            kappa_norm: lat.kappa_norm,
            rho: lat.rho,
        }
    }
}

/// The trained network, evaluated on `eval_batch` fresh trials.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RankTwoSummary {
    /// Neurons.
    pub n: usize,
    /// Steps trained.
    pub steps: usize,
    /// Final `M`, row-major.
    pub m: [[f64; 2]; 2],
    /// Eigenvalues of the final `M`.
    pub eigenvalues: Eigen2,
    /// `L` on the evaluation batch.
    pub loss: f64,
    /// `L_bias` on the evaluation batch.
    pub l_bias: f64,
    /// `L_var` on the evaluation batch.
    pub l_var: f64,
    /// `|kappa_bar|` on the evaluation batch.
    pub kappa_norm: f64,
    /// `rho` on the evaluation batch.
    pub rho: f64,
    /// Trials evaluated.
    pub eval_batch: usize,
}

/// Records and summary of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RankTwoRun {
    /// One record per step.
    pub records: Vec<RankTwoRecord>,
    /// The end state.
    pub summary: RankTwoSummary,
}
