//! Figs. 13 and 28: rank-two M trained by SGD with BPTT on the fixed-point task for several
//! N; the theory's optimum at the trained lambda- predicts |kappa_bar|, rho and L_var
//! (theory notes, sections 3 and 6).

pub mod figure;
pub mod notes;
mod predict;
mod rows;
pub mod setup;

pub use setup::{Setup, Which};

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::curves::Curves;
use crate::reproduce::report::Section;
use figure::{Fig13Data, SizePoint, Snapshot};
use oblique_validate::train::protocol::RankTwoProtocol;
use predict::{lambda_plus_min, predict, predict_finite_time};
use rayon::prelude::*;
use rows::{stat_at, SizeRow};

/// One trained network: per-step learning curves and the final evaluation.
#[derive(Debug, Clone)]
pub struct Trained {
    /// per-step measurements (on the training batch, before each update)
    pub curves: Curves,
    /// the final M evaluated on a large fresh batch: (L_var, |kappa_bar|, rho, trials)
    pub final_eval: (f64, f64, f64, usize),
    /// eigenvalues (lambda+, lambda-) of M at every step
    pub eigen: Vec<(f64, f64)>,
}

/// The training protocol of the set-up at size `n` (BPTT, SGD on M only).
fn protocol(s: &Setup, n: usize, seed: u64) -> RankTwoProtocol {
    let base = match s.noise {
        x if x < 0.5 => RankTwoProtocol::fig28(n),
        _ => RankTwoProtocol::fig13(n),
    };
    RankTwoProtocol {
        steps: s.steps,
        lr: s.lr,
        noise: s.noise,
        batch: s.batch,
        seed,
        dt: s.dt,
        t_max: s.t_max,
        t_loss_min: s.t_loss_min,
        z: s.target,
        eval_batch: s.eval_batch,
        ..base
    }
}

/// Trains one network with `oblique_validate::train::protocol::RankTwoProtocol`, calling
/// `tick` after every step.
fn train(s: &Setup, n: usize, seed: u64, tick: &(dyn Fn() + Sync)) -> anyhow::Result<Trained> {
    let run = protocol(s, n, seed).run(|_| tick())?;
    let mut c = Curves::default();
    let mut eigen = Vec::with_capacity(run.records.len());
    for r in &run.records {
        c.tau.push(r.step as f64);
        c.l.push(r.loss);
        c.l_bias.push(r.l_bias);
        c.l_var.push(r.l_var);
        c.m[0].push(r.m11);
        c.m[1].push(r.m12);
        c.m[2].push(r.m21);
        c.m[3].push(r.m22);
        c.kappa_norm.push(r.kappa_norm);
        c.rho.push(r.rho);
        eigen.push((r.lambda_plus, r.lambda_minus));
    }
    let sm = &run.summary;
    Ok(Trained {
        curves: c,
        final_eval: (sm.l_var, sm.kappa_norm, sm.rho, sm.eval_batch),
        eigen,
    })
}

/// Real parts of the eigenvalues of the 2x2 matrix, larger first (used by the tests).
#[cfg(test)]
pub fn eigen_2x2(m: [f64; 4]) -> (f64, f64) {
    let tr = m[0] + m[3];
    let det = m[0] * m[3] - m[1] * m[2];
    let disc = tr * tr / 4.0 - det;
    if disc >= 0.0 {
        (tr / 2.0 + disc.sqrt(), tr / 2.0 - disc.sqrt())
    } else {
        (tr / 2.0, tr / 2.0)
    }
}

/// The report's id, title and seed salt of each figure.
fn identity(which: Which) -> (&'static str, &'static str, u64) {
    match which {
        Which::Fig13 => (
            "fig13",
            "Fig. 13: the theory predicts the trained networks (sigma = 1)",
            1300u64,
        ),
        Which::Fig28 => (
            "fig28",
            "Fig. 28: the theory predicts the trained networks, small noise (sigma = 0.2)",
            2800u64,
        ),
    }
}

