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
pub mod signflip;
mod theory;

pub use setup::Setup;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::curves::{run_spread, CurveRow, Curves};
use crate::reproduce::report::Section;
use figure::Fig10Data;
use oblique_validate::train::protocol::LinearProtocol;
use rows::{
    band_factor, family_calibration, notes, pick, push_phase_rows, push_spread_rows, PhaseTheory,
    QUANTITIES,
};
use theory::{euler_theory, sgd_theory, theory, SgdTheory};

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
        product: s.product,
        ..LinearProtocol::fig10()
    }
}

/// Simulated learning curves (fast, slow): the full W of the linear network trained by SGD
/// with BPTT (`oblique_validate::train::protocol::LinearProtocol`); `tick` after every step.
fn simulate(s: &Setup, seed: u64, tick: &(dyn Fn() + Sync)) -> anyhow::Result<(Curves, Curves)> {
    let run = protocol(s, seed).run(|_| tick())?;
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

/// Learning curves of the two phases (fast, slow).
type Phases = (Curves, Curves);

/// The three theories of the set-up (paper's closed form, Euler-map gradient descent, SGD
/// moments); one that fails is a missing piece of the section.
fn theories(s: &Setup, sec: &mut Section) -> (Option<Phases>, Option<Phases>, Option<SgdTheory>) {
    let th = match theory(s) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing.push(format!("theory curves: {e:#}"));
            None
        }
    };
    let euler = match euler_theory(s) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing
                .push(format!("Euler-map gradient descent: {e:#}"));
            None
        }
    };
    let sgd = match sgd_theory(s) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing.push(format!("SGD moment theory: {e:#}"));
            None
        }
    };
    (th, euler, sgd)
}

/// The simulated replicates, one seed each, trained side by side: each run on a one-thread
/// pool of its own (the trainer's numbers do not depend on the thread count), the runs handed
/// to the current pool's threads by `oblique_validate::jobs::run_in_list_order`. At N = 256
/// a second thread speeds one run up 1.5x; two runs side by side use both cores fully. A
/// failed run is a missing piece.
fn simulate_replicates(cfg: &Config, s: &Setup, sec: &mut Section) -> Vec<Phases> {
    let seeds: Vec<u64> = (0..s.replicates.max(1) as u64)
        .map(|r| cfg.sub_seed(10 + 1000 * r))
        .collect();
    let steps = (s.fast_steps + s.slow_steps) as u64 * seeds.len() as u64;
    let pb = crate::reproduce::progress::bar(steps, "fig10: training W");
    let tick = || pb.inc(1);
    let results = oblique_validate::jobs::run_in_list_order(&seeds, |&seed| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
        pool.install(|| simulate(s, seed, &tick))
    });
    pb.finish_and_clear();
    let mut runs = Vec::new();
    for (r, res) in results.into_iter().enumerate() {
        match res {
            Ok(t) => runs.push(t),
            Err(e) => sec.missing.push(format!("simulation {r}: {e:#}")),
        }
    }
    runs
}

/// The run-to-run standard error of the mean curve, per step, for each phase and quantity.
fn run_spreads(runs: &[Phases]) -> [[Vec<f64>; QUANTITIES]; 2] {
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
    [spread(0), spread(1)]
}

/// The mean simulated curves of each phase (none without a run).
fn mean_runs(runs: &[Phases]) -> Option<Phases> {
    (!runs.is_empty()).then(|| {
        let fast: Vec<Curves> = runs.iter().map(|r| r.0.clone()).collect();
        let slow: Vec<Curves> = runs.iter().map(|r| r.1.clone()).collect();
        (Curves::mean_of(&fast), Curves::mean_of(&slow))
    })
}

/// Most points per curve of the fast and the slow phase in the figure and its CSV (the
/// report's rows use every step).
const DRAWN: [usize; 2] = [2000, 2500];

/// A phase's curves as drawn: at most [`DRAWN`] points.
fn drawn(c: &Curves, phase: usize) -> Curves {
    c.thin(DRAWN[phase])
}

/// The rows of `fig10_curves.csv`, the curves as drawn ([`DRAWN`]): paper's theory,
/// Euler-map theory, SGD theory and simulation, fast phase before slow.
fn curve_rows(
    paper: &Phases,
    euler: Option<&Phases>,
    sgd: Option<&SgdTheory>,
    sim: Option<&Phases>,
) -> Vec<CurveRow> {
    let mut csv = Vec::new();
    let mut add = |c: &Curves, source, p: usize| {
        csv.extend(drawn(c, p).rows(source, ["fast", "slow"][p]));
    };
    add(&paper.0, "theory", 0);
    add(&paper.1, "theory", 1);
    if let Some((a, b)) = euler {
        add(a, "euler_gd", 0);
        add(b, "euler_gd", 1);
    }
    if let Some(t) = sgd {
        add(&t.fast, "sgd_theory", 0);
        add(&t.slow, "sgd_theory", 1);
    }
    if let Some((a, b)) = sim {
        add(a, "simulation", 0);
        add(b, "simulation", 1);
    }
    csv
}

