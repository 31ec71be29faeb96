//! `oblique.regime.*`: the regime measures of validate/src/regime/ on numpy arrays (methods
//! section 3 of the published study; the command `oblique regime`). Samples are rows,
//! neurons columns; any float dtype and memory order is accepted.

mod input;

use crate::convert::to_python;
use crate::limits::check;
use crate::run::interruptible;
use input::{
    alphas_or_default, check_pair, finite, fraction, matrix, neurons_last, subsample_cost,
    to_array, value_error,
};
use numpy::PyArray1;
use oblique_validate::regime::dfit::{d_fit, fit_curve};
use oblique_validate::regime::pca::{centre_columns, d_x, Spectrum};
use oblique_validate::regime::procrustes as procrustes_distance;
use oblique_validate::regime::ridge::{default_alphas, ridge_cv, Basis, BasisFit};
use oblique_validate::regime::score::r2_uniform;
use oblique_validate::regime::{
    analyse_recording, corr, norms, RecordingOptions, SubsampleOptions,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Every regime measure of a recording, as ``oblique regime --json``.
///
/// ``states`` X (samples x neurons) and ``output`` Y (samples x outputs) are centred over
/// samples; a ridge regression Y ~ X picks alpha among logspace(-3, 6, 20) by efficient
/// leave-one-out (scikit-learn's RidgeCV, cv=None). Then (methods 3.1b, 3.2, 3.3, 3.5):
/// r2 (averaged over outputs), corr = |X_c w^T|_F / (|X_c|_F |w|_F) with the fitted (or the
/// given) weights w, participation_ratio (sum l)^2 / sum l^2, state_norm, d_x (first k
/// whose top-k PCs explain > 90% of the variance), d_fit (first k with R^2_k > 0.9 R^2),
/// d_fit_rel = d_fit / d_x, and the curves cumulative_variance, fit_r2, fit_alpha over k.
/// A small corr (about 1/sqrt(N)) and an output that needs more PCs than the variance
/// (d_fit above d_x) point to oblique dynamics; corr of order one and d_fit below d_x to
/// aligned ones (paper-methods 4.2: RNN D_fit 3.4 vs D_x 4.4 aligned, 8.2 vs 4.8 oblique).
///
/// Parameters
/// ----------
/// states : array (samples, neurons)
/// output : array (samples, outputs) or (samples,)
/// weights : array (outputs, neurons) or its transpose, optional
///     A fixed readout (e.g. a BCI decoder) for corr instead of the fitted one.
/// delay : int, default 0
///     Pair output sample t with activity sample t - delay.
/// subsample : int, optional
///     Repeats per neuron fraction 0.1, ..., 1 of the subsampling analysis (Fig. 8;
///     published 20): key "subsample", columns n_sub, corr_sqrt_n, corr, r2, alpha,
///     participation_ratio (each a dict of mean and sd arrays).
/// seed : int, default 0
///     Seed of the neuron subsets.
///
/// Example
/// -------
/// >>> oblique.regime.measures(states, output)["corr"]
#[pyfunction]
#[pyo3(signature = (states, output, *, weights=None, delay=0, subsample=None, seed=0))]
pub fn measures<'py>(
    py: Python<'py>,
    states: &Bound<'py, PyAny>,
    output: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    delay: usize,
    subsample: Option<usize>,
    seed: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let x = matrix(states, "states")?;
    let y = matrix(output, "output")?;
    let w = weights.map(|w| matrix(w, "weights")).transpose()?;
    if let Some(repeats) = subsample {
        let fractions = SubsampleOptions::published(seed).fractions;
        input::subsample_options("subsample", repeats, &fractions)?;
        let cost = subsample_cost(repeats, fractions.len(), x.nrows(), x.ncols());
        check(cost)
            .map_err(|e| PyValueError::new_err(e.replace("repeats (or subsample)", "subsample")))?;
    }
    let opts = RecordingOptions {
        weights: w,
        delay,
        subsample: subsample.map(|repeats| SubsampleOptions {
            repeats,
            ..SubsampleOptions::published(seed)
        }),
        ..RecordingOptions::default()
    };
    let rep = interruptible(py, None, move |_| {
        analyse_recording(&x, &y, &opts).map_err(|e| e.to_string())
    })?;
    to_python(py, &rep)
}