/// The seed of network `k` at size `n`: network 0 keeps the seed of the one-network set-up.
fn network_seed(cfg: &Config, salt: u64, n: usize, k: usize) -> u64 {
    cfg.sub_seed(salt + n as u64 + 100_000 * k as u64)
}

/// Trains `s.networks` networks per N in parallel, with a progress bar; a failed training
/// is a missing piece of the section (an N keeps the networks that trained).
fn train_all(
    cfg: &Config,
    s: &Setup,
    id: &str,
    salt: u64,
    sec: &mut Section,
) -> Vec<(usize, Vec<Trained>)> {
    let total = s.ns.len() * s.networks * s.steps;
    let pb = crate::reproduce::progress::bar(total as u64, &format!("{id}: training"));
    let tick = || pb.inc(1);
    let jobs: Vec<(usize, usize)> =
        s.ns.iter()
            .flat_map(|&n| (0..s.networks).map(move |k| (n, k)))
            .collect();
    let runs: Vec<(usize, anyhow::Result<Trained>)> = jobs
        .par_iter()
        .map(|&(n, k)| (n, train(s, n, network_seed(cfg, salt, n, k), &tick)))
        .collect();
    pb.finish_and_clear();
    let mut trained: Vec<(usize, Vec<Trained>)> = Vec::new();
    for (n, r) in runs {
        match r {
            Ok(c) => match trained.iter_mut().find(|(m, _)| *m == n) {
                Some((_, v)) => v.push(c),
                None => trained.push((n, vec![c])),
            },
            Err(e) => sec.missing.push(format!("training at N = {n}: {e:#}")),
        }
    }
    trained
}

/// The point of size `n` at snapshot `tau`: that of its first network, or at the final
/// snapshot with several networks their mean, the band their standard deviation (the
/// spread over seeds) and each theory the mean of its predictions at their lambda-.
fn size_point(
    s: &Setup,
    (n, ts): (usize, &[Trained]),
    tau: usize,
    final_snapshot: bool,
    sec: &mut Section,
    early: &mut Vec<String>,
) -> SizePoint {
    if !final_snapshot || ts.len() == 1 {
        return network_point(s, (n, &ts[0]), tau, final_snapshot, sec, early);
    }
    let pts: Vec<SizePoint> = ts
        .iter()
        .map(|t| network_point(s, (n, t), tau, true, sec, early))
        .collect();
    figure::mean_point(&pts)
}

/// One trained network at snapshot `tau`: its statistics over the window before tau (at
/// the final snapshot, the means of the large fresh evaluation batch) and both theories at
/// its lambda-. A failed prediction at the final snapshot is a missing piece of the section;
/// at an earlier one (where M may not have made lambda- negative yet, and a theory then has
/// no optimum) it goes to `early`, for a note, and its rows are left out.
fn network_point(
    s: &Setup,
    (n, t): (usize, &Trained),
    tau: usize,
    final_snapshot: bool,
    sec: &mut Section,
    early: &mut Vec<String>,
) -> SizePoint {
    let c = &t.curves;
    let idx = tau.min(c.tau.len().saturating_sub(1));
    let (lp, lm) = t.eigen[idx];
    let mut failed = |what: &str, e: anyhow::Error| {
        let msg = format!("{what} at N = {n}, tau = {tau} (lambda- = {lm:.4}): {e:#}");
        if final_snapshot {
            sec.missing.push(msg);
        } else {
            early.push(msg);
        }
    };
    let predicted = predict(s, n, lm).map_err(|e| failed("prediction", e)).ok();
    let finite_time = predict_finite_time(s, n, lm)
        .map_err(|e| failed("finite-time prediction", e))
        .ok();
    let mut p = SizePoint {
        n,
        l_var: stat_at(&c.l_var, idx, s.window),
        kappa_norm: stat_at(&c.kappa_norm, idx, s.window),
        rho: stat_at(&c.rho, idx, s.window),
        eigenvalues: (lp, lm),
        predicted,
        finite_time,
    };
    if final_snapshot {
        // the final M evaluated on a large fresh batch; the band stays the per-step spread
        let (lv, k, r, _) = t.final_eval;
        p.l_var.mean = lv;
        p.kappa_norm.mean = k;
        p.rho.mean = r;
    }
    p
}

