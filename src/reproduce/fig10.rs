//! Fig. 10: a linear network with large output weights learns under noise in two phases
//! (theory notes, section 5). Simulation: the full N x N W trained by SGD with BPTT on the
//! constant-input task; theory: the closed-form two-phase curves.

use super::curves::{moving_average, noise_sd, Curves};
use super::report::{Check, Row, Section};
use super::{save_csv, save_figure, Config};
use crate::figures::fig10::Fig10Data;

/// The Fig. 10 set-up (theory notes, section 6).
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    /// network size
    pub n: usize,
    /// correlation of input and output weights times sqrt(N)
    pub rho_sqrt_n: f64,
    /// noise sigma
    pub noise: f64,
    /// target z
    pub target: f64,
    /// Euler step
    pub dt: f64,
    /// trial length
    pub t_max: f64,
    /// the loss is evaluated for t >= this
    pub t_loss_min: f64,
    /// trials per step
    pub batch: usize,
    /// base learning rate eta0 (fast phase eta0/N, slow phase eta0)
    pub lr0: f64,
    /// steps in the fast phase
    pub fast_steps: usize,
    /// steps in the slow phase
    pub slow_steps: usize,
}

impl Setup {
    /// The published set-up.
    pub fn full() -> Self {
        Self {
            n: 256,
            rho_sqrt_n: -0.5,
            noise: 1.0,
            target: 1.0,
            dt: 0.2,
            t_max: 20.0,
            t_loss_min: 15.0,
            batch: 32,
            lr0: 0.002,
            fast_steps: 1000,
            slow_steps: 5000,
        }
    }
    /// The quick set-up: N = 64, batch 16, a five times larger eta0 with five (fast) and
    /// about eight (slow) times fewer steps, so both phases cover the same learning time
    /// eta0 * tau as published (the closed form depends on eta0 and tau only through it).
    pub fn quick() -> Self {
        Self {
            n: 64,
            batch: 16,
            lr0: 0.01,
            fast_steps: 200,
            slow_steps: 600,
            ..Self::full()
        }
    }
    /// One-line description for the report.
    pub fn describe(&self) -> String {
        format!(
            "N = {}, rho sqrt(N) = {}, sigma = {}, z = {}, dt = {}, t_max = {}, loss for t >= {}, batch {}, \
             SGD on the full W: {} steps at lr {}/N, then {} steps at lr {}",
            self.n,
            self.rho_sqrt_n,
            self.noise,
            self.target,
            self.dt,
            self.t_max,
            self.t_loss_min,
            self.batch,
            self.fast_steps,
            self.lr0,
            self.slow_steps,
            self.lr0
        )
    }
}

/// Theory curves (fast, slow) from the closed form of `oblique_theory::linear`.
fn theory(_s: &Setup) -> anyhow::Result<(Curves, Curves)> {
    anyhow::bail!(
        "the closed-form two-phase curves (oblique_theory::linear, issue 3) are not on main yet"
    )
}

/// Simulated learning curves (fast, slow) from `oblique_validate::train`.
fn simulate(_s: &Setup, _seed: u64) -> anyhow::Result<(Curves, Curves)> {
    anyhow::bail!("full-W linear training (oblique_validate::train, issue 4) is not on main yet")
}

/// Largest deviation of a simulated curve from theory, after smoothing the simulation over
/// `window` steps, and the simulation's noise band (two standard deviations of its
/// step-to-step fluctuation around the smoothed curve).
#[derive(Debug, Clone, Copy)]
pub struct Deviation {
    /// max over tau of |smoothed sim - theory|
    pub max_dev: f64,
    /// the learning step where it occurs
    pub at_tau: f64,
    /// theory there
    pub theory_there: f64,
    /// smoothed simulation there
    pub sim_there: f64,
    /// two standard deviations of the raw simulation around its smoothed curve
    pub band: f64,
}

/// Compares `sim` with `theory` on the same step grid.
pub fn deviation(tau: &[f64], sim: &[f64], theory: &[f64], window: usize) -> Option<Deviation> {
    let n = sim.len().min(theory.len()).min(tau.len());
    if n == 0 {
        return None;
    }
    let smooth = moving_average(&sim[..n], window);
    let band = 2.0 * noise_sd(&sim[..n], window);
    let mut best = Deviation {
        max_dev: -1.0,
        at_tau: 0.0,
        theory_there: 0.0,
        sim_there: 0.0,
        band,
    };
    for i in 0..n {
        let d = (smooth[i] - theory[i]).abs();
        if d.is_finite() && d > best.max_dev {
            best.max_dev = d;
            best.at_tau = tau[i];
            best.theory_there = theory[i];
            best.sim_there = smooth[i];
        }
    }
    (best.max_dev >= 0.0).then_some(best)
}

