//! Timings of the bare Rust calls, for `bench/python_overhead.py` to set the Python calls
//! beside them in one run (hidden: `oblique._oblique._bench_*`).

use numpy::PyReadonlyArray1;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{
    finite_n_variance, Coupling, FiniteNTerms, NoiseLevel, RankTwoModel,
};
use oblique_theory::sweep::{PointResult, Sweep, SweepGrid};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::hint::black_box;
use std::time::Instant;

fn err<E: std::fmt::Display>(e: E) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Mean seconds per call of `RankTwoModel::solve` and of solve + the finite-N variance (what
/// `oblique.mft` computes by default; at most 20 calls of that), erf at (lambda+, lambda-, N), noise 1, target 1.
#[pyfunction]
pub fn _bench_mft_rust(
    lambda_plus: f64,
    lambda_minus: f64,
    n: usize,
    reps: usize,
) -> PyResult<(f64, f64)> {
    let model = RankTwoModel {
        noise: NoiseLevel::new(1.0).map_err(err)?,
        nonlinearity: Builtin::Erf.into(),
        n,
        target: 1.0,
        coupling: Coupling::Eigen {
            lambda_plus,
            lambda_minus,
        },
    };
    let t = Instant::now();
    for _ in 0..reps {
        black_box(black_box(&model).solve().map_err(err)?);
    }
    let solve = t.elapsed().as_secs_f64() / reps as f64;
    let slow_reps = reps.min(20);
    let t = Instant::now();
    for _ in 0..slow_reps {
        let s = black_box(&model).solve().map_err(err)?;
        black_box(finite_n_variance(&model, &s, FiniteNTerms::Full).map_err(err)?);
    }
    Ok((solve, t.elapsed().as_secs_f64() / slow_reps as f64))
}

/// The grid of the two axes and the sizes.
fn sweep_grid(
    lambda_plus: &PyReadonlyArray1<'_, f64>,
    lambda_minus: &PyReadonlyArray1<'_, f64>,
    n: Vec<usize>,
) -> PyResult<SweepGrid> {
    Ok(SweepGrid {
        lambda_plus: lambda_plus.as_slice()?.to_vec(),
        lambda_minus: lambda_minus.as_slice()?.to_vec(),
        n,
    })
}

/// Best seconds of `reps` Rust sweeps (erf, noise 1, target 1): with `columns = None`,
/// Sweep::new + evaluate_into a reused buffer, as `theory/benches/mft.rs` times them; with
/// `Some(strings)`, straight into fresh columns as `oblique.sweep` builds them before
/// handing them to Python (numpy's allocation and the column pass, with the status text
/// when `strings`): the Rust side of the Python call.
#[pyfunction]
#[pyo3(signature = (lambda_plus, lambda_minus, n, reps, columns=None))]
pub fn _bench_sweep_rust(
    py: Python<'_>,
    lambda_plus: PyReadonlyArray1<'_, f64>,
    lambda_minus: PyReadonlyArray1<'_, f64>,
    n: Vec<usize>,
    reps: usize,
    columns: Option<bool>,
) -> PyResult<f64> {
    let grid = sweep_grid(&lambda_plus, &lambda_minus, n)?;
    let noise = NoiseLevel::new(1.0).map_err(err)?;
    let cancel = crate::run::Cancel::default();
    let mut out = match columns {
        None => vec![PointResult::NoFixedPoint; grid.len()],
        Some(_) => Vec::new(),
    };
    let mut best = f64::INFINITY;
    for _ in 0..reps {
        let t = Instant::now();
        let arrays = columns
            .map(|strings| crate::sweep::Arrays::new(py, grid.len(), strings))
            .transpose()?;
        let raw = arrays.as_ref().map(|a| a.raw(py));
        py.detach(|| -> PyResult<()> {
            let s = Sweep::new(noise, Builtin::Erf.into(), 1.0, black_box(grid.clone()))
                .map_err(err)?;
            match raw {
                // SAFETY: fresh arrays of the grid's length, alive until the end of the loop body
                Some(raw) => unsafe { crate::sweep::fill(&s, raw, &cancel) },
                None => s.evaluate_into(&mut out).map_err(err)?,
            }
            Ok(())
        })?;
        best = best.min(t.elapsed().as_secs_f64());
        drop(arrays);
    }
    Ok(best)
}
