//! `oblique.train_rank2` and `oblique.train_linear`: backpropagation through time on the
//! full noisy RNN (Figs. 13, 28 and 10; the command `oblique train`).

use crate::convert::{finite, matrix2, nonlinearity, to_python};
use crate::limits::{check, time_points, with_result};
use crate::run::interruptible;
use numpy::{PyArray1, PyArrayMethods};
use oblique_theory::format::num;
use oblique_theory::nonlinearity::Builtin;
use oblique_validate::budget::{train_linear_cost, train_rank2_cost, Cost};
use oblique_validate::optim::OptimizerKind;
use oblique_validate::results::rank2::{predict_trained, trained_lambda_plus_min};
use oblique_validate::train::protocol::{LinearProtocol, RankTwoProtocol};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::json;
use std::time::Instant;

fn optimizer(text: &str) -> Result<OptimizerKind, String> {
    text.trim()
        .parse::<OptimizerKind>()
        .map_err(|e| format!("optimizer: {e}"))
}

fn positive(name: &str, v: f64) -> Result<f64, String> {
    if finite(name, v)? <= 0.0 {
        return Err(format!("{name}: {v} must be positive"));
    }
    Ok(v)
}

fn non_negative(name: &str, v: f64) -> Result<f64, String> {
    if finite(name, v)? < 0.0 {
        return Err(format!("{name}: {v} must be at least 0"));
    }
    Ok(v)
}

/// `rho_sqrt_n = w_in . w_out`, within `|rho_sqrt_n| <= sqrt(N)` (|rho| at most 1).
fn overlap(v: f64, n: usize) -> Result<f64, String> {
    let max = (n as f64).sqrt();
    if !(v.is_finite() && v.abs() <= max) {
        return Err(format!(
            "rho_sqrt_n: {} is out of range: it must be a number between -{} and {} (sqrt(n))",
            num(v),
            num(max),
            num(max)
        ));
    }
    Ok(v)
}

/// The checks every training shares (batch, N, noise, dt, target, optimiser).
fn common(
    n: usize,
    batch: usize,
    noise: f64,
    dt: f64,
    target: f64,
    opt: &str,
) -> Result<OptimizerKind, String> {
    if batch == 0 {
        return Err("batch: 0 trials; the batch size must be at least 1".into());
    }
    if n < 2 {
        return Err(format!(
            "n: N = {n} is too small; the network needs at least 2 neurons"
        ));
    }
    non_negative("noise", noise)?;
    positive("dt", dt)?;
    finite("target", target)?;
    optimizer(opt)
}

/// `check(cost)`, naming dt too when the trial has more than ten times the time points of
/// the default step (0.2).
fn check_dt(cost: Cost, t_max: f64, dt: f64) -> Result<(), String> {
    let fine = time_points(t_max, dt) > 10 * time_points(t_max, 0.2);
    check(cost).map_err(|e| match fine {
        true => format!("{e} (or raise dt)"),
        false => e,
    })
}

/// The command's resource check of a rank-two training, plus its per-step records
/// (13 numbers each).
fn rank2_budget(p: &RankTwoProtocol) -> Result<(), String> {
    let t = time_points(p.t_max, p.dt);
    let cost = train_rank2_cost(p.n, p.batch, p.eval_batch, t, p.steps, p.g > 0.0);
    check_dt(
        with_result(cost, p.steps as f64, 13.0, "--steps"),
        p.t_max,
        p.dt,
    )
}

/// The command's resource check of a full-W training, plus its per-step records (10
/// numbers each) and the trained W.
fn linear_budget(p: &LinearProtocol) -> Result<(), String> {
    let Some(total) = p.fast_steps.checked_add(p.slow_steps) else {
        return Err(format!(
            "fast_steps, slow_steps: {} + {} training steps is out of range: lower fast_steps or slow_steps",
            p.fast_steps, p.slow_steps
        ));
    };
    let cost = train_linear_cost(p.n, p.batch, time_points(p.t_max, p.dt), total);
    let mut cost = cost;
    cost.bytes += 3.0 * 8.0 * p.n as f64 * p.n as f64; // W's copies on the way to numpy
    let cost = with_result(
        cost,
        total as f64,
        10.0,
        "--steps (or --fast-steps/--slow-steps)",
    );
    check_dt(cost, p.t_max, p.dt)
}