/// The generalised correlation, RNN variant (methods 3.1a, ``helpers.gen_corr``).
///
/// With every row of ``w_out`` (outputs x neurons) and of ``states`` (samples x neurons)
/// centred across neurons: rho = |A B^T|_F / sqrt(|A^T A|_F |B^T B|_F); 0 when a norm
/// vanishes. For one output w: |B w| / (|w| |B^T B|_F^(1/2)).
///
/// Example
/// -------
/// >>> oblique.regime.gen_corr(r["final"]["w_out"], x.reshape(-1, n))
#[pyfunction]
pub fn gen_corr(w_out: &Bound<'_, PyAny>, states: &Bound<'_, PyAny>) -> PyResult<f64> {
    let (a, b) = (matrix(w_out, "w_out")?, matrix(states, "states")?);
    let a = neurons_last(a, b.ncols(), "w_out")?;
    finite("states", corr::gen_corr(&a, &b))
}

/// The correlation, data variant (methods 3.1b, ``comp_corr``):
/// |X_c w^T|_F / (|X_c|_F |w|_F) with X_c centred over samples; 0 when a norm vanishes.
///
/// Example
/// -------
/// >>> oblique.regime.corr_data(states, decoder)
#[pyfunction]
pub fn corr_data(states: &Bound<'_, PyAny>, weights: &Bound<'_, PyAny>) -> PyResult<f64> {
    let (x, w) = (matrix(states, "states")?, matrix(weights, "weights")?);
    let w = neurons_last(w, x.ncols(), "weights")?;
    finite("states", corr::corr_data(&x, &w))
}

/// Participation ratio (sum l_k)^2 / sum l_k^2 of the covariance eigenvalues of ``states``
/// (methods 3.3), centred over samples.
///
/// Example
/// -------
/// >>> oblique.regime.participation_ratio(np.random.randn(1000, 50))  # about 48
#[pyfunction]
pub fn participation_ratio(py: Python<'_>, states: &Bound<'_, PyAny>) -> PyResult<f64> {
    let x = matrix(states, "states")?;
    let pr = py.detach(|| Spectrum::of_centred(&centre_columns(&x)).participation_ratio());
    finite("states", pr)
}

/// The state norm (RMS activity times sqrt(N), methods 3.2) after centring over samples,
/// or, with ``centre=False``, of the raw states.
///
/// Example
/// -------
/// >>> oblique.regime.state_norm(states)
#[pyfunction]
#[pyo3(signature = (states, *, centre=true))]
pub fn state_norm(states: &Bound<'_, PyAny>, centre: bool) -> PyResult<f64> {
    let x = matrix(states, "states")?;
    let x = if centre { centre_columns(&x) } else { x };
    finite("states", norms::state_norm(&x))
}

/// The weight norm (RMS entry times sqrt(N), methods 3.2) of ``w`` (rows x neurons): for
/// W_out about the norm of one output vector (1/sqrt(N) small, 1 large at initialisation).
///
/// Example
/// -------
/// >>> oblique.regime.weight_norm(r["final"]["w_out"])
#[pyfunction]
pub fn weight_norm(w: &Bound<'_, PyAny>) -> PyResult<f64> {
    finite("w", norms::weight_norm(&matrix(w, "w")?))
}

/// Principal components of ``states`` (samples x neurons), centred over samples.
///
/// Returns
/// -------
/// dict
///     variance (per PC: S_k^2 / samples, descending), cumulative_variance (cevr_k),
///     components (neurons x PCs, column k is PC k), participation_ratio, and d_x: the
///     first k with cevr_k > ``threshold`` (default 0.9; methods 3.3).
///
/// Example
/// -------
/// >>> oblique.regime.pca(states)["d_x"]
#[pyfunction]
#[pyo3(signature = (states, *, threshold=0.9))]
pub fn pca<'py>(
    py: Python<'py>,
    states: &Bound<'py, PyAny>,
    threshold: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let x = matrix(states, "states")?;
    let threshold = fraction("threshold", threshold)?;
    let s = py.detach(|| Spectrum::of_centred(&centre_columns(&x)));
    finite("states", s.eigenvalues.iter().sum())?;
    let cumulative = s.cumulative_ratio();
    let d = PyDict::new(py);
    let samples = x.nrows().max(1) as f64;
    let variance: Vec<f64> = s.eigenvalues.iter().map(|l| l / samples).collect();
    d.set_item("variance", PyArray1::from_vec(py, variance))?;
    d.set_item("d_x", d_x(&cumulative, threshold, x.ncols()))?;
    d.set_item("cumulative_variance", PyArray1::from_vec(py, cumulative))?;
    d.set_item("components", to_array(py, &s.vectors)?)?;
    d.set_item("participation_ratio", s.participation_ratio())?;
    Ok(d)
}

