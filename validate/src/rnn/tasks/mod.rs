//! The neuroscience tasks of the published study (paper-methods section 2), as batches of
//! (input, target, mask).
//!
//! Every generator follows the authors' defaults. Time step `k` is time `t = k dt`; the
//! input `u_k` drives the step from `x_k` to `x_{k+1}` and the target `y_k` is compared with
//! `z_k = W_out x_k` (the state before the update). After a task has built its mask, the
//! mask is kept only at the steps `k = 0 (mod mask_step)` (5, or 2 for complex sine).
//!
//! Trial `b` of draw `draw` of a task with seed `seed` takes all its random numbers from
//! `ChaCha8Rng` seeded by `stream_seed(seed, draw, b)`, so every trial's timing and draws are
//! reproducible and independent of the batch size and of threads.

mod complex_sine;
mod cycling;
mod flipflop;
mod mante;
mod romo;
mod sine;

use crate::train::noise::stream_seed;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The Euler step of the published networks.
pub const DT: f64 = 0.2;

/// Which task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    /// Cycling (paper-methods 2.1): two contexts rotating in opposite directions.
    Cycling,
    /// 3-bit flip-flop (2.2).
    Flipflop,
    /// Context-dependent integration, two contexts (2.3).
    Mante,
    /// Working-memory comparison of two frequencies (2.4).
    Romo,
    /// Input-dependent sine frequency (2.5).
    ComplexSine,
    /// The simple sine of Fig. 9 (2.6).
    Sine,
}

impl TaskKind {
    /// All tasks, in the paper's order (the five neuroscience tasks, then the sine).
    pub const ALL: [TaskKind; 6] = [
        TaskKind::Cycling,
        TaskKind::Flipflop,
        TaskKind::Mante,
        TaskKind::Romo,
        TaskKind::ComplexSine,
        TaskKind::Sine,
    ];

    /// The name used on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            TaskKind::Cycling => "cycling",
            TaskKind::Flipflop => "flipflop",
            TaskKind::Mante => "mante",
            TaskKind::Romo => "romo",
            TaskKind::ComplexSine => "complex-sine",
            TaskKind::Sine => "sine",
        }
    }

    /// Input dimension.
    pub fn d_in(self) -> usize {
        match self {
            TaskKind::Cycling => 2,
            TaskKind::Flipflop => 3,
            TaskKind::Mante => 4,
            TaskKind::Romo | TaskKind::ComplexSine | TaskKind::Sine => 1,
        }
    }

    /// Output dimension.
    pub fn d_out(self) -> usize {
        match self {
            TaskKind::Cycling => 2,
            TaskKind::Flipflop => 3,
            TaskKind::Mante | TaskKind::Romo | TaskKind::ComplexSine | TaskKind::Sine => 1,
        }
    }

    /// Trial length `t_max` of the default task, in time units.
    pub fn t_max(self) -> f64 {
        match self {
            TaskKind::Cycling => 72.0,
            TaskKind::Flipflop => 25.0,
            TaskKind::Mante => 48.0,
            TaskKind::Romo => 29.0,
            TaskKind::ComplexSine => 50.0,
            TaskKind::Sine => 21.0,
        }
    }

    /// The loss is kept every `mask_step` steps (`mask_step_dt` of the authors' code).
    pub fn mask_step(self) -> usize {
        match self {
            TaskKind::ComplexSine => 2,
            _ => 5,
        }
    }

    /// Whether the task needs an even batch (cycling alternates its two contexts).
    pub fn needs_even_batch(self) -> bool {
        self == TaskKind::Cycling
    }

    /// A batch of `batch` trials of `n_t` steps (the task's own length when `None`), draw
    /// `draw` of seed `seed`, with the mask subsampled every `mask_step` steps.
    ///
    /// Beyond the default length, cycling, sine and complex sine continue their input and
    /// target formulas; flip-flop keeps drawing pulses; Mante and Romo are silent. The mask
    /// never extends past the default trial.
    pub fn batch(
        self,
        batch: usize,
        n_t: Option<usize>,
        seed: u64,
        draw: u64,
        mask_step: usize,
    ) -> TaskBatch {
        let n_t = n_t.unwrap_or_else(|| steps_of(self.t_max()));
        let mut out = TaskBatch::zeros(batch, n_t, self.d_in(), self.d_out());
        for b in 0..batch {
            let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(seed ^ TASK_TAG, draw, b as u64));
            let mut trial = out.trial_mut(b);
            match self {
                TaskKind::Cycling => cycling::fill(b, &mut trial),
                TaskKind::Flipflop => flipflop::fill(&mut rng, &mut trial),
                TaskKind::Mante => mante::fill(&mut rng, &mut trial),
                TaskKind::Romo => romo::fill(&mut rng, &mut trial),
                TaskKind::ComplexSine => complex_sine::fill(&mut rng, &mut trial),
                TaskKind::Sine => sine::fill(&mut trial),
            }
        }
        out.subsample_mask(mask_step.max(1));
        out
    }
}

