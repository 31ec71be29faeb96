//! `oblique.mft` and `oblique.optimum`: the rank-two mean-field theory at one point and its
//! optimum over lambda+ (theory notes section 3; the commands `oblique mft`, `oblique
//! optimum`).

/// `d[key] = value` for each pair, with the keys interned (created once per process).
macro_rules! set {
    ($d:expr, $($k:literal => $v:expr),+ $(,)?) => {{
        $( $d.set_item(pyo3::intern!($d.py(), $k), $v)?; )+
    }};
}

mod bulk;
mod dict;

use crate::convert::{finite, matrix2, named, nonlinearity, to_python};
use bulk::bulk;
use dict::{euler_dict, mft_dict, set, solution_dict};
use oblique_theory::optimum::OptimumProblem;
use oblique_theory::rank_two::{
    euler_statistics, finite_n_variance, Coupling, EulerStatistics, FiniteNTerms, MftSolution,
    NoiseLevel, RankTwoModel,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The noise level, refused with the command's reason (`--noise` takes a finite number > 0).
pub(crate) fn noise_level(sigma: f64) -> Result<NoiseLevel, String> {
    if !(sigma.is_finite() && sigma > 0.0) {
        return Err(format!(
            "noise: {sigma} is out of range: it must be a finite number > 0"
        ));
    }
    NoiseLevel::new(sigma).map_err(named("noise"))
}

/// The coupling from either both eigenvalues or an explicit M, refused with the parameter's
/// name.
fn coupling(
    lambda_plus: Option<f64>,
    lambda_minus: Option<f64>,
    m: Option<[[f64; 2]; 2]>,
) -> Result<Coupling, String> {
    match (m, lambda_plus, lambda_minus) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            Err("m: give either m or lambda_plus/lambda_minus, not both".into())
        }
        (Some(m), None, None) => {
            if m.iter().flatten().any(|v| !v.is_finite()) {
                return Err("m: every entry must be a finite number".into());
            }
            Ok(Coupling::Explicit(matrix2(m)))
        }
        (None, Some(lp), Some(lm)) => Ok(Coupling::Eigen {
            lambda_plus: finite("lambda_plus", lp)?,
            lambda_minus: finite("lambda_minus", lm)?,
        }),
        (None, None, _) => Err("lambda_plus is required unless m is given".into()),
        (None, Some(_), None) => Err("lambda_minus is required unless m is given".into()),
    }
}

/// The checked scalar inputs of `oblique.mft`: noise level, target, g >= 0 (no `dt` with
/// g > 0) and the coupling, each refused with the parameter's name.
fn checked_inputs(
    noise: f64,
    target: f64,
    g: f64,
    dt: Option<f64>,
    coupling: Result<Coupling, String>,
) -> Result<(NoiseLevel, f64, f64, Coupling), String> {
    let noise = noise_level(noise)?;
    let target = finite("target", target)?;
    let g = finite("g", g)?;
    if g < 0.0 {
        return Err(format!(
            "g: g = {g} must be >= 0 (the gain of the random bulk J)"
        ));
    }
    if dt.is_some() && g > 0.0 {
        return Err(format!(
            "dt: the Euler-map theory is for g = 0 only (got g {g})"
        ));
    }
    Ok((noise, target, g, coupling?))
}

/// The g = 0 theory at one point: the solution, the finite-N L_var (if asked for) and the
/// Euler-map statistics at `dt` (if given).
fn solve(
    model: &RankTwoModel,
    finite_n: bool,
    dt: Option<f64>,
) -> Result<(MftSolution, Option<f64>, Option<EulerStatistics>), String> {
    let sol = model.solve().map_err(|e| e.to_string())?;
    let fin = match finite_n {
        true => Some(
            finite_n_variance(model, &sol, FiniteNTerms::Full)
                .map_err(|e| e.to_string())?
                .l_var,
        ),
        false => None,
    };
    let euler = dt
        .map(|dt| euler_statistics(model, dt, FiniteNTerms::Full).map_err(named("dt")))
        .transpose()?;
    Ok((sol, fin, euler))
}

