//! The grid's progress in training steps: a network of the published set-up trains for half
//! an hour, so a count of finished networks alone would stand still that long. The bar
//! counts the scheduled training steps of all jobs (grown by the steps the plateau extension
//! adds) and its label the finished networks, e.g.
//!
//! ```text
//! grid, 2/6 networks done: training steps: 13100/36000 (36%), elapsed 25m 10s, 8.68/s, eta 44m 00s
//! ```
//!
//! The steps reach their total when the last network has trained; the measures of the
//! networks that follow (perturbations, noise compression) are not counted, so the bar
//! then waits at 100% until the label says every network is done. A job that fails counts
//! as done.

use super::job::StepProgress;
use super::plan::{Job, Plan};
use indicatif::ProgressBar;
use std::sync::Mutex;

/// The progress of a grid of `networks` jobs with `steps` scheduled training steps in all.
pub struct GridBar {
    bar: ProgressBar,
    /// the networks done; the label is set under the lock, so it never goes backwards
    done: Mutex<usize>,
    networks: usize,
}

impl GridBar {
    /// A bar on stderr ([`crate::io::progress::bar`]: a terminal bar, or plain lines).
    pub fn new(steps: u64, networks: usize) -> Self {
        Self::on(
            crate::io::progress::bar(steps, &label(0, networks)),
            networks,
        )
    }

    /// The same on a given bar (tests use a hidden one).
    pub fn on(bar: ProgressBar, networks: usize) -> Self {
        bar.set_message(label(0, networks));
        GridBar {
            bar,
            done: Mutex::new(0),
            networks,
        }
    }

    /// One network trained and measured.
    fn network_done(&self) {
        // a poisoned lock still holds a count (a panicking job cannot leave it half-updated)
        let mut k = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *k += 1;
        self.bar.set_message(label(*k, self.networks));
    }

    /// Ends the bar (and its plain lines).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// Steps done and steps in all, as the bar holds them.
    #[cfg(test)]
    fn counts(&self) -> (u64, u64) {
        (self.bar.position(), self.bar.length().unwrap_or(0))
    }

    /// The bar's label.
    #[cfg(test)]
    fn message(&self) -> String {
        self.bar.message()
    }
}

impl StepProgress for GridBar {
    fn step(&self) {
        self.bar.inc(1);
    }
    fn extra_step(&self) {
        self.bar.inc_length(1);
    }
    fn job_done(&self) {
        self.network_done();
    }
}

/// The training steps `jobs` are scheduled for (without the plateau extension).
pub fn scheduled_steps(plan: &Plan, jobs: &[Job]) -> u64 {
    jobs.iter()
        .map(|j| plan.steps_of(j.task, j.scale, j.g) as u64)
        .sum()
}

fn label(done: usize, networks: usize) -> String {
    format!("grid, {done}/{networks} networks done: training steps")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::neuro::grid::run_jobs;
    use crate::reproduce::neuro::plan::Plan;
    use oblique_validate::rnn::tasks::TaskKind;

    #[test]
    fn the_bar_counts_every_step_and_every_network() {
        let plan = Plan {
            steps_large: vec![5],
            extend: vec![1.0],
            ..Plan::tiny(TaskKind::Flipflop, 2, 7, 3)
        };
        let jobs = plan.jobs();
        assert_eq!(jobs.len(), 4);
        // two small-output networks of 7 steps, two large-output ones of 5
        assert_eq!(scheduled_steps(&plan, &jobs), 24);
        let bar = GridBar::on(ProgressBar::hidden(), jobs.len());
        bar.bar.set_length(24);
        let records = run_jobs(&plan, &jobs, &bar, &|_| Ok(())).unwrap();
        assert_eq!(records.len(), 4);
        assert_eq!(bar.counts(), (24, 24));
        assert_eq!(bar.message(), "grid, 4/4 networks done: training steps");
    }

    #[test]
    fn steps_beyond_the_schedule_lengthen_the_bar() {
        let bar = GridBar::on(ProgressBar::hidden(), 1);
        bar.bar.set_length(3);
        for _ in 0..3 {
            bar.step();
        }
        bar.extra_step();
        bar.step();
        assert_eq!(bar.counts(), (4, 4));
    }
}
