//! Conversions between Rust results and Python objects.
//!
//! [`to_python`] turns any serialisable result into the shape the package promises: JSON
//! objects become dicts, lists of numbers become float64 (or int64) numpy arrays, lists of
//! equal-length number lists become 2-D arrays, lists of strings numpy string arrays, and lists of objects (rows) become a dict
//! of column arrays. So a result has one numpy array per quantity, never one Python object
//! per point.

use nalgebra::Matrix2;
use numpy::{PyArray1, PyArray2, PyArrayMethods};
use oblique_theory::nonlinearity::Builtin;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

/// `Err("name: error")`, the form of every error message (the CLI's, without the `--`).
pub fn named<E: std::fmt::Display>(name: &str) -> impl Fn(E) -> String + '_ {
    move |e| format!("{name}: {e}")
}

/// Parses the nonlinearity name (`erf`, `tanh` or `identity`).
pub fn nonlinearity(text: &str) -> Result<Builtin, String> {
    text.trim()
        .parse::<Builtin>()
        .map_err(named("nonlinearity"))
}

/// A finite number, or an error naming `name`.
pub fn finite(name: &str, v: f64) -> Result<f64, String> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("{name}: '{v}' is not a finite number"))
    }
}

/// A 2x2 matrix from rows.
pub fn matrix2(m: [[f64; 2]; 2]) -> Matrix2<f64> {
    Matrix2::new(m[0][0], m[0][1], m[1][0], m[1][1])
}

/// `[[a11, a12], [a21, a22]]`
pub fn rows(m: &Matrix2<f64>) -> [[f64; 2]; 2] {
    [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]]
}

/// A 2x2 float64 numpy array: one allocation by numpy and a copy (no owner object, no
/// Python-level reshape: about a microsecond less per array than `from_vec` + `reshape`).
pub fn array2<'py>(py: Python<'py>, m: [[f64; 2]; 2]) -> PyResult<Bound<'py, PyAny>> {
    let a = PyArray2::<f64>::zeros(py, [2, 2], false);
    // SAFETY: `a` was just created here, is C-contiguous and no other reference exists.
    unsafe { a.as_slice_mut() }?.copy_from_slice(&[m[0][0], m[0][1], m[1][0], m[1][1]]);
    Ok(a.into_any())
}

/// A short float64 numpy vector (one allocation by numpy and a copy).
pub fn vector<'py>(py: Python<'py>, v: &[f64]) -> Bound<'py, PyAny> {
    PyArray1::from_slice(py, v).into_any()
}

/// Any serialisable value as dicts and numpy arrays (module docs).
pub fn to_python<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value)
        .map_err(|e| PyValueError::new_err(format!("cannot convert the result: {e}")))?;
    value_to_python(py, &v)
}

fn value_to_python<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => i.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Object(map) => {
            let d = PyDict::new(py);
            for (k, x) in map {
                d.set_item(k, value_to_python(py, x)?)?;
            }
            d.into_any()
        }
        Value::Array(items) => array_to_python(py, items)?,
    })
}

/// A JSON array: numbers -> 1-D array, rows of numbers -> 2-D array, objects -> columns.
fn array_to_python<'py>(py: Python<'py>, items: &[Value]) -> PyResult<Bound<'py, PyAny>> {
    if !items.is_empty() && items.iter().all(|x| x.is_number() || x.is_null()) {
        return Ok(numbers(py, items));
    }
    if let Some(Value::Array(first)) = items.first() {
        let width = first.len();
        let rectangular = items.iter().all(|r| {
            r.as_array()
                .is_some_and(|r| r.len() == width && r.iter().all(Value::is_number))
        });
        if rectangular && width > 0 {
            let flat: Vec<f64> = items
                .iter()
                .flat_map(|r| r.as_array().into_iter().flatten())
                .map(|x| x.as_f64().unwrap_or(f64::NAN))
                .collect();
            let a = PyArray1::from_vec(py, flat);
            return Ok(a.reshape([items.len(), width])?.into_any());
        }
    }
    if let Some(Value::Object(first)) = items.first() {
        if items.iter().all(Value::is_object) {
            let d = PyDict::new(py);
            for key in first.keys() {
                let column: Vec<Value> = items
                    .iter()
                    .map(|r| r.get(key).cloned().unwrap_or(Value::Null))
                    .collect();
                d.set_item(key, array_to_python(py, &column)?)?;
            }
            return Ok(d.into_any());
        }
    }
    let list = PyList::empty(py);
    for x in items {
        list.append(value_to_python(py, x)?)?;
    }
    if !items.is_empty() && items.iter().all(Value::is_string) {
        // labels (e.g. the phase of each sample) as a numpy string array, like a sweep's status
        return py.import("numpy")?.call_method1("array", (list,));
    }
    Ok(list.into_any())
}

/// Whole numbers -> int64 array, otherwise float64 (null -> NaN).
fn numbers<'py>(py: Python<'py>, items: &[Value]) -> Bound<'py, PyAny> {
    if items.iter().all(|x| x.is_i64() || x.is_u64()) {
        let v: Vec<i64> = items
            .iter()
            .map(|x| x.as_i64().unwrap_or(i64::MAX))
            .collect();
        return PyArray1::from_vec(py, v).into_any();
    }
    let v: Vec<f64> = items
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect();
    PyArray1::from_vec(py, v).into_any()
}
