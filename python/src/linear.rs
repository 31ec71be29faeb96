//! `oblique.linear`: closed-form two-phase learning curves of a noisy linear RNN against
//! the integrated exact gradient flow (theory notes section 5, Fig. 10; the command
//! `oblique linear`).

use crate::convert::{finite, matrix2, named, to_python};
use crate::limits::{check, with_result};
use crate::run::interruptible;
use oblique_theory::linear::{
    closed_form, integrate_flow, sgd_moments, BatchWindow, FlowOptions, FlowSetup, FlowSpace,
    LinearTask, RankTwoBasis, Schedule, SetupError, TwoPhaseCurves,
};
use oblique_validate::budget::{linear_flow_cost, sgd_moments_cost, Cost};
use oblique_validate::tasks::ConstantInputTask;
use pyo3::prelude::*;
use serde_json::{json, Value};

/// Both phases in one object: every array is the fast samples followed by the slow ones,
/// plus `phase` ("fast"/"slow"), as `oblique linear --json` lays out "flow" and "sgd".
fn flatten(c: &TwoPhaseCurves) -> Result<Value, String> {
    let fast = serde_json::to_value(&c.fast).map_err(|e| e.to_string())?;
    let slow = serde_json::to_value(&c.slow).map_err(|e| e.to_string())?;
    let (Value::Object(mut out), Value::Object(slow)) = (fast, slow) else {
        return Err("learning curves are not objects".into());
    };
    for (k, v) in slow {
        if let (Some(Value::Array(a)), Value::Array(b)) = (out.get_mut(&k), v) {
            a.extend(b);
        }
    }
    let phase: Vec<&str> = std::iter::repeat_n("fast", c.fast.len())
        .chain(std::iter::repeat_n("slow", c.slow.len()))
        .collect();
    out.insert("phase".into(), json!(phase));
    Ok(Value::Object(out))
}

/// Everything `oblique linear` parses, as plain values.
struct Inputs {
    task: LinearTask,
    schedule: Schedule,
    options: FlowOptions,
    sgd: Option<BatchWindow>,
}

/// Prefixes a set-up error with the Python parameter it concerns (the task's and the
/// schedule's errors name theirs).
fn setup_error(e: SetupError) -> String {
    match e {
        SetupError::Task(e) => e.to_string(),
        SetupError::M0(e) => format!("m0: {e}"),
        SetupError::Rtol { .. } => format!("rtol: {e}"),
        SetupError::Dt(e) => format!("dt: {e}"),
    }
}

/// The command's check of the SGD moment theory (`budget::sgd_moments_cost`, the trial
/// batch its window is read from included).
fn sgd_cost(schedule: &Schedule, window: &ConstantInputTask, batch: usize) -> Cost {
    // a NaN t_max is refused by the window itself, naming it
    let k = match (window.t_max / window.dt).ceil() {
        k if k.is_nan() => 0.0,
        k => k.clamp(0.0, 9e15),
    };
    let steps = schedule.fast_steps.saturating_add(schedule.slow_steps);
    sgd_moments_cost(k as usize, steps.try_into().unwrap_or(usize::MAX), batch)
}

/// The command's check of the curves and the full-space flow (`budget::linear_flow_cost`),
/// plus the result's copies on its way to Python (about 10 numbers per sample and phase).
fn flow_cost(n: usize, samples: usize, full: bool) -> Cost {
    let mut cost = linear_flow_cost(n, samples, full);
    // the command's `--space rank-two` in this package's spelling
    if cost.memory_flag.contains("--space") {
        cost.memory_flag = "--n (or space='rank-two')";
    }
    cost.work_flag = "--n or --samples (or space='rank-two')";
    with_result(cost, 2.0 * samples as f64, 16.0, "--samples")
}

#[allow(clippy::too_many_arguments)]
fn inputs(
    task: LinearTask,
    schedule: Schedule,
    m0: [[f64; 2]; 2],
    space: &str,
    rtol: f64,
    dt: Option<f64>,
    batch: Option<usize>,
    t_max: f64,
    t_loss_min: f64,
) -> Result<Inputs, String> {
    let setup = FlowSetup::new(task, schedule, matrix2(m0), rtol).map_err(setup_error)?;
    check(flow_cost(task.n, schedule.samples, space == "full"))?;
    let space = match space {
        "full" => FlowSpace::Full(RankTwoBasis::standard(task.n)),
        "rank-two" => FlowSpace::RankTwo,
        other => return Err(format!("space: '{other}' is not one of 'rank-two', 'full'")),
    };
    let dt = dt.map(|dt| finite("dt", dt)).transpose()?;
    let options = setup.options(space, dt).map_err(setup_error)?;
    let sgd = match batch {
        None => None,
        Some(0) => return Err("batch: 0 must be a whole number >= 1".into()),
        Some(batch) => {
            let Some(dt) = dt else {
                return Err(
                    "batch: the SGD theory needs dt, the Euler step of the simulated training"
                        .into(),
                );
            };
            let window = ConstantInputTask {
                z: task.target,
                u: 1.0,
                dt,
                t_max,
                t_target: t_loss_min,
            };
            check(sgd_cost(&schedule, &window, batch))?;
            Some(
                window
                    .sgd_window(batch)
                    .map_err(named("t_max/t_loss_min"))?,
            )
        }
    };
    Ok(Inputs {
        task,
        schedule,
        options,
        sgd,
    })
}

