//! `oblique.sweep`: the closed-form mean-field landscape over a (lambda+, lambda-, N) grid
//! (Eqs. 52-53; the command `oblique sweep`), as columns of numpy arrays.

use crate::convert::{finite, nonlinearity};
use crate::limits::check;
use crate::run::interruptible;
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1};
use oblique_theory::format::num;
use oblique_theory::sweep::{PointResult, Sweep, SweepGrid};
use oblique_validate::budget::sweep_cost;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

/// The sweep's columns, in numpy's memory: `status` as codes into [`STATUS`] and, when
/// asked for, as the UCS-4 text of a `<U14` array (`WIDTH` code points per point).
///
/// numpy allocates them (its allocator asks the kernel for huge pages on arrays this large,
/// so a million fresh points fault in a few pages instead of thousands); the worker writes
/// them through raw views while the caller waits with the GIL released.
pub(crate) struct Arrays {
    len: usize,
    n: Py<PyArray1<i64>>,
    lambda_plus: Py<PyArray1<f64>>,
    lambda_minus: Py<PyArray1<f64>>,
    status: Py<PyArray1<u8>>,
    kappa_norm: Py<PyArray1<f64>>,
    rho: Py<PyArray1<f64>>,
    l_var: Py<PyArray1<f64>>,
    text: Option<Py<PyArray1<u32>>>,
}

/// The addresses of [`Arrays`]' data, to be written by one worker.
#[derive(Clone, Copy)]
pub(crate) struct Raw {
    len: usize,
    n: usize,
    lambda_plus: usize,
    lambda_minus: usize,
    status: usize,
    kappa_norm: usize,
    rho: usize,
    l_var: usize,
    text: Option<usize>,
}

impl Arrays {
    /// Uninitialised columns of `len` points (every entry is written by [`fill`]), from
    /// `numpy.empty`: an allocation numpy cannot make raises `MemoryError`.
    pub(crate) fn new(py: Python<'_>, len: usize, strings: bool) -> PyResult<Self> {
        let empty = py.import("numpy")?.getattr("empty")?;
        let column =
            |n: usize, dtype: &str| -> PyResult<Bound<'_, PyAny>> { empty.call1((n, dtype)) };
        let text = match strings {
            true => Some(column(len.saturating_mul(WIDTH), "uint32")?.extract()?),
            false => None,
        };
        Ok(Arrays {
            len,
            n: column(len, "int64")?.extract()?,
            lambda_plus: column(len, "float64")?.extract()?,
            lambda_minus: column(len, "float64")?.extract()?,
            status: column(len, "uint8")?.extract()?,
            kappa_norm: column(len, "float64")?.extract()?,
            rho: column(len, "float64")?.extract()?,
            l_var: column(len, "float64")?.extract()?,
            text,
        })
    }

    /// The data addresses (valid while `self` lives).
    pub(crate) fn raw(&self, py: Python<'_>) -> Raw {
        Raw {
            len: self.len,
            n: self.n.bind(py).data() as usize,
            lambda_plus: self.lambda_plus.bind(py).data() as usize,
            lambda_minus: self.lambda_minus.bind(py).data() as usize,
            status: self.status.bind(py).data() as usize,
            kappa_norm: self.kappa_norm.bind(py).data() as usize,
            rho: self.rho.bind(py).data() as usize,
            l_var: self.l_var.bind(py).data() as usize,
            text: self.text.as_ref().map(|t| t.bind(py).data() as usize),
        }
    }

