//! The parameter sweeps of `reproduce flr` (`theory/notes/flr.md` section 6 and "Where it
//! fails"): speed against gain and against the number of memories (plain Hebb, random
//! pairs), and measured over predicted speed against the input amplitude (hebb-target).

use super::setup::Plan;
use oblique_theory::flr::{FlrError, FlrTheory, LearningRule, LearningTask};
use oblique_validate::flr::{draw_pair, FlrNetworkSpec, SpeedExperiment, SpeedPoint};

/// A sweep: theory curve (x, linear theory, FLR2) and simulated (x, mean, s.e., theory).
#[derive(Debug, Clone, Default)]
pub struct Sweep {
    /// theory curve
    pub theory: Vec<(f64, f64, f64)>,
    /// simulated points
    pub sim: Vec<(f64, f64, f64, f64)>,
    /// the simulated tasks
    pub rows: Vec<SpeedPoint>,
}

/// The three sweeps.
#[derive(Debug, Clone, Default)]
pub struct SweepData {
    /// speed against beta
    pub gain: Sweep,
    /// speed against P
    pub memories: Sweep,
    /// (u, mean measured/predicted, s.e.)
    pub inputs: Vec<(f64, f64, f64)>,
    /// the input-sweep tasks
    pub input_rows: Vec<SpeedPoint>,
    /// simulations run
    pub runs: usize,
}

/// Simulations of the sweeps.
pub fn task_count(p: &Plan) -> usize {
    (p.betas.len() + p.memories.len()) * p.sweep_pairs + p.us.len() * p.sweep_pairs.min(4)
}

fn mean_se(v: &[f64]) -> (f64, f64) {
    let k = v.len().max(1) as f64;
    let m = v.iter().sum::<f64>() / k;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
    (m, (var / k).sqrt())
}

fn experiment(
    p: &Plan,
    spec: FlrNetworkSpec,
    pairs: usize,
    u: f64,
    rule: LearningRule,
) -> SpeedExperiment {
    SpeedExperiment {
        spec,
        network_seed: p.seed.wrapping_add(900),
        pairs: (0..pairs).map(|_| (0.0, u)).collect(),
        rules: vec![rule],
        epsilon: p.base.epsilon,
        sim: p.base.sim,
        fit: p.base.fit,
        threshold: 1.0,
        seed: p.seed.wrapping_add(7),
    }
}

/// Mean linear-theory and FLR2 speed over the sweep's pairs, `None` when unstable.
fn theory_mean(p: &Plan, spec: FlrNetworkSpec) -> Option<(f64, f64)> {
    let s = spec.sample(p.seed.wrapping_add(900)).ok()?;
    let th = FlrTheory::at_origin(&s.net).ok()?;
    let tasks: Vec<LearningTask> = (0..p.sweep_pairs)
        .map(|k| {
            let (xi, eta) = draw_pair(&s.memories, spec.n, 0.0, p.seed.wrapping_add(7), k as u64);
            LearningTask {
                xi,
                eta,
                u: p.base.u,
                epsilon: p.base.epsilon,
                rule: LearningRule::HEBB,
            }
        })
        .collect();
    let pr = th.predict_batch(&tasks).ok()?;
    let k = pr.len() as f64;
    Some((
        pr.iter().map(|q| q.exact).sum::<f64>() / k,
        pr.iter().filter_map(|q| q.flr2).sum::<f64>() / k,
    ))
}

fn sweep(
    p: &Plan,
    specs: &[(f64, FlrNetworkSpec)],
    curve: &[(f64, FlrNetworkSpec)],
    tick: &(dyn Fn() + Sync),
) -> Sweep {
    let mut out = Sweep::default();
    for (x, spec) in specs {
        let rows = experiment(p, *spec, p.sweep_pairs, p.base.u, LearningRule::HEBB).run(0, tick);
        let (m, se) = mean_se(&rows.iter().map(|r| r.measured).collect::<Vec<_>>());
        let pred =
            rows.iter().filter_map(|r| r.predicted_exact).sum::<f64>() / rows.len().max(1) as f64;
        out.sim.push((*x, m, se, pred));
        out.rows.extend(rows);
    }
    out.theory = curve
        .iter()
        .filter_map(|(x, s)| theory_mean(p, *s).map(|(e, f)| (*x, e, f)))
        .collect();
    out
}

/// Runs the gain, memory and input sweeps on the directional network's family.
pub fn run(p: &Plan, tick: &(dyn Fn() + Sync)) -> Result<SweepData, FlrError> {
    let base = p.base.spec;
    let at_beta = |b: f64| (b, FlrNetworkSpec { beta: b, ..base });
    let at_p = |m: usize| {
        (
            m as f64,
            FlrNetworkSpec {
                memories: m,
                ..base
            },
        )
    };
    let gain = sweep(
        p,
        &p.betas.iter().map(|&b| at_beta(b)).collect::<Vec<_>>(),
        &(1..=60)
            .map(|i| at_beta(0.0125 * i as f64))
            .collect::<Vec<_>>(),
        tick,
    );
    let pmax = p.memories.last().copied().unwrap_or(0) + 2;
    let memories = sweep(
        p,
        &p.memories.iter().map(|&m| at_p(m)).collect::<Vec<_>>(),
        &(0..=pmax).map(at_p).collect::<Vec<_>>(),
        tick,
    );
    let mut inputs = Vec::new();
    let mut input_rows = Vec::new();
    for &u in &p.us {
        let rows =
            experiment(p, base, p.sweep_pairs.min(4), u, LearningRule::HEBB_TARGET).run(0, tick);
        let ratios: Vec<f64> = rows
            .iter()
            .filter_map(|r| r.predicted_exact.map(|e| r.measured / e))
            .collect();
        let (m, se) = mean_se(&ratios);
        inputs.push((u, m, se));
        input_rows.extend(rows);
    }
    let runs = gain.rows.len() + memories.rows.len() + input_rows.len();
    Ok(SweepData {
        gain,
        memories,
        inputs,
        input_rows,
        runs,
    })
}
