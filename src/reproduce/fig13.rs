//! Figs. 13 and 28: rank-two M trained by SGD with BPTT on the fixed-point task for several
//! N; the theory's optimum at the trained lambda- predicts |kappa_bar|, rho and L_var
//! (theory notes, sections 3 and 6).

use super::curves::{tail_stats, Curves};
use super::report::{Check, Row, Section};
use super::{save_csv, save_figure, Config};
use crate::figures::fig13::{Fig13Data, Predicted, SizePoint, Snapshot, Stat};
use rayon::prelude::*;
use serde::Serialize;

/// Which of the two figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// sigma = 1
    Fig13,
    /// sigma = 0.2
    Fig28,
}

/// The set-up of Fig. 13 or 28 (theory notes, section 6).
#[derive(Debug, Clone)]
pub struct Setup {
    /// noise sigma
    pub noise: f64,
    /// target z
    pub target: f64,
    /// SGD learning rate
    pub lr: f64,
    /// training steps
    pub steps: usize,
    /// trials per step
    pub batch: usize,
    /// network sizes
    pub ns: Vec<usize>,
    /// the network shown in panels A-C
    pub example_n: usize,
    /// learning steps at which trained and predicted values are compared
    pub snapshots: Vec<usize>,
    /// trained values are averaged over this many steps up to each snapshot
    pub window: usize,
    /// trial length
    pub t_max: f64,
    /// first target time
    pub t_loss_min: f64,
    /// Euler step
    pub dt: f64,
}

impl Setup {
    /// The published set-up. Fig. 28 was published for N = 64, 128, 256; it is run here for
    /// all five sizes of Fig. 13.
    pub fn full(w: Which) -> Self {
        match w {
            Which::Fig13 => Self {
                noise: 1.0,
                target: 1.0,
                lr: 0.005,
                steps: 2000,
                batch: 32,
                ns: vec![64, 128, 256, 512, 1024],
                example_n: 1024,
                snapshots: vec![2000],
                window: 100,
                t_max: 10.0,
                t_loss_min: 2.0,
                dt: 0.2,
            },
            Which::Fig28 => Self {
                noise: 0.2,
                lr: 0.01,
                steps: 5000,
                example_n: 256,
                snapshots: vec![1152, 5000],
                window: 100,
                ..Self::full(Which::Fig13)
            },
        }
    }
    /// Quick: N = 64 and 128 only, twice the learning rate for half the steps (Fig. 13) or
    /// 2.5 times for 2/5 of them (Fig. 28), so the learning time lr * tau is unchanged.
    pub fn quick(w: Which) -> Self {
        let f = Self::full(w);
        let (steps, lr, snaps) = match w {
            Which::Fig13 => (1000, 2.0 * f.lr, vec![1000]),
            Which::Fig28 => (2000, 2.5 * f.lr, vec![461, 2000]),
        };
        Self {
            ns: vec![64, 128],
            example_n: 128,
            steps,
            lr,
            snapshots: snaps,
            window: 50,
            ..f
        }
    }
    /// One-line description.
    pub fn describe(&self) -> String {
        format!(
            "erf, g = 0, sigma = {}, z = {}, N = {:?}, M = 0 at start, only M trained by SGD (lr {}, {} steps, \
             batch {}); pulse +-1/dt along w_in at the first step, t_max = {}, dt = {}, target +-z at every 5th \
             step from t = {}, x(0) = 0; trained values are means over the {} steps up to each snapshot",
            self.noise,
            self.target,
            self.ns,
            self.lr,
            self.steps,
            self.batch,
            self.t_max,
            self.dt,
            self.t_loss_min,
            self.window
        )
    }
}

/// One trained network's recorded learning curves (per step: L, L_bias, L_var, M,
/// |kappa_bar|, rho).
fn train(_s: &Setup, _n: usize, _seed: u64) -> anyhow::Result<Curves> {
    anyhow::bail!("rank-two BPTT training (oblique_validate::train, issue 4) is not on main yet")
}

/// The theory's optimum over lambda+ at the trained lambda- (theory notes, section 3).
fn predict(_s: &Setup, _n: usize, _lambda_minus: f64) -> anyhow::Result<Predicted> {
    anyhow::bail!(
        "the L_var optimum over lambda+ (oblique_theory::optimum, issue 2) is not on main yet"
    )
}

/// lambda+min = sqrt(1 + 2 a^2 sigma^2) for erf (Eq. 51), a = sqrt(pi)/2.
fn lambda_plus_min(noise: f64) -> f64 {
    (1.0 + std::f64::consts::PI / 2.0 * noise * noise).sqrt()
}

/// Real parts of the eigenvalues of the 2x2 matrix, larger first.
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

#[derive(Serialize)]
struct SizeRow {
    tau: usize,
    n: usize,
    lambda_plus_trained: f64,
    lambda_minus_trained: f64,
    l_var_trained: f64,
    l_var_sd: f64,
    kappa_norm_trained: f64,
    kappa_norm_sd: f64,
    rho_trained: f64,
    rho_sd: f64,
    lambda_plus_predicted: Option<f64>,
    l_var_predicted: Option<f64>,
    kappa_norm_predicted: Option<f64>,
    rho_predicted: Option<f64>,
}