    /// Refuses a grid with an "ok" point whose values overflowed (|lambda| of 1e300 gives
    /// kappa_norm = inf and l_var = NaN), naming the coupling to lower: NaN stands only
    /// for the values a point's status has none of.
    fn check_ok_points(&self, py: Python<'_>) -> PyResult<()> {
        let status = self.status.bind(py).readonly();
        let (kn, rho, lv) = (
            self.kappa_norm.bind(py).readonly(),
            self.rho.bind(py).readonly(),
            self.l_var.bind(py).readonly(),
        );
        let (kn, rho, lv) = (kn.as_slice()?, rho.as_slice()?, lv.as_slice()?);
        let bad = status.as_slice()?.iter().enumerate().find(|&(i, &code)| {
            code == 0 && !(kn[i].is_finite() && rho[i].is_finite() && lv[i].is_finite())
        });
        let Some((i, _)) = bad else { return Ok(()) };
        let (lp, lm) = (
            self.lambda_plus.bind(py).readonly(),
            self.lambda_minus.bind(py).readonly(),
        );
        Err(PyValueError::new_err(format!(
            "lambda_plus, lambda_minus: the point lambda+ = {}, lambda- = {} overflows float64 (kappa_norm = {}, rho = {}, l_var = {}); lower |lambda_plus| or |lambda_minus|",
            num(lp.as_slice()?[i]), num(lm.as_slice()?[i]), num(kn[i]), num(rho[i]), num(lv[i])
        )))
    }

    /// Another handle on the same arrays (keeps them alive on the worker).
    fn clone_ref(&self, py: Python<'_>) -> Self {
        Arrays {
            len: self.len,
            n: self.n.clone_ref(py),
            lambda_plus: self.lambda_plus.clone_ref(py),
            lambda_minus: self.lambda_minus.clone_ref(py),
            status: self.status.clone_ref(py),
            kappa_norm: self.kappa_norm.clone_ref(py),
            rho: self.rho.clone_ref(py),
            l_var: self.l_var.clone_ref(py),
            text: self.text.as_ref().map(|t| t.clone_ref(py)),
        }
    }
}

/// The status names, indexed by the codes of the `status` column.
const STATUS: [&str; 4] = ["ok", "no_fixed_point", "rho_above_one", "unstable"];

/// Code points per status in the `<U14` column (the longest name, "no_fixed_point").
const WIDTH: usize = 14;

/// Each status name as the zero-padded UCS-4 code points numpy stores for `<U14`.
fn texts() -> [[u32; WIDTH]; 4] {
    STATUS.map(|name| {
        let mut t = [0u32; WIDTH];
        for (slot, c) in t.iter_mut().zip(name.chars()) {
            *slot = c as u32;
        }
        t
    })
}

fn code(p: &PointResult) -> u8 {
    match p {
        PointResult::Ok { .. } => 0,
        PointResult::NoFixedPoint => 1,
        PointResult::RhoAboveOne { .. } => 2,
        PointResult::Unstable { .. } => 3,
    }
}

/// Evaluates the sweep straight into the columns at `raw`, one grid row (all lambda+ at
/// one (N, lambda-)) per task, without an intermediate buffer of points.
///
/// # Safety
/// `raw` must come from live [`Arrays`] of `sweep.grid().len()` points that nothing else
/// reads or writes during the call.
pub(crate) unsafe fn fill(sweep: &Sweep, raw: Raw, cancel: &crate::run::Cancel) {
    let grid = sweep.grid();
    let len = raw.len;
    assert_eq!(len, grid.len(), "columns of the grid's length");
    let np = grid.lambda_plus.len();
    let col = |a: usize| std::slice::from_raw_parts_mut(a as *mut f64, len);
    let n = std::slice::from_raw_parts_mut(raw.n as *mut i64, len);
    let status = std::slice::from_raw_parts_mut(raw.status as *mut u8, len);
    let (lambda_plus, lambda_minus) = (col(raw.lambda_plus), col(raw.lambda_minus));
    let (kappa_norm, rho, l_var) = (col(raw.kappa_norm), col(raw.rho), col(raw.l_var));
    // without strings an empty text row per grid row
    let mut text = raw
        .text
        .map(|a| std::slice::from_raw_parts_mut(a as *mut u32, len * WIDTH));
    let mut no_text = vec![[0u32; 0]; grid.rows()];
    let text_rows: Vec<&mut [u32]> = match text.as_mut() {
        Some(t) => t.chunks_mut(np * WIDTH).collect(),
        None => no_text.iter_mut().map(|r| &mut r[..]).collect(),
    };
    let nan = f64::NAN;
    let names = texts();
    n.par_chunks_mut(np)
        .zip(lambda_plus.par_chunks_mut(np))
        .zip(lambda_minus.par_chunks_mut(np))
        .zip(status.par_chunks_mut(np))
        .zip(kappa_norm.par_chunks_mut(np))
        .zip(rho.par_chunks_mut(np))
        .zip(l_var.par_chunks_mut(np))
        .zip(text_rows)
        .enumerate()
        .for_each_init(
            || vec![PointResult::NoFixedPoint; np],
            |pts, (row, (((((((n, lp), lm), st), kn), rho), lv), text))| {
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
                for (t, &s) in text.chunks_exact_mut(WIDTH).zip(st.iter()) {
                    t.copy_from_slice(&names[s as usize]);
                }
            },
        );
}

