//! `oblique mft`: the rank-two mean-field theory at one point (theory notes, section 3),
//! or with `g > 0` the random-bulk theory (`theory/notes/bulk.md`).

use crate::commands::CommandError;
use nalgebra::Matrix2;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{
    euler_statistics, finite_n_variance, Coupling, FiniteNTerms, MftSolution, NoiseLevel,
    RankTwoModel,
};
use std::io::{self, Write};

/// The checked inputs of `oblique mft`.
#[derive(Debug, Clone, Copy)]
pub struct MftInputs {
    /// sigma
    pub noise: NoiseLevel,
    /// phi
    pub nonlinearity: Builtin,
    /// N
    pub n: usize,
    /// z
    pub target: f64,
    /// gain g >= 0 of the random bulk
    pub g: f64,
    /// M by its eigenvalues or explicit
    pub coupling: Coupling,
    /// Euler step of the simulated map whose statistics are also predicted (`--dt`)
    pub dt: Option<f64>,
}

/// The Euler-map prediction (`--dt`).
#[derive(serde::Serialize)]
pub struct EulerJson {
    dt: f64,
    /// sigma^2 / (1 - dt/2)
    orthogonal_variance: f64,
    kappa_norm: f64,
    rho: f64,
    z_bar: f64,
    l_bias: f64,
    l_var: f64,
    covariance: [[f64; 2]; 2],
}

/// `[[a11, a12], [a21, a22]]`
fn rows(m: &Matrix2<f64>) -> [[f64; 2]; 2] {
    [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]]
}

/// The report of `oblique mft` at `g = 0` (its `--json` object).
#[derive(serde::Serialize)]
pub struct MftReport {
    nonlinearity: &'static str,
    noise: f64,
    n: usize,
    target: f64,
    g: f64,
    lambda_plus: f64,
    lambda_minus: f64,
    lambda_plus_min: f64,
    sigma_x: f64,
    kappa_norm: f64,
    kappa_bar: [f64; 2],
    v_plus: [f64; 2],
    rho: f64,
    z_bar: f64,
    l_bias: f64,
    l_var: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    l_var_closed_form: Option<f64>,
    /// L_var with the finite-N fluctuations of U^T phi/N that Eq. 48 leaves out (notes 7).
    #[serde(skip_serializing_if = "Option::is_none")]
    l_var_finite_n: Option<f64>,
    /// With `--dt`: the statistics of the simulated Euler map (notes section 8).
    #[serde(skip_serializing_if = "Option::is_none")]
    euler: Option<EulerJson>,
    m: [[f64; 2]; 2],
    mean_dphi: f64,
    mean_d3phi: f64,
    q: f64,
    jacobian: [[f64; 2]; 2],
    /// `[gamma+, gamma-]`
    jacobian_eigenvalues: [f64; 2],
    gamma_plus: f64,
    gamma_minus: f64,
    stable: bool,
    white_covariance: [[f64; 2]; 2],
    colored_variance: f64,
    covariance: [[f64; 2]; 2],
}

impl MftReport {
    fn new(inp: &MftInputs, s: &MftSolution) -> Self {
        let ev = s.jacobian_eigenvalues;
        MftReport {
            nonlinearity: match inp.nonlinearity {
                Builtin::Erf => "erf",
                Builtin::Tanh => "tanh",
                Builtin::Identity => "identity",
            },
            noise: inp.noise.sigma(),
            n: inp.n,
            target: inp.target,
            g: inp.g,
            lambda_plus: s.lambda_plus,
            lambda_minus: s.lambda_minus,
            lambda_plus_min: s.lambda_plus_min,
            sigma_x: s.sigma_x,
            kappa_norm: s.kappa_norm,
            kappa_bar: [s.kappa_bar[0], s.kappa_bar[1]],
            v_plus: [s.v_plus[0], s.v_plus[1]],
            rho: s.rho,
            z_bar: s.z_bar,
            l_bias: s.l_bias,
            l_var: s.l_var,
            l_var_closed_form: s.l_var_closed_form,
            l_var_finite_n: None,
            euler: None,
            m: rows(&s.m),
            mean_dphi: s.mean_dphi,
            mean_d3phi: s.mean_d3phi,
            q: s.q,
            jacobian: rows(&s.jacobian),
            jacobian_eigenvalues: [ev.gamma_plus, ev.gamma_minus],
            gamma_plus: ev.gamma_plus,
            gamma_minus: ev.gamma_minus,
            stable: s.stable,
            white_covariance: rows(&s.white_covariance),
            colored_variance: s.colored_variance,
            covariance: rows(&s.covariance),
        }
    }

