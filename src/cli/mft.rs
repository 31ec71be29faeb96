//! `oblique mft`: the rank-two mean-field theory at one point (theory notes, section 3).

use crate::cli::model_args::{Model, ModelArgs};
use anyhow::{bail, Context};
use nalgebra::Matrix2;
use oblique::io::{output, parse};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{
    euler_statistics, finite_n_variance, Coupling, FiniteNTerms, MftSolution, NoiseLevel,
    RankTwoModel,
};

/// Rank-two mean-field theory at one point: fixed point, Jacobian, covariance and L_var.
///
/// The coupling is either given by its eigenvalues (--lambda-plus, --lambda-minus: a
/// symmetric M at the bias-zero angle, Eq. 52) or as an explicit 2x2 matrix (--m, any real
/// M; lambda+ is its larger real eigenvalue). L_var is computed by the Lyapunov route
/// (Eqs. 45-48) and, for erf with a symmetric M, also by the closed form Eq. 53.
///
/// Example: oblique mft --lambda-plus 1.9 --lambda-minus -5 --n 256 --noise 1 --target 1 --json
const AFTER_HELP: &str = "The coupling is either given by its eigenvalues (--lambda-plus, --lambda-minus: a symmetric M at
the bias-zero angle, Eq. 52) or as an explicit 2x2 matrix (--m: any real M; lambda+ is its larger
real eigenvalue). L_var is computed by the Lyapunov route (Eqs. 45-48) and, for erf with a
symmetric M, also by the closed form Eq. 53 (JSON key l_var_closed_form).
JSON keys: lambda_plus_min, sigma_x, kappa_norm, kappa_bar, rho, z_bar, l_bias, l_var,
l_var_closed_form, l_var_finite_n (with the finite-N noise of U^T phi/N
that Eq. 48 leaves out), euler (with --dt: the simulated Euler map), m, jacobian, jacobian_eigenvalues [gamma+, gamma-], stable, covariance, ...

Example: oblique mft --lambda-plus 1.9 --lambda-minus -5 --n 256 --noise 1 --target 1 --json";

#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment, after_help = AFTER_HELP)]
pub struct Args {
    /// Eigenvalue of M carrying the fixed point; must exceed lambda+min = 1/<phi'>_noise
    /// (1.6034 for erf at noise 1). Not with --m.
    #[arg(
        long,
        allow_hyphen_values = true,
        value_name = "X",
        conflicts_with = "m"
    )]
    pub lambda_plus: Option<String>,
    /// The other eigenvalue of M (negative feedback when negative); must be below lambda+.
    /// Not with --m.
    #[arg(
        long,
        allow_hyphen_values = true,
        value_name = "X",
        conflicts_with = "m"
    )]
    pub lambda_minus: Option<String>,
    /// Explicit coupling matrix, row-major "m11,m12,m21,m22" (any real M with real
    /// eigenvalues; replaces --lambda-plus/--lambda-minus).
    #[arg(long, allow_hyphen_values = true, value_name = "M11,M12,M21,M22")]
    pub m: Option<String>,
    /// Network size N (at least 2).
    #[arg(long, allow_hyphen_values = true, value_name = "N")]
    pub n: String,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Gain g >= 0 of the random bulk J (0: no bulk, as in the published figures).
    #[arg(
        long,
        default_value = "0",
        allow_hyphen_values = true,
        value_name = "G"
    )]
    pub g: String,
    /// Also predict what an Euler-Maruyama simulation with this step shows (the Euler-map
    /// theory with the finite-N noise of U^T phi/N, theory/notes/rank-two.md section 8;
    /// JSON key `euler`). 0 < dt < 2; g = 0 only.
    #[arg(long, allow_hyphen_values = true, value_name = "DT")]
    pub dt: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The Euler-map prediction (`--dt`).
