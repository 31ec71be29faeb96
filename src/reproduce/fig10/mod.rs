//! Fig. 10: a linear network with large output weights learns under noise in two phases
//! (theory notes, section 5). Simulation: the full N x N W trained by SGD with BPTT on the
//! constant-input task; theory: the paper's closed-form two-phase curves (information) and
//! the exact gradient flow of the Euler-map loss at the simulation's dt (the target rows,
//! `fig10_rows.rs`).

use super::curves::{moving_average, run_spread, Curves};
use super::fig10_rows::{
    measured_expectation, notes, pick, push_phase_rows, push_spread_rows, PhaseTheory, QUANTITIES,
};
use super::report::Section;
use super::{save_csv, save_figure, Config};
use crate::figures::fig10::Fig10Data;
use oblique_theory::linear::{
    closed_form, gradient_descent, sgd_moments, LearningCurves, LinearTask, Schedule, TimeModel,
};
use oblique_validate::train::protocol::LinearProtocol;

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
    /// independent training runs (seeds); the report and figure use their mean
    pub replicates: usize,
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
            replicates: 3,
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
            replicates: 4,
            ..Self::full()
        }
    }
    /// One-line description for the report.
    pub fn describe(&self) -> String {
        format!(
            "N = {}, rho sqrt(N) = {}, sigma = {}, z = {}, dt = {}, t_max = {}, loss for t >= {}, batch {}, \
             SGD on the full W: {} steps at lr {}/N, then {} steps at lr {}; mean of {} training runs",
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
            self.lr0,
            self.replicates
        )
    }
}

fn from_theory(c: &LearningCurves) -> Curves {
    Curves {
        tau: c.tau.clone(),
        l: c.l.clone(),
        l_bias: c.l_bias.clone(),
        l_var: c.l_var.clone(),
        m: [c.m11.clone(), c.m12.clone(), c.m21.clone(), c.m22.clone()],
        dx_norm: c.dx_norm.clone(),
        ..Default::default()
    }
}

fn task_schedule(s: &Setup) -> (LinearTask, Schedule) {
    let task = LinearTask {
        n: s.n,
        rho_sqrt_n: s.rho_sqrt_n,
        sigma: s.noise,
        target: s.target,
    };
    let schedule = Schedule {
        lr: s.lr0,
        fast_steps: s.fast_steps as u64,
        slow_steps: s.slow_steps as u64,
        samples: s.fast_steps.max(s.slow_steps) + 1,
    };
    (task, schedule)
}

/// Theory curves (fast, slow) from the closed form of section 5
/// (`oblique_theory::linear::closed_form`), sampled at every learning step.
fn theory(s: &Setup) -> anyhow::Result<(Curves, Curves)> {
    let (task, schedule) = task_schedule(s);
    let c = closed_form(&task, &schedule)?;
    Ok((from_theory(&c.fast), from_theory(&c.slow)))
}

/// Theory curves (fast, slow): gradient descent with the training's learning rates and step
/// counts on the exact Euler-map loss at the simulation's `dt` (`gradient_descent` with
/// `TimeModel::Euler`, theory/notes/linear.md Eqs. L22-L25, L30), in the rank-two subspace,
/// sampled at every learning step; the loss parts are the expectations of their batch
/// measurement ([`measured_expectation`]).
fn euler_theory(s: &Setup) -> anyhow::Result<(Curves, Curves)> {
    let (task, schedule) = task_schedule(s);
    let c = gradient_descent(
        &task,
        &schedule,
        nalgebra::Matrix2::zeros(),
        TimeModel::Euler { dt: s.dt },
    )?;
    Ok((
        measured_expectation(&from_theory(&c.fast), s.batch),
        measured_expectation(&from_theory(&c.slow), s.batch),
    ))
}

