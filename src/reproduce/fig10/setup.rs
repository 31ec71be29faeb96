//! The Fig. 10 set-up: published (`--paper`), default and quick.

use crate::reproduce::config::Size;
use oblique_validate::rnn::train::Precision;

/// The Fig. 10 set-up (theory notes, section 6).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setup {
    /// network size
    pub n: usize,
    /// correlation of input and output weights times sqrt(N)
    pub rho_sqrt_n: f64,
    /// noise sigma
    pub noise: f64,
    /// target z
    pub target: f64,
    /// Euler step
    pub dt: f64,
    /// trial length
    pub t_max: f64,
    /// the loss is evaluated for t >= this
    pub t_loss_min: f64,
    /// trials per step
    pub batch: usize,
    /// base learning rate eta0 (fast phase eta0/N, slow phase eta0)
    pub lr0: f64,
    /// steps in the fast phase
    pub fast_steps: usize,
    /// steps in the slow phase
    pub slow_steps: usize,
    /// independent training runs (seeds); the report and figure use their mean
    pub replicates: usize,
    /// arithmetic of the forward products `W X_k` (`f32`: 1.5x the steps per second; the
    /// states and gradients stay `f64`)
    pub product: Precision,
}

impl Setup {
    /// The published set-up.
    pub fn full() -> Self {
        Self {
            n: 256,
            rho_sqrt_n: -0.5,
            noise: 1.0,
            target: 1.0,
            dt: 0.2,
            t_max: 20.0,
            t_loss_min: 15.0,
            batch: 32,
            lr0: 0.002,
            fast_steps: 1000,
            slow_steps: 5000,
            replicates: 6,
            product: Precision::F32,
        }
    }
    /// The default run's set-up: the published one at N = 128 instead of 256, with the
    /// same steps and learning rates, so the curves cover the same learning time. The products
    /// `W X_k` cost a quarter, the section about a quarter of the time (97 s instead of
    /// 343-372 s inside `reproduce all` on a 2-core AVX2 machine), which `reproduce all` needs
    /// to stay within 20 minutes there; the theories are computed at the same N, and the
    /// published size runs with `--paper`.
    pub fn default_size() -> Self {
        Self {
            n: 128,
            ..Self::full()
        }
    }
    /// The set-up of a run's size: `--quick`, the default or `--paper` (the published one).
    pub fn of_size(size: Size) -> Self {
        match size {
            Size::Quick => Self::quick(),
            Size::Default => Self::default_size(),
            Size::Paper => Self::full(),
        }
    }
    /// The quick set-up: N = 64, batch 16, a five times larger eta0 with five (fast) and
    /// about eight (slow) times fewer steps, so both phases cover the same learning time
    /// eta0 * tau as published (the closed form depends on eta0 and tau only through it).
    pub fn quick() -> Self {
        Self {
            n: 64,
            batch: 16,
            lr0: 0.01,
            fast_steps: 200,
            slow_steps: 600,
            replicates: 4,
            ..Self::full()
        }
    }
    /// One-line description for the report.
    pub fn describe(&self) -> String {
        format!(
            "N = {}, rho sqrt(N) = {}, sigma = {}, z = {}, dt = {}, t_max = {}, loss for t >= {}, batch {}, \
             SGD on the full W: {} steps at lr {}/N, then {} steps at lr {}; mean of {} training runs; \
             the products W x in {}",
            self.n,
            self.rho_sqrt_n,
            self.noise,
            self.target,
            self.dt,
            self.t_max,
            self.t_loss_min,
            self.batch,
            self.fast_steps,
            self.lr0,
            self.slow_steps,
            self.lr0,
            self.replicates,
            match self.product {
                Precision::F32 => "f32 (states and gradients in f64)",
                Precision::F64 => "f64",
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--paper` is the published set-up (theory notes, section 6); the default halves N and
    /// keeps everything else, so its curves cover the same learning time.
    #[test]
    fn each_size_has_its_set_up() {
        let paper = Setup::of_size(Size::Paper);
        assert_eq!((paper.n, paper.batch, paper.replicates), (256, 32, 6));
        assert_eq!(
            (paper.fast_steps, paper.slow_steps, paper.lr0),
            (1000, 5000, 0.002)
        );
        let default = Setup::of_size(Size::Default);
        assert_eq!(default.n, 128);
        assert_eq!(Setup { n: 256, ..default }, paper);
        assert_eq!(Setup::of_size(Size::Quick).n, 64);
    }
}