#[derive(serde::Serialize)]
struct EulerJson {
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

/// Parsed and checked inputs of `oblique mft`.
struct Inputs {
    noise: NoiseLevel,
    nonlinearity: Builtin,
    n: usize,
    target: f64,
    g: f64,
    coupling: Coupling,
}

/// Parses `--n` (a whole number; N >= 2 is checked by the theory with its own message).
pub fn parse_n(text: &str) -> anyhow::Result<usize> {
    text.trim().parse::<usize>().with_context(|| {
        format!("--n: '{text}' is not a whole number (N, the network size, must be at least 2)")
    })
}

fn inputs(args: &Args) -> anyhow::Result<Inputs> {
    let Model {
        noise,
        target,
        nonlinearity,
    } = args.model.parse()?;
    let n = parse_n(&args.n)?;
    let g = parse::finite("--g", &args.g)?;
    if g < 0.0 {
        bail!("--g: g = {g} must be >= 0 (the gain of the random bulk J)");
    }
    let coupling = match (&args.m, &args.lambda_plus, &args.lambda_minus) {
        (Some(m), _, _) => {
            let [[a, b], [c, d]] = parse::matrix2("--m", m)?;
            Coupling::Explicit(Matrix2::new(a, b, c, d))
        }
        (None, Some(lp), Some(lm)) => Coupling::Eigen {
            lambda_plus: parse::finite("--lambda-plus", lp)?,
            lambda_minus: parse::finite("--lambda-minus", lm)?,
        },
        (None, None, _) => bail!("--lambda-plus is required unless --m is given"),
        (None, Some(_), None) => bail!("--lambda-minus is required unless --m is given"),
    };
    Ok(Inputs {
        noise,
        nonlinearity,
        n,
        target,
        g,
        coupling,
    })
}

/// `[[a11, a12], [a21, a22]]`
fn rows(m: &Matrix2<f64>) -> [[f64; 2]; 2] {
    [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]]
}

