//! The estimators: the memory and work of each command from its parameters (the large
//! arrays it allocates, 8 bytes per `f64`, and the multiply-adds of its inner loops).

use super::Cost;
use oblique_theory::format::num;

/// Bytes per `f64`.
const F64: f64 = 8.0;

/// `oblique simulate`: states, `phi` and `W phi` (`3 N batch`), outputs and latents
/// (`3 (steps + 1) batch`), and with a bulk (`dense`) the `N x N` matrices `J` and `W`;
/// per step `~10 N` operations per trial (low rank) or `2 N^2` (dense).
pub fn simulate_cost(n: usize, batch: usize, steps: usize, dense: bool) -> Cost {
    let (n, b, s) = (n as f64, batch as f64, steps as f64);
    let matrices = if dense { 2.0 * n * n } else { 2.0 * n };
    let per_step = if dense { 2.0 * n * n } else { 10.0 * n };
    Cost {
        what: format!(
            "simulating N = {} neurons x {} trials x {} steps",
            num(n),
            num(b),
            num(s)
        ),
        bytes: F64 * (3.0 * n * b + 3.0 * (s + 1.0) * b + matrices),
        work: s * b * per_step,
        memory_flag: if dense && n * n > 3.0 * n * b {
            "--n (or --g 0: the low-rank path needs no N x N matrix)"
        } else {
            "--n, --batch or --t-max (or raise --dt)"
        },
        work_flag: "--t-max, --batch or --n (or raise --dt)",
    }
}

/// `oblique train rank2`: BPTT keeps `phi'(x_k)` and `x_k` for every time point
/// (`2 (T + 1) N` per trial, for the larger of the training and evaluation batches), the
/// bulk `J` when `g > 0`, and one record per step; work `~12 N T` per trial and step
/// (`2 N^2 T` with a bulk).
pub fn train_rank2_cost(
    n: usize,
    batch: usize,
    eval_batch: usize,
    time_points: usize,
    steps: usize,
    dense: bool,
) -> Cost {
    let (n, t, s) = (n as f64, time_points as f64, steps as f64);
    let b = batch.max(eval_batch) as f64;
    let bulk = if dense { 2.0 * n * n } else { 0.0 };
    let per = if dense { 2.0 * n * n } else { 12.0 * n };
    Cost {
        what: format!(
            "training M with N = {}, batch {}, evaluation batch {}, {} steps",
            num(n),
            num(batch as f64),
            num(eval_batch as f64),
            num(s)
        ),
        bytes: F64 * (2.0 * (t + 1.0) * n * b + bulk + 16.0 * s),
        work: s * batch as f64 * t * per + eval_batch as f64 * t * per,
        memory_flag: if 16.0 * s > 2.0 * (t + 1.0) * n * b {
            "--steps"
        } else if eval_batch > batch {
            "--eval-batch or --n"
        } else {
            "--batch or --n"
        },
        work_flag: "--steps, --batch or --n",
    }
}

/// `oblique train linear`: BPTT keeps `X_0..X_T` and the adjoints (`2 (T + 1) N` per
/// trial), plus `W`, its gradient and the optimiser state (`4 N^2`); work `4 N^2 T` per
/// trial and step.
pub fn train_linear_cost(n: usize, batch: usize, time_points: usize, steps: usize) -> Cost {
    let (n, b, t, s) = (n as f64, batch as f64, time_points as f64, steps as f64);
    Cost {
        what: format!(
            "training W with N = {}, batch {}, {} steps",
            num(n),
            num(b),
            num(s)
        ),
        bytes: F64 * (2.0 * (t + 1.0) * n * b + 4.0 * n * n + 12.0 * s),
        work: s * b * t * 4.0 * n * n,
        memory_flag: if 12.0 * s > 2.0 * (t + 1.0) * n * b + 4.0 * n * n {
            "--steps (or --fast-steps/--slow-steps)"
        } else {
            "--n or --batch"
        },
        work_flag: "--steps (or --fast-steps/--slow-steps), --batch or --n",
    }
}

/// `oblique linear --batch`: the SGD moment theory propagates covariances between every
/// pair of the `K = t_max / dt` time points of a trial (`~4 K^2` numbers, `~40 K^2`
/// operations per training step), read off a batch of `batch` trials (a target per time
/// point and trial, `batch (K + 2)` numbers).
pub fn sgd_moments_cost(time_points: usize, steps: usize, batch: usize) -> Cost {
    let (k, s, b) = (time_points as f64, steps as f64, batch as f64);
    let trials = b * (k + 2.0);
    Cost {
        what: format!(
            "the SGD moment theory with {} time points per trial, batch {}, over {} steps",
            num(k),
            num(b),
            num(s)
        ),
        bytes: F64 * (4.0 * k * k + trials),
        work: 40.0 * k * k * s,
        memory_flag: if trials > 4.0 * k * k {
            "--batch"
        } else {
            "--t-max (or raise --dt)"
        },
        work_flag: "--t-max, --fast-steps or --slow-steps (or raise --dt)",
    }
}

