//! `oblique.simulate`: the full noisy rank-two network at a fixed M against the mean-field
//! theory (theory notes sections 3, 4 and 6; the command `oblique simulate`).

use crate::convert::{finite, matrix2, nonlinearity, to_python};
use crate::run::interruptible;
use nalgebra::Matrix2;
use oblique_theory::bulk::BulkModel;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{Coupling, NoiseLevel, RankTwoModel};
use oblique_validate::measure::{Eigenvalues, FixedMExperiment};
use oblique_validate::network::{RankTwoParams, DEFAULT_DT};
use pyo3::prelude::*;
use serde_json::{json, Value};

/// The theory's `|kappa_bar|`, `rho`, `L_var`, `L_bias` (null where it predicts nothing),
/// or a note on why there is none.
fn predict(m: Option<Matrix2<f64>>, eig: (f64, f64), p: &RankTwoParams, z: f64) -> (Value, Value) {
    let none = |e: String| (Value::Null, json!(format!("no theory: {e}")));
    if p.g == 0.0 {
        let coupling = match m {
            Some(m) => Coupling::Explicit(m),
            None => Coupling::Eigen {
                lambda_plus: eig.0,
                lambda_minus: eig.1,
            },
        };
        let noise = match NoiseLevel::new(p.sigma) {
            Ok(s) => s,
            Err(e) => return none(e.to_string()),
        };
        let model = RankTwoModel {
            noise,
            nonlinearity: p.nonlinearity.into(),
            n: p.n,
            target: z,
            coupling,
        };
        return match model.solve() {
            Ok(s) => (
                json!({"kappa_norm": s.kappa_norm, "rho": s.rho, "l_var": s.l_var, "l_bias": s.l_bias}),
                Value::Null,
            ),
            Err(e) => none(e.to_string()),
        };
    }
    if m.is_some() {
        return none(
            "the g > 0 theory (bulk) covers symmetric M from its eigenvalues only; drop m".into(),
        );
    }
    let model = BulkModel {
        g: p.g,
        noise: p.sigma,
        nonlinearity: p.nonlinearity.get(),
        lambda_plus: eig.0,
        lambda_minus: eig.1,
        n: p.n,
        target: z,
    };
    match model.solve() {
        Ok(s) => (
            json!({"kappa_norm": s.kappa_norm, "rho": s.rho, "l_var": null, "l_bias": 0.0}),
            json!("the g > 0 theory predicts |kappa_bar| and rho (bias zero by construction) but not L_var"),
        ),
        Err(e) => none(e.to_string()),
    }
}

/// The parameters of `oblique simulate`.
struct Spec {
    lambda_plus: Option<f64>,
    lambda_minus: f64,
    m: Option<[[f64; 2]; 2]>,
    n: usize,
    noise: f64,
    target: f64,
    g: f64,
    nonlinearity: String,
    batch: usize,
    t_max: f64,
    t_stat: f64,
    dt: f64,
    seed: u64,
}

type Built = (FixedMExperiment, Option<Matrix2<f64>>, (f64, f64));

/// The experiment, checked as the command checks it; with g > 0, M and the start sit at
/// the bias-zero angle of the bulk theory.
fn build(s: &Spec) -> Result<Built, String> {
    let sigma = finite("noise", s.noise)?;
    if sigma <= 0.0 {
        return Err(format!("noise: sigma = {sigma} must be > 0"));
    }
    let target = finite("target", s.target)?;
    let g = finite("g", s.g)?;
    if g < 0.0 {
        return Err(format!("g: g = {g} must be at least 0"));
    }
    let nl = nonlinearity(&s.nonlinearity)?;
    if nl == Builtin::Identity {
        return Err("nonlinearity: identity has no nonzero fixed point; use erf or tanh".into());
    }
    if s.n < 2 {
        return Err(format!(
            "n: N = {} is too small; it must be at least 2",
            s.n
        ));
    }
    if s.batch < 2 {
        return Err(format!(
            "batch: {} is too small; it must be at least 2 (one trial per fixed point)",
            s.batch
        ));
    }
    if !(s.dt.is_finite() && s.dt > 0.0) {
        return Err(format!("dt: {} must be a positive number", s.dt));
    }
    let (t_max, t_stat) = (finite("t_max", s.t_max)?, finite("t_stat", s.t_stat)?);
    if t_stat < 0.0 || t_max <= t_stat {
        return Err(format!(
            "t_max = {t_max} must exceed t_stat = {t_stat} >= 0"
        ));
    }
    let lambda_minus = finite("lambda_minus", s.lambda_minus)?;
    let err = |e: oblique_validate::ValidateError| e.to_string();
    let (mut exp, m_explicit, eig) = match (s.m, s.lambda_plus) {
        (Some(r), _) => {
            let m = matrix2(r);
            let params = RankTwoParams::new(s.n, m)
                .with_noise(sigma)
                .with_g(g)
                .with_nonlinearity(nl)
                .with_dt(s.dt);
            let exp = FixedMExperiment::general(params, target, s.seed).map_err(err)?;
            let e = Eigenvalues::of(&m);
            (exp, Some(m), (e.re[0], e.re[1]))
        }
        (None, None) => return Err("lambda_plus is required unless m gives M".into()),
        (None, Some(lp)) => {
            let lambda_plus = finite("lambda_plus", lp)?;
            let mut exp = FixedMExperiment::symmetric(
                lambda_plus,
                lambda_minus,
                s.n,
                sigma,
                target,
                nl,
                s.seed,
            )
            .map_err(err)?;
            if g > 0.0 {
                exp = exp.with_bulk(g, lambda_plus, lambda_minus).map_err(err)?;
            }
            (exp, None, (lambda_plus, lambda_minus))
        }
    };
    exp.params.dt = s.dt;
    exp.batch = s.batch;
    exp.t_max = t_max;
    exp.t_stat = t_stat;
    Ok((exp, m_explicit, eig))
}

