//! `reproduce flr`: predicted against simulated learning speeds (fluctuation-learning
//! relationship, `theory/notes/flr.md`). Writes `flr_speed`, `flr_gain`, `flr_memories`
//! and `flr_failure` (PNG, SVG, CSV) and returns a [`FlrSummary`] for `REPORT.md`.

use super::plots;
use crate::io::output::write_csv;
use crate::plot::style::save_png_svg;
use indicatif::ProgressBar;
use oblique_theory::flr::{FlrTheory, LearningRule, LearningTask};
use oblique_validate::flr::{
    agreement, draw_pair, Agreement, FlrNetworkSpec, LearningSim, SpeedExperiment, SpeedPoint,
};
use plots::{Curves, Panels, Scatter};
use std::path::Path;
use std::time::Instant;

/// Numbers of `reproduce flr` for the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FlrSummary {
    /// quick variant?
    pub quick: bool,
    /// seed
    pub seed: u64,
    /// wall time in seconds
    pub seconds: f64,
    /// number of simulated learning runs
    pub runs: usize,
    /// measured vs linear theory (Eq. F10), linear regime
    pub exact: Agreement,
    /// measured vs FLR1 (Eq. F12)
    pub flr1: Agreement,
    /// measured vs FLR2 (Eq. F13)
    pub flr2: Agreement,
    /// log measured vs log FLR1 (positive measured speeds only)
    pub flr1_log: Agreement,
    /// measured time to threshold vs theta / FLR1 speed (Eq. F14)
    pub threshold: Agreement,
    /// threshold theta on dm
    pub theta: f64,
    /// (beta, mean measured, mean exact) at the smallest and largest simulated beta
    pub gain_range: [(f64, f64, f64); 2],
    /// (P, mean measured, mean exact) at the smallest and largest simulated P
    pub memory_range: [(usize, f64, f64); 2],
    /// (u, measured/exact) for each simulated input amplitude (failure at large input)
    pub input_ratio: Vec<(f64, f64)>,
    /// (g beta, mean measured, mean exact or None when unstable) (chaotic failure)
    pub chaos: Vec<(f64, f64, Option<f64>)>,
}

impl FlrSummary {
    /// A `## Fluctuation-learning relationship` section for `figures/REPORT.md`.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        s += "## Fluctuation-learning relationship (`reproduce flr`)\n\n";
        s += &format!(
            "{} simulated learning runs ({}), seed {}, {:.1} s. Theory: `theory/notes/flr.md`.\n\n",
            self.runs,
            if self.quick { "quick" } else { "full" },
            self.seed,
            self.seconds
        );
        s += "Initial speed dm/dt, measured (slope of the trial-averaged plastic-minus-frozen overlap) against predicted, linear regime (`figures/flr_speed.png`, `.csv`):\n\n";
        s += "| prediction | points | Pearson r | slope (measured on predicted) | mean measured/predicted |\n| --- | --- | --- | --- | --- |\n";
        for (name, a) in [
            ("linear theory, Eq. F10", &self.exact),
            ("FLR1, Eq. F12", &self.flr1),
            ("FLR2, Eq. F13", &self.flr2),
            ("FLR1, log-log", &self.flr1_log),
            (
                "time to dm = theta vs theta/FLR1 (Eq. F14)",
                &self.threshold,
            ),
        ] {
            s += &format!(
                "| {name} | {} | {:.3} | {:.3} | {:.3} |\n",
                a.count, a.pearson, a.slope, a.mean_ratio
            );
        }
        s += &format!(
            "\nGain (`flr_gain.png`): beta {:.2} -> {:.2}: measured speed {:.3e} -> {:.3e}, theory {:.3e} -> {:.3e}.\n",
            self.gain_range[0].0, self.gain_range[1].0, self.gain_range[0].1, self.gain_range[1].1,
            self.gain_range[0].2, self.gain_range[1].2
        );
        s += &format!(
            "Memories (`flr_memories.png`): P {} -> {}: measured speed {:.3e} -> {:.3e}, theory {:.3e} -> {:.3e}.\n\n",
            self.memory_range[0].0, self.memory_range[1].0, self.memory_range[0].1, self.memory_range[1].1,
            self.memory_range[0].2, self.memory_range[1].2
        );
        s += "Failure (`flr_failure.png`): measured/predicted against input amplitude u: ";
        s += &self
            .input_ratio
            .iter()
            .map(|(u, r)| format!("u = {u}: {r:.2}"))
            .collect::<Vec<_>>()
            .join(", ");
        s += ". Near and beyond the chaotic transition (g beta -> 1): ";
        s += &self
            .chaos
            .iter()
            .map(|(gb, m, p)| match p {
                Some(p) => format!("g beta = {gb:.2}: measured {m:.2e}, predicted {p:.2e}"),
                None => format!("g beta = {gb:.2}: measured {m:.2e}, no prediction (unstable)"),
            })
            .collect::<Vec<_>>()
            .join("; ");
        s += ".\n";
        s
    }
}