/// The Rust half of `oblique.sweep` (the Python wrapper converts the inputs): returns the
/// columns n, lambda_plus, lambda_minus, status_code, kappa_norm, rho, l_var (NaN where the
/// point has no value), the status names the codes index and, with `strings`, the column
/// status as a numpy `<U14` array written here in the same pass.
#[pyfunction]
#[pyo3(signature = (lambda_plus, lambda_minus, n, *, noise=1.0, target=1.0, nonlinearity="erf", strings=true))]
#[allow(clippy::too_many_arguments)]
pub fn sweep_columns<'py>(
    py: Python<'py>,
    lambda_plus: PyReadonlyArray1<'py, f64>,
    lambda_minus: PyReadonlyArray1<'py, f64>,
    n: PyReadonlyArray1<'py, i64>,
    noise: f64,
    target: f64,
    nonlinearity: &str,
    strings: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let lambda_plus = lambda_plus.as_slice()?.to_vec();
    let lambda_minus = lambda_minus.as_slice()?.to_vec();
    let n = n.as_slice()?.to_vec();
    // only extreme inputs can overflow a fixed point's values: scan the points then only
    let extreme = lambda_plus
        .iter()
        .chain(&lambda_minus)
        .any(|v| v.abs() > 1e30)
        || target.abs() > 1e30
        || n.iter().any(|&v| v > 1_000_000_000_000_000);
    let phi_name = nonlinearity.to_string();
    let (a, b, c) = (lambda_plus.len(), lambda_minus.len(), n.len());
    check(sweep_cost(a as f64 * b as f64 * c as f64)).map_err(PyValueError::new_err)?;
    let arrays = Arrays::new(py, a * b * c, strings)?;
    let (raw, keep) = (arrays.raw(py), arrays.clone_ref(py));
    interruptible(py, None, move |cancel| {
        let _alive = keep; // the arrays outlive the worker, also after a Ctrl-C
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
        // SAFETY: `raw` points into `keep`'s fresh arrays, which only this call touches.
        unsafe { fill(&sweep, raw, cancel) };
        Ok(())
    })?;
    if extreme {
        arrays.check_ok_points(py)?;
    }
    let d = PyDict::new(py);
    d.set_item("n", arrays.n)?;
    d.set_item("lambda_plus", arrays.lambda_plus)?;
    d.set_item("lambda_minus", arrays.lambda_minus)?;
    d.set_item("status_code", arrays.status)?;
    d.set_item("kappa_norm", arrays.kappa_norm)?;
    d.set_item("rho", arrays.rho)?;
    d.set_item("l_var", arrays.l_var)?;
    d.set_item("status_names", STATUS.to_vec())?;
    if let Some(text) = arrays.text {
        // the UCS-4 code points viewed as fixed-width strings: no copy, no per-point object
        d.set_item("status", text.bind(py).call_method1("view", ("<U14",))?)?;
    }
    Ok(d)
}