    /// The human-readable text of `oblique mft`.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let j = self;
        writeln!(
            w,
            "rank-two mean-field theory ({}, noise {}, N = {}, target {}, g = {})",
            j.nonlinearity, j.noise, j.n, j.target, j.g
        )?;
        let m = &j.m;
        writeln!(
            w,
            "  M                 = [[{:.6}, {:.6}], [{:.6}, {:.6}]]",
            m[0][0], m[0][1], m[1][0], m[1][1]
        )?;
        writeln!(
            w,
            "  lambda+, lambda-  = {:.6}, {:.6}",
            j.lambda_plus, j.lambda_minus
        )?;
        writeln!(
            w,
            "  lambda+min        = {:.6}   (Eq. 44)",
            j.lambda_plus_min
        )?;
        writeln!(w, "  sigma_x           = {:.6}   (Eq. 42)", j.sigma_x)?;
        writeln!(w, "  |kappa_bar|       = {:.6}   (Eq. 43)", j.kappa_norm)?;
        let k = j.kappa_bar;
        writeln!(w, "  kappa_bar         = ({:.6}, {:.6})", k[0], k[1])?;
        writeln!(w, "  rho               = {:.6}   (Eq. 52)", j.rho)?;
        writeln!(w, "  z_bar             = {:.6}", j.z_bar)?;
        writeln!(w, "  L_bias            = {:.6e}", j.l_bias)?;
        writeln!(
            w,
            "  Jacobian eigenvalues gamma+ = {:.6}, gamma- = {:.6} (stable: {})",
            j.gamma_plus, j.gamma_minus, j.stable
        )?;
        let c = &j.covariance;
        writeln!(
            w,
            "  covariance C      = [[{:.6}, {:.6}], [{:.6}, {:.6}]]   (white + colored {:.6})",
            c[0][0], c[0][1], c[1][0], c[1][1], j.colored_variance
        )?;
        writeln!(
            w,
            "  L_var             = {:.10}   (Lyapunov route, Eqs. 39, 47-48)",
            j.l_var
        )?;
        if let Some(cf) = j.l_var_closed_form {
            writeln!(w, "  L_var closed form = {cf:.10}   (Eq. 53)")?;
        }
        if let Some(fin) = j.l_var_finite_n {
            writeln!(w, "  L_var with finite-N noise of U^T phi/N = {fin:.10}   (theory/notes/rank-two.md, section 7)")?;
        }
        if let Some(e) = &j.euler {
            writeln!(
                w,
                "Euler-Maruyama map at dt = {} (theory/notes/rank-two.md, section 8):",
                e.dt
            )?;
            writeln!(
                w,
                "  orthogonal variance = {:.10}, |kappa_bar| = {:.10}, rho = {:.10}",
                e.orthogonal_variance, e.kappa_norm, e.rho
            )?;
            writeln!(
                w,
                "  z_bar = {:.10}, L_bias = {:.10}, L_var = {:.10}",
                e.z_bar, e.l_bias, e.l_var
            )?;
        }
        Ok(())
    }
}

/// What `oblique mft` prints: the rank-two report at `g = 0`, the random-bulk one at `g > 0`.
#[derive(serde::Serialize)]
#[serde(untagged)]
pub enum MftOutput {
    /// `g = 0`
    RankTwo(Box<MftReport>),
    /// `g > 0`
    Bulk(BulkReport),
}

impl MftOutput {
    /// The text of either report.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        match self {
            MftOutput::RankTwo(r) => r.write_text(w),
            MftOutput::Bulk(b) => b.write_text(w),
        }
    }
}

/// Solves the theory at `inp`: the Lyapunov route, the finite-N `L_var` and, with `dt`,
/// the Euler map (notes sections 3, 7, 8); with `g > 0` the random-bulk theory.
pub fn compute(inp: &MftInputs) -> Result<MftOutput, CommandError> {
    if inp.dt.is_some() && inp.g > 0.0 {
        return Err(CommandError::DtWithBulk { g: inp.g });
    }
    if inp.g > 0.0 {
        return Ok(MftOutput::Bulk(bulk(inp)?));
    }
    let model = RankTwoModel {
        noise: inp.noise,
        nonlinearity: inp.nonlinearity.into(),
        n: inp.n,
        target: inp.target,
        coupling: inp.coupling,
    };
    let sol = model.solve()?;
    let mut j = MftReport::new(inp, &sol);
    j.l_var_finite_n = Some(finite_n_variance(&model, &sol, FiniteNTerms::Full)?.l_var);
    if let Some(dt) = inp.dt {
        let e = euler_statistics(&model, dt, FiniteNTerms::Full).map_err(CommandError::Dt)?;
        j.euler = Some(EulerJson {
            dt,
            orthogonal_variance: e.orthogonal_variance,
            kappa_norm: e.fixed_point.kappa_norm,
            rho: e.fixed_point.rho,
            z_bar: e.fixed_point.z_bar,
            l_bias: e.fixed_point.l_bias,
            l_var: e.l_var,
            covariance: rows(&e.covariance),
        });
    }
    Ok(MftOutput::RankTwo(Box::new(j)))
}

