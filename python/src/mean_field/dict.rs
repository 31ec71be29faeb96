//! The result dicts of `oblique.mft` for g = 0: the keys of `oblique mft --json`, in its
//! order, made from a template copied once per call.

use crate::convert::{array2, rows, vector};
use oblique_theory::rank_two::{EulerStatistics, MftSolution};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

/// Every key of `oblique.mft` for g = 0, in the order the command prints them.
const MFT_KEYS: [&str; 31] = [
    "nonlinearity",
    "noise",
    "n",
    "target",
    "g",
    "lambda_plus",
    "lambda_minus",
    "lambda_plus_min",
    "sigma_x",
    "kappa_norm",
    "rho",
    "z_bar",
    "l_bias",
    "l_var",
    "mean_dphi",
    "mean_d3phi",
    "q",
    "gamma_plus",
    "gamma_minus",
    "colored_variance",
    "l_var_closed_form",
    "stable",
    "kappa_bar",
    "v_plus",
    "jacobian_eigenvalues",
    "m",
    "jacobian",
    "white_covariance",
    "covariance",
    "l_var_finite_n",
    "euler",
];

/// A dict with every key of [`MFT_KEYS`] (values `None`), made once per process.
static MFT_TEMPLATE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// A fresh result dict for g = 0: a copy of [`MFT_TEMPLATE`], whose keys are the interned
/// strings that `set!` looks up. Copying a dict that already has its 31 slots costs one
/// block copy; filling an empty dict key by key grew and rehashed it four times, about a
/// fifth of the call.
pub(super) fn mft_dict(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let template = MFT_TEMPLATE.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let d = PyDict::new(py);
        for k in MFT_KEYS {
            d.set_item(PyString::intern(py, k), py.None())?;
        }
        Ok(d.unbind())
    })?;
    template.bind(py).copy()
}

/// `d[key] = v` with a key that is not interned.
pub(super) fn set<'py, V: IntoPyObject<'py>>(
    d: &Bound<'py, PyDict>,
    key: &str,
    v: V,
) -> PyResult<()> {
    d.set_item(key, v)
}

/// The keys of `oblique mft --json` for g = 0.
pub(super) fn solution_dict<'py>(
    py: Python<'py>,
    d: &Bound<'py, PyDict>,
    s: &MftSolution,
) -> PyResult<()> {
    set!(d,
        "lambda_plus" => s.lambda_plus,
        "lambda_minus" => s.lambda_minus,
        "lambda_plus_min" => s.lambda_plus_min,
        "sigma_x" => s.sigma_x,
        "kappa_norm" => s.kappa_norm,
        "rho" => s.rho,
        "z_bar" => s.z_bar,
        "l_bias" => s.l_bias,
        "l_var" => s.l_var,
        "mean_dphi" => s.mean_dphi,
        "mean_d3phi" => s.mean_d3phi,
        "q" => s.q,
        "gamma_plus" => s.jacobian_eigenvalues.gamma_plus,
        "gamma_minus" => s.jacobian_eigenvalues.gamma_minus,
        "colored_variance" => s.colored_variance,
    );
    set!(d, "l_var_closed_form" => s.l_var_closed_form);
    set!(d, "stable" => s.stable);
    let vec2 = |v: [f64; 2]| vector(py, &v);
    set!(d, "kappa_bar" => vec2([s.kappa_bar[0], s.kappa_bar[1]]));
    set!(d, "v_plus" => vec2([s.v_plus[0], s.v_plus[1]]));
    let g = &s.jacobian_eigenvalues;
    set!(d, "jacobian_eigenvalues" => vec2([g.gamma_plus, g.gamma_minus]),);
    set!(d, "m" => array2(py, rows(&s.m))?);
    set!(d, "jacobian" => array2(py, rows(&s.jacobian))?);
    set!(d, "white_covariance" => array2(py, rows(&s.white_covariance))?,);
    set!(d, "covariance" => array2(py, rows(&s.covariance))?);
    Ok(())
}

/// The keys of the Euler-map theory (`oblique mft --dt DT --json`, key `euler`).
pub(super) fn euler_dict<'py>(
    py: Python<'py>,
    e: &EulerStatistics,
) -> PyResult<Bound<'py, PyDict>> {
    let ed = PyDict::new(py);
    set(&ed, "dt", e.dt)?;
    set(&ed, "orthogonal_variance", e.orthogonal_variance)?;
    set(&ed, "kappa_norm", e.fixed_point.kappa_norm)?;
    set(&ed, "rho", e.fixed_point.rho)?;
    set(&ed, "z_bar", e.fixed_point.z_bar)?;
    set(&ed, "l_bias", e.fixed_point.l_bias)?;
    set(&ed, "l_var", e.l_var)?;
    set(&ed, "covariance", array2(py, rows(&e.covariance))?)?;
    Ok(ed)
}
