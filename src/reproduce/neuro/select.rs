//! `--tasks` and `--networks`: a part of the trained-network grid chosen by the user, in any
//! size. The networks kept are the same as in the whole grid (their seeds derive from the
//! task, scenario and sample, not from their place in the job list), so a selection at
//! `--paper` size is the published set-up for those tasks and scenarios.

use super::plan::{Plan, TASKS};
use oblique_validate::rnn::tasks::TaskKind;

/// Most networks per (task, output scale) at one gain.
pub const MAX_NETWORKS: usize = 100;

/// Why `fig16` cannot be drawn from a grid without networks at g = 0.7.
pub const NO_FIG16: &str =
    "--networks: fig16 needs networks at g = 0.7; give --networks A,B with B in 2..=100";

/// Bad `--tasks` / `--networks` input; every message names the flag and what it accepts.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SelectError {
    /// A name that is not one of the grid's five tasks.
    #[error(
        "--tasks {0:?}: not a task of the grid; expected a comma list of cycling, flipflop, \
         mante, romo, complex-sine (the sine task is Fig. 9's, not the grid's)"
    )]
    UnknownTask(String),
    /// The same task twice.
    #[error("--tasks: {0} is given twice")]
    RepeatedTask(String),
    /// A task that the grid of this size does not train (the quick grid has two).
    #[error("--tasks {task}: not in the {size} grid, whose tasks are {tasks}")]
    NotInGrid {
        /// the task asked for
        task: String,
        /// the size of the grid
        size: &'static str,
        /// the grid's tasks
        tasks: String,
    },
    /// Not `A` or `A,B` with whole numbers in range.
    #[error(
        "--networks {0:?}: expected CHAOTIC[,DECAYING], networks per (task, output scale) at \
         g = 1.5 (2..={MAX_NETWORKS}) and at g = 0.7 (0 or 2..={MAX_NETWORKS}), e.g. 5,0"
    )]
    BadNetworks(String),
}

/// The user's choice of part of the grid (none: the whole grid of the size).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// the tasks to train (`--tasks`), in any order; the plan keeps its own order
    pub tasks: Option<Vec<TaskKind>>,
    /// networks per (task, output scale) at g = 1.5 and, when given, at g = 0.7
    /// (`--networks`)
    pub networks: Option<(usize, Option<usize>)>,
}

impl Selection {
    /// Parses `--tasks` (a comma list) and `--networks` (`A` or `A,B`; `A` alone keeps the
    /// size's count at g = 0.7).
    ///
    /// ```
    /// use oblique::reproduce::neuro::select::Selection;
    /// let s = Selection::parse(Some("romo,cycling"), Some("5,0")).unwrap();
    /// assert_eq!(s.tasks.unwrap().len(), 2);
    /// assert_eq!(s.networks, Some((5, Some(0))));
    /// assert!(Selection::parse(Some("sine"), None).is_err());
    /// ```
    pub fn parse(tasks: Option<&str>, networks: Option<&str>) -> Result<Self, SelectError> {
        Ok(Selection {
            tasks: tasks.map(parse_tasks).transpose()?,
            networks: networks.map(parse_networks).transpose()?,
        })
    }

    /// True when nothing is selected (the whole grid).
    pub fn is_whole(&self) -> bool {
        self.tasks.is_none() && self.networks.is_none()
    }

    /// Applies the selection to `plan`. `--networks A` alone keeps the plan's count at
    /// g = 0.7. A task the plan does not train is an error.
    pub fn apply(&self, mut plan: Plan) -> Result<Plan, SelectError> {
        if let Some(keep) = &self.tasks {
            if let Some(t) = keep.iter().find(|t| !plan.tasks.contains(t)) {
                let names: Vec<&str> = plan.tasks.iter().map(|t| t.name()).collect();
                return Err(SelectError::NotInGrid {
                    task: t.name().into(),
                    size: plan.size.name(),
                    tasks: names.join(", "),
                });
            }
            plan = plan.select_tasks(keep);
        }
        if let Some((a, b)) = self.networks {
            let b = b.unwrap_or(plan.seeds_decaying);
            plan.set_networks(a, b);
        }
        Ok(plan)
    }
}