/// `oblique linear`: the curves of `samples` learning times per phase (closed form, flow,
/// SGD: about 50 numbers per sample, 323 bytes measured at 1e6 samples) and, with `full`
/// (`--space full`), the flow of all `N^2` entries of `W`: about 16 `N x N` matrices and an
/// `N x N` Schur-Lyapunov solve (`~30 N^3` operations) per evaluation, about 30 evaluations
/// per sample and phase (an over-estimate: N = 400 at the default 201 samples takes 184 s).
pub fn linear_flow_cost(n: usize, samples: usize, full: bool) -> Cost {
    let (nf, k) = (n as f64, samples as f64);
    let (matrices, work) = match full {
        true => (16.0 * nf * nf, 30.0 * nf.powi(3) * 30.0 * 2.0 * k),
        false => (0.0, 0.0),
    };
    Cost {
        what: format!(
            "the learning curves of N = {} neurons ({} space) at {} samples per phase",
            num(nf),
            if full { "full" } else { "rank-two" },
            num(k)
        ),
        bytes: F64 * (matrices + 50.0 * k),
        work,
        memory_flag: if matrices > 50.0 * k {
            "--n (or --space rank-two)"
        } else {
            "--samples"
        },
        work_flag: "--n or --samples (or --space rank-two)",
    }
}

/// `oblique flr`: about ten dense `N x N` matrices (`J`, the Jacobian, its Schur form, `C`,
/// `G`) and `P + 2 pairs` patterns of length `N`; work `~30 N^3` for the solves plus
/// `2 N^2` per pattern and pair.
pub fn flr_cost(n: usize, memories: usize, pairs: usize) -> Cost {
    let (n, p, q) = (n as f64, memories as f64, pairs as f64);
    Cost {
        what: format!(
            "the fluctuation-learning prediction with N = {}, {} memories, {} pairs",
            num(n),
            num(p),
            num(q)
        ),
        bytes: F64 * (10.0 * n * n + (p + 2.0 * q) * n),
        work: 30.0 * n * n * n + (p + 4.0 * q) * 2.0 * n * n,
        memory_flag: if p + 2.0 * q > 10.0 * n {
            "--memories or --pairs"
        } else {
            "--n"
        },
        work_flag: if p + 4.0 * q > 15.0 * n {
            "--memories or --pairs"
        } else {
            "--n"
        },
    }
}

/// `oblique sweep`: one row of about 16 numbers per grid point, and a mean-field solve
/// (`~2e4` operations) for each.
pub fn sweep_cost(points: f64) -> Cost {
    Cost {
        what: format!("a sweep over {} grid points", num(points)),
        bytes: F64 * 16.0 * points,
        work: 2e4 * points,
        memory_flag: "the counts of --lambda-plus, --lambda-minus or --n",
        work_flag: "the counts of --lambda-plus, --lambda-minus or --n",
    }
}

/// Trials of the evaluation batch of the task networks (`rnn::train::EVAL_BATCH`).
const EVAL_TRIALS: f64 = crate::rnn::train::EVAL_BATCH as f64;

/// `oblique train task`: the BPTT tape (`x` and `phi'`, `2 T N` per trial of the batch), the
/// four kept evaluation trajectories (`4 T N` per evaluation trial), `W` with its gradient,
/// its `f64` master and the two Adam moments (`5 N^2`) and one record per step; work
/// `6 N^2 T` per trial and step (the forward product, the backward one and `dW`).
pub fn train_task_cost(n: usize, batch: usize, time_points: usize, steps: usize) -> Cost {
    let (n, b, t, s) = (n as f64, batch as f64, time_points as f64, steps as f64);
    Cost {
        what: format!(
            "training a task network with N = {}, batch {}, {} time steps per trial, {} steps",
            num(n),
            num(b),
            num(t),
            num(s)
        ),
        bytes: F64 * ((2.0 * b + 4.0 * EVAL_TRIALS) * t * n + 5.0 * n * n + 8.0 * s),
        work: 6.0 * n * n * t * (b * s + 4.0 * EVAL_TRIALS),
        memory_flag: "--n or --batch",
        work_flag: "--steps, --batch or --n",
    }
}

/// `oblique simulate task`: the states of the evaluation trials and their `f32` copy for
/// `x.npy` (`1.5 T N` per trial in units of 8 bytes) and `W` (`N^2`); work `2 N^2 T` per
/// trial. `time_points` is a float so that any `--t-max` can be estimated.
pub fn simulate_task_cost(n: usize, time_points: f64) -> Cost {
    let (n, t) = (n as f64, time_points);
    Cost {
        what: format!(
            "simulating a task network of N = {} neurons for {} time steps x {} trials",
            num(n),
            num(t),
            num(EVAL_TRIALS)
        ),
        bytes: F64 * (1.5 * EVAL_TRIALS * t * n + n * n),
        work: 2.0 * n * n * t * EVAL_TRIALS,
        memory_flag: "--t-max",
        work_flag: "--t-max",
    }
}
