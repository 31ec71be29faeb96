//! Fig. 10: train every entry of `W` of a linear network on the constant-input task,
//! a fast phase at learning rate `lr / N` then a slow phase at `lr` (theory notes
//! sections 5 and 6).

use super::divergence::{check_step, check_step_size, coupling_max};
use crate::network::{check_batch, check_dt, check_n, check_non_negative, FullNetwork};
use crate::optim::{Optimizer, OptimizerKind};
use crate::rnn::train::Precision;
use crate::tasks::ConstantInputTask;
use crate::train::stats::loss_parts;
use crate::train::{check_lr, LinearBptt, TrainError, TrialBatch};
use nalgebra::{DMatrix, DVector};

/// The set-up of a linear full-`W` training run.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearProtocol {
    /// Neurons `N >= 2`.
    pub n: usize,
    /// Steps of the fast (bias) phase at learning rate `lr / N`.
    pub fast_steps: usize,
    /// Steps of the slow (variance) phase at learning rate `lr`.
    pub slow_steps: usize,
    /// Learning rate `eta` (`> 0`).
    pub lr: f64,
    /// Optimiser.
    pub optimizer: OptimizerKind,
    /// Noise `sigma >= 0`.
    pub noise: f64,
    /// Trials per step.
    pub batch: usize,
    /// Seed of `w_in`, `w_out` and of the noise streams.
    pub seed: u64,
    /// Euler step.
    pub dt: f64,
    /// Trial length.
    pub t_max: f64,
    /// Loss at every step with `t >= t_loss_min`.
    pub t_loss_min: f64,
    /// Constant input `u`.
    pub input: f64,
    /// Target `z`.
    pub z: f64,
    /// `rho sqrt(N)`, the scaled correlation of `w_in` and `w_out`.
    pub rho_sqrt_n: f64,
    /// Arithmetic of the forward products `W X_k` ([`LinearBptt::with_product`]; `f64`
    /// unless set).
    pub product: Precision,
}

impl LinearProtocol {
    /// Fig. 10: N = 256, rho sqrt(N) = -0.5, sigma = 1, z = 1, dt = 0.2, t_max = 20,
    /// input 1, loss for t >= 15, batch 32, SGD 1000 steps at 0.002 / N then 5000 at 0.002.
    pub fn fig10() -> Self {
        LinearProtocol {
            n: 256,
            fast_steps: 1000,
            slow_steps: 5000,
            lr: 0.002,
            optimizer: OptimizerKind::Sgd,
            noise: 1.0,
            batch: 32,
            seed: 1,
            dt: 0.2,
            t_max: 20.0,
            t_loss_min: 15.0,
            input: 1.0,
            z: 1.0,
            rho_sqrt_n: -0.5,
            product: Precision::F64,
        }
    }

    /// Checks every parameter; the error names the first bad one.
    pub fn validate(&self) -> Result<(), TrainError> {
        check_n(self.n)?;
        check_batch(self.batch)?;
        check_lr(self.lr)?;
        check_dt(self.dt)?;
        check_non_negative("noise sigma", self.noise)?;
        Ok(())
    }

    /// The network: `W = 0`, `w_out` of norm 1, `w_in` of norm `sqrt(N)` with
    /// `w_in . w_out = rho_sqrt_n` (drawn from `seed`).
    pub fn network(&self) -> Result<FullNetwork, TrainError> {
        Ok(FullNetwork::linear_from_seed(
            self.n,
            self.rho_sqrt_n,
            self.noise,
            self.dt,
            self.seed,
        )?)
    }

    /// The constant-input task every training step samples (target, input, `dt`, trial
    /// length and first target time of this protocol).
    pub fn task(&self) -> ConstantInputTask {
        ConstantInputTask {
            z: self.z,
            u: self.input,
            dt: self.dt,
            t_max: self.t_max,
            t_target: self.t_loss_min,
        }
    }

    /// Trains `W`, calling `on_step(step)` after each step; records every step's batch
    /// measurements (before its update).
    pub fn run(&self, on_step: impl FnMut(usize)) -> Result<LinearRun, TrainError> {
        let mut records = Vec::with_capacity(self.fast_steps + self.slow_steps);
        let (summary, w) = self.run_into(&mut records, on_step)?;
        Ok(LinearRun {
            records,
            summary,
            w,
        })
    }

