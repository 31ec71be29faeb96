//! `oblique.simulate`: the full noisy rank-two network at a fixed M against the mean-field
//! theory (theory notes sections 3, 4, 6 and 8; the command `oblique simulate`). The checks,
//! the theory and the report are the library's (`oblique_validate::results::simulate`),
//! shared with the command.

use crate::convert::{matrix2, nonlinearity, to_python};
use crate::run::interruptible;
use oblique_validate::budget::simulate_cost;
use oblique_validate::network::DEFAULT_DT;
use oblique_validate::results::simulate::{predict, SimulateReport, SimulateSpec};
use oblique_validate::results::Naming;
use pyo3::prelude::*;
use serde_json::{json, Value};

/// The command's report plus the latent cloud and the output histograms, after the
/// command's resource check.
fn compute(spec: &SimulateSpec, cancel: &crate::run::Cancel) -> Result<Value, String> {
    let (exp, m_explicit, eig) = spec.experiment(Naming::Python).map_err(|e| e.to_string())?;
    let bulk = exp.params.g > 0.0;
    crate::limits::check(simulate_cost(exp.params.n, exp.batch, exp.steps(), bulk))?;
    let pred = predict(m_explicit, eig, &exp.params, exp.z, Naming::Python)?;
    let res = exp
        .run_with_progress(&|_| cancel.check())
        .map_err(|e| e.to_string())?;
    let mut v = json!(SimulateReport::new(&exp, &res, pred, spec.seed));
    v["cloud"] = json!(res.cloud);
    v["histograms"] = json!(res.histograms);
    Ok(v)
}

/// Simulates the full noisy RNN at a fixed M and compares with the mean-field theory.
///
/// Same parameters, defaults and keys as ``oblique simulate --json`` (theory notes sections
/// 3, 4, 6; Fig. 12), plus the latent cloud and output histograms. The network is
/// W = U M U^T / N + g J / sqrt(N); M is the symmetric matrix with eigenvalues lambda_plus,
/// lambda_minus at the bias-zero angle (Eq. 52) unless ``m`` is given. Half the trials start
/// at +kappa_bar (target +z), half at -kappa_bar; statistics use every time point after
/// t_stat. Euler-Maruyama with step dt.
///
/// Parameters
/// ----------
/// lambda_plus : float (required unless m is given)
/// lambda_minus : float, default -5
/// m : 2x2 array-like, optional
/// n : int, default 256
/// noise : float, default 1
/// target : float, default 1
/// g : float, default 0
/// nonlinearity : {"erf", "tanh"}, default "erf"
/// batch : int, default 256
/// t_max, t_stat : float, default 100, 20
/// dt : float, default 0.2
/// seed : int, default 1
///     Network from seed, noise from seed + 1; results do not depend on ``threads``.
/// threads : int, optional
///     Worker threads (default: all cores).
///
/// Returns
/// -------
/// dict
///     kappa_norm, rho, l_var, l_bias, loss (measured), kappa_bar (2-D array, one row per
///     condition), covariance (N Cov(kappa)), theory_euler (the Euler map at this dt with
///     the finite-N terms, notes section 8: the main comparison; dict or None), theory (the
///     continuous-time theory, Eqs. 43-53), theory_note, setup, cloud, histograms.
///
/// Example
/// -------
/// >>> oblique.simulate(2.0, n=128, batch=64, t_max=40)["l_var"]
#[pyfunction]
#[pyo3(signature = (lambda_plus=None, lambda_minus=-5.0, *, m=None, n=256, noise=1.0, target=1.0, g=0.0, nonlinearity="erf", batch=256, t_max=100.0, t_stat=20.0, dt=DEFAULT_DT, seed=1, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn simulate<'py>(
    py: Python<'py>,
    lambda_plus: Option<f64>,
    lambda_minus: f64,
    m: Option<[[f64; 2]; 2]>,
    n: usize,
    noise: f64,
    target: f64,
    g: f64,
    nonlinearity: &str,
    batch: usize,
    t_max: f64,
    t_stat: f64,
    dt: f64,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let spec = SimulateSpec {
        lambda_plus,
        lambda_minus,
        m: m.map(matrix2),
        n,
        noise,
        target,
        g,
        nonlinearity: self::nonlinearity(nonlinearity)
            .map_err(pyo3::exceptions::PyValueError::new_err)?,
        batch,
        t_max,
        t_stat,
        dt,
        seed,
    };
    let out = interruptible(py, threads, move |cancel| compute(&spec, cancel))?;
    to_python(py, &out)
}
