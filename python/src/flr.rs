//! `oblique.flr`: the initial learning speed predicted from spontaneous fluctuations
//! (fluctuation-learning relationship, theory/notes/flr.md; the command `oblique flr`).

use crate::convert::{named, to_python};
use crate::limits::{check, with_result};
use crate::run::interruptible;
use nalgebra::{DMatrix, DVector};
use numpy::{AllowTypeChange, PyArrayLike1, PyArrayLike2};
use oblique_theory::flr::{FlrNetwork, FlrTheory, LearningRule, LearningTask, SpontaneousState};
use oblique_validate::budget::flr_cost;
use oblique_validate::flr::{random_pattern, rng_for, FlrNetworkSpec};
use pyo3::prelude::*;
use serde_json::{json, Value};

/// The network: J given, or sampled as g J_rand / sqrt(N) + P memories.
struct NetworkSpec {
    j: Option<DMatrix<f64>>,
    n: usize,
    g: f64,
    beta: f64,
    memories: usize,
    noise: f64,
    seed: u64,
}

/// The learning tasks: given xi/eta, or `pairs` seeded random +-1 patterns.
struct TaskSpec {
    xi: Option<DVector<f64>>,
    eta: Option<DVector<f64>>,
    pairs: usize,
    input_amplitude: f64,
    epsilon: f64,
    rule: String,
    start_memory: Option<usize>,
}

/// The library's message, prefixed by the Python argument it names first (`u = 2 is out
/// of range` -> `input_amplitude: u = 2 is out of range`, `J is empty` -> `j: J is empty`).
fn python_name<E: std::fmt::Display>(e: E) -> String {
    let text = e.to_string();
    let first = text.split([' ', ':']).next().unwrap_or_default();
    let name = match first {
        "u" => "input_amplitude",
        "J" => "j",
        "xi" | "eta" | "beta" | "noise" | "epsilon" | "g" => first,
        _ => return text,
    };
    format!("{name}: {text}")
}

fn network(s: NetworkSpec) -> Result<(FlrNetwork, Vec<DVector<f64>>, String), String> {
    if let Some(j) = s.j {
        let net = FlrNetwork::new(j, s.beta, s.noise).map_err(python_name)?;
        return Ok((net, Vec::new(), "J given".into()));
    }
    if s.n < 1 {
        return Err("n: 0 is too small; it must be at least 1".into());
    }
    if !(s.g.is_finite() && s.g >= 0.0) {
        return Err(format!(
            "g: {} is out of range: it must be finite and >= 0",
            s.g
        ));
    }
    let spec = FlrNetworkSpec {
        n: s.n,
        g: s.g,
        beta: s.beta,
        memories: s.memories,
        noise: s.noise,
    };
    let sampled = spec.sample(s.seed).map_err(python_name)?;
    let source = format!(
        "random: N = {}, g = {}, P = {} memories, seed {}",
        s.n, s.g, s.memories, s.seed
    );
    Ok((sampled.net, sampled.memories, source))
}

/// The command's resource check (`budget::flr_cost`), plus the predictions (about 12
/// numbers per pair).
fn budget(ns: &NetworkSpec, t: &TaskSpec) -> Result<(), String> {
    let (n, memories) = match &ns.j {
        Some(j) => (j.nrows(), 0),
        None => (ns.n, ns.memories),
    };
    let pairs = t.pairs.max(1);
    check(with_result(
        flr_cost(n, memories, pairs),
        pairs as f64,
        12.0,
        "--pairs",
    ))
}