    /// [`LinearProtocol::run`] recording into `records`, which keeps the steps done when
    /// training stops with an error (e.g. [`TrainError::StateDiverged`]); returns the
    /// summary and the trained `W`.
    pub fn run_into(
        &self,
        records: &mut Vec<LinearRecord>,
        mut on_step: impl FnMut(usize),
    ) -> Result<(LinearSummary, DMatrix<f64>), TrainError> {
        self.validate()?;
        check_step_size(self.dt, 0.0)?;
        let net = self.network()?;
        let n = self.n;
        let mut bptt = LinearBptt::new(&net)?.with_product(self.product);
        let task = TrialBatch::constant_input(&self.task(), self.batch)?;
        let k = task.n_loss();
        let basis = Basis::new(&net.w_out, &net.w_in);
        let x0_end = mean_final_state(&net.w, &net.w_in, self.input, self.dt, task.n_steps);
        let mut w = net.w.clone();
        let fast_lr = self.lr / n as f64;
        let mut opt = Optimizer::new(self.optimizer, fast_lr, n * n);
        let total = self.fast_steps + self.slow_steps;
        for step in 0..total {
            let lr = if step < self.fast_steps {
                fast_lr
            } else {
                self.lr
            };
            opt.set_lr(lr);
            let pass = bptt.loss_and_grad(&w, &task, self.seed, step as u64)?;
            let grad_finite = pass.grad.iter().all(|g| g.is_finite());
            check_step(
                step,
                self.dt,
                lr,
                &pass.z,
                pass.loss,
                grad_finite,
                coupling_max(w.iter()),
            )?;
            records.push(record(
                step, lr, &w, &pass.z, &task, k, &basis, &net, &x0_end, self,
            ));
            opt.step(w.as_mut_slice(), pass.grad.as_slice());
            on_step(step);
        }
        let eval = bptt.forward(&w, &task, self.seed, u64::MAX)?;
        let last = record(
            total, self.lr, &w, &eval.z, &task, k, &basis, &net, &x0_end, self,
        );
        check_step(
            total,
            self.dt,
            self.lr,
            &eval.z,
            eval.loss,
            true,
            coupling_max(w.iter()),
        )?;
        Ok((
            LinearSummary {
                n,
                steps: total,
                loss: last.loss,
                l_bias: last.l_bias,
                l_var: last.l_var,
                m11: last.m11,
                m12: last.m12,
                m21: last.m21,
                m22: last.m22,
                dx_bar: last.dx_bar,
            },
            w,
        ))
    }
}

/// The orthonormal basis `(w_out_hat, w_in orthogonalised)`.
struct Basis {
    e1: DVector<f64>,
    e2: DVector<f64>,
}

impl Basis {
    fn new(w_out: &DVector<f64>, w_in: &DVector<f64>) -> Self {
        let e1 = w_out.normalize();
        let v = w_in - &e1 * e1.dot(w_in);
        Basis {
            e2: v.normalize(),
            e1,
        }
    }
}

/// The trial-averaged state at the end of a trial: the noise-free recursion
/// `x_{k+1} = (1 - dt) x_k + dt (W x_k + w_in u)` from `x_0 = 0`.
fn mean_final_state(
    w: &DMatrix<f64>,
    w_in: &DVector<f64>,
    u: f64,
    dt: f64,
    steps: usize,
) -> DVector<f64> {
    let n = w.nrows();
    let mut x = DVector::zeros(n);
    let mut y = DVector::zeros(n);
    for _ in 0..steps {
        y.copy_from(&x);
        y.scale_mut(1.0 - dt);
        y.axpy(dt * u, w_in, 1.0);
        add_scaled_product(w.as_slice(), dt, x.as_slice(), y.as_mut_slice());
        std::mem::swap(&mut x, &mut y);
    }
    x
}

/// `y += alpha W x` for a column-major `n x n` `W`, in nalgebra's `gemv` order and rounding
/// (`y_i = (alpha W_ij) x_j + y_i`, column `j` after column `j - 1`), bit for bit, on
/// contiguous columns that vectorise: nalgebra's strided loop stays scalar, and 100 of
/// them per recorded step were 14% of Fig. 10's training time.
#[inline(always)]
fn add_scaled_product_impl(w: &[f64], alpha: f64, x: &[f64], y: &mut [f64]) {
    let n = y.len();
    for (col, &xj) in w.chunks_exact(n).zip(x) {
        for (yi, &wij) in y.iter_mut().zip(col) {
            *yi += alpha * wij * xj;
        }
    }
}

oblique_theory::simd_dispatch! {
    fn add_scaled_product(w: &[f64], alpha: f64, x: &[f64], y: &mut [f64]) => add_scaled_product_impl
}

