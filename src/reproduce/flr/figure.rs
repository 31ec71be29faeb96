//! The figures of `reproduce flr` as plot specifications ([`super::plots`]): data from
//! [`super::compute::FlrData`], no numbers computed here beyond grouping.

use super::compute::FlrData;
use super::plots::{Curves, Panels, Scatter};
use super::rows::{epsilon_table, pairs};
use super::sweeps::Sweep;
use oblique_validate::flr::{agreement, TaskPoint};

fn scatter(title: String, x: &str, y: &str, series: Vec<(String, Vec<(f64, f64)>)>) -> Scatter {
    Scatter {
        title,
        x_desc: x.into(),
        y_desc: y.into(),
        series: series.iter().map(|s| s.0.clone()).collect(),
        points: series
            .iter()
            .enumerate()
            .flat_map(|(k, s)| s.1.iter().map(move |p| (p.0, p.1, k)))
            .collect(),
    }
}

/// Scatter panels side by side, 600 x 540 each.
fn side_by_side(scatters: Vec<Scatter>) -> Panels {
    Panels {
        width: 600 * scatters.len() as u32,
        height: 540,
        scatters,
        curves: vec![],
    }
}

/// `flr_directional`: measured against FLR1 and FLR2, one colour per seed.
pub fn directional(d: &FlrData) -> Panels {
    let by_seed = |f: fn(&TaskPoint) -> Option<f64>| -> Vec<(String, Vec<(f64, f64)>)> {
        d.directional
            .iter()
            .map(|(s, pts)| {
                let a = agreement(&pairs(pts, f));
                (
                    format!("seed {s}: r = {:.3}, slope {:.2}", a.pearson, a.slope),
                    pairs(pts, f),
                )
            })
            .collect()
    };
    let u = d.plan.base.u;
    side_by_side(vec![
        scatter(
            format!("directional test, FLR1 (u = {u} fixed)"),
            "predicted dm/dt (FLR1, Eq. F12)",
            "measured dm/dt",
            by_seed(|p| p.predicted_flr1),
        ),
        scatter(
            format!("directional test, FLR2 (u = {u} fixed)"),
            "predicted dm/dt (FLR2, Eq. F13)",
            "measured dm/dt",
            by_seed(|p| p.predicted_flr2),
        ),
    ])
}

/// `flr_epsilon`: mean measured/predicted and regression slope against the learning rate.
pub fn epsilon(d: &FlrData) -> Panels {
    let (table, _) = epsilon_table(d);
    let se = |e: f64| {
        let r: Vec<f64> = d
            .epsilon
            .iter()
            .filter(|p| p.epsilon == e)
            .filter_map(|p| p.predicted_exact.map(|x| p.measured / x))
            .collect();
        let k = r.len().max(2) as f64;
        let m = r.iter().sum::<f64>() / k;
        (r.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (k - 1.0) / k).sqrt()
    };
    Panels {
        width: 760,
        height: 520,
        scatters: vec![],
        curves: vec![Curves {
            title: "small learning rate: measured / linear theory (hebb-target)".into(),
            x_desc: "learning rate eps".into(),
            y_desc: "measured / predicted".into(),
            log_x: true,
            log_y: false,
            lines: vec![],
            dots: vec![
                (
                    "mean ratio (+- s.e. over tasks)".into(),
                    0,
                    table
                        .iter()
                        .map(|(e, a)| (*e, a.mean_ratio, se(*e)))
                        .collect(),
                ),
                (
                    "regression slope".into(),
                    1,
                    table.iter().map(|(e, a)| (*e, a.slope, 0.0)).collect(),
                ),
            ],
            vline: Some((
                d.plan.base.epsilon,
                format!("eps used = {}", d.plan.base.epsilon),
            )),
            hline: Some(1.0),
        }],
    }
}

/// `flr_measured`: measured speed against FLR1 from the measured covariance (per network),
/// and FLR1 from measured C against FLR1 from the Lyapunov C where both exist.
pub fn measured(d: &FlrData) -> Panels {
    let speed: Vec<(String, Vec<(f64, f64)>)> = d
        .measured
        .iter()
        .map(|c| (c.label.clone(), pairs(&c.points, |p| p.measured_flr1)))
        .collect();
    let both: Vec<(String, Vec<(f64, f64)>)> = d
        .measured
        .iter()
        .filter(|c| c.stable)
        .map(|c| {
            let v = c
                .points
                .iter()
                .filter_map(|p| Some((p.predicted_flr1?, p.measured_flr1?)))
                .collect();
            (c.label.clone(), v)
        })
        .collect();
    side_by_side(vec![
        scatter(
            "FLR1 from measured fluctuations (Eq. F15)".into(),
            "predicted dm/dt (measured C, evoked means)",
            "measured dm/dt",
            speed,
        ),
        scatter(
            "measured C against the linear theory".into(),
            "FLR1, Lyapunov C (Eq. F12)",
            "FLR1, measured C (Eq. F15)",
            both,
        ),
    ])
}

/// `flr_tasks`: auto-associative time to complete, and time-series speeds.
pub fn tasks(d: &FlrData) -> Panels {
    let times: Vec<(f64, f64)> = d
        .auto
        .iter()
        .filter_map(|p| Some((p.predicted_time?, p.measured_time?)))
        .collect();
    side_by_side(vec![
        scatter(
            format!("auto-associative: time to dm = {}", d.plan.theta),
            "predicted theta / (dm/dt) (Eq. F14)",
            "measured time to complete",
            vec![("hebb-target, input = target".into(), times)],
        ),
        scatter(
            format!("time series (omega = {:.3})", d.plan.omega),
            "predicted da/dt",
            "measured da/dt (in-phase amplitude)",
            vec![
                (
                    "linear theory G(omega) (Eq. F17)".into(),
                    pairs(&d.periodic, |p| p.predicted_exact),
                ),
                (
                    "FLR1, C/sigma^2 (Eq. F18)".into(),
                    pairs(&d.periodic, |p| p.predicted_flr1),
                ),
            ],
        ),
    ])
}

/// `flr_gain` / `flr_memories`: a sweep's theory curves and simulated means.
pub fn sweep(title: String, x_desc: &str, s: &Sweep, vline: Option<(f64, String)>) -> Panels {
    Panels {
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
                    s.theory.iter().map(|t| (t.0, t.1)).collect(),
                ),
                (
                    "FLR2 (Eq. F13)".into(),
                    1,
                    true,
                    s.theory.iter().map(|t| (t.0, t.2)).collect(),
                ),
            ],
            dots: vec![(
                "simulation (mean +- s.e. over pairs)".into(),
                3,
                s.sim.iter().map(|v| (v.0, v.1, v.2)).collect(),
            )],
            vline,
            hline: None,
        }],
    }
}

/// `flr_failure`: measured over predicted against the input amplitude.
pub fn failure(d: &FlrData) -> Panels {
    Panels {
        width: 760,
        height: 520,
        scatters: vec![],
        curves: vec![Curves {
            title: "large input: measured / predicted (hebb-target)".into(),
            x_desc: "input amplitude u".into(),
            y_desc: "measured / linear theory".into(),
            log_x: true,
            log_y: false,
            lines: vec![],
            dots: vec![("mean +- s.e. over pairs".into(), 0, d.sweeps.inputs.clone())],
            vline: None,
            hline: Some(1.0),
        }],
    }
}