/// The rank-two mean-field theory at one point: fixed point, Jacobian, covariance, L_var.
///
/// Same parameters, defaults and keys as ``oblique mft --json`` (theory notes section 3).
///
/// Parameters
/// ----------
/// n : int
///     Network size N (at least 2).
/// lambda_plus, lambda_minus : float, optional
///     Eigenvalues of the symmetric M at the bias-zero angle (Eq. 52). lambda_plus must
///     exceed lambda+min = 1/<phi'>_noise (Eq. 44; 1.6034 for erf at noise 1).
/// m : 2x2 array-like, optional
///     An explicit coupling M instead of the eigenvalues (any real M with real eigenvalues).
/// noise : float, default 1
///     Noise level sigma > 0 (stationary s.d. of an unconnected unit).
/// target : float, default 1
///     Target output z.
/// nonlinearity : {"erf", "tanh"}, default "erf"
/// g : float, default 0
///     Gain of a random bulk g J / sqrt(N) (random-bulk theory, theory/notes/bulk.md; then
///     l_var and covariance are None and c0, c_inf, ... are added).
/// dt : float, optional
///     Also predict an Euler-Maruyama simulation with this step (key ``euler``), 0 < dt < 2.
/// finite_n : bool, default True
///     Compute ``l_var_finite_n`` (L_var with the finite-N noise of U^T phi/N, theory notes
///     section 7), as the command does. It costs milliseconds; ``finite_n=False`` (key set
///     to None) makes a call cost about a microsecond, for scans point by point.
///
/// Returns
/// -------
/// dict
///     Floats (kappa_norm = |kappa_bar| Eq. 44, rho Eq. 52, l_var Eqs. 39, 47-48,
///     l_var_closed_form Eq. 53, l_var_finite_n, ...) and numpy arrays (kappa_bar, m,
///     jacobian Eq. 45, covariance Eq. 47, ...).
///
/// Example
/// -------
/// >>> oblique.mft(lambda_plus=1.9, lambda_minus=-5, n=256)["l_var"]
#[pyfunction]
#[pyo3(signature = (lambda_plus=None, lambda_minus=None, *, n, m=None, noise=1.0, target=1.0, nonlinearity="erf", g=0.0, dt=None, finite_n=true))]
#[allow(clippy::too_many_arguments)]
pub fn mft<'py>(
    py: Python<'py>,
    lambda_plus: Option<f64>,
    lambda_minus: Option<f64>,
    n: i64,
    m: Option<[[f64; 2]; 2]>,
    noise: f64,
    target: f64,
    nonlinearity: &str,
    g: f64,
    dt: Option<f64>,
    finite_n: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let phi = crate::convert::nonlinearity(nonlinearity).map_err(PyValueError::new_err)?;
    let n = usize::try_from(n).map_err(|_| {
        PyValueError::new_err(format!(
            "n: {n} is out of range: it must be a whole number >= 2"
        ))
    })?;
    let (noise_level, target, g, coupling) =
        checked_inputs(noise, target, g, dt, coupling(lambda_plus, lambda_minus, m))
            .map_err(PyValueError::new_err)?;
    let d = match g > 0.0 {
        true => PyDict::new(py),
        false => mft_dict(py)?,
    };
    set!(d,
        "nonlinearity" => phi.get().name(),
        "noise" => noise,
        "n" => n,
        "target" => target,
        "g" => g,
    );
    if g > 0.0 {
        return bulk(py, d, phi, noise, n, target, g, coupling);
    }
    let model = RankTwoModel {
        noise: noise_level,
        nonlinearity: phi.into(),
        n,
        target,
        coupling,
    };
    let compute = || solve(&model, finite_n, dt);
    // The bare solve takes a fraction of a microsecond: releasing the GIL would cost more.
    let computed = match finite_n || dt.is_some() {
        true => py.detach(compute),
        false => compute(),
    };
    let (sol, l_var_finite_n, euler) = computed.map_err(PyValueError::new_err)?;
    solution_dict(py, &d, &sol)?;
    set!(d, "l_var_finite_n" => l_var_finite_n);
    let e = euler.map(|e| euler_dict(py, &e)).transpose()?;
    set(&d, "euler", e)?;
    Ok(d)
}

/// The minimum of L_var over lambda+ at fixed lambda-, for each N (Brent's method).
///
/// Same parameters and results as ``oblique optimum --json``, as columns: the coupling is
/// the symmetric M at the bias-zero angle (Eq. 52) and L_var is Eq. 53 for erf (Lyapunov
/// route, Eqs. 47-48, otherwise). The minimiser lambda+* predicts the oblique solution
/// that learning finds (Fig. 13).
///
/// Parameters
/// ----------
/// lambda_minus : float
///     The fixed second eigenvalue of M.
/// n : int or sequence of int
///     Network sizes (each at least 2).
/// noise : float, default 1
/// target : float, default 1
/// nonlinearity : {"erf", "tanh"}, default "erf"
///
/// Returns
/// -------
/// dict of numpy arrays
///     n, lambda_plus_opt, kappa_norm, rho, l_var (one entry per N).
///
/// Example
/// -------
/// >>> oblique.optimum(-5, n=[64, 256, 2048])["lambda_plus_opt"]
#[pyfunction]
#[pyo3(signature = (lambda_minus, *, n, noise=1.0, target=1.0, nonlinearity="erf"))]
pub fn optimum<'py>(
    py: Python<'py>,
    lambda_minus: f64,
    n: Vec<usize>,
    noise: f64,
    target: f64,
    nonlinearity: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let phi = nonlinearity.to_string();
    let optima = crate::run::interruptible(py, None, move |_| {
        let problem = OptimumProblem {
            noise: noise_level(noise)?,
            nonlinearity: self::nonlinearity(&phi)?.into(),
            target: finite("target", target)?,
            lambda_minus: finite("lambda_minus", lambda_minus)?,
        };
        if let Some(&small) = n.iter().find(|&&v| v < 2) {
            return Err(format!("n: {small} is too small; it must be at least 2"));
        }
        if n.is_empty() {
            return Err("n: give at least one network size".into());
        }
        n.iter()
            .map(|&n| problem.solve(n).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()
    })?;
    to_python(py, &optima)
}