/// Theory curves (fast, slow) and the predicted run-to-run standard deviation of `M`
/// (fast, slow): the SGD moment equations (`sgd_moments`, theory/notes/linear.md Eqs.
/// L31-L37) with the training's batch, Euler step and scored steps (taken from the training
/// protocol's task), sampled at every learning step; loss parts as measured on a batch.
fn sgd_theory(s: &Setup) -> anyhow::Result<SgdTheory> {
    let (task, schedule) = task_schedule(s);
    let window = protocol(s, 0).task().sgd_window(s.batch)?;
    let c = sgd_moments(
        &task,
        &schedule,
        nalgebra::Matrix2::zeros(),
        &window,
        NOISE_EVERY,
    )?;
    Ok(SgdTheory {
        fast: measured_expectation(&from_theory(&c.mean.fast), s.batch),
        slow: measured_expectation(&from_theory(&c.mean.slow), s.batch),
        sd: [c.fast_sd, c.slow_sd],
    })
}

/// The gradient-noise covariance (Eq. L34) is recomputed every this many learning steps.
const NOISE_EVERY: u64 = 10;

/// The SGD moment theory of both phases.
struct SgdTheory {
    fast: Curves,
    slow: Curves,
    /// predicted run-to-run standard deviation of `M` at every step, per phase
    sd: [Vec<nalgebra::Matrix2<f64>>; 2],
}

/// The training protocol of one run.
fn protocol(s: &Setup, seed: u64) -> LinearProtocol {
    LinearProtocol {
        n: s.n,
        fast_steps: s.fast_steps,
        slow_steps: s.slow_steps,
        lr: s.lr0,
        noise: s.noise,
        batch: s.batch,
        seed,
        dt: s.dt,
        t_max: s.t_max,
        t_loss_min: s.t_loss_min,
        z: s.target,
        rho_sqrt_n: s.rho_sqrt_n,
        ..LinearProtocol::fig10()
    }
}

/// Simulated learning curves (fast, slow): the full W of the linear network trained by SGD
/// with BPTT (`oblique_validate::train::protocol::LinearProtocol`).
fn simulate(s: &Setup, seed: u64) -> anyhow::Result<(Curves, Curves)> {
    let proto = protocol(s, seed);
    let pb = super::progress::bar((s.fast_steps + s.slow_steps) as u64, "fig10: training W");
    let run = proto.run(|_| pb.inc(1))?;
    pb.finish_and_clear();
    let mut fast = Curves::default();
    let mut slow = Curves::default();
    for r in &run.records {
        let (c, tau) = if r.step < s.fast_steps {
            (&mut fast, r.step)
        } else {
            (&mut slow, r.step - s.fast_steps)
        };
        c.tau.push(tau as f64);
        c.l.push(r.loss);
        c.l_bias.push(r.l_bias);
        c.l_var.push(r.l_var);
        c.m[0].push(r.m11);
        c.m[1].push(r.m12);
        c.m[2].push(r.m21);
        c.m[3].push(r.m22);
        c.dx_norm.push(r.dx_bar);
    }
    Ok((fast, slow))
}

/// Largest deviation of a simulated curve from theory, after smoothing the simulation over
/// `window` steps (the noise band is `2 noise_sd(sim, window)`, computed by the caller).
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
}

/// Linear interpolation of `(xs, ys)` at `x` (xs increasing; clamped at the ends).
pub fn interp(xs: &[f64], ys: &[f64], x: f64) -> f64 {
    let n = xs.len().min(ys.len());
    if n == 0 {
        return f64::NAN;
    }
    if x <= xs[0] {
        return ys[0];
    }
    if x >= xs[n - 1] {
        return ys[n - 1];
    }
    let i = xs[..n].partition_point(|v| *v <= x).max(1);
    let (x0, x1, y0, y1) = (xs[i - 1], xs[i], ys[i - 1], ys[i]);
    if x1 == x0 {
        y0
    } else {
        y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    }
}

