//! `oblique.train_task`: the full-rank noisy RNN trained with Adam on one of the paper's
//! tasks (paper-methods 1, 2; the command `oblique train task`). The checks, the run and
//! its summary are the library's (`oblique_validate::results::task`), shared with the
//! command; this file converts them into dicts of numpy arrays.

use crate::convert::to_python;
use crate::limits::{check, respell, with_result};
use crate::run::interruptible;
use numpy::{PyArray1, PyArrayMethods};
use oblique_validate::budget::train_task_cost;
use oblique_validate::results::task::{TaskRun, TaskSpec};
use oblique_validate::results::Naming;
use oblique_validate::rnn::network::TaskNetwork;
use oblique_validate::rnn::presets::Preset;
use oblique_validate::rnn::record::Trajectories;
use oblique_validate::rnn::tasks::{steps_of, TaskBatch};
use oblique_validate::rnn::train::EVAL_BATCH;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A float64 array of `shape` from row-major `data`.
fn array<'py, T: numpy::Element>(
    py: Python<'py>,
    data: Vec<T>,
    shape: &[usize],
) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyArray1::from_vec(py, data).reshape(shape)?.into_any())
}

/// `{"w", "w_in", "w_out", "h0"}` as (N, N), (N, d_in), (d_out, N), (N,) arrays.
fn network<'py>(py: Python<'py>, net: &TaskNetwork) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let n = net.n;
    d.set_item("w", array(py, net.w.clone(), &[n, n])?)?;
    d.set_item("w_in", array(py, net.w_in.clone(), &[n, net.d_in])?)?;
    d.set_item("w_out", array(py, net.w_out.clone(), &[net.d_out, n])?)?;
    d.set_item("h0", array(py, net.h0.clone(), &[n])?)?;
    Ok(d)
}

/// `{"noisefree": {"x", "z"}, "noisy": {...}}`: x as float32 (trials, steps, N) like the
/// run directory's `.npy`, z as float64 (trials, steps, outputs).
fn trajectories<'py>(py: Python<'py>, tr: &[Trajectories; 2]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (t, kind) in tr.iter().zip(["noisefree", "noisy"]) {
        let e = PyDict::new(py);
        let x: Vec<f32> = t.x.iter().map(|&v| v as f32).collect();
        e.set_item("x", array(py, x, &[t.batch, t.n_t, t.n])?)?;
        e.set_item("z", array(py, t.z.clone(), &[t.batch, t.n_t, t.d_out])?)?;
        d.set_item(kind, e)?;
    }
    Ok(d)
}

/// `{"input", "target", "mask"}` as (trials, steps, d) arrays.
fn eval_batch<'py>(py: Python<'py>, b: &TaskBatch) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(
        "input",
        array(py, b.input.clone(), &[b.batch, b.n_t, b.d_in])?,
    )?;
    d.set_item(
        "target",
        array(py, b.target.clone(), &[b.batch, b.n_t, b.d_out])?,
    )?;
    d.set_item(
        "mask",
        array(py, b.mask.clone(), &[b.batch, b.n_t, b.d_out])?,
    )?;
    Ok(d)
}

/// The command's resource check (`TaskSpec::config` has run `budget::train_task_cost`)
/// with what only Python holds: the curves (6 numbers per step, as JSON on their way to
/// numpy) and the float32 copies of the four kept trajectories of the evaluation trials.
fn budget(p: &Preset) -> Result<(), String> {
    let t = steps_of(p.task.t_max());
    let mut cost = train_task_cost(p.n, p.batch, t, p.steps);
    cost.bytes += 4.0 * 4.0 * EVAL_BATCH as f64 * t as f64 * p.n as f64;
    check(with_result(cost, p.steps as f64, 6.0, "--steps"))
}