/// Ridge regression of ``output`` on ``states`` with the penalty chosen by efficient
/// leave-one-out over ``alphas`` (default logspace(-3, 6, 20)), with an unpenalised
/// intercept: scikit-learn's ``RidgeCV(alphas).fit(states, output)`` (cv=None).
///
/// Returns
/// -------
/// dict
///     alpha, alpha_index, loo_mse (per alpha), coef (outputs x neurons), intercept
///     (outputs,), r2 (on the same data, averaged over outputs).
///
/// Example
/// -------
/// >>> oblique.regime.ridge(states, output)["r2"]
#[pyfunction]
#[pyo3(signature = (states, output, *, alphas=None))]
pub fn ridge<'py>(
    py: Python<'py>,
    states: &Bound<'py, PyAny>,
    output: &Bound<'py, PyAny>,
    alphas: Option<Vec<f64>>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, y) = (matrix(states, "states")?, matrix(output, "output")?);
    check_pair(&x, &y)?;
    let alphas = alphas_or_default(alphas)?;
    let fit = interruptible(py, None, move |_| Ok(ridge_cv(&x, &y, &alphas)))?;
    let d = PyDict::new(py);
    d.set_item("alpha", fit.alpha)?;
    d.set_item("alpha_index", fit.alpha_index)?;
    d.set_item("loo_mse", PyArray1::from_vec(py, fit.loo_mse.clone()))?;
    d.set_item("coef", to_array(py, &fit.coef)?)?;
    d.set_item(
        "intercept",
        PyArray1::from_vec(py, fit.intercept.as_slice().to_vec()),
    )?;
    d.set_item("r2", fit.r2)?;
    Ok(d)
}

/// The fitting dimension D_fit, data variant (methods 3.5, ``comp_dim_var_fit``): for
/// k = 1 ... rank, ridge regression of the centred output on the top-k PCs of the centred
/// states (alpha re-chosen by leave-one-out each time), R^2_k averaged over outputs;
/// D_fit is the first k with R^2_k > ``fraction`` R^2_full (default 0.9).
///
/// Returns
/// -------
/// dict
///     d_fit, r2_full, fit_r2 and fit_alpha (one entry per k).
///
/// Example
/// -------
/// >>> oblique.regime.dfit(states, output)["d_fit"]
#[pyfunction]
#[pyo3(signature = (states, output, *, fraction=0.9, alphas=None))]
pub fn dfit<'py>(
    py: Python<'py>,
    states: &Bound<'py, PyAny>,
    output: &Bound<'py, PyAny>,
    fraction: f64,
    alphas: Option<Vec<f64>>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, y) = (matrix(states, "states")?, matrix(output, "output")?);
    check_pair(&x, &y)?;
    let fraction = input::fraction("fraction", fraction)?;
    let alphas = alphas_or_default(alphas)?;
    let (r2, curve) = interruptible(py, None, move |_| {
        let (xc, yc) = (centre_columns(&x), centre_columns(&y));
        let basis = Basis::new(&xc, &Spectrum::of_centred(&xc));
        let fit = BasisFit::new(&basis, &yc, &alphas);
        Ok((
            r2_uniform(&yc, &fit.fitted_centred),
            fit_curve(&basis, &yc, &alphas),
        ))
    })?;
    let d = PyDict::new(py);
    d.set_item("d_fit", d_fit(&curve.r2, fraction * r2))?;
    d.set_item("r2_full", r2)?;
    d.set_item("fit_r2", PyArray1::from_vec(py, curve.r2))?;
    d.set_item("fit_alpha", PyArray1::from_vec(py, curve.alpha))?;
    Ok(d)
}