/// The JSON object printed by `oblique mft --json`.
#[derive(serde::Serialize)]
struct MftJson {
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

fn to_json(inp: &Inputs, s: &MftSolution) -> MftJson {
    MftJson {
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
        jacobian_eigenvalues: [
            s.jacobian_eigenvalues.gamma_plus,
            s.jacobian_eigenvalues.gamma_minus,
        ],
        gamma_plus: s.jacobian_eigenvalues.gamma_plus,
        gamma_minus: s.jacobian_eigenvalues.gamma_minus,
        stable: s.stable,
        white_covariance: rows(&s.white_covariance),
        colored_variance: s.colored_variance,
        covariance: rows(&s.covariance),
    }
}

fn print_text(inp: &Inputs, j: &MftJson) {
    println!(
        "rank-two mean-field theory ({}, noise {}, N = {}, target {}, g = {})",
        j.nonlinearity,
        inp.noise.sigma(),
        inp.n,
        inp.target,
        inp.g
    );
    println!(
        "  M                 = [[{:.6}, {:.6}], [{:.6}, {:.6}]]",
        j.m[0][0], j.m[0][1], j.m[1][0], j.m[1][1]
    );
    println!(
        "  lambda+, lambda-  = {:.6}, {:.6}",
        j.lambda_plus, j.lambda_minus
    );
    println!("  lambda+min        = {:.6}   (Eq. 44)", j.lambda_plus_min);
    println!("  sigma_x           = {:.6}   (Eq. 42)", j.sigma_x);
    println!("  |kappa_bar|       = {:.6}   (Eq. 43)", j.kappa_norm);
    println!(
        "  kappa_bar         = ({:.6}, {:.6})",
        j.kappa_bar[0], j.kappa_bar[1]
    );
    println!("  rho               = {:.6}   (Eq. 52)", j.rho);
    println!("  z_bar             = {:.6}", j.z_bar);
    println!("  L_bias            = {:.6e}", j.l_bias);
    println!(
        "  Jacobian eigenvalues gamma+ = {:.6}, gamma- = {:.6} (stable: {})",
        j.gamma_plus, j.gamma_minus, j.stable
    );
    println!(
        "  covariance C      = [[{:.6}, {:.6}], [{:.6}, {:.6}]]   (white + colored {:.6})",
        j.covariance[0][0],
        j.covariance[0][1],
        j.covariance[1][0],
        j.covariance[1][1],
        j.colored_variance
    );
    println!(
        "  L_var             = {:.10}   (Lyapunov route, Eqs. 39, 47-48)",
        j.l_var
    );
    if let Some(cf) = j.l_var_closed_form {
        println!("  L_var closed form = {cf:.10}   (Eq. 53)");
    }
    if let Some(fin) = j.l_var_finite_n {
        println!("  L_var with finite-N noise of U^T phi/N = {fin:.10}   (theory/notes/rank-two.md, section 7)");
    }
    if let Some(e) = &j.euler {
        println!(
            "Euler-Maruyama map at dt = {} (theory/notes/rank-two.md, section 8):",
            e.dt
        );
        println!(
            "  orthogonal variance = {:.10}, |kappa_bar| = {:.10}, rho = {:.10}",
            e.orthogonal_variance, e.kappa_norm, e.rho
        );
        println!(
            "  z_bar = {:.10}, L_bias = {:.10}, L_var = {:.10}",
            e.z_bar, e.l_bias, e.l_var
        );
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let inp = inputs(&args)?;
    let dt = args
        .dt
        .as_deref()
        .map(|t| parse::finite("--dt", t))
        .transpose()?;
    if dt.is_some() && inp.g > 0.0 {
        bail!(
            "--dt: the Euler-map theory is for g = 0 only (got --g {})",
            inp.g
        );
    }
    // ---- g > 0: the `bulk` helper replaces this one place with the random-bulk theory ----
    if inp.g > 0.0 {
        return run_bulk(&inp, args.json);
    }
    // ---- end of the g > 0 place ----
    let model = RankTwoModel {
        noise: inp.noise,
        nonlinearity: inp.nonlinearity.into(),
        n: inp.n,
        target: inp.target,
        coupling: inp.coupling,
    };
    let sol = model.solve()?;
    let mut j = to_json(&inp, &sol);
    j.l_var_finite_n = Some(finite_n_variance(&model, &sol, FiniteNTerms::Full)?.l_var);
    if let Some(dt) = dt {
        let e = euler_statistics(&model, dt, FiniteNTerms::Full)
            .map_err(|e| anyhow::anyhow!("--dt: {e}"))?;
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
    if args.json {
        output::print_json(&j)
    } else {
        print_text(&inp, &j);
        Ok(())
    }
}

/// `oblique mft --g G` with G > 0: the random-bulk theory (theory notes section 4,
/// `theory/notes/bulk.md`). Predicts the fixed point, c0, c_inf and lambda+min; not L_var
/// (notes B7), so `l_var`, `l_var_closed_form` and `covariance` are null.
fn run_bulk(inp: &Inputs, json: bool) -> anyhow::Result<()> {
    let Coupling::Eigen {
        lambda_plus,
        lambda_minus,
    } = inp.coupling
    else {
        bail!("--m: an explicit M is not supported with --g > 0; give --lambda-plus and --lambda-minus (symmetric M at the bias-zero angle)");
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
        bail!(
            "unstable fixed point: Jacobian eigenvalues gamma+ = {:.6} (adiabatic, notes Eq. B15) and lambda-/lambda+ - 1 = {:.6} must both be negative",
            s.gamma_plus,
            s.gamma_minus
        );
    }
    let j = serde_json::json!({
        "nonlinearity": inp.nonlinearity.get().name(),
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
    if json {
        return output::print_json(&j);
    }
    println!(
        "rank-two mean-field theory with random bulk ({}, noise {}, N = {}, target {}, g = {})",
        inp.nonlinearity.get().name(),
        s.noise,
        inp.n,
        inp.target,
        s.g
    );
    println!(
        "  lambda+min        = {:.6}   (notes Eqs. B12-B13)",
        s.lambda_plus_min
    );
    println!(
        "  sigma_x           = {:.6}   (s_x^2 = |kappa_bar|^2 + c0, Eq. B9)",
        s.s_x
    );
    println!("  |kappa_bar|       = {:.6}   (Eq. B11)", s.kappa_norm);
    println!("  rho               = {:.6}   (Eq. 52)", s.rho);
    println!(
        "  c0, c_inf         = {:.6}, {:.6}   (orthogonal variance and static part, Eqs. B8, B10)",
        s.c0, s.c_inf
    );
    println!(
        "  correlation time  = {:.6}   (Eq. B14)",
        s.correlation_time
    );
    println!(
        "  gamma+, gamma-    = {:.6}, {:.6}   (adiabatic, Eqs. B15-B16)",
        s.gamma_plus, s.gamma_minus
    );
    println!("  L_var             : not predicted for g > 0 (theory/notes/bulk.md, B7)");
    Ok(())
}
