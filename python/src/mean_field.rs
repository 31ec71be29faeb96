//! `oblique.mft` and `oblique.optimum`: the rank-two mean-field theory at one point and its
//! optimum over lambda+ (theory notes section 3; the commands `oblique mft`, `oblique
//! optimum`).

use crate::convert::{array2, finite, matrix2, named, nonlinearity, rows, to_python, vector};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::optimum::OptimumProblem;
use oblique_theory::rank_two::{
    euler_statistics, finite_n_variance, Coupling, FiniteNTerms, MftSolution, NoiseLevel,
    RankTwoModel,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

/// The noise level, refused with the command's reason (`--noise` takes a finite number > 0).
pub(crate) fn noise_level(sigma: f64) -> Result<NoiseLevel, String> {
    if !(sigma.is_finite() && sigma > 0.0) {
        return Err(format!(
            "noise: {sigma} is out of range: it must be a finite number > 0"
        ));
    }
    NoiseLevel::new(sigma).map_err(named("noise"))
}

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

/// `d[key] = value` for each pair, with the keys interned (created once per process).
macro_rules! set {
    ($d:expr, $($k:literal => $v:expr),+ $(,)?) => {{
        $( $d.set_item(pyo3::intern!($d.py(), $k), $v)?; )+
    }};
}

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
fn mft_dict(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let template = MFT_TEMPLATE.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let d = PyDict::new(py);
        for k in MFT_KEYS {
            d.set_item(PyString::intern(py, k), py.None())?;
        }
        Ok(d.unbind())
    })?;
    template.bind(py).copy()
}

fn set<'py, V: IntoPyObject<'py>>(d: &Bound<'py, PyDict>, key: &str, v: V) -> PyResult<()> {
    d.set_item(key, v)
}

/// The keys of `oblique mft --json` for g = 0.
fn solution_dict<'py>(py: Python<'py>, d: &Bound<'py, PyDict>, s: &MftSolution) -> PyResult<()> {
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
    n: usize,
    m: Option<[[f64; 2]; 2]>,
    noise: f64,
    target: f64,
    nonlinearity: &str,
    g: f64,
    dt: Option<f64>,
    finite_n: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let phi = crate::convert::nonlinearity(nonlinearity).map_err(PyValueError::new_err)?;
    let inputs = (|| {
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
        Ok((noise, target, g, coupling(lambda_plus, lambda_minus, m)?))
    })()
    .map_err(PyValueError::new_err)?;
    let (noise_level, target, g, coupling) = inputs;
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
    let compute = || -> Result<_, String> {
        let sol = model.solve().map_err(|e| e.to_string())?;
        let fin = match finite_n {
            true => Some(
                finite_n_variance(&model, &sol, FiniteNTerms::Full)
                    .map_err(|e| e.to_string())?
                    .l_var,
            ),
            false => None,
        };
        let euler = dt
            .map(|dt| euler_statistics(&model, dt, FiniteNTerms::Full).map_err(named("dt")))
            .transpose()?;
        Ok((sol, fin, euler))
    };
    // The bare solve takes a fraction of a microsecond: releasing the GIL would cost more.
    let computed = match finite_n || dt.is_some() {
        true => py.detach(compute),
        false => compute(),
    };
    let (sol, l_var_finite_n, euler) = computed.map_err(PyValueError::new_err)?;
    solution_dict(py, &d, &sol)?;
    set!(d, "l_var_finite_n" => l_var_finite_n);
    let e = match euler {
        None => None,
        Some(e) => {
            let ed = PyDict::new(py);
            set(&ed, "dt", e.dt)?;
            set(&ed, "orthogonal_variance", e.orthogonal_variance)?;
            set(&ed, "kappa_norm", e.fixed_point.kappa_norm)?;
            set(&ed, "rho", e.fixed_point.rho)?;
            set(&ed, "z_bar", e.fixed_point.z_bar)?;
            set(&ed, "l_bias", e.fixed_point.l_bias)?;
            set(&ed, "l_var", e.l_var)?;
            set(&ed, "covariance", array2(py, rows(&e.covariance))?)?;
            Some(ed)
        }
    };
    set(&d, "euler", e)?;
    Ok(d)
}

/// `g > 0`: the random-bulk theory (theory/notes/bulk.md); keys as `oblique mft --g G --json`.
#[allow(clippy::too_many_arguments)]
fn bulk<'py>(
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