/// Writes the example network's learning curves and draws the figure.
fn save_example_and_figure(
    cfg: &Config,
    s: &Setup,
    id: &str,
    trained: &[(usize, Vec<Trained>)],
    snapshots: Vec<Snapshot>,
    sec: &mut Section,
) -> anyhow::Result<()> {
    let example = trained
        .iter()
        .find(|(n, _)| *n == s.example_n)
        .or(trained.last())
        .map(|(n, ts)| (*n, ts[0].curves.clone()));
    if let Some((n, c)) = &example {
        save_csv(
            cfg,
            sec,
            &format!("{id}_example_N{n}_curves.csv"),
            &c.thin(2500).rows("simulation", "all"),
        )?;
    }
    let data = Fig13Data {
        example_n: example.as_ref().map(|e| e.0).unwrap_or(s.example_n),
        example: example.map(|e| e.1.thin(2500)),
        lambda_plus_min: lambda_plus_min(s.noise),
        snapshots,
        footer: format!(
            "{}{}",
            if cfg.quick { "QUICK MODE: " } else { "" },
            s.describe()
        ),
    };
    save_figure(cfg, sec, &data.figure(), id)
}

/// Runs Fig. 13 or Fig. 28.
pub fn run(cfg: &Config, which: Which) -> anyhow::Result<Section> {
    let s = if cfg.quick {
        Setup::quick(which)
    } else {
        Setup::full(which)
    };
    let (id, title, salt) = identity(which);
    let mut sec = cfg.section(id, title);
    sec.setup = s.describe();
    let trained = train_all(cfg, &s, id, salt, &mut sec);
    if trained.is_empty() {
        return Ok(sec);
    }
    let tol = if cfg.quick { 0.2 } else { 0.1 };
    let (mut snapshots, mut table, mut early) = (Vec::new(), Vec::new(), Vec::new());
    for &tau in &s.snapshots {
        let final_snapshot = tau == *s.snapshots.last().unwrap_or(&tau);
        let mut pts = Vec::new();
        for (n, ts) in &trained {
            let p = size_point(&s, (*n, ts), tau, final_snapshot, &mut sec, &mut early);
            let at = format!("N = {n}, tau = {tau}");
            sec.rows
                .extend(rows::report_rows(&p, &at, tol, final_snapshot));
            table.push(SizeRow::new(tau, &p));
            pts.push(p);
        }
        snapshots.push(Snapshot { tau, points: pts });
    }
    sec.notes
        .extend(notes::notes(&s, which, cfg.quick, &sec.rows, tol));
    if !early.is_empty() {
        sec.notes.push(notes::early(&early));
    }
    save_csv(cfg, &mut sec, &format!("{id}_sizes.csv"), &table)?;
    save_example_and_figure(cfg, &s, id, &trained, snapshots, &mut sec)?;
    Ok(sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigenvalues_of_2x2() {
        // symmetric: eigenvalues of [[1, 2], [2, 1]] are 3 and -1
        let (a, b) = eigen_2x2([1.0, 2.0, 2.0, 1.0]);
        assert!((a - 3.0).abs() < 1e-12 && (b + 1.0).abs() < 1e-12);
        // triangular: the diagonal
        let (a, b) = eigen_2x2([-1.9, 0.2, 0.0, 1.8]);
        assert!((a - 1.8).abs() < 1e-12 && (b + 1.9).abs() < 1e-12);
        assert!((lambda_plus_min(1.0) - 1.6034).abs() < 1e-4);
    }
}