fn compute(inp: Inputs, cancel: &crate::run::Cancel) -> Result<Value, String> {
    let theory = closed_form(&inp.task, &inp.schedule).map_err(|e| e.to_string())?;
    let flow = integrate_flow(&inp.task, &inp.schedule, &inp.options, &mut |_| {
        cancel.check()
    })
    .map_err(|e| e.to_string())?;
    let mut out = json!({"fast": theory.fast, "slow": theory.slow, "flow": flatten(&flow)?});
    if let Some(w) = inp.sgd {
        let s = sgd_moments(&inp.task, &inp.schedule, inp.options.m0, &w, 10)
            .map_err(|e| e.to_string())?;
        let mut sgd = flatten(&s.mean)?;
        let sd: Vec<_> = s.fast_sd.iter().chain(&s.slow_sd).collect();
        for (k, (i, j)) in [
            ("sd_m11", (0, 0)),
            ("sd_m12", (0, 1)),
            ("sd_m21", (1, 0)),
            ("sd_m22", (1, 1)),
        ] {
            sgd[k] = json!(sd.iter().map(|m| m[(i, j)]).collect::<Vec<f64>>());
        }
        sgd["window"] = json!(w);
        out["sgd"] = sgd;
    }
    Ok(out)
}

/// Two-phase learning curves of a noisy linear RNN: closed form against the exact flow.
///
/// Same parameters, defaults and results as ``oblique linear --json`` (theory notes section
/// 5, Fig. 10). The network dx/dt = -x + W x + w_in + sqrt(2) sigma xi starts at W = 0;
/// W is trained by gradient descent on L = L_bias + L_var (Eqs. 21-24): fast_steps steps at
/// lr/N, then slow_steps steps at lr.
///
/// Parameters
/// ----------
/// n : int, default 256
/// rho_sqrt_n : float, default -0.5
///     w_in . w_out (|rho_sqrt_n| < sqrt(N)).
/// noise : float, default 1
/// target : float, default 1
/// lr : float, default 0.002
/// fast_steps, slow_steps : int, default 1000, 5000
/// samples : int, default 201
///     Sampled learning times per phase.
/// m0 : 2x2 array-like, default zeros
///     Initial coefficients of W0 = U M0 U^T for the flow.
/// space : {"rank-two", "full"}, default "rank-two"
/// rtol : float, default 1e-9
/// dt : float, optional
///     Follow the exact loss of the Euler map with this step (Stein equations).
/// batch : int, optional
///     Add the SGD moment theory (key "sgd"; needs dt), trials of length t_max scored from
///     t_loss_min (defaults 20, 15).
///
/// Returns
/// -------
/// dict
///     "fast", "slow" (closed form per phase) and "flow" (both phases, with a "phase"
///     array), each a dict of numpy arrays tau, l, l_bias, l_var, m11, m12, m21, m22,
///     dx_norm.
///
/// Example
/// -------
/// >>> r = oblique.linear(n=256, samples=51); r["flow"]["l_var"][-1]
#[pyfunction]
#[pyo3(signature = (*, n=256, rho_sqrt_n=-0.5, noise=1.0, target=1.0, lr=0.002, fast_steps=1000, slow_steps=5000, samples=201, m0=[[0.0, 0.0], [0.0, 0.0]], space="rank-two", rtol=1e-9, dt=None, batch=None, t_max=20.0, t_loss_min=15.0))]
#[allow(clippy::too_many_arguments)]
pub fn linear<'py>(
    py: Python<'py>,
    n: usize,
    rho_sqrt_n: f64,
    noise: f64,
    target: f64,
    lr: f64,
    fast_steps: u64,
    slow_steps: u64,
    samples: usize,
    m0: [[f64; 2]; 2],
    space: &str,
    rtol: f64,
    dt: Option<f64>,
    batch: Option<usize>,
    t_max: f64,
    t_loss_min: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let task = LinearTask {
        n,
        rho_sqrt_n,
        sigma: noise,
        target,
    };
    let schedule = Schedule {
        lr,
        fast_steps,
        slow_steps,
        samples,
    };
    let space = space.to_string();
    let out = interruptible(py, None, move |cancel| {
        let inp = inputs(
            task, schedule, m0, &space, rtol, dt, batch, t_max, t_loss_min,
        )?;
        compute(inp, cancel)
    })?;
    to_python(py, &out)
}
