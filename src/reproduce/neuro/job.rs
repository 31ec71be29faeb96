//! One grid cell: train a network, then measure it. The result is a small serialisable
//! [`Record`]; the trained weights travel with it (single precision) so that the measures
//! that need two networks (the dissimilarity of Fig. 4) can be computed when the records
//! are collected.

use super::learned::{zero_output_loss, Extension};
use super::measure::{measure, sketch, Sketch, StateMeasures};
use super::plan::{Job, Plan};
use super::robust::{robustness, Robustness};
use oblique_theory::nonlinearity::Builtin;
use oblique_validate::rnn::network::{Noise, TaskNetwork};
use oblique_validate::rnn::tasks::{TaskKind, DT};
use oblique_validate::rnn::train::{simulate, Precision, TrainConfig, Trainer};
use serde::{Deserialize, Serialize};

/// The trained weights, row-major, in single precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// `W` (N x N)
    pub w: Vec<f32>,
    /// `W_in` (N x d_in)
    pub w_in: Vec<f32>,
    /// `W_out` (d_out x N)
    pub w_out: Vec<f32>,
}

/// What a job keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// the grid cell
    pub job: Job,
    /// mean training loss over the last 10% of the steps
    pub final_loss: f64,
    /// the steps trained (the scheduled ones, or more under `super::learned`); absent in
    /// the shard files of earlier versions
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<usize>,
    /// the noise-free measures (Figs. 3, 16)
    pub state: StateMeasures,
    /// noise compression and perturbations (Figs. 5, 6, 16G-H), when available
    pub robust: Robustness,
    /// the trained weights
    pub weights: Weights,
    /// cycling only: both contexts' noise-free trajectories on PC1-3 (Fig. 4A-B); absent
    /// in the shard files of earlier versions, which stay readable
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sketch: Option<Sketch>,
}

impl Record {
    /// The trained network (weights widened back to double precision).
    pub fn network(&self) -> anyhow::Result<TaskNetwork> {
        let wide = |v: &[f32]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
        let (task, n) = (
            self.job.task,
            self.weights.w_out.len() / self.job.task.d_out(),
        );
        let net = TaskNetwork {
            n,
            d_in: task.d_in(),
            d_out: task.d_out(),
            w: wide(&self.weights.w),
            w_in: wide(&self.weights.w_in),
            w_out: wide(&self.weights.w_out),
            h0: vec![0.0; n],
            nonlinearity: Builtin::Tanh,
            dt: DT,
        };
        net.validate()?;
        Ok(net)
    }
}

/// What a job reports while it trains: every step, and every step beyond the scheduled
/// ones (the plateau extension of [`super::learned`]); and the grid, when a job is done.
pub trait StepProgress: Sync {
    /// one training step done
    fn step(&self);
    /// one step more than scheduled is about to run
    fn extra_step(&self);
    /// one job trained and measured (or failed)
    fn job_done(&self) {}
}

/// No report.
pub struct Silent;

impl StepProgress for Silent {
    fn step(&self) {}
    fn extra_step(&self) {}
}

/// Trains the network of `job` (one thread; jobs run in parallel) and measures it.
pub fn run_job(plan: &Plan, job: &Job) -> anyhow::Result<Record> {
    run_job_reporting(plan, job, &Silent)
}

/// [`run_job`], reporting each training step to `progress`.
pub fn run_job_reporting(
    plan: &Plan,
    job: &Job,
    progress: &dyn StepProgress,
) -> anyhow::Result<Record> {
    let preset = plan.preset(job);
    let mut cfg = TrainConfig::new(preset);
    cfg.seed = job.seed;
    cfg.threads = 1;
    cfg.corr_every = usize::MAX;
    let mut run = Trainer::new(cfg)?;
    let rule = plan.extension(job, preset.steps, zero_output_loss(&run.eval));
    let (losses, steps) = train(&mut run, &rule, job, progress)?;
    let tr = run.simulate(&run.net, &run.eval, Noise::NONE);
    let state = measure(&run.net, &tr);
    let sketch = (job.task == TaskKind::Cycling).then(|| sketch(&tr, 2));
    let robust = robustness(&run.net, &run.eval, job, plan.size);
    let narrow = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
    Ok(Record {
        job: *job,
        final_loss: losses.iter().sum::<f64>() / losses.len() as f64,
        steps: Some(steps),
        state,
        robust,
        weights: Weights {
            w: narrow(&run.net.w),
            w_in: narrow(&run.net.w_in),
            w_out: narrow(&run.net.w_out),
        },
        sketch,
    })
}

/// Trains `run` under `rule`; returns the losses of the last tenth of the scheduled steps
/// (of the last block when the rule extended the training) and the steps trained.
fn train(
    run: &mut Trainer,
    rule: &Extension,
    job: &Job,
    progress: &dyn StepProgress,
) -> anyhow::Result<(Vec<f64>, usize)> {
    let block = rule.block();
    let mut losses: Vec<f64> = Vec::with_capacity(rule.max_steps);
    while rule.go_on(losses.len(), &losses[losses.len().saturating_sub(block)..]) {
        if losses.len() >= rule.steps {
            progress.extra_step();
        }
        let rec = run.step().map_err(|e| {
            anyhow::anyhow!(
                "{} ({} output, g = {}, sample {}): {e}",
                job.task.name(),
                job.scale.name(),
                job.g,
                job.sample
            )
        })?;
        losses.push(rec.loss);
        progress.step();
    }
    let steps = losses.len();
    Ok((losses.split_off(steps - block.min(steps)), steps))
}

