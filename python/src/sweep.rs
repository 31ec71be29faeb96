//! `oblique.sweep`: the closed-form mean-field landscape over a (lambda+, lambda-, N) grid
//! (Eqs. 52-53; the command `oblique sweep`), as columns of numpy arrays.

use crate::convert::{finite, nonlinearity};
use crate::run::interruptible;
use numpy::{PyArray1, PyReadonlyArray1};
use oblique_theory::sweep::{PointResult, Sweep, SweepGrid};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

/// The sweep's columns; `status` as codes into [`STATUS`].
struct Columns {
    n: Vec<i64>,
    lambda_plus: Vec<f64>,
    lambda_minus: Vec<f64>,
    status: Vec<u8>,
    kappa_norm: Vec<f64>,
    rho: Vec<f64>,
    l_var: Vec<f64>,
}

/// The status names, indexed by the codes of the `status` column.
const STATUS: [&str; 4] = ["ok", "no_fixed_point", "rho_above_one", "unstable"];

fn code(p: &PointResult) -> u8 {
    match p {
        PointResult::Ok { .. } => 0,
        PointResult::NoFixedPoint => 1,
        PointResult::RhoAboveOne { .. } => 2,
        PointResult::Unstable { .. } => 3,
    }
}

/// Evaluates the sweep straight into columns, one grid row (all lambda+ at one
/// (N, lambda-)) per task, without an intermediate buffer of points.
fn columns(sweep: &Sweep, cancel: &crate::run::Cancel) -> Columns {
    let grid = sweep.grid();
    let len = grid.len();
    let np = grid.lambda_plus.len();
    let mut c = Columns {
        n: vec![0; len],
        lambda_plus: vec![0.0; len],
        lambda_minus: vec![0.0; len],
        status: vec![0; len],
        kappa_norm: vec![0.0; len],
        rho: vec![0.0; len],
        l_var: vec![0.0; len],
    };
    let nan = f64::NAN;
    c.n.par_chunks_mut(np)
        .zip(c.lambda_plus.par_chunks_mut(np))
        .zip(c.lambda_minus.par_chunks_mut(np))
        .zip(c.status.par_chunks_mut(np))
        .zip(c.kappa_norm.par_chunks_mut(np))
        .zip(c.rho.par_chunks_mut(np))
        .zip(c.l_var.par_chunks_mut(np))
        .enumerate()
        .for_each_init(
            || vec![PointResult::NoFixedPoint; np],
            |pts, (row, ((((((n, lp), lm), st), kn), rho), lv))| {
                if row % 64 == 0 {
                    cancel.check();
                }
                sweep.evaluate_rows(row, pts);
                let (nv, lmv, _) = grid.coordinates(row * np);
                n.fill(nv as i64);
                lm.fill(lmv);
                lp.copy_from_slice(&grid.lambda_plus);
                for (i, p) in pts.iter().enumerate() {
                    st[i] = code(p);
                    kn[i] = p.kappa_norm().unwrap_or(nan);
                    rho[i] = p.rho().unwrap_or(nan);
                    lv[i] = p.l_var().unwrap_or(nan);
                }
            },
        );
    c
}

/// The Rust half of `oblique.sweep` (the Python wrapper converts the inputs and the status
/// codes): returns the columns n, lambda_plus, lambda_minus, status_code, kappa_norm, rho,
/// l_var (NaN where the point has no value) and the tuple of status names.
#[pyfunction]
#[pyo3(signature = (lambda_plus, lambda_minus, n, *, noise=1.0, target=1.0, nonlinearity="erf"))]
pub fn sweep_columns<'py>(
    py: Python<'py>,
    lambda_plus: PyReadonlyArray1<'py, f64>,
    lambda_minus: PyReadonlyArray1<'py, f64>,
    n: PyReadonlyArray1<'py, i64>,
    noise: f64,
    target: f64,
    nonlinearity: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let lambda_plus = lambda_plus.as_slice()?.to_vec();
    let lambda_minus = lambda_minus.as_slice()?.to_vec();
    let n = n.as_slice()?.to_vec();
    let phi_name = nonlinearity.to_string();
    let c = interruptible(py, None, move |cancel| {
        let phi = self::nonlinearity(&phi_name)?;
        let noise = crate::mean_field::noise_level(noise)?;
        let target = finite("target", target)?;
        if let Some(&small) = n.iter().find(|&&v| v < 2) {
            return Err(format!("n: {small} is too small; it must be at least 2"));
        }
        let grid = SweepGrid {
            lambda_plus,
            lambda_minus,
            n: n.iter().map(|&v| v as usize).collect(),
        };
        let sweep = Sweep::new(noise, phi.into(), target, grid).map_err(|e| e.to_string())?;
        Ok(columns(&sweep, cancel))
    })?;
    let d = PyDict::new(py);
    d.set_item("n", PyArray1::from_vec(py, c.n))?;
    d.set_item("lambda_plus", PyArray1::from_vec(py, c.lambda_plus))?;
    d.set_item("lambda_minus", PyArray1::from_vec(py, c.lambda_minus))?;
    d.set_item("status_code", PyArray1::from_vec(py, c.status))?;
    d.set_item("kappa_norm", PyArray1::from_vec(py, c.kappa_norm))?;
    d.set_item("rho", PyArray1::from_vec(py, c.rho))?;
    d.set_item("l_var", PyArray1::from_vec(py, c.l_var))?;
    d.set_item("status_names", STATUS.to_vec())?;
    Ok(d)
}