/// The report rows: per phase and curve, the largest deviation of the smoothed simulation
/// from each theory, and the run-to-run spread against the SGD theory's; then the notes.
#[allow(clippy::too_many_arguments)]
fn report(
    cfg: &Config,
    s: &Setup,
    sec: &mut Section,
    paper: &Phases,
    euler: Option<&Phases>,
    sgd: Option<&SgdTheory>,
    sim: &Phases,
    spreads: &[[Vec<f64>; QUANTITIES]; 2],
    runs: &[Phases],
) {
    let window = if cfg.quick { 21 } else { 51 };
    let cal = sgd.and_then(|t| family_calibration(runs, [&t.fast, &t.slow], window, SPREAD_WINDOW));
    let factor = band_factor(cal.as_ref(), runs.len());
    let phases = [
        (
            "fast",
            &sim.0,
            &paper.0,
            euler.map(|e| &e.0),
            sgd.map(|t| &t.fast),
        ),
        (
            "slow",
            &sim.1,
            &paper.1,
            euler.map(|e| &e.1),
            sgd.map(|t| &t.slow),
        ),
    ];
    for (i, (phase, simc, paper, euler, sgd_c)) in phases.into_iter().enumerate() {
        let th = PhaseTheory {
            paper,
            euler,
            sgd: sgd_c,
        };
        push_phase_rows(sec, s, phase, simc, th, window, &spreads[i], factor);
        if let Some(t) = sgd {
            push_spread_rows(sec, phase, &t.sd[i], &spreads[i], runs.len());
        }
    }
    sec.notes.extend(notes(s, window, cal.as_ref()));
}

/// Draws the figure: theory dashed, SGD theory dotted, simulation solid.
fn draw(
    cfg: &Config,
    s: &Setup,
    sec: &mut Section,
    paper: Phases,
    sgd: Option<SgdTheory>,
    sim: Option<Phases>,
) -> anyhow::Result<()> {
    let (sgd_fast, sgd_slow) = match sgd {
        Some(t) => (Some(t.fast), Some(t.slow)),
        None => (None, None),
    };
    let (sf, ss) = match sim {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    let data = Fig10Data {
        fast_steps: s.fast_steps,
        theory_fast: drawn(&paper.0, 0),
        theory_slow: drawn(&paper.1, 1),
        sgd_fast: sgd_fast.map(|c| drawn(&c, 0)),
        sgd_slow: sgd_slow.map(|c| drawn(&c, 1)),
        sim_fast: sf.map(|c| drawn(&c, 0)),
        sim_slow: ss.map(|c| drawn(&c, 1)),
        footer: format!(
            "{}{}; simulation solid, paper's theory dashed, SGD moment theory dotted",
            if cfg.quick { "QUICK MODE: " } else { "" },
            s.describe()
        ),
    };
    save_figure(cfg, sec, &data.figure(), "fig10")
}

/// Runs Fig. 10: theory, simulation, figure, CSV and report section.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    let s = Setup::of_size(cfg.size());
    let mut sec = cfg.section(
        "fig10",
        "Fig. 10: two-phase learning of a noisy linear network",
    );
    sec.setup = s.describe();
    let (th, euler, sgd) = theories(&s, &mut sec);
    let runs = simulate_replicates(cfg, &s, &mut sec);
    let spreads = run_spreads(&runs);
    let sim = mean_runs(&runs);
    let Some(paper) = th else {
        if let Some((a, b)) = &sim {
            let mut csv = a.rows("simulation", "fast");
            csv.extend(b.rows("simulation", "slow"));
            save_csv(cfg, &mut sec, "fig10_curves.csv", &csv)?;
        }
        return Ok(sec);
    };
    let csv = curve_rows(&paper, euler.as_ref(), sgd.as_ref(), sim.as_ref());
    save_csv(cfg, &mut sec, "fig10_curves.csv", &csv)?;
    if let Some(sim) = &sim {
        let (e, g) = (euler.as_ref(), sgd.as_ref());
        report(cfg, &s, &mut sec, &paper, e, g, sim, &spreads, &runs);
    }
    draw(cfg, &s, &mut sec, paper, sgd, sim)?;
    Ok(sec)
}