/// Trains the paper's full-rank noisy RNN on a neuroscience task (paper-methods 1, 2).
///
/// Same parameters, defaults and summary as ``oblique train task --json``, plus what the
/// run directory holds, as numpy arrays. The network is
/// x <- (1 - dt) x + dt (W tanh(x) + W_in u) + sqrt(dt) sigma xi, z = W_out x (state
/// before the update), dt = 0.2, with W ~ N(0, g^2/N), W_in ~ N(0, 1) and
/// W_out ~ N(0, sigma_out^2/N), sigma_out = 1/sqrt(N) ("small": aligned) or 1 ("large":
/// oblique). Backpropagation through time of the masked MSE, Adam at lr = lr0/N, fresh
/// trials and noise every step. The correlation is gen_corr(W_out, noise-free states at
/// t >= 10) of the shared 32-trial evaluation batch (paper-methods 3.1a): of order one
/// for aligned dynamics, about 1/sqrt(N) for oblique ones.
///
/// Parameters
/// ----------
/// task : {"cycling", "flipflop", "mante", "romo", "complex-sine", "sine"}
/// output_scale : {"small", "large"}
///     Initial output weights (small: aligned, large: oblique).
/// g : float, default 1.5
///     Gain of the initial W (0.7 decaying, 1.5 chaotic).
/// n : int, default 512
///     Neurons N.
/// steps : int, optional
///     Training steps (default: the task's preset, e.g. cycling 1000).
/// lr0 : float, optional
///     lr = lr0 / N (default: the preset of the scenario).
/// train : str or sequence of str, optional
///     Trained weights, a subset of "w", "w_in", "w_out" (default: the preset's, all three).
/// noise : float, optional
///     Hidden noise sigma_hid (default 0.2; Mante 0.05).
/// batch : int, optional
///     Trials per step (default 32; even for cycling).
/// seed : int, default 1
/// threads : int, default 2
///     Worker threads; the results do not depend on it.
/// corr_every : int, default 20
///     Steps between recorded correlations (curves["corr"] is NaN in between).
/// precision : {"f32", "f64"}, default "f32"
///
/// Returns
/// -------
/// dict
///     The summary (kind, status, task, config, nonlinearity, dt, steps_done, last,
///     corr_initial, corr_final, seconds); "curves": arrays step, loss, l_bias, l_var,
///     dw_norm (|W - W_0|_F), corr, one entry per step; "initial" and "final": the weights
///     w (N, N), w_in (N, d_in), w_out (d_out, N), h0 (N,); "eval": the evaluation batch
///     input, target, mask (32, steps, d); "trajectories": {"before", "after"} x
///     {"noisefree", "noisy"} x {"x": float32 (32, steps, N), "z": (32, steps, d_out)}.
///
/// Example
/// -------
/// >>> r = oblique.train_task("cycling", "small", n=64, steps=100)
/// >>> r["corr_final"], r["curves"]["loss"][-1]
#[pyfunction]
#[pyo3(signature = (task, output_scale, *, g=1.5, n=512, steps=None, lr0=None, train=None, noise=None, batch=None, seed=1, threads=2, corr_every=20, precision="f32"))]
#[allow(clippy::too_many_arguments)]
pub fn train_task<'py>(
    py: Python<'py>,
    task: &str,
    output_scale: &str,
    g: f64,
    n: usize,
    steps: Option<usize>,
    lr0: Option<f64>,
    train: Option<Bound<'py, PyAny>>,
    noise: Option<f64>,
    batch: Option<usize>,
    seed: u64,
    threads: usize,
    corr_every: usize,
    precision: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let train = match train {
        None => None,
        Some(t) => match t.extract::<String>() {
            Ok(s) => Some(s),
            Err(_) => Some(t.extract::<Vec<String>>()?.join(",")),
        },
    };
    let spec = TaskSpec {
        task: task.into(),
        output_scale: output_scale.into(),
        g,
        n,
        steps,
        lr0,
        train,
        noise,
        batch,
        seed,
        threads,
        corr_every,
        precision: precision.into(),
    };
    crate::limits::threads(threads).map_err(PyValueError::new_err)?;
    let run = interruptible(py, None, move |cancel| {
        let cfg = spec.config(Naming::Python)?;
        budget(&cfg.preset)?;
        let mut run = TaskRun::start(cfg).map_err(|e| e.to_string())?;
        let failure = run.train(|_, _| {
            cancel.check();
            Ok::<(), String>(())
        })?;
        if let Some(e) = failure {
            return Err(format!(
                "{}; the run stopped after {} steps",
                respell(&e.to_string()),
                run.summary.steps_done
            ));
        }
        run.finish();
        Ok(run)
    })?;
    let out = to_python(py, &run.summary)?;
    let d = out.cast::<PyDict>()?;
    d.set_item("curves", to_python(py, &run.records)?)?;
    d.set_item("initial", network(py, &run.trainer.net0)?)?;
    d.set_item("final", network(py, &run.trainer.net)?)?;
    d.set_item("eval", eval_batch(py, &run.trainer.eval)?)?;
    let traj = PyDict::new(py);
    traj.set_item("before", trajectories(py, &run.before)?)?;
    let after = run.after.as_ref().expect("finished");
    traj.set_item("after", trajectories(py, after)?)?;
    d.set_item("trajectories", traj)?;
    Ok(out)
}