fn parse_tasks(s: &str) -> Result<Vec<TaskKind>, SelectError> {
    let mut out: Vec<TaskKind> = Vec::new();
    for name in s.split(',').map(str::trim) {
        let task = TASKS
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| SelectError::UnknownTask(name.to_string()))?;
        if out.contains(&task) {
            return Err(SelectError::RepeatedTask(name.to_string()));
        }
        out.push(task);
    }
    Ok(out)
}

fn parse_networks(s: &str) -> Result<(usize, Option<usize>), SelectError> {
    let bad = || SelectError::BadNetworks(s.to_string());
    let nums: Vec<usize> = s
        .split(',')
        .map(|x| x.trim().parse().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let (a, b) = match nums[..] {
        [a] => (a, None),
        [a, b] => (a, Some(b)),
        _ => return Err(bad()),
    };
    let ok = |n: usize| (2..=MAX_NETWORKS).contains(&n);
    if !ok(a) || b.is_some_and(|b| b != 0 && !ok(b)) {
        return Err(bad());
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::config::Size;

    #[test]
    fn bad_input_names_the_flag_and_the_range() {
        let e = |t: Option<&str>, n: Option<&str>| Selection::parse(t, n).unwrap_err().to_string();
        assert_eq!(
            e(Some("cycling,sine"), None),
            "--tasks \"sine\": not a task of the grid; expected a comma list of cycling, \
             flipflop, mante, romo, complex-sine (the sine task is Fig. 9's, not the grid's)"
        );
        assert_eq!(e(Some("romo,romo"), None), "--tasks: romo is given twice");
        assert!(e(Some(""), None).starts_with("--tasks \"\": not a task of the grid"));
        let range = "expected CHAOTIC[,DECAYING], networks per (task, output scale) at g = 1.5 \
                     (2..=100) and at g = 0.7 (0 or 2..=100), e.g. 5,0";
        for bad in ["1", "5,1", "101", "5,0,0", "", "x", "-2", "5,"] {
            assert_eq!(e(None, Some(bad)), format!("--networks {bad:?}: {range}"));
        }
    }

    #[test]
    fn a_selection_keeps_the_networks_of_the_whole_grid() {
        let whole = Plan::new(Size::Paper, 7);
        let sel = Selection::parse(Some("romo, cycling"), Some("3,0")).unwrap();
        let part = sel.apply(whole.clone()).unwrap();
        assert_eq!(part.tasks, vec![TaskKind::Cycling, TaskKind::Romo]);
        assert_eq!(part.steps, vec![1000, 6000]);
        let jobs = part.jobs();
        // 2 tasks x 2 output scales x 3 networks at g = 1.5, none at g = 0.7
        assert_eq!(jobs.len(), 12);
        for j in &jobs {
            let twin = whole
                .jobs()
                .into_iter()
                .find(|w| (w.task, w.scale, w.g, w.sample) == (j.task, j.scale, j.g, j.sample))
                .unwrap();
            assert_eq!(twin.seed, j.seed);
            assert_eq!(whole.preset(&twin), part.preset(j));
        }
        // `--networks A` alone keeps the size's count at g = 0.7
        let kept = Selection::parse(None, Some("4"))
            .unwrap()
            .apply(whole.clone())
            .unwrap();
        assert_eq!(
            (kept.seeds_chaotic, kept.seeds_decaying),
            (4, whole.seeds_decaying)
        );
        assert!(Selection::default().is_whole());
        assert_eq!(Selection::default().apply(whole.clone()), Ok(whole));
        let quick = Selection::parse(Some("cycling"), None).unwrap();
        assert_eq!(
            quick
                .apply(Plan::new(Size::Quick, 1))
                .unwrap_err()
                .to_string(),
            "--tasks cycling: not in the quick grid, whose tasks are flipflop, romo"
        );
    }
}
