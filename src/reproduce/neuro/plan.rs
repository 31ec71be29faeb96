//! The grid of trained networks behind Figs. 3-6 and 16: task x output scale x g x seed,
//! in three sizes (quick, default, paper), and its partition into shards.
//!
//! Every grid cell is an independent [`Job`]: train one network, then measure it on the
//! shared evaluation batch of its task. The job list is a pure function of the [`Plan`]
//! (size and master seed), so `--shard K/M` runs and `--collect` agree on it.

use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::presets::{self, Preset};
use oblique_validate::rnn::tasks::TaskKind;
use serde::{Deserialize, Serialize};

/// The five neuroscience tasks, in the published order.
pub const TASKS: [TaskKind; 5] = [
    TaskKind::Cycling,
    TaskKind::Flipflop,
    TaskKind::Mante,
    TaskKind::Romo,
    TaskKind::ComplexSine,
];

/// Short task labels for the figures.
pub fn task_label(t: TaskKind) -> &'static str {
    match t {
        TaskKind::Cycling => "Cycling",
        TaskKind::Flipflop => "3-bit flipflop",
        TaskKind::Mante => "Mante",
        TaskKind::Romo => "Romo",
        TaskKind::ComplexSine => "Complex sine",
        TaskKind::Sine => "Sine",
    }
}

pub use crate::reproduce::config::Size;

/// The whole grid: the size, the master seed and the numbers they imply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// the set-up
    pub size: Size,
    /// master seed
    pub seed: u64,
    /// neurons
    pub n: usize,
    /// tasks
    pub tasks: Vec<TaskKind>,
    /// networks per (task, scale) at g = 1.5 (Figs. 3-6 and 16)
    pub seeds_chaotic: usize,
    /// networks per (task, scale) at g = 0.7 (Fig. 16 only)
    pub seeds_decaying: usize,
    /// training steps per task (same order as `tasks`)
    pub steps: Vec<usize>,
    /// trials per training step
    pub batch: usize,
}

/// One grid cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// index in the plan's job list
    pub id: usize,
    /// task
    pub task: TaskKind,
    /// initial output scale
    pub scale: OutputScale,
    /// gain of the initial `W`
    pub g: f64,
    /// network index within its (task, scale, g) group
    pub sample: usize,
    /// network seed (derived from the master seed)
    pub seed: u64,
}

impl Plan {
    /// The grid of `size` with master seed `seed`.
    pub fn new(size: Size, seed: u64) -> Self {
        match size {
            Size::Quick => Plan {
                size,
                seed,
                n: 32,
                tasks: vec![TaskKind::Flipflop, TaskKind::Romo],
                seeds_chaotic: 2,
                seeds_decaying: 2,
                steps: vec![60, 60],
                batch: 16,
            },
            Size::Default => Plan {
                size,
                seed,
                n: 128,
                tasks: TASKS.to_vec(),
                seeds_chaotic: 3,
                seeds_decaying: 2,
                steps: vec![300, 400, 400, 500, 500],
                batch: 32,
            },
            Size::Paper => Plan {
                size,
                seed,
                n: 512,
                tasks: TASKS.to_vec(),
                seeds_chaotic: 5,
                seeds_decaying: 5,
                steps: TASKS
                    .iter()
                    .map(|&t| presets::paper(t, OutputScale::Small, 1.5).steps)
                    .collect(),
                batch: 32,
            },
        }
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        let steps: Vec<String> = self
            .tasks
            .iter()
            .zip(&self.steps)
            .map(|(t, s)| format!("{} {s}", t.name()))
            .collect();
        format!(
            "{} set-up: N = {}, batch {}, {} networks per (task, output scale) at g = 1.5 and {} \
             at g = 0.7, training steps {}, lr = lr0/N with the published lr0, master seed {}",
            self.size.name(),
            self.n,
            self.batch,
            self.seeds_chaotic,
            self.seeds_decaying,
            steps.join(", "),
            self.seed
        )
    }

    /// Every job, in a fixed order: task, g (1.5 first), output scale (small first), sample.
    pub fn jobs(&self) -> Vec<Job> {
        let mut out = Vec::new();
        for (ti, &task) in self.tasks.iter().enumerate() {
            for (g, count) in [(1.5, self.seeds_chaotic), (0.7, self.seeds_decaying)] {
                for scale in [OutputScale::Small, OutputScale::Large] {
                    for sample in 0..count {
                        let salt = ((ti as u64) << 32)
                            ^ ((presets::scenario(scale, g) as u64) << 16)
                            ^ sample as u64;
                        out.push(Job {
                            id: out.len(),
                            task,
                            scale,
                            g,
                            sample,
                            seed: sub_seed(self.seed, salt),
                        });
                    }
                }
            }
        }
        out
    }

    /// The training set-up of `job`: the paper's preset with this plan's N, batch and steps.
    pub fn preset(&self, job: &Job) -> Preset {
        let mut p = presets::paper(job.task, job.scale, job.g);
        p.n = self.n;
        p.batch = self.batch;
        let ti = self.tasks.iter().position(|&t| t == job.task).unwrap_or(0);
        p.steps = self.steps[ti];
        p
    }
}

/// The jobs of shard `k` of `m` (1-based `k`): job `i` belongs to shard `i mod m + 1`, so
/// the shards are equal up to one job and mix cheap and expensive tasks.
pub fn shard_jobs(jobs: &[Job], k: usize, m: usize) -> Vec<Job> {
    jobs.iter().filter(|j| j.id % m + 1 == k).copied().collect()
}

/// A derived seed (splitmix64 finaliser), stable across runs and thread counts.
pub fn sub_seed(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_is_in_exactly_one_shard() {
        for size in [Size::Quick, Size::Default, Size::Paper] {
            let jobs = Plan::new(size, 7).jobs();
            for m in [1, 2, 3, 7, jobs.len(), jobs.len() + 5] {
                let mut seen = vec![0usize; jobs.len()];
                let mut sizes = Vec::new();
                for k in 1..=m {
                    let part = shard_jobs(&jobs, k, m);
                    sizes.push(part.len());
                    for j in part {
                        seen[j.id] += 1;
                    }
                }
                assert!(seen.iter().all(|&c| c == 1), "{size:?} m = {m}: {seen:?}");
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(hi - lo <= 1, "{size:?} m = {m}: unequal shards {sizes:?}");
            }
        }
    }

    #[test]
    fn the_paper_grid_is_the_published_one() {
        let p = Plan::new(Size::Paper, 1);
        let jobs = p.jobs();
        // 5 networks x 4 scenarios x 5 tasks
        assert_eq!(jobs.len(), 100);
        assert_eq!(p.steps, vec![1000, 4000, 4000, 6000, 6000]);
        let mante_large = jobs
            .iter()
            .find(|j| j.task == TaskKind::Mante && j.scale == OutputScale::Large && j.g > 1.0)
            .unwrap();
        let pre = p.preset(mante_large);
        assert_eq!((pre.n, pre.steps, pre.lr0), (512, 4000, 0.02));
        // seeds differ between cells and are reproducible
        let mut seeds: Vec<u64> = jobs.iter().map(|j| j.seed).collect();
        seeds.sort_unstable();
        seeds.dedup();
        assert_eq!(seeds.len(), 100);
        assert_eq!(Plan::new(Size::Paper, 1).jobs(), jobs);
        assert_ne!(Plan::new(Size::Paper, 2).jobs()[0].seed, jobs[0].seed);
    }
}