/// Trains only the 2x2 M of W = U M U^T / N (+ g J / sqrt(N)) by BPTT (Figs. 13, 28).
///
/// Same parameters, defaults and summary as ``oblique train rank2 --json``; the per-step
/// records (the command's CSV) come back as numpy columns. erf network, Euler-Maruyama with
/// step dt; pulse +-1/dt along w_in at the first step, target +-z at t = 2, ..., 10; loss
/// L = L_bias + L_var (Eqs. 38-39). Defaults are Fig. 13; Fig. 28 is noise=0.2, lr=0.01,
/// steps=5000. The summary evaluates the trained M on eval_batch fresh trials; "theory" is
/// the mean-field optimum at the trained lambda- (Fig. 13D-F).
///
/// Parameters
/// ----------
/// n : int, default 256
/// steps : int, default 2000
/// lr : float, default 0.005
/// noise : float, default 1
/// batch : int, default 32
/// seed : int, default 1
/// optimizer : {"sgd", "adam"}, default "sgd"
/// target : float, default 1
/// dt : float, default 0.2
/// nonlinearity : {"erf", "tanh"}, default "erf"
/// g : float, default 0
/// m0 : 2x2 array-like, default zeros
/// eval_batch : int, default 512
/// threads : int, optional (results do not depend on it)
///
/// Returns
/// -------
/// dict
///     The summary (m, eigenvalues, loss, l_bias, l_var, kappa_norm, rho, ...), "theory",
///     "lambda_plus_min", "seconds", and "records": a dict of numpy arrays step, loss,
///     l_bias, l_var, m11, m12, m21, m22, lambda_plus, lambda_minus, eig_imag, kappa_norm,
///     rho (one entry per step).
///
/// Example
/// -------
/// >>> r = oblique.train_rank2(n=64, steps=200); r["records"]["loss"][-1]
#[pyfunction]
#[pyo3(signature = (*, n=256, steps=2000, lr=0.005, noise=1.0, batch=32, seed=1, optimizer="sgd", target=1.0, dt=0.2, nonlinearity="erf", g=0.0, m0=[[0.0, 0.0], [0.0, 0.0]], eval_batch=512, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn train_rank2<'py>(
    py: Python<'py>,
    n: usize,
    steps: usize,
    lr: f64,
    noise: f64,
    batch: usize,
    seed: u64,
    optimizer: &str,
    target: f64,
    dt: f64,
    nonlinearity: &str,
    g: f64,
    m0: [[f64; 2]; 2],
    eval_batch: usize,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let (opt, phi) = (optimizer.to_string(), nonlinearity.to_string());
    let out = interruptible(py, threads, move |cancel| {
        let optimizer = common(n, batch, noise, dt, target, &opt)?;
        let nl = self::nonlinearity(&phi)?;
        if nl == Builtin::Identity {
            return Err("nonlinearity: rank2 training supports erf and tanh (the linear model is train_linear)".into());
        }
        if eval_batch == 0 {
            return Err("eval_batch: 0 trials; it must be at least 1".into());
        }
        let mut p = RankTwoProtocol::fig13(n);
        (p.steps, p.lr, p.optimizer, p.noise, p.batch, p.seed) =
            (steps, positive("lr", lr)?, optimizer, noise, batch, seed);
        (p.dt, p.z, p.g, p.nonlinearity, p.m0, p.eval_batch) = (
            dt,
            target,
            non_negative("g", g)?,
            nl,
            matrix2(m0),
            eval_batch,
        );
        rank2_budget(&p)?;
        let t0 = Instant::now();
        let run = p.run(|_| cancel.check()).map_err(|e| e.to_string())?;
        let seconds = t0.elapsed().as_secs_f64();
        let s = &run.summary;
        let mut v = json!(s);
        for (k, x) in [
            ("model", json!("rank2")),
            ("lr", json!(p.lr)),
            ("noise", json!(noise)),
            ("batch", json!(p.batch)),
            ("seed", json!(p.seed)),
            ("optimizer", json!(optimizer)),
            ("lambda_plus_min", json!(trained_lambda_plus_min(nl, noise))),
            ("theory", json!(predict_trained(s, noise, target, nl, p.g))),
            ("seconds", json!(seconds)),
            ("records", json!(run.records)),
        ] {
            v[k] = x;
        }
        Ok(v)
    })?;
    to_python(py, &out)
}