fn compute(s: &Spec, cancel: &crate::run::Cancel) -> Result<Value, String> {
    let (exp, m_explicit, eig) = build(s)?;
    let (theory, theory_note) = predict(m_explicit, eig, &exp.params, exp.z);
    let res = exp
        .run_with_progress(&|_| cancel.check())
        .map_err(|e| e.to_string())?;
    Ok(json!({
        "kappa_norm": res.latent.kappa_norm,
        "rho": res.latent.rho,
        "l_var": res.losses.var,
        "l_bias": res.losses.bias,
        "loss": res.losses.loss,
        "kappa_bar": res.latent.kappa_bar,
        "covariance": res.latent.covariance,
        "theory": theory,
        "theory_note": theory_note,
        "setup": {
            "n": exp.params.n, "m": res.coefficients.m, "eigenvalues": res.coefficients.eigenvalues,
            "g": exp.params.g, "noise": exp.params.sigma, "target": exp.z,
            "nonlinearity": exp.params.nonlinearity.get().name(), "batch": exp.batch,
            "t_max": exp.t_max, "t_stat": exp.t_stat, "dt": exp.params.dt, "seed": s.seed,
            "window_points": res.window_points,
        },
        "cloud": res.cloud,
        "histograms": res.histograms,
    }))
}

/// Simulates the full noisy RNN at a fixed M and compares with the mean-field theory.
///
/// Same parameters, defaults and keys as ``oblique simulate --json`` (theory notes sections
/// 3, 4, 6; Fig. 12), plus the latent cloud and output histograms. The network is
/// W = U M U^T / N + g J / sqrt(N); M is the symmetric matrix with eigenvalues lambda_plus,
/// lambda_minus at the bias-zero angle (Eq. 52) unless ``m`` is given. Half the trials start
/// at +kappa_bar (target +z), half at -kappa_bar; statistics use every time point after
/// t_stat. Euler-Maruyama with step dt.
///
/// Parameters
/// ----------
/// lambda_plus : float (required unless m is given)
/// lambda_minus : float, default -5
/// m : 2x2 array-like, optional
/// n : int, default 256
/// noise : float, default 1
/// target : float, default 1
/// g : float, default 0
/// nonlinearity : {"erf", "tanh"}, default "erf"
/// batch : int, default 256
/// t_max, t_stat : float, default 100, 20
/// dt : float, default 0.2
/// seed : int, default 1
///     Network from seed, noise from seed + 1; results do not depend on ``threads``.
/// threads : int, optional
///     Worker threads (default: all cores).
///
/// Returns
/// -------
/// dict
///     kappa_norm, rho, l_var, l_bias, loss (measured), kappa_bar (2-D array, one row per
///     condition), covariance (N Cov(kappa)), theory (dict or None), theory_note, setup,
///     cloud, histograms.
///
/// Example
/// -------
/// >>> oblique.simulate(2.0, n=128, batch=64, t_max=40)["l_var"]
#[pyfunction]
#[pyo3(signature = (lambda_plus=None, lambda_minus=-5.0, *, m=None, n=256, noise=1.0, target=1.0, g=0.0, nonlinearity="erf", batch=256, t_max=100.0, t_stat=20.0, dt=DEFAULT_DT, seed=1, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn simulate<'py>(
    py: Python<'py>,
    lambda_plus: Option<f64>,
    lambda_minus: f64,
    m: Option<[[f64; 2]; 2]>,
    n: usize,
    noise: f64,
    target: f64,
    g: f64,
    nonlinearity: &str,
    batch: usize,
    t_max: f64,
    t_stat: f64,
    dt: f64,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    let spec = Spec {
        lambda_plus,
        lambda_minus,
        m,
        n,
        noise,
        target,
        g,
        nonlinearity: nonlinearity.to_string(),
        batch,
        t_max,
        t_stat,
        dt,
        seed,
    };
    let out = interruptible(py, threads, move |cancel| compute(&spec, cancel))?;
    to_python(py, &out)
}