/// Compares the simulated curve `(tau, sim)` with the theory curve `(theory_tau, theory)`
/// (interpolated at the simulated steps), both smoothed over `window` steps, and reports the step
/// where `|sim - theory| / band(i)` is largest (`band(i) > 0`: the noise band at simulated
/// step `i`; a constant band gives the largest deviation), with the band there.
pub fn deviation_in_bands(
    tau: &[f64],
    sim: &[f64],
    theory_tau: &[f64],
    theory: &[f64],
    window: usize,
    band: &dyn Fn(usize) -> f64,
) -> Option<(Deviation, f64)> {
    let n = sim.len().min(tau.len());
    if n == 0 || theory.is_empty() {
        return None;
    }
    let smooth = moving_average(&sim[..n], window);
    // the theory is smoothed the same way, so a curve's bend biases neither side
    let th_at: Vec<f64> = tau[..n]
        .iter()
        .map(|&t| interp(theory_tau, theory, t))
        .collect();
    let th_smooth = moving_average(&th_at, window);
    let mut best = Deviation {
        max_dev: -1.0,
        at_tau: 0.0,
        theory_there: 0.0,
        sim_there: 0.0,
    };
    let (mut worst, mut band_there) = (-1.0, 0.0);
    // where the centred window does not fit (the ends), the smoothed curve is biased: skip
    let h = if window > 1 {
        (window / 2).min(n.saturating_sub(1) / 2)
    } else {
        0
    };
    for i in h..n - h {
        let th = th_smooth[i];
        let d = (smooth[i] - th).abs();
        let b = band(i);
        let ratio = d / b;
        if ratio.is_finite() && ratio > worst {
            worst = ratio;
            band_there = b;
            best.max_dev = d;
            best.at_tau = tau[i];
            best.theory_there = th;
            best.sim_there = smooth[i];
        }
    }
    (best.max_dev >= 0.0).then_some((best, band_there))
}