struct Plan {
    n: usize,
    trials: usize,
    networks: usize,
    pairs: usize,
    sweep_pairs: usize,
    t_learn: f64,
}

fn mean_se(v: &[f64]) -> (f64, f64) {
    let k = v.len() as f64;
    let m = v.iter().sum::<f64>() / k;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
    (m, (var / k).sqrt())
}

/// Runs the FLR simulations and writes the figures into `out_dir`.
///
/// Linear regime (scatter): N = 100 (60 quick), noise 0.1, u in [0.05, 0.15], epsilon 0.2,
/// networks with g in {0, 0.3, 0.5}, beta in {0.4, 0.5, 0.6}, P in {0, 3, 6} (stable ones),
/// targets/inputs with overlap 0..0.8 with memories 0/1; rules hebb-target, hebb, delta.
pub fn reproduce_flr(
    out_dir: &Path,
    quick: bool,
    seed: u64,
    progress: Option<&ProgressBar>,
) -> anyhow::Result<FlrSummary> {
    let start = Instant::now();
    let plan = if quick {
        Plan {
            n: 60,
            trials: 4,
            networks: 4,
            pairs: 4,
            sweep_pairs: 3,
            t_learn: 24.0,
        }
    } else {
        Plan {
            n: 100,
            trials: 8,
            networks: 9,
            pairs: 6,
            sweep_pairs: 6,
            t_learn: 30.0,
        }
    };
    let noise = 0.1;
    let epsilon = 0.2;
    let theta = 0.02;
    let sim = LearningSim {
        dt: 0.1,
        t_relax: 15.0,
        t_learn: plan.t_learn,
        trials: plan.trials,
        record_every: 5,
    };
    let fit = (plan.t_learn / 2.0, plan.t_learn);
    let rules = vec![
        LearningRule::HEBB_TARGET,
        LearningRule::HEBB,
        LearningRule::DELTA,
    ];
    let gs = [0.0, 0.3, 0.5];
    let betas = [0.4, 0.5, 0.6];
    let ps = [0usize, 3, 6];
    let betas_sim: Vec<f64> = if quick {
        vec![0.2, 0.4, 0.6]
    } else {
        vec![0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
    };
    let ps_sim: Vec<usize> = if quick {
        vec![0, 4, 8]
    } else {
        vec![0, 2, 4, 6, 8, 10]
    };
    let us: Vec<f64> = if quick {
        vec![0.1, 0.4, 1.6]
    } else {
        vec![0.05, 0.1, 0.2, 0.4, 0.8, 1.6]
    };
    let chaos_g: Vec<f64> = if quick {
        vec![0.6, 0.9, 1.3]
    } else {
        vec![0.5, 0.7, 0.85, 0.95, 1.05, 1.2, 1.5]
    };
    let total = plan.networks * plan.pairs * rules.len()
        + (betas_sim.len() + ps_sim.len()) * plan.sweep_pairs
        + (us.len() + chaos_g.len()) * plan.sweep_pairs.min(4);
    if let Some(pb) = progress {
        pb.set_length(total as u64);
    }
    let tick = || {
        if let Some(pb) = progress {
            pb.inc(1)
        }
    };
    let rng_u = |k: usize| 0.05 + 0.1 * ((k as f64 * 0.618_033_988_7).fract());

    // 1. Linear-regime scatter over networks, pairs and rules.
    let mut scatter: Vec<SpeedPoint> = Vec::new();
    for net_i in 0..plan.networks {
        let spec = FlrNetworkSpec {
            n: plan.n,
            g: gs[net_i % 3],
            beta: betas[(net_i / 3) % 3],
            memories: ps[(net_i + net_i / 3) % 3],
            noise,
        };
        let pairs: Vec<(f64, f64)> = (0..plan.pairs)
            .map(|k| {
                (
                    0.8 * k as f64 / (plan.pairs - 1).max(1) as f64,
                    rng_u(net_i * 31 + k),
                )
            })
            .collect();
        let exp = SpeedExperiment {
            spec,
            network_seed: seed.wrapping_add(100 + net_i as u64),
            pairs,
            rules: rules.clone(),
            epsilon,
            sim,
            fit,
            threshold: theta,
            seed: seed.wrapping_add(200 + net_i as u64),
        };
        scatter.extend(exp.run(net_i, &tick));
    }
    let linear: Vec<&SpeedPoint> = scatter
        .iter()
        .filter(|p| p.predicted_exact.is_some())
        .collect();
    let pick = |f: fn(&SpeedPoint) -> Option<f64>| -> Vec<(f64, f64)> {
        linear
            .iter()
            .filter_map(|p| f(p).map(|x| (x, p.measured)))
            .collect()
    };
    let exact = agreement(&pick(|p| p.predicted_exact));
    let flr1_pts = pick(|p| p.predicted_flr1);
    let flr1 = agreement(&flr1_pts);
    let flr2_pts = pick(|p| p.predicted_flr2);
    let flr2 = agreement(&flr2_pts);
    let flr1_log = agreement(
        &flr1_pts
            .iter()
            .filter(|p| p.0 > 0.0 && p.1 > 0.0)
            .map(|p| (p.0.ln(), p.1.ln()))
            .collect::<Vec<_>>(),
    );
    let thr_pts: Vec<(f64, f64)> = linear
        .iter()
        .filter_map(|p| match (p.predicted_flr1, p.time_to_threshold) {
            (Some(s), Some(t)) if s > 0.0 => Some((theta / s, t)),
            _ => None,
        })
        .collect();
    let threshold = agreement(&thr_pts);
    write_csv(&out_dir.join("flr_speed.csv"), &scatter)?;
    let rule_index = |p: &SpeedPoint| rules.iter().position(|r| r.name() == p.rule).unwrap_or(0);
    let series: Vec<String> = rules.iter().map(|r| r.name()).collect();
    let speed_fig = Panels {
        width: 1500,
        height: 520,
        scatters: vec![
            Scatter {
                title: format!(
                    "FLR1: r = {:.3}, slope = {:.2} (n = {})",
                    flr1.pearson, flr1.slope, flr1.count
                ),
                x_desc: "predicted dm/dt (FLR1, Eq. F12)".into(),
                y_desc: "measured dm/dt".into(),
                series: series.clone(),
                points: linear
                    .iter()
                    .filter_map(|p| p.predicted_flr1.map(|x| (x, p.measured, rule_index(p))))
                    .collect(),
            },
            Scatter {
                title: format!("FLR2: r = {:.3}, slope = {:.2}", flr2.pearson, flr2.slope),
                x_desc: "predicted dm/dt (FLR2, Eq. F13)".into(),
                y_desc: "measured dm/dt".into(),
                series: series.clone(),
                points: linear
                    .iter()
                    .filter_map(|p| p.predicted_flr2.map(|x| (x, p.measured, rule_index(p))))
                    .collect(),
            },
            Scatter {
                title: format!(
                    "time to dm = {theta}: r = {:.3}, slope = {:.2}",
                    threshold.pearson, threshold.slope
                ),
                x_desc: "predicted theta / (dm/dt) (Eq. F14)".into(),
                y_desc: "measured time to threshold".into(),
                series,
                points: linear
                    .iter()
                    .filter_map(|p| match (p.predicted_flr1, p.time_to_threshold) {
                        (Some(s), Some(t)) if s > 0.0 => Some((theta / s, t, rule_index(p))),
                        _ => None,
                    })
                    .collect(),
            },
        ],
        curves: vec![],
    };
    save_png_svg(&speed_fig, &out_dir.join("flr_speed"))?;

    // 2./3. Sweeps over beta and P: same random (overlap 0) pairs, plain Hebb.
    let sweep = |spec: FlrNetworkSpec,
                 net_seed: u64,
                 pairs: usize,
                 u: f64,
                 rule: LearningRule,
                 sim: LearningSim| {
        let exp = SpeedExperiment {
            spec,
            network_seed: net_seed,
            pairs: (0..pairs).map(|_| (0.0, u)).collect(),
            rules: vec![rule],
            epsilon,
            sim,
            fit,
            threshold: theta,
            seed: seed.wrapping_add(7),
        };
        exp.run(0, &tick)
    };
    let theory_mean =
        |spec: FlrNetworkSpec, net_seed: u64, pairs: usize, u: f64| -> Option<(f64, f64)> {
            let s = spec.sample(net_seed).ok()?;
            let th = FlrTheory::at_origin(&s.net).ok()?;
            let tasks: Vec<LearningTask> = (0..pairs)
                .map(|k| {
                    let (xi, eta) =
                        draw_pair(&s.memories, spec.n, 0.0, seed.wrapping_add(7), k as u64);
                    LearningTask {
                        xi,
                        eta,
                        u,
                        epsilon,
                        rule: LearningRule::HEBB,
                    }
                })
                .collect();
            let p = th.predict_batch(&tasks).ok()?;
            let k = p.len() as f64;
            Some((
                p.iter().map(|q| q.exact).sum::<f64>() / k,
                p.iter().filter_map(|q| q.flr2).sum::<f64>() / k,
            ))
        };
    let u_sweep = 0.1;
    let base = FlrNetworkSpec {
        n: plan.n,
        g: 0.3,
        beta: 0.5,
        memories: 4,
        noise,
    };
    let net_seed = seed.wrapping_add(900);
    let mut gain_rows = Vec::new();
    let mut gain_sim = Vec::new();
    for &beta in &betas_sim {
        let rows = sweep(
            FlrNetworkSpec { beta, ..base },
            net_seed,
            plan.sweep_pairs,
            u_sweep,
            LearningRule::HEBB,
            sim,
        );
        let (m, se) = mean_se(&rows.iter().map(|r| r.measured).collect::<Vec<_>>());
        let pred = rows.iter().filter_map(|r| r.predicted_exact).sum::<f64>() / rows.len() as f64;
        gain_sim.push((beta, m, se, pred));
        gain_rows.extend(rows);
    }
    let gain_theory: Vec<(f64, f64, f64)> = (1..=60)
        .filter_map(|i| {
            let beta = 0.0125 * i as f64;
            theory_mean(
                FlrNetworkSpec { beta, ..base },
                net_seed,
                plan.sweep_pairs,
                u_sweep,
            )
            .map(|(e, f)| (beta, e, f))
        })
        .collect();
    let beta_crit = gain_theory.last().map(|t| t.0);
    write_csv(&out_dir.join("flr_gain.csv"), &gain_rows)?;
    let sweep_fig = |title: String,
                     x_desc: &str,
                     th: &[(f64, f64, f64)],
                     simp: &[(f64, f64, f64, f64)],
                     vline: Option<(f64, String)>| Panels {
        width: 760,
        height: 520,
        scatters: vec![],
        curves: vec![Curves {
            title,
            x_desc: x_desc.into(),
            y_desc: "initial speed dm/dt (plain Hebb)".into(),
            log_x: false,
            log_y: true,
            lines: vec![
                (
                    "linear theory (Eq. F10)".into(),
                    0,
                    false,
                    th.iter().map(|t| (t.0, t.1)).collect(),
                ),
                (
                    "FLR2 (Eq. F13)".into(),
                    1,
                    true,
                    th.iter().map(|t| (t.0, t.2)).collect(),
                ),
            ],
            dots: vec![(
                "simulation (mean +- s.e. over pairs)".into(),
                3,
                simp.iter().map(|s| (s.0, s.1, s.2)).collect(),
            )],
            vline,
            hline: None,
        }],
    };
    save_png_svg(
        &sweep_fig(
            format!(
                "speed vs gain (N = {}, g = 0.3, P = 4, u = {u_sweep})",
                plan.n
            ),
            "gain beta",
            &gain_theory,
            &gain_sim,
            beta_crit.map(|b| (b, format!("last stable beta {b:.3}"))),
        ),
        &out_dir.join("flr_gain"),
    )?;
    let mut mem_rows = Vec::new();
    let mut mem_sim = Vec::new();
    for &p in &ps_sim {
        let rows = sweep(
            FlrNetworkSpec {
                memories: p,
                ..base
            },
            net_seed,
            plan.sweep_pairs,
            u_sweep,
            LearningRule::HEBB,
            sim,
        );
        let (m, se) = mean_se(&rows.iter().map(|r| r.measured).collect::<Vec<_>>());
        let pred = rows.iter().filter_map(|r| r.predicted_exact).sum::<f64>() / rows.len() as f64;
        mem_sim.push((p as f64, m, se, pred));
        mem_rows.extend(rows);
    }
    let pmax = *ps_sim.last().unwrap_or(&0) + 2;
    let mem_theory: Vec<(f64, f64, f64)> = (0..=pmax)
        .filter_map(|p| {
            theory_mean(
                FlrNetworkSpec {
                    memories: p,
                    ..base
                },
                net_seed,
                plan.sweep_pairs,
                u_sweep,
            )
            .map(|(e, f)| (p as f64, e, f))
        })
        .collect();
    write_csv(&out_dir.join("flr_memories.csv"), &mem_rows)?;
    save_png_svg(
        &sweep_fig(
            format!(
                "speed vs memories (N = {}, g = 0.3, beta = 0.5, u = {u_sweep})",
                plan.n
            ),
            "number of embedded memories P",
            &mem_theory,
            &mem_sim,
            None,
        ),
        &out_dir.join("flr_memories"),
    )?;

    // 4. Failure: large input, and the chaotic transition g beta -> 1 (beta = 1, P = 0).
    let fp = plan.sweep_pairs.min(4);
    let mut fail_rows = Vec::new();
    let mut input_ratio = Vec::new();
    let mut ratio_pts = Vec::new();
    for &u in &us {
        let rows = sweep(base, net_seed, fp, u, LearningRule::HEBB_TARGET, sim);
        let ratios: Vec<f64> = rows
            .iter()
            .filter_map(|r| r.predicted_exact.map(|p| r.measured / p))
            .collect();
        let (m, se) = mean_se(&ratios);
        input_ratio.push((u, m));
        ratio_pts.push((u, m, se));
        fail_rows.extend(rows);
    }
    let mut chaos = Vec::new();
    let (mut chaos_meas, mut chaos_pred) = (Vec::new(), Vec::new());
    for &g in &chaos_g {
        let spec = FlrNetworkSpec {
            n: plan.n,
            g,
            beta: 1.0,
            memories: 0,
            noise,
        };
        let rows = sweep(spec, net_seed + 1, fp, u_sweep, LearningRule::HEBB, sim);
        let (m, se) = mean_se(&rows.iter().map(|r| r.measured).collect::<Vec<_>>());
        let preds: Vec<f64> = rows.iter().filter_map(|r| r.predicted_exact).collect();
        let pred = (!preds.is_empty()).then(|| preds.iter().sum::<f64>() / preds.len() as f64);
        chaos.push((g, m, pred));
        chaos_meas.push((g, m, se));
        if let Some(p) = pred {
            chaos_pred.push((g, p));
        }
        fail_rows.extend(rows);
    }
    write_csv(&out_dir.join("flr_failure.csv"), &fail_rows)?;
    let fail_fig = Panels {
        width: 1300,
        height: 520,
        scatters: vec![],
        curves: vec![
            Curves {
                title: "large input: measured / predicted (hebb-target)".into(),
                x_desc: "input amplitude u".into(),
                y_desc: "measured / linear theory".into(),
                log_x: true,
                log_y: false,
                lines: vec![],
                dots: vec![("mean +- s.e. over pairs".into(), 0, ratio_pts)],
                vline: None,
                hline: Some(1.0),
            },
            Curves {
                title: "chaotic transition (beta = 1, P = 0, plain Hebb)".into(),
                x_desc: "g beta".into(),
                y_desc: "initial speed dm/dt".into(),
                log_x: false,
                log_y: true,
                lines: vec![("linear theory (stable only)".into(), 0, false, chaos_pred)],
                dots: vec![("simulation".into(), 3, chaos_meas)],
                vline: Some((1.0, "g beta = 1".into())),
                hline: None,
            },
        ],
    };
    save_png_svg(&fail_fig, &out_dir.join("flr_failure"))?;

    let runs = scatter.len() + gain_rows.len() + mem_rows.len() + fail_rows.len();
    let ends = |v: &[(f64, f64, f64, f64)]| {
        let a = v.first().copied().unwrap_or_default();
        let b = v.last().copied().unwrap_or_default();
        [(a.0, a.1, a.3), (b.0, b.1, b.3)]
    };
    let g2 = ends(&gain_sim);
    let m2 = ends(&mem_sim);
    Ok(FlrSummary {
        quick,
        seed,
        seconds: start.elapsed().as_secs_f64(),
        runs,
        exact,
        flr1,
        flr2,
        flr1_log,
        threshold,
        theta,
        gain_range: g2,
        memory_range: [
            (m2[0].0 as usize, m2[0].1, m2[0].2),
            (m2[1].0 as usize, m2[1].1, m2[1].2),
        ],
        input_ratio,
        chaos,
    })
}