/// Procrustes distances between two state matrices (samples x neurons, same shape), after
/// centring their columns: angle = arccos(min(1, |X_c^T Y_c|_* / (|X_c|_F |Y_c|_F)))
/// (radians; Fig. 4) and euclidean = sqrt(max(0, |X_c|^2 + |Y_c|^2 - 2 |X_c^T Y_c|_*)).
///
/// Example
/// -------
/// >>> oblique.regime.procrustes(x_a, x_b)["angle"]
#[pyfunction]
pub fn procrustes<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    y: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let (a, b) = (matrix(x, "x")?, matrix(y, "y")?);
    let p = procrustes_distance::procrustes(&a, &b).map_err(value_error)?;
    let d = PyDict::new(py);
    d.set_item("angle", finite("x", p.angle)?)?;
    d.set_item("euclidean", finite("x", p.euclidean)?)?;
    Ok(d)
}

/// The neuron subsampling analysis of Fig. 8 (methods 3.9): ridge fit, corr and PR on
/// ``repeats`` random neuron subsets of each size floor(N f), f in ``fractions`` (default
/// 0.1, 0.2, ..., 1), seeded (the same numbers for any thread count). corr * sqrt(N_sub)
/// flat in N_sub points to oblique dynamics, growing as N_sub^(1/2) to aligned ones.
///
/// Returns
/// -------
/// dict of columns
///     n_sub, and corr_sqrt_n, corr, r2, alpha, participation_ratio: each a dict of
///     "mean" and "sd" arrays (one entry per size).
///
/// Example
/// -------
/// >>> s = oblique.regime.subsample(states, output, repeats=20)
/// >>> s["corr_sqrt_n"]["mean"]
#[pyfunction]
#[pyo3(signature = (states, output, *, repeats=20, seed=0, fractions=None))]
pub fn subsample<'py>(
    py: Python<'py>,
    states: &Bound<'py, PyAny>,
    output: &Bound<'py, PyAny>,
    repeats: usize,
    seed: u64,
    fractions: Option<Vec<f64>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (x, y) = (matrix(states, "states")?, matrix(output, "output")?);
    check_pair(&x, &y)?;
    let mut opts = SubsampleOptions {
        repeats,
        ..SubsampleOptions::published(seed)
    };
    if let Some(f) = fractions {
        opts.fractions = f;
    }
    input::subsample_options("repeats", repeats, &opts.fractions)?;
    let cost = subsample_cost(repeats, opts.fractions.len(), x.nrows(), x.ncols());
    check(cost)
        .map_err(|e| PyValueError::new_err(e.replace("repeats (or subsample)", "repeats")))?;
    let rows = interruptible(py, None, move |_| {
        let (xc, yc) = (centre_columns(&x), centre_columns(&y));
        let g = oblique_validate::regime::pca::gram(&xc);
        oblique_validate::regime::subsample::subsample(&xc, &g, &yc, &opts, &default_alphas())
            .map_err(|e| e.to_string())
    })?;
    to_python(py, &rows)
}

/// Registers the functions in the submodule `oblique._oblique.regime`.
pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "regime")?;
    m.add_function(wrap_pyfunction!(measures, &m)?)?;
    m.add_function(wrap_pyfunction!(gen_corr, &m)?)?;
    m.add_function(wrap_pyfunction!(corr_data, &m)?)?;
    m.add_function(wrap_pyfunction!(participation_ratio, &m)?)?;
    m.add_function(wrap_pyfunction!(state_norm, &m)?)?;
    m.add_function(wrap_pyfunction!(weight_norm, &m)?)?;
    m.add_function(wrap_pyfunction!(pca, &m)?)?;
    m.add_function(wrap_pyfunction!(ridge, &m)?)?;
    m.add_function(wrap_pyfunction!(dfit, &m)?)?;
    m.add_function(wrap_pyfunction!(procrustes, &m)?)?;
    m.add_function(wrap_pyfunction!(subsample, &m)?)?;
    parent.add_submodule(&m)
}