/// The run-to-run variance is averaged over this many steps (centred) before its root is
/// taken: with three runs, the variance at a single step is too noisy to be a band.
const SPREAD_WINDOW: usize = 51;

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
    let euler = match euler_theory(&s) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing
                .push(format!("Euler-map gradient descent: {e:#}"));
            None
        }
    };
    let sgd = match sgd_theory(&s) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing.push(format!("SGD moment theory: {e:#}"));
            None
        }
    };
    let mut runs = Vec::new();
    for r in 0..s.replicates.max(1) as u64 {
        match simulate(&s, cfg.sub_seed(10 + 1000 * r)) {
            Ok(t) => runs.push(t),
            Err(e) => sec.missing.push(format!("simulation {r}: {e:#}")),
        }
    }
    // the run-to-run standard error of the mean curve, per step, for each phase and quantity
    let spread = |phase: usize| -> [Vec<f64>; QUANTITIES] {
        let k = (runs.len().max(1) as f64).sqrt();
        std::array::from_fn(|q| {
            let refs: Vec<&[f64]> = runs
                .iter()
                .map(|r| pick(if phase == 0 { &r.0 } else { &r.1 }, q))
                .collect();
            run_spread(&refs, SPREAD_WINDOW)
                .into_iter()
                .map(|v| v / k)
                .collect()
        })
    };
    let spreads = [spread(0), spread(1)];
    let sim = (!runs.is_empty()).then(|| {
        let fast: Vec<Curves> = runs.iter().map(|r| r.0.clone()).collect();
        let slow: Vec<Curves> = runs.iter().map(|r| r.1.clone()).collect();
        (Curves::mean_of(&fast), Curves::mean_of(&slow))
    });
    let Some((tf, ts)) = th else {
        if let Some((a, b)) = &sim {
            let mut csv = a.rows("simulation", "fast");
            csv.extend(b.rows("simulation", "slow"));
            save_csv(cfg, &mut sec, "fig10_curves.csv", &csv)?;
        }
        return Ok(sec);
    };
    let (sf, ss) = match sim {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    let mut csv = tf.rows("theory", "fast");
    csv.extend(ts.rows("theory", "slow"));
    if let Some((a, b)) = &euler {
        csv.extend(a.rows("euler_gd", "fast"));
        csv.extend(b.rows("euler_gd", "slow"));
    }
    if let Some(t) = &sgd {
        csv.extend(t.fast.rows("sgd_theory", "fast"));
        csv.extend(t.slow.rows("sgd_theory", "slow"));
    }
    if let (Some(a), Some(b)) = (&sf, &ss) {
        csv.extend(a.rows("simulation", "fast"));
        csv.extend(b.rows("simulation", "slow"));
    }
    save_csv(cfg, &mut sec, "fig10_curves.csv", &csv)?;

    // report rows: per phase and curve, largest deviation of the smoothed simulation
    if let (Some(a), Some(b)) = (&sf, &ss) {
        let window = if cfg.quick { 21 } else { 51 };
        let (ef, es) = match &euler {
            Some((x, y)) => (Some(x), Some(y)),
            None => (None, None),
        };
        let (gf, gs) = match &sgd {
            Some(t) => (Some(&t.fast), Some(&t.slow)),
            None => (None, None),
        };
        for (i, (phase, simc, paper, euler, sgd_c)) in
            [("fast", a, &tf, ef, gf), ("slow", b, &ts, es, gs)]
                .into_iter()
                .enumerate()
        {
            let th = PhaseTheory {
                paper,
                euler,
                sgd: sgd_c,
            };
            push_phase_rows(
                &mut sec,
                &s,
                phase,
                simc,
                th,
                window,
                &spreads[i],
                runs.len(),
            );
            if let Some(t) = &sgd {
                push_spread_rows(&mut sec, phase, &t.sd[i], &spreads[i], runs.len());
            }
        }
        sec.notes.extend(notes(&s, window));
    }
    let (sgd_fast, sgd_slow) = match sgd {
        Some(t) => (Some(t.fast), Some(t.slow)),
        None => (None, None),
    };
    let data = Fig10Data {
        fast_steps: s.fast_steps,
        theory_fast: tf,
        theory_slow: ts,
        sgd_fast,
        sgd_slow,
        sim_fast: sf.map(|c| c.thin(2000)),
        sim_slow: ss.map(|c| c.thin(2500)),
        footer: format!(
            "{}{}; simulation solid, paper's theory dashed, SGD moment theory dotted",
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
    use crate::reproduce::curves::noise_sd;

    #[test]
    fn deviation_finds_the_largest_gap_and_the_band() {
        let tau: Vec<f64> = (0..200).map(|i| i as f64).collect();
        let theory: Vec<f64> = vec![1.0; 200];
        // simulation: theory + 0.5 after step 150, plus +-0.1 alternating noise
        let sim: Vec<f64> = (0..200)
            .map(|i| 1.0 + if i >= 150 { 0.5 } else { 0.0 } + if i % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        let one = |_: usize| 1.0;
        let d = deviation_in_bands(&tau, &sim, &tau, &theory, 11, &one)
            .unwrap()
            .0;
        // interpolation: a theory sampled at half the points gives the same answer
        let half: Vec<f64> = tau.iter().step_by(2).copied().collect();
        let d2 = deviation_in_bands(&tau, &sim, &half, &vec![1.0; half.len()], 11, &one)
            .unwrap()
            .0;
        assert!((d2.max_dev - d.max_dev).abs() < 1e-12);
        assert!((interp(&[0.0, 2.0], &[1.0, 3.0], 0.5) - 1.5).abs() < 1e-15);
        assert!((d.max_dev - 0.5).abs() < 0.02, "{d:?}");
        assert!(d.at_tau >= 155.0, "{d:?}");
        // the band is about 2 x 0.1 (plus the smoothing error at the step)
        let band = 2.0 * noise_sd(&sim, 11);
        assert!(band > 0.19 && band < 0.26, "{band}");
        // a band that is wide after step 150 moves the worst point before it
        let wide = |i: usize| if i >= 150 { 10.0 } else { 0.01 };
        let (d3, b3) = deviation_in_bands(&tau, &sim, &tau, &theory, 11, &wide).unwrap();
        assert!(d3.at_tau < 150.0 && b3 == 0.01, "{d3:?}");
    }
}
