//! `oblique.mft` with g > 0: the random-bulk theory (theory/notes/bulk.md).

use super::dict::set;
use crate::convert::vector;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::Coupling;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// `g > 0`: the random-bulk theory (theory/notes/bulk.md); keys as `oblique mft --g G --json`.
#[allow(clippy::too_many_arguments)]
pub(super) fn bulk<'py>(
    py: Python<'py>,
    d: Bound<'py, PyDict>,
    phi: Builtin,
    noise: f64,
    n: usize,
    target: f64,
    g: f64,
    coupling: Coupling,
) -> PyResult<Bound<'py, PyDict>> {
    let Coupling::Eigen {
        lambda_plus,
        lambda_minus,
    } = coupling
    else {
        return Err(PyValueError::new_err("m: an explicit M is not supported with g > 0; give lambda_plus and lambda_minus (symmetric M at the bias-zero angle)"));
    };
    let model = oblique_theory::bulk::BulkModel {
        g,
        noise,
        nonlinearity: phi.get(),
        lambda_plus,
        lambda_minus,
        n,
        target,
    };
    let s = py
        .detach(|| model.solve())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    if !s.stable {
        return Err(PyValueError::new_err(format!(
            "unstable fixed point: Jacobian eigenvalues gamma+ = {:.6} (adiabatic, notes Eq. B15) and lambda-/lambda+ - 1 = {:.6} must both be negative",
            s.gamma_plus, s.gamma_minus
        )));
    }
    for (k, v) in [
        ("lambda_plus", s.lambda_plus),
        ("lambda_minus", lambda_minus),
        ("lambda_plus_min", s.lambda_plus_min),
        ("sigma_x", s.s_x),
        ("kappa_norm", s.kappa_norm),
        ("rho", s.rho),
        ("z_bar", (n as f64).sqrt() * s.kappa_norm * s.rho),
        ("gamma_plus", s.gamma_plus),
        ("gamma_minus", s.gamma_minus),
        ("c0", s.c0),
        ("c_inf", s.c_inf),
        ("bulk_slope", s.bulk_slope),
        ("correlation_time", s.correlation_time),
        ("kappa_sq_slope", s.kappa_sq_slope),
    ] {
        set(&d, k, v)?;
    }
    set(
        &d,
        "jacobian_eigenvalues",
        vector(py, &[s.gamma_plus, s.gamma_minus]),
    )?;
    set(&d, "stable", s.stable)?;
    for k in ["l_var", "l_var_closed_form", "covariance"] {
        set(&d, k, py.None())?;
    }
    Ok(d)
}