fn compute(ns: NetworkSpec, t: TaskSpec) -> Result<Value, String> {
    let rule: LearningRule = t.rule.parse().map_err(named("rule"))?;
    budget(&ns, &t)?;
    let seed = ns.seed;
    let (net, memories, source) = network(ns)?;
    let state = match t.start_memory {
        None => SpontaneousState::origin(&net),
        Some(mu) => {
            let start = memories.get(mu).ok_or_else(|| {
                format!(
                    "start_memory: memory {mu} does not exist; the network has {} memories",
                    memories.len()
                )
            })?;
            SpontaneousState::solve(&net, start).map_err(python_name)?
        }
    };
    let theory = FlrTheory::new(&net, state).map_err(python_name)?;
    let n = net.n();
    let pairs = if t.xi.is_some() && t.eta.is_some() {
        1
    } else {
        t.pairs.max(1)
    };
    let tasks: Vec<LearningTask> = (0..pairs)
        .map(|k| {
            let mut rng = rng_for(seed, 1000 + k as u64);
            let xi = t.xi.clone().unwrap_or_else(|| random_pattern(n, &mut rng));
            let eta = t.eta.clone().unwrap_or_else(|| random_pattern(n, &mut rng));
            LearningTask {
                xi,
                eta,
                u: t.input_amplitude,
                epsilon: t.epsilon,
                rule,
            }
        })
        .collect();
    let preds = theory.predict_batch(&tasks).map_err(python_name)?;
    let predictions: Vec<Value> = preds
        .iter()
        .enumerate()
        .map(|(pair, p)| {
            let mut v = json!(p);
            v["pair"] = json!(pair);
            v
        })
        .collect();
    Ok(json!({
        "rule": rule.name(), "beta": net.beta(), "noise": net.sigma(),
        "input_amplitude": t.input_amplitude, "epsilon": t.epsilon, "source": source,
        "spontaneous": theory.summary(), "predictions": predictions,
    }))
}

/// Predicts the initial learning speed dm/dt from spontaneous fluctuations (FLR1, FLR2).
///
/// Same parameters, defaults and results as ``oblique flr --json`` (theory/notes/flr.md).
/// The network dx/dt = -x + J tanh(beta x) + u eta + noise learns by
/// dJ/dt = (epsilon/N) f(x) h(x)^T; the prediction uses the spontaneous covariance C
/// (Lyapunov equation) and the linear response G = -A^-1.
///
/// Parameters
/// ----------
/// n : int, default 200
/// g : float, default 0.5
///     Strength of the random part of J = g J_rand / sqrt(N) + (1/N) sum xi xi^T.
/// beta : float, default 0.5
/// memories : int, default 5
/// noise : float, default 0.5
/// input_amplitude : float, default 0.5
/// epsilon : float, default 0.1
/// rule : str, default "hebb-target"
///     hebb-target, hebb, delta, or "f=<xi|xi-x|xi-phi>,h=<phi|x>".
/// seed : int, default 1
/// j : (N, N) array-like, optional
///     A given J instead of the random network.
/// xi, eta : (N,) array-like, optional
///     Target and input patterns (else ``pairs`` random +-1 pairs).
/// pairs : int, default 1
/// start_memory : int, optional
///     Linearise around the retrieval state of this memory instead of x* = 0.
///
/// Returns
/// -------
/// dict
///     rule, beta, noise, ..., "spontaneous" (dict) and "predictions" (dict of numpy
///     arrays, one entry per pair: exact, flr1, flr2, var_xi, ...).
///
/// Example
/// -------
/// >>> oblique.flr(n=100, pairs=3)["predictions"]["exact"]
#[pyfunction]
#[pyo3(signature = (*, n=200, g=0.5, beta=0.5, memories=5, noise=0.5, input_amplitude=0.5, epsilon=0.1, rule="hebb-target", seed=1, j=None, xi=None, eta=None, pairs=1, start_memory=None))]
#[allow(clippy::too_many_arguments)]
pub fn flr<'py>(
    py: Python<'py>,
    n: usize,
    g: f64,
    beta: f64,
    memories: usize,
    noise: f64,
    input_amplitude: f64,
    epsilon: f64,
    rule: &str,
    seed: u64,
    j: Option<PyArrayLike2<'py, f64, AllowTypeChange>>,
    xi: Option<PyArrayLike1<'py, f64, AllowTypeChange>>,
    eta: Option<PyArrayLike1<'py, f64, AllowTypeChange>>,
    pairs: usize,
    start_memory: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let j = j.map(|a| {
        let v = a.as_array();
        DMatrix::from_fn(v.nrows(), v.ncols(), |r, c| v[[r, c]])
    });
    let vector = |a: PyArrayLike1<'py, f64, AllowTypeChange>| {
        let v = a.as_array();
        DVector::from_iterator(v.len(), v.iter().copied())
    };
    let ns = NetworkSpec {
        j,
        n,
        g,
        beta,
        memories,
        noise,
        seed,
    };
    let ts = TaskSpec {
        xi: xi.map(vector),
        eta: eta.map(vector),
        pairs,
        input_amplitude,
        epsilon,
        rule: rule.to_string(),
        start_memory,
    };
    let out = interruptible(py, None, move |_| compute(ns, ts))?;
    to_python(py, &out)
}
