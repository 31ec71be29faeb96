//! The computed grid: every job's [`Record`] plus the measures between networks (the
//! dissimilarity between learners, Fig. 4C and 16D, paper-methods 3.6).

use super::job::{noise_free, run_job_reporting, Record, StepProgress};
use super::measure::states_from;
use super::plan::{Job, Plan};
use oblique_validate::regime::procrustes::procrustes;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::{steps_of, TaskKind};
use oblique_validate::rnn::train::{eval_batch, T_PC_MIN};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The angular Procrustes dissimilarity of one pair of networks of the same cell group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dissim {
    /// task
    pub task: TaskKind,
    /// output scale
    pub scale: OutputScale,
    /// gain
    pub g: f64,
    /// first network (sample index)
    pub i: usize,
    /// second network
    pub j: usize,
    /// dissimilarity in radians
    pub angle: f64,
}

/// Everything the figures and the report need.
#[derive(Debug, Clone)]
pub struct Grid {
    /// the plan
    pub plan: Plan,
    /// one record per job, in job order
    pub records: Vec<Record>,
    /// every pair within each (task, scale, g) group
    pub dissim: Vec<Dissim>,
    /// seconds spent training and measuring (0 for collected records)
    pub seconds: f64,
    /// CPU seconds of this process (all threads) spent training and measuring (0 for
    /// collected records): comparable between idle and loaded machines, unlike `seconds`
    pub cpu_seconds: f64,
    /// The output/random noise ratios (aligned, oblique) of the Fig. 2 cycling pair when Fig. 2
    /// was reproduced in the same run: Fig. 6 marks them, as published
    pub fig2_noise: Option<[f64; 2]>,
}

impl Grid {
    /// The records of one (task, scale, g) group, in sample order.
    pub fn group(&self, task: TaskKind, scale: OutputScale, g: f64) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.job.task == task && r.job.scale == scale && r.job.g == g)
            .collect()
    }
    /// The dissimilarities of one group.
    pub fn dissim_of(&self, task: TaskKind, scale: OutputScale, g: f64) -> Vec<f64> {
        self.dissim
            .iter()
            .filter(|d| d.task == task && d.scale == scale && d.g == g)
            .map(|d| d.angle)
            .collect()
    }
}

/// What [`run_jobs`] does with each record the moment its job is done (a shard keeps it
/// on disk, [`super::checkpoint`]); an error fails that job.
pub type Keep<'a> = dyn Fn(&Record) -> anyhow::Result<()> + Sync + 'a;

/// Runs `jobs` in parallel, one per thread of the current rayon pool's size (each network
/// on one thread, so the numbers do not depend on the thread count); `progress` hears of
/// every training step and every finished job, and `keep` of every record. The records come back in the order of `jobs`.
///
/// The jobs are handed out one at a time, most expensive first ([`job_cost`]), by
/// [`oblique_validate::jobs::run_in_list_order`] (plain threads: each trainer computes in
/// its own one-thread pool, and as rayon tasks the grid's jobs nested inside each other's
/// waits, 1.55 of 2 cores busy). The grid mixes networks whose training costs differ
/// tenfold (Romo and complex sine at N = 256 against flip-flop at N = 128).
pub fn run_jobs(
    plan: &Plan,
    jobs: &[Job],
    progress: &dyn StepProgress,
    keep: &Keep<'_>,
) -> anyhow::Result<Vec<Record>> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by(|&a, &b| job_cost(plan, &jobs[b]).total_cmp(&job_cost(plan, &jobs[a])));
    let mut done = oblique_validate::jobs::run_in_list_order(&order, |&i| {
        let r = run_job_reporting(plan, &jobs[i], progress).and_then(|rec| {
            keep(&rec)?;
            Ok(rec)
        });
        progress.job_done();
        (i, r)
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The relative training cost of a job, for the schedule of [`run_jobs`]: steps x N^2 x the
/// trial length (the recurrent product dominates the step), with the most steps the
/// plateau extension allows (`super::learned`), so that a job that may train on starts
/// early instead of running alone at the end.
fn job_cost(plan: &Plan, job: &Job) -> f64 {
    let n = plan.n_of(job.task, job.g) as f64;
    let steps =
        plan.steps_of(job.task, job.scale, job.g) as f64 * plan.extend_of(job.task).max(1.0);
    steps * n * n * job.task.t_max()
}

/// Assembles the grid from a complete set of records (any order): sorts them, checks that
/// every job of the plan is there once, and computes the dissimilarities.
pub fn assemble(plan: Plan, mut records: Vec<Record>, seconds: f64) -> anyhow::Result<Grid> {
    records.sort_by_key(|r| r.job.id);
    let jobs = plan.jobs();
    if records.len() != jobs.len() || records.iter().zip(&jobs).any(|(r, j)| r.job != *j) {
        anyhow::bail!(
            "the records do not match the {} plan: {} records for {} jobs",
            plan.size.name(),
            records.len(),
            jobs.len()
        );
    }
    let mut groups: Vec<(TaskKind, OutputScale, f64)> = Vec::new();
    for j in &jobs {
        if !groups.contains(&(j.task, j.scale, j.g)) {
            groups.push((j.task, j.scale, j.g));
        }
    }
    let dissim: Vec<Vec<Dissim>> = groups
        .par_iter()
        .map(|&(task, scale, g)| group_dissim(&plan, &records, task, scale, g))
        .collect::<anyhow::Result<_>>()?;
    Ok(Grid {
        plan,
        records,
        dissim: dissim.into_iter().flatten().collect(),
        seconds,
        cpu_seconds: 0.0,
        fig2_noise: None,
    })
}

/// All pairs `i < j` of one group, on the task's shared evaluation batch (noise-free,
/// `t >= 10`).
fn group_dissim(
    plan: &Plan,
    records: &[Record],
    task: TaskKind,
    scale: OutputScale,
    g: f64,
) -> anyhow::Result<Vec<Dissim>> {
    let members: Vec<&Record> = records
        .iter()
        .filter(|r| r.job.task == task && r.job.scale == scale && r.job.g == g)
        .collect();
    let Some(first) = members.first() else {
        return Ok(Vec::new());
    };
    let eval = eval_batch(&plan.preset(&first.job), None);
    let states = members
        .iter()
        .map(|r| {
            let tr = noise_free(&r.network()?, &eval)?;
            Ok(states_from(&tr, steps_of(T_PC_MIN)))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for a in 0..members.len() {
        for b in a + 1..members.len() {
            out.push(Dissim {
                task,
                scale,
                g,
                i: members[a].job.sample,
                j: members[b].job.sample,
                angle: procrustes(&states[a], &states[b])?.angle,
            });
        }
    }
    Ok(out)
}