/// Trains every entry of W of a linear noisy RNN by BPTT (Fig. 10).
///
/// Same parameters, defaults and summary as ``oblique train linear --json``, plus the
/// per-step records as numpy columns and the trained W. Identity nonlinearity, W from 0,
/// w_in of norm sqrt(N) with w_in . w_out = rho_sqrt_n; constant input 1, target z for
/// t >= 15, t_max = 20. Default schedule is Fig. 10: fast_steps = 1000 at lr/N, then
/// slow_steps = 5000 at lr; ``steps=S`` instead trains S steps at lr. The theory of these
/// curves is :func:`oblique.linear` (Eqs. 21-24).
///
/// Parameters
/// ----------
/// n : int, default 256
/// steps : int, optional
/// fast_steps, slow_steps : int, optional (default 1000, 5000)
/// lr : float, default 0.002
/// noise, batch, seed, optimizer, target, dt, threads : as train_rank2
/// rho_sqrt_n : float, default -0.5
///
/// Returns
/// -------
/// dict
///     The summary (loss, l_bias, l_var, m11, m12, m21, m22, dx_bar, ...), "w" (N x N numpy
///     array), "seconds" and "records" (dict of numpy arrays step, lr, loss, l_bias, l_var,
///     m11, m12, m21, m22, dx_bar).
///
/// Example
/// -------
/// >>> r = oblique.train_linear(n=32, fast_steps=100, slow_steps=200); r["m11"]
#[pyfunction]
#[pyo3(signature = (*, n=256, steps=None, fast_steps=None, slow_steps=None, lr=0.002, noise=1.0, batch=32, seed=1, optimizer="sgd", target=1.0, dt=0.2, rho_sqrt_n=-0.5, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn train_linear<'py>(
    py: Python<'py>,
    n: usize,
    steps: Option<usize>,
    fast_steps: Option<usize>,
    slow_steps: Option<usize>,
    lr: f64,
    noise: f64,
    batch: usize,
    seed: u64,
    optimizer: &str,
    target: f64,
    dt: f64,
    rho_sqrt_n: f64,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let opt = optimizer.to_string();
    let (summary, w) = interruptible(py, threads, move |cancel| {
        let optimizer = common(n, batch, noise, dt, target, &opt)?;
        let mut p = LinearProtocol::fig10();
        (p.fast_steps, p.slow_steps) = match (steps, fast_steps, slow_steps) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err("steps cannot be combined with fast_steps/slow_steps: give either one phase (steps) or the two-phase schedule".into())
            }
            (Some(s), None, None) => (0, s),
            (None, f, s) => (f.unwrap_or(1000), s.unwrap_or(5000)),
        };
        (p.n, p.lr, p.optimizer, p.noise, p.batch, p.seed) =
            (n, positive("lr", lr)?, optimizer, noise, batch, seed);
        (p.dt, p.z, p.rho_sqrt_n) = (dt, target, overlap(rho_sqrt_n, n)?);
        linear_budget(&p)?;
        let t0 = Instant::now();
        let run = p.run(|_| cancel.check()).map_err(|e| e.to_string())?;
        let seconds = t0.elapsed().as_secs_f64();
        let mut v = json!(run.summary);
        for (k, x) in [
            ("model", json!("linear")),
            ("lr", json!(p.lr)),
            ("fast_steps", json!(p.fast_steps)),
            ("slow_steps", json!(p.slow_steps)),
            ("noise", json!(noise)),
            ("batch", json!(p.batch)),
            ("seed", json!(p.seed)),
            ("optimizer", json!(optimizer)),
            ("rho_sqrt_n", json!(p.rho_sqrt_n)),
            ("seconds", json!(seconds)),
            ("records", json!(run.records)),
        ] {
            v[k] = x;
        }
        Ok((v, run.w))
    })?;
    let out = to_python(py, &summary)?;
    // W is column-major in nalgebra: build the transpose's rows, i.e. W itself row-major.
    let (rows, cols) = w.shape();
    let flat: Vec<f64> = w.transpose().as_slice().to_vec();
    let a = PyArray1::from_vec(py, flat).reshape([rows, cols])?;
    out.cast::<PyDict>()?.set_item("w", a)?;
    Ok(out)
}