impl std::str::FromStr for TaskKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TaskKind::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown task '{s}': expected one of cycling, flipflop, mante, romo, complex-sine, sine"
                )
            })
    }
}

/// Mixed into task seeds so that task draws never share a stream with the network noise.
const TASK_TAG: u64 = 0x7A5C_0000_0000_0001;

/// `int(t / dt)` of the authors' code (exact for every default value; `1e-9` guards the
/// rounding of products such as `1 / 0.2`).
pub fn steps_of(t: f64) -> usize {
    (t / DT + 1e-9).floor().max(0.0) as usize
}

/// One batch: inputs, targets and masks, each `batch x n_t x d` (trial-major, row-major).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskBatch {
    /// number of trials
    pub batch: usize,
    /// number of time steps
    pub n_t: usize,
    /// input dimension
    pub d_in: usize,
    /// output dimension
    pub d_out: usize,
    /// `u[b][k][i]`
    pub input: Vec<f64>,
    /// `y[b][k][o]`
    pub target: Vec<f64>,
    /// `m[b][k][o]` (1 where the loss is taken, else 0)
    pub mask: Vec<f64>,
}

impl TaskBatch {
    /// An all-zero batch.
    pub fn zeros(batch: usize, n_t: usize, d_in: usize, d_out: usize) -> Self {
        TaskBatch {
            batch,
            n_t,
            d_in,
            d_out,
            input: vec![0.0; batch * n_t * d_in],
            target: vec![0.0; batch * n_t * d_out],
            mask: vec![0.0; batch * n_t * d_out],
        }
    }

    /// Number of masked entries (the denominator of the loss).
    pub fn mask_count(&self) -> usize {
        self.mask.iter().filter(|&&m| m != 0.0).count()
    }

    /// Masked entries of trial `b`.
    pub fn trial_mask_count(&self, b: usize) -> usize {
        let len = self.n_t * self.d_out;
        self.mask[b * len..(b + 1) * len]
            .iter()
            .filter(|&&m| m != 0.0)
            .count()
    }

    /// Input `u[b][k][i]`.
    pub fn u(&self, b: usize, k: usize, i: usize) -> f64 {
        self.input[(b * self.n_t + k) * self.d_in + i]
    }

    /// Target `y[b][k][o]`.
    pub fn y(&self, b: usize, k: usize, o: usize) -> f64 {
        self.target[(b * self.n_t + k) * self.d_out + o]
    }

    /// Mask `m[b][k][o]`.
    pub fn m(&self, b: usize, k: usize, o: usize) -> f64 {
        self.mask[(b * self.n_t + k) * self.d_out + o]
    }

    /// Keeps the mask only at steps `k = 0 (mod step)`.
    pub fn subsample_mask(&mut self, step: usize) {
        for (row, m) in self.mask.chunks_mut(self.d_out).enumerate() {
            if !(row % self.n_t).is_multiple_of(step) {
                m.fill(0.0);
            }
        }
    }

    fn trial_mut(&mut self, b: usize) -> Trial<'_> {
        let (n_t, d_in, d_out) = (self.n_t, self.d_in, self.d_out);
        Trial {
            n_t,
            d_in,
            d_out,
            input: &mut self.input[b * n_t * d_in..(b + 1) * n_t * d_in],
            target: &mut self.target[b * n_t * d_out..(b + 1) * n_t * d_out],
            mask: &mut self.mask[b * n_t * d_out..(b + 1) * n_t * d_out],
        }
    }
}

/// One trial being filled by a generator.
pub(crate) struct Trial<'a> {
    pub n_t: usize,
    pub d_in: usize,
    pub d_out: usize,
    pub input: &'a mut [f64],
    pub target: &'a mut [f64],
    pub mask: &'a mut [f64],
}

impl Trial<'_> {
    /// Adds `v` to input channel `i` over steps `[from, to)` (clipped to the trial).
    pub fn add_input(&mut self, i: usize, from: usize, to: usize, v: f64) {
        for k in from..to.min(self.n_t) {
            self.input[k * self.d_in + i] += v;
        }
    }

    /// Sets target `v` and mask `m` of output `o` over steps `[from, to)` (clipped).
    pub fn set_target(&mut self, o: usize, from: usize, to: usize, v: f64, m: f64) {
        for k in from..to.min(self.n_t) {
            self.target[k * self.d_out + o] = v;
            self.mask[k * self.d_out + o] = m;
        }
    }
}

#[cfg(test)]
mod tests;