/// The random-bulk report (`g > 0`): the fixed point, c0, c_inf and lambda+min; not L_var
/// (notes B7), so `l_var`, `l_var_closed_form` and `covariance` are null.
pub struct BulkReport {
    json: serde_json::Value,
    s: oblique_theory::bulk::BulkState,
    name: &'static str,
    n: usize,
    target: f64,
}

impl serde::Serialize for BulkReport {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(ser)
    }
}

fn bulk(inp: &MftInputs) -> Result<BulkReport, CommandError> {
    let Coupling::Eigen {
        lambda_plus,
        lambda_minus,
    } = inp.coupling
    else {
        return Err(CommandError::ExplicitMWithBulk);
    };
    let s = oblique_theory::bulk::BulkModel {
        g: inp.g,
        noise: inp.noise.sigma(),
        nonlinearity: inp.nonlinearity.get(),
        lambda_plus,
        lambda_minus,
        n: inp.n,
        target: inp.target,
    }
    .solve()?;
    if !s.stable {
        return Err(CommandError::UnstableBulk {
            gamma_plus: s.gamma_plus,
            gamma_minus: s.gamma_minus,
        });
    }
    let name = inp.nonlinearity.get().name();
    let json = serde_json::json!({
        "nonlinearity": name,
        "noise": s.noise,
        "n": inp.n,
        "target": inp.target,
        "g": s.g,
        "lambda_plus": s.lambda_plus,
        "lambda_minus": lambda_minus,
        "lambda_plus_min": s.lambda_plus_min,
        "sigma_x": s.s_x,
        "kappa_norm": s.kappa_norm,
        "rho": s.rho,
        "z_bar": (inp.n as f64).sqrt() * s.kappa_norm * s.rho,
        "jacobian_eigenvalues": [s.gamma_plus, s.gamma_minus],
        "gamma_plus": s.gamma_plus,
        "gamma_minus": s.gamma_minus,
        "stable": s.stable,
        "l_var": null,
        "l_var_closed_form": null,
        "covariance": null,
        "c0": s.c0,
        "c_inf": s.c_inf,
        "bulk_slope": s.bulk_slope,
        "correlation_time": s.correlation_time,
        "kappa_sq_slope": s.kappa_sq_slope,
    });
    Ok(BulkReport {
        json,
        s,
        name,
        n: inp.n,
        target: inp.target,
    })
}

impl BulkReport {
    /// The human-readable text of `oblique mft --g G`.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let s = &self.s;
        writeln!(
            w,
            "rank-two mean-field theory with random bulk ({}, noise {}, N = {}, target {}, g = {})",
            self.name, s.noise, self.n, self.target, s.g
        )?;
        writeln!(
            w,
            "  lambda+min        = {:.6}   (notes Eqs. B12-B13)",
            s.lambda_plus_min
        )?;
        writeln!(
            w,
            "  sigma_x           = {:.6}   (s_x^2 = |kappa_bar|^2 + c0, Eq. B9)",
            s.s_x
        )?;
        writeln!(w, "  |kappa_bar|       = {:.6}   (Eq. B11)", s.kappa_norm)?;
        writeln!(w, "  rho               = {:.6}   (Eq. 52)", s.rho)?;
        writeln!(
            w,
            "  c0, c_inf         = {:.6}, {:.6}   (orthogonal variance and static part, Eqs. B8, B10)",
            s.c0, s.c_inf
        )?;
        writeln!(
            w,
            "  correlation time  = {:.6}   (Eq. B14)",
            s.correlation_time
        )?;
        writeln!(
            w,
            "  gamma+, gamma-    = {:.6}, {:.6}   (adiabatic, Eqs. B15-B16)",
            s.gamma_plus, s.gamma_minus
        )?;
        writeln!(
            w,
            "  L_var             : not predicted for g > 0 (theory/notes/bulk.md, B7)"
        )
    }
}