#[allow(clippy::too_many_arguments)]
fn record(
    step: usize,
    lr: f64,
    w: &DMatrix<f64>,
    z: &[f64],
    task: &TrialBatch,
    k: usize,
    basis: &Basis,
    net: &FullNetwork,
    x0_end: &DVector<f64>,
    p: &LinearProtocol,
) -> LinearRecord {
    let parts = loss_parts(z, &task.targets, task.batch, k);
    let we1 = w * &basis.e1;
    let we2 = w * &basis.e2;
    let x_end = mean_final_state(w, &net.w_in, p.input, p.dt, task.n_steps);
    LinearRecord {
        step,
        lr,
        loss: parts.loss,
        l_bias: parts.l_bias,
        l_var: parts.l_var,
        m11: basis.e1.dot(&we1),
        m12: basis.e1.dot(&we2),
        m21: basis.e2.dot(&we1),
        m22: basis.e2.dot(&we2),
        dx_bar: (x_end - x0_end).norm(),
    }
}

/// The measurements of one training step (one CSV row).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LinearRecord {
    /// Step index (0-based; measured before the update).
    pub step: usize,
    /// Learning rate of this step.
    pub lr: f64,
    /// `L`.
    pub loss: f64,
    /// `L_bias`.
    pub l_bias: f64,
    /// `L_var`.
    pub l_var: f64,
    /// `e1^T W e1`, `e1 = w_out / |w_out|` (theory: `a`).
    pub m11: f64,
    /// `e1^T W e2`, `e2` = `w_in` orthogonalised (theory: `b / sqrt(N)`).
    pub m12: f64,
    /// `e2^T W e1`.
    pub m21: f64,
    /// `e2^T W e2`.
    pub m22: f64,
    /// `|x_bar_T(W) - x_bar_T(W_0)|`, change of the trial-averaged final state.
    pub dx_bar: f64,
}

/// The end state of a linear run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LinearSummary {
    /// Neurons.
    pub n: usize,
    /// Steps trained (both phases).
    pub steps: usize,
    /// `L` of the final `W` (one forward pass on fresh noise).
    pub loss: f64,
    /// `L_bias`.
    pub l_bias: f64,
    /// `L_var`.
    pub l_var: f64,
    /// Projections of the final `W` (see [`LinearRecord`]).
    pub m11: f64,
    /// `e1^T W e2`.
    pub m12: f64,
    /// `e2^T W e1`.
    pub m21: f64,
    /// `e2^T W e2`.
    pub m22: f64,
    /// `|dx_bar|` at the end.
    pub dx_bar: f64,
}

/// Records, summary and the trained `W`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearRun {
    /// One record per step.
    pub records: Vec<LinearRecord>,
    /// The end state.
    pub summary: LinearSummary,
    /// The trained connectivity.
    pub w: DMatrix<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vectorised product gives nalgebra's `gemv` bit for bit (the Fig. 10 curves
    /// depend on it), and the mean final state of a diagonal `W` has its closed form.
    #[test]
    fn scaled_product_is_nalgebra_gemv_bit_for_bit() {
        let n = 37;
        let w = DMatrix::from_fn(n, n, |i, j| ((i * 31 + j * 17) % 23) as f64 / 7.0 - 1.3);
        let x = DVector::from_fn(n, |i, _| (i as f64 * 0.37).sin());
        let mut y0 = DVector::from_fn(n, |i, _| (i as f64 * 0.11).cos());
        let mut y1 = y0.clone();
        y0.gemv(0.2, &w, &x, 1.0);
        add_scaled_product(w.as_slice(), 0.2, x.as_slice(), y1.as_mut_slice());
        for i in 0..n {
            assert_eq!(y0[i].to_bits(), y1[i].to_bits(), "row {i}");
        }
        // W = c I: x_T = b (1 - a^T) / (1 - a), a = 1 - dt + dt c, b = dt u w_in
        let (c, dt, u, t) = (-0.5, 0.2, 1.5, 100);
        let w_in = DVector::from_element(3, 2.0);
        let end = mean_final_state(&(DMatrix::identity(3, 3) * c), &w_in, u, dt, t);
        let a: f64 = 1.0 - dt + dt * c;
        let exact = dt * u * 2.0 * (1.0 - a.powi(t as i32)) / (1.0 - a);
        assert!(
            (end[0] - exact).abs() < 1e-12 * exact.abs(),
            "{} vs {exact}",
            end[0]
        );
    }
}
