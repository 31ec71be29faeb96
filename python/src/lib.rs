//! `oblique._oblique`: the PyO3 extension module behind the Python package `oblique`.
//!
//! Every function takes plain Python numbers and sequences (numpy arrays of any float
//! dtype included), calls the library crates `oblique-theory` and `oblique-validate`, and
//! returns dicts of floats and numpy arrays. Long computations run on a worker thread with
//! the GIL released (see [`run`]); errors become `ValueError` with the library's message,
//! prefixed by the Python parameter it concerns.

use pyo3::prelude::*;

mod bench;
mod convert;
mod flr;
mod limits;
mod linear;
mod mean_field;
mod regime;
mod run;
mod simulate;
mod sweep;
mod task;
mod train;

/// The extension module.
#[pymodule]
fn _oblique(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(mean_field::mft, m)?)?;
    m.add_function(wrap_pyfunction!(mean_field::optimum, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::sweep_columns, m)?)?;
    m.add_function(wrap_pyfunction!(linear::linear, m)?)?;
    m.add_function(wrap_pyfunction!(simulate::simulate, m)?)?;
    m.add_function(wrap_pyfunction!(train::train_rank2, m)?)?;
    m.add_function(wrap_pyfunction!(train::train_linear, m)?)?;
    m.add_function(wrap_pyfunction!(task::train_task, m)?)?;
    regime::register(m)?;
    m.add_function(wrap_pyfunction!(flr::flr, m)?)?;
    m.add_function(wrap_pyfunction!(bench::_bench_mft_rust, m)?)?;
    m.add_function(wrap_pyfunction!(bench::_bench_sweep_rust, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
