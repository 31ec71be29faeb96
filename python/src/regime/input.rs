//! The inputs and results of `oblique.regime.*`: array-likes as matrices (refused when
//! empty, non-finite or beyond the machine's memory), the checks of the scalar options, and
//! results that must be finite numbers.

use crate::limits::check;
use nalgebra::DMatrix;
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use oblique_theory::format::num;
use oblique_validate::budget::Cost;
use oblique_validate::regime::ridge::default_alphas;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// Copies of a recording the measures hold at their peak (the float64 array, the matrix,
/// its centred copy, the fitted values and the subsets), in units of its size.
const COPIES: f64 = 6.0;

/// A 1-D (one column) or 2-D array-like as a matrix, converted to float64 by numpy; refused
/// (naming `name`) when empty, with a non-finite entry, or too large for the machine.
pub fn matrix(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DMatrix<f64>> {
    // an array's size is checked before numpy converts it (a copy as large again)
    if let Ok(shape) = obj.getattr("shape").and_then(|s| s.extract::<Vec<usize>>()) {
        if let [r, c] = shape[..] {
            check(recording_cost(name, r, c)).map_err(PyValueError::new_err)?;
        }
    }
    let np = obj.py().import("numpy")?;
    let a = np
        .call_method1("asarray", (obj, "float64"))
        .map_err(|e| PyValueError::new_err(format!("{name}: not an array of numbers ({e})")))?;
    let a: PyReadonlyArrayDyn<f64> = a.extract()?;
    let (rows, cols) = match *a.shape() {
        [r] => (r, 1),
        [r, c] => (r, c),
        ref s => {
            return Err(PyValueError::new_err(format!(
                "{name}: expected a 1-D or 2-D array, got shape {s:?}"
            )))
        }
    };
    if rows == 0 || cols == 0 {
        return Err(PyValueError::new_err(format!(
            "{name}: the array is empty ({rows} x {cols}); it needs at least one row and one column"
        )));
    }
    let v = a.as_array();
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| !x.is_finite()) {
        return Err(PyValueError::new_err(format!(
            "{name}: entry {i} (row-major) is {x}; every entry must be a finite number"
        )));
    }
    // squared sums of squares (the participation ratio) stay finite below this
    let limit = (f64::MAX.sqrt() / (rows as f64 * cols as f64)).sqrt() / 10.0;
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| x.abs() > limit) {
        return Err(PyValueError::new_err(format!(
            "{name}: entry {i} (row-major) is {x:e}; for a {rows} x {cols} array every entry must be below {limit:.1e} in magnitude (sums of squares overflow float64): rescale {name}"
        )));
    }
    let flat = v.as_standard_layout();
    let flat = flat.as_slice().unwrap_or_default();
    Ok(DMatrix::from_row_slice(rows, cols, flat))
}

/// The memory of the measures of a `rows x cols` recording (copies of it, and the Gram
/// matrix of the smaller side) and their work (a dense eigendecomposition of that side).
fn recording_cost(name: &str, rows: usize, cols: usize) -> Cost {
    let (r, c) = (rows as f64, cols as f64);
    let small = r.min(c);
    Cost {
        what: format!("the measures of a {} x {} {name} array", num(r), num(c)),
        bytes: 8.0 * (COPIES * r * c + 3.0 * small * small),
        work: 2.0 * r * c * small + 10.0 * small.powi(3),
        memory_flag: "the size of the array",
        work_flag: "the size of the array",
    }
}

/// The cost of the subsampling analysis: `repeats` ridge fits per neuron fraction, each
/// on up to `neurons` columns of `samples` rows with the 20 default penalties.
pub fn subsample_cost(repeats: usize, fractions: usize, samples: usize, neurons: usize) -> Cost {
    let jobs = repeats as f64 * fractions as f64;
    let (s, n) = (samples as f64, neurons as f64);
    Cost {
        what: format!(
            "the subsampling analysis with {} subsets of up to {} neurons",
            num(jobs),
            num(n)
        ),
        bytes: 200.0 * jobs,
        work: jobs * (s * n * n.min(s) + 20.0 * s * n.min(s)),
        memory_flag: "--repeats (or subsample)",
        work_flag: "--repeats (or subsample)",
    }
}

/// The subsampling options, checked with the names of the Python arguments (`repeats` is
/// `subsample` in `measures`): at least one subset and one fraction, each in `(0, 1]`.
pub fn subsample_options(name: &str, repeats: usize, fractions: &[f64]) -> PyResult<()> {
    if repeats == 0 {
        return Err(PyValueError::new_err(format!(
            "{name}: 0 is out of range: it must be at least 1 (subsets per neuron fraction)"
        )));
    }
    if fractions.is_empty() {
        return Err(PyValueError::new_err(
            "fractions: give at least one neuron fraction in (0, 1]",
        ));
    }
    for &f in fractions {
        fraction("fractions", f)?;
    }
    Ok(())
}

/// `Err` naming `name` unless `v` lies in `(0, 1]` (a fraction of variance or of R^2).
pub fn fraction(name: &str, v: f64) -> PyResult<f64> {
    if v > 0.0 && v <= 1.0 {
        return Ok(v);
    }
    Err(PyValueError::new_err(format!(
        "{name}: {v} is out of range: it must be a number in (0, 1]"
    )))
}

/// `v`, or an error naming `name` when the measure overflowed (entries too large).
pub fn finite(name: &str, v: f64) -> PyResult<f64> {
    if v.is_finite() {
        return Ok(v);
    }
    Err(PyValueError::new_err(format!(
        "{name}: the result is {v}: the entries are too large for float64 arithmetic (squares overflow); rescale {name}"
    )))
}

/// A matrix as a 2-D float64 numpy array.
pub fn to_array<'py>(py: Python<'py>, m: &DMatrix<f64>) -> PyResult<Bound<'py, PyAny>> {
    let flat: Vec<f64> = m.transpose().as_slice().to_vec();
    Ok(PyArray1::from_vec(py, flat)
        .reshape([m.nrows(), m.ncols()])?
        .into_any())
}

pub fn alphas_or_default(alphas: Option<Vec<f64>>) -> PyResult<Vec<f64>> {
    match alphas {
        None => Ok(default_alphas()),
        Some(a) if a.is_empty() || a.iter().any(|v| !(v.is_finite() && *v > 0.0)) => Err(
            PyValueError::new_err("alphas: give at least one penalty, each finite and > 0"),
        ),
        Some(a) => Ok(a),
    }
}

pub fn value_error<E: std::fmt::Display>(e: E) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Weights as (outputs x neurons): as given or transposed, else an error naming `name`.
pub fn neurons_last(w: DMatrix<f64>, neurons: usize, name: &str) -> PyResult<DMatrix<f64>> {
    match w.shape() {
        (_, c) if c == neurons => Ok(w),
        (r, _) if r == neurons => Ok(w.transpose()),
        (r, c) => Err(PyValueError::new_err(format!(
            "{name}: {r} x {c} does not match the {neurons} neurons of states"
        ))),
    }
}

pub fn check_pair(x: &DMatrix<f64>, y: &DMatrix<f64>) -> PyResult<()> {
    oblique_validate::regime::check::check_pair(x, "states", y, "output").map_err(value_error)
}
