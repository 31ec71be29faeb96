//! Fig. 10: a linear network with large output weights learns under noise in two phases
//! (theory notes, section 5). Simulation: the full N x N W trained by SGD with BPTT on the
//! constant-input task; theory: the paper's closed-form two-phase curves (information) and
//! the exact gradient flow of the Euler-map loss at the simulation's dt (the target rows,
//! [`rows`]). The folder holds the set-up ([`setup`]), the comparison of curves in noise
//! bands ([`deviation`]), the report rows ([`rows`]) and the drawing ([`figure`]).

pub mod deviation;
pub mod figure;
pub mod rows;
pub mod setup;

pub use setup::Setup;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::curves::{run_spread, Curves};
use crate::reproduce::report::Section;
use figure::Fig10Data;
use oblique_theory::linear::{
    closed_form, gradient_descent, sgd_moments, LearningCurves, LinearTask, Schedule, TimeModel,
};
use oblique_validate::train::protocol::LinearProtocol;
use rows::{
    measured_expectation, notes, pick, push_phase_rows, push_spread_rows, PhaseTheory, QUANTITIES,
};

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
    let pb =
        crate::reproduce::progress::bar((s.fast_steps + s.slow_steps) as u64, "fig10: training W");
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
