//! The plan's one-line description for the report's set-up line.

use super::Plan;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;

impl Plan {
    /// One line for the report.
    pub fn describe(&self) -> String {
        let uniform = |ti: usize| {
            let t = self.tasks[ti];
            self.task_n(t) == self.n
                && self.steps_of(t, OutputScale::Large, 0.7) == self.steps[ti]
                && self.chaotic_of(t, 1.5).is_none()
                && self.lr_of(t, OutputScale::Large) == self.lr_of(t, OutputScale::Small)
        };
        let scaled = self.tasks.iter().any(|&t| {
            self.lr_of(t, OutputScale::Small) != 1.0 || self.lr_of(t, OutputScale::Large) != 1.0
        });
        let per_task: Vec<String> = (0..self.tasks.len())
            .map(|ti| self.describe_task(ti, scaled && !uniform(ti)))
            .collect();
        let lr = if scaled {
            "lr = m lr0/N with the published lr0 times m (Mante's large g = 1.5 scenario \
             keeps its published lr0, already 10x the others')"
        } else {
            "lr = lr0/N with the published lr0"
        };
        format!(
            "{} set-up: N = {}, batch {}, {} networks per (task, output scale) at g = 1.5{} and \
             {} at g = 0.7, training steps{}: {}; {lr}, master seed {}",
            self.size.name(),
            self.n,
            self.batch,
            self.seeds_chaotic,
            self.networks_odd(),
            self.seeds_decaying,
            if scaled { " and m" } else { "" },
            per_task.join(", "),
            self.seed
        )
    }

    /// The tasks with their own count of networks at g = 1.5 (other than `seeds_chaotic`),
    /// with that count, in the plan's order.
    pub fn own_networks(&self) -> Vec<(TaskKind, usize)> {
        (self.tasks.iter())
            .map(|&t| (t, self.networks_of(t, 1.5)))
            .filter(|&(_, k)| k != self.seeds_chaotic)
            .collect()
    }

    /// [`Self::own_networks`] grouped by count, as (count, the tasks' names joined by
    /// [`and_list`]), counts in the order of their first task.
    pub fn own_networks_named(&self) -> Vec<(usize, String)> {
        let own = self.own_networks();
        let mut counts: Vec<usize> = Vec::new();
        for &(_, k) in &own {
            if !counts.contains(&k) {
                counts.push(k);
            }
        }
        (counts.into_iter())
            .map(|k| {
                let names: Vec<&str> = (own.iter())
                    .filter(|&&(_, c)| c == k)
                    .map(|(t, _)| t.name())
                    .collect();
                (k, and_list(&names))
            })
            .collect()
    }

    /// ` (cycling, romo and complex-sine 5)`: the tasks with their own count of networks at
    /// g = 1.5, or nothing.
    fn networks_odd(&self) -> String {
        let odd: Vec<String> = (self.own_networks_named().into_iter())
            .map(|(k, names)| format!("{names} {k}"))
            .collect();
        if odd.is_empty() {
            String::new()
        } else {
            format!(" ({})", odd.join(", "))
        }
    }

    /// `cycling 300 x1`, with the large-output steps and factor and the task's N where they
    /// differ from the plan's.
    fn describe_task(&self, ti: usize, scaled: bool) -> String {
        let t = self.tasks[ti];
        let (small, large) = (OutputScale::Small, OutputScale::Large);
        let mut s = format!("{} {}", t.name(), self.steps[ti]);
        if scaled || self.lr_of(t, small) != 1.0 {
            s.push_str(&format!(" x{}", self.lr_of(t, small)));
        }
        let (st, m) = (self.steps_of(t, large, 0.7), self.lr_of(t, large));
        if st != self.steps[ti] || m != self.lr_of(t, small) {
            s.push_str(&format!(" (large output {st} x{m})"));
        }
        if let Some(c) = self.chaotic_of(t, 1.5) {
            let at = c.n.map_or(String::new(), |n| format!(" at N = {n}"));
            s.push_str(&format!(" (g = 1.5: {} x{}{at})", c.steps, c.lr));
        }
        if self.task_n(t) != self.n {
            s.push_str(&format!(" at N = {}", self.task_n(t)));
        }
        if self.extend_of(t) > 1.0 {
            s.push_str(&format!(
                " (up to {}x the steps while on the zero-output plateau",
                self.extend_of(t)
            ));
            let f = self.small_decaying_line(t);
            if f != super::super::learned::LEARNED_FRACTION {
                s.push_str(&format!(
                    ", for the small-output g = 0.7 ones until below {f} of the zero-output loss"
                ));
            }
            s.push(')');
        }
        s
    }

    /// The plan's lr factor of `task`'s (g = 0.7) networks of output scale `scale`.
    fn lr_of(&self, task: TaskKind, scale: OutputScale) -> f64 {
        self.lr_factor(task, scale, 0.7)
    }
}

/// The pairs of `k` networks, k (k - 1) / 2 (the dissimilarity's mean is over them).
pub fn pairs(k: usize) -> usize {
    k * k.saturating_sub(1) / 2
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