/// Every job of `jobs`, trained and measured one after the other (the unit tests' grids).
#[cfg(test)]
pub fn run_all(plan: &Plan, jobs: &[Job]) -> Vec<Record> {
    jobs.iter().map(|j| run_job(plan, j).unwrap()).collect()
}

/// Noise-free trajectories of `net` on its task's evaluation batch (one thread).
pub fn noise_free(
    net: &TaskNetwork,
    eval: &oblique_validate::rnn::tasks::TaskBatch,
) -> anyhow::Result<oblique_validate::rnn::record::Trajectories> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    Ok(simulate(net, eval, Noise::NONE, Precision::F32, &pool))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_plan(task: TaskKind) -> Plan {
        Plan::tiny(task, 1, 20, 3)
    }

    fn var(v: &[f64]) -> f64 {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64
    }

    /// A cycling job keeps both contexts' sketch; the variances along its three PCs follow
    /// the explained-variance curve of the measures (the eigenvalues of the same PCA).
    #[test]
    fn cycling_jobs_keep_a_three_pc_sketch_of_both_contexts() {
        let plan = tiny_plan(TaskKind::Cycling);
        let rec = run_job(&plan, &plan.jobs()[0]).unwrap();
        let sk = rec.sketch.as_ref().expect("a cycling record has a sketch");
        assert_eq!(sk.trials.len(), 2);
        assert!((sk.t0 - 10.0).abs() < 1e-9 && (sk.dt - 0.4).abs() < 1e-9);
        let n_t = TaskKind::Cycling.batch(1, None, 0, 0, 1).n_t;
        for t in &sk.trials {
            assert_eq!(t.len(), (n_t - 50).div_ceil(2));
            assert!(t.iter().flatten().all(|v| v.is_finite()));
        }
        let pc = |j: usize| -> Vec<f64> {
            sk.trials
                .iter()
                .flat_map(|t| t.iter().map(move |p| p[j] as f64))
                .collect()
        };
        // the 32 noise-free evaluation trials are the two contexts repeated, so the
        // variance of the sketch along PC j is eigenvalue j (up to the stride of 2)
        let c = &rec.state.cevr;
        let ev = [c[0], c[1] - c[0], c[2] - c[1]];
        let v = [var(&pc(0)), var(&pc(1)), var(&pc(2))];
        for j in 1..3 {
            let (want, got) = (ev[j] / ev[0], v[j] / v[0]);
            assert!(
                (got - want).abs() < 0.05 * want + 1e-3,
                "PC{}: {got} vs {want}",
                j + 1
            );
        }
    }

    /// Records without the field (shard files of earlier versions) still read; other
    /// tasks write none.
    #[test]
    fn records_without_a_sketch_stay_readable() {
        let plan = tiny_plan(TaskKind::Flipflop);
        let rec = run_job(&plan, &plan.jobs()[0]).unwrap();
        assert!(rec.sketch.is_none());
        let json = serde_json::to_value(&rec).unwrap();
        assert!(json.get("sketch").is_none());
        let back: Record = serde_json::from_value(json).unwrap();
        assert_eq!(back, rec);
        let mut with = rec.clone();
        with.sketch = Some(Sketch {
            t0: 10.0,
            dt: 0.4,
            trials: vec![vec![[1.0, 2.0, 3.0]]],
        });
        let text = serde_json::to_string(&with).unwrap();
        assert_eq!(serde_json::from_str::<Record>(&text).unwrap(), with);
    }

    /// Counts what a job reports.
    #[derive(Default)]
    struct Counted {
        steps: std::sync::atomic::AtomicUsize,
        extra: std::sync::atomic::AtomicUsize,
    }

    impl StepProgress for Counted {
        fn step(&self) {
            self.steps
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        fn extra_step(&self) {
            self.extra
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Five scheduled steps leave a cycling network on the zero-output plateau, so the
    /// plateau extension (x3) trains on, a block at a time: every step is reported, and
    /// those past the schedule also as extra steps.
    #[test]
    fn a_job_reports_every_step_and_the_extension_as_extra_steps() {
        let plan = Plan {
            steps: vec![5],
            extend: vec![3.0],
            ..tiny_plan(TaskKind::Cycling)
        };
        let job = plan.jobs()[0];
        let counted = Counted::default();
        let rec = run_job_reporting(&plan, &job, &counted).unwrap();
        let steps = rec.steps.unwrap();
        assert!(
            steps > 5,
            "trained {steps} steps: the extension did not run"
        );
        let got = |a: &std::sync::atomic::AtomicUsize| a.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(got(&counted.steps), steps);
        assert_eq!(got(&counted.extra), steps - 5);
    }
}