/// Runs Fig. 10: theory, simulation, figure, CSV and report section.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    let s = if cfg.quick {
        Setup::quick()
    } else {
        Setup::full()
    };
    let mut sec = cfg.section(
        "fig10",
        "Fig. 10: two-phase learning of a noisy linear network",
    );
    sec.setup = s.describe();
    let th = match theory(&s) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing.push(format!("theory curves: {e:#}"));
            None
        }
    };
    let sim = match simulate(&s, cfg.sub_seed(10)) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing.push(format!("simulation: {e:#}"));
            None
        }
    };
    let Some((tf, ts)) = th else {
        return Ok(sec);
    };
    let (sf, ss) = match sim {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    let mut csv = tf.rows("theory", "fast");
    csv.extend(ts.rows("theory", "slow"));
    if let (Some(a), Some(b)) = (&sf, &ss) {
        csv.extend(a.rows("simulation", "fast"));
        csv.extend(b.rows("simulation", "slow"));
    }
    save_csv(cfg, &mut sec, "fig10_curves.csv", &csv)?;

    // report rows: per phase and curve, largest deviation of the smoothed simulation
    if let (Some(a), Some(b)) = (&sf, &ss) {
        let window = if cfg.quick { 21 } else { 51 };
        for (phase, simc, thc) in [("fast", a, &tf), ("slow", b, &ts)] {
            for (name, sv, tv) in [
                ("M11", &simc.m[0], &thc.m[0]),
                ("M12", &simc.m[1], &thc.m[1]),
                ("L_bias", &simc.l_bias, &thc.l_bias),
                ("L_var", &simc.l_var, &thc.l_var),
            ] {
                match deviation(&simc.tau, sv, tv, window) {
                    Some(d) => sec.rows.push(
                        Row::new(
                            &format!("max deviation of {name}"),
                            &format!("{phase} phase, at tau = {}", d.at_tau),
                            Some(d.theory_there),
                            Some(d.sim_there),
                            Check::WithinBand,
                        )
                        .band(Some(d.band)),
                    ),
                    None => sec
                        .missing
                        .push(format!("{name} ({phase} phase): no overlapping points")),
                }
            }
        }
        sec.notes.push(format!(
            "Deviation: the simulated curve is smoothed with a centred moving average over {window} \
             steps; the row shows the learning step where |smoothed sim - theory| is largest, with \
             theory and smoothed simulation there. The noise band is two standard deviations of the \
             raw simulated curve around its smoothed version (its step-to-step noise); the target is \
             met when the largest deviation lies within it."
        ));
    }
    let data = Fig10Data {
        fast_steps: s.fast_steps,
        theory_fast: tf,
        theory_slow: ts,
        sim_fast: sf.map(|c| c.thin(2000)),
        sim_slow: ss.map(|c| c.thin(2500)),
        footer: format!(
            "{}{}; simulation solid, theory dashed",
            if cfg.quick { "QUICK MODE: " } else { "" },
            s.describe()
        ),
    };
    save_figure(cfg, &mut sec, &data.figure(), "fig10")?;
    Ok(sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deviation_finds_the_largest_gap_and_the_band() {
        let tau: Vec<f64> = (0..200).map(|i| i as f64).collect();
        let theory: Vec<f64> = vec![1.0; 200];
        // simulation: theory + 0.5 after step 150, plus +-0.1 alternating noise
        let sim: Vec<f64> = (0..200)
            .map(|i| 1.0 + if i >= 150 { 0.5 } else { 0.0 } + if i % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        let d = deviation(&tau, &sim, &theory, 11).unwrap();
        assert!((d.max_dev - 0.5).abs() < 0.02, "{d:?}");
        assert!(d.at_tau >= 155.0, "{d:?}");
        // the band is about 2 x 0.1 (plus the smoothing error at the step)
        assert!(d.band > 0.19 && d.band < 0.26, "{d:?}");
    }
}