fn stat_at(v: &[f64], tau: usize, window: usize) -> Stat {
    let end = (tau + 1).min(v.len());
    match tail_stats(&v[..end], window) {
        Some((mean, sd)) => Stat { mean, sd },
        None => Stat {
            mean: f64::NAN,
            sd: f64::NAN,
        },
    }
}

/// Runs Fig. 13 or Fig. 28.
pub fn run(cfg: &Config, which: Which) -> anyhow::Result<Section> {
    let s = if cfg.quick {
        Setup::quick(which)
    } else {
        Setup::full(which)
    };
    let (id, title, salt) = match which {
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
    };
    let mut sec = cfg.section(id, title);
    sec.setup = s.describe();
    let pb = super::progress::bar(s.ns.len() as u64, &format!("{id}: training"));
    let runs: Vec<(usize, anyhow::Result<Curves>)> =
        s.ns.par_iter()
            .map(|&n| {
                let r = train(&s, n, cfg.sub_seed(salt + n as u64));
                pb.inc(1);
                (n, r)
            })
            .collect();
    pb.finish_and_clear();
    let mut trained = Vec::new();
    for (n, r) in runs {
        match r {
            Ok(c) => trained.push((n, c)),
            Err(e) => sec.missing.push(format!("training at N = {n}: {e:#}")),
        }
    }
    if trained.is_empty() {
        return Ok(sec);
    }
    let tol = if cfg.quick { 0.2 } else { 0.1 };
    let mut snapshots = Vec::new();
    let mut table = Vec::new();
    for &tau in &s.snapshots {
        let mut pts = Vec::new();
        for (n, c) in &trained {
            let idx = tau.min(c.tau.len().saturating_sub(1));
            let m = [c.m[0][idx], c.m[1][idx], c.m[2][idx], c.m[3][idx]];
            let (lp, lm) = eigen_2x2(m);
            let predicted = match predict(&s, *n, lm) {
                Ok(p) => Some(p),
                Err(e) => {
                    sec.missing.push(format!(
                        "prediction at N = {n}, tau = {tau} (lambda- = {lm:.4}): {e:#}"
                    ));
                    None
                }
            };
            let p = SizePoint {
                n: *n,
                l_var: stat_at(&c.l_var, idx, s.window),
                kappa_norm: stat_at(&c.kappa_norm, idx, s.window),
                rho: stat_at(&c.rho, idx, s.window),
                eigenvalues: (lp, lm),
                predicted,
            };
            let final_snapshot = tau == *s.snapshots.last().unwrap_or(&tau);
            let at = format!("N = {n}, tau = {tau}");
            let pr = p.predicted;
            let kcheck = if final_snapshot {
                Check::RelErr(tol)
            } else {
                Check::Info
            };
            sec.rows.push(
                Row::new(
                    "L_var",
                    &at,
                    pr.map(|x| x.l_var),
                    Some(p.l_var.mean),
                    Check::Info,
                )
                .band(Some(p.l_var.sd)),
            );
            sec.rows.push(
                Row::new(
                    "|kappa_bar|",
                    &at,
                    pr.map(|x| x.kappa_norm),
                    Some(p.kappa_norm.mean),
                    kcheck,
                )
                .band(Some(p.kappa_norm.sd)),
            );
            sec.rows.push(
                Row::new("rho", &at, pr.map(|x| x.rho), Some(p.rho.mean), kcheck)
                    .band(Some(p.rho.sd)),
            );
            table.push(SizeRow {
                tau,
                n: *n,
                lambda_plus_trained: lp,
                lambda_minus_trained: lm,
                l_var_trained: p.l_var.mean,
                l_var_sd: p.l_var.sd,
                kappa_norm_trained: p.kappa_norm.mean,
                kappa_norm_sd: p.kappa_norm.sd,
                rho_trained: p.rho.mean,
                rho_sd: p.rho.sd,
                lambda_plus_predicted: pr.map(|x| x.lambda_plus),
                l_var_predicted: pr.map(|x| x.l_var),
                kappa_norm_predicted: pr.map(|x| x.kappa_norm),
                rho_predicted: pr.map(|x| x.rho),
            });
            pts.push(p);
        }
        snapshots.push(Snapshot { tau, points: pts });
    }
    sec.notes.push(format!(
        "Trained values are the mean (noise band: standard deviation) of the per-step measurements \
         over the {} steps up to the snapshot; the theory fixes lambda- at the trained M's smaller \
         eigenvalue and minimises L_var over lambda+ (the mean-field optimum). Targets (|kappa_bar| \
         and rho within {:.0}%) apply at the final snapshot; L_var and earlier snapshots are shown \
         with no target.",
        s.window,
        100.0 * tol
    ));
    save_csv(cfg, &mut sec, &format!("{id}_sizes.csv"), &table)?;
    let example = trained
        .iter()
        .find(|(n, _)| *n == s.example_n)
        .or(trained.last())
        .map(|(n, c)| (*n, c.clone()));
    if let Some((n, c)) = &example {
        save_csv(
            cfg,
            &mut sec,
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
    save_figure(cfg, &mut sec, &data.figure(), id)?;
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
