//! The Fig. 12 theory: the curves of panels A-D against lambda+ and the theory at each
//! simulated point (`oblique_theory::rank_two`).

use super::figure::{EulerPoint, Fig12Theory, PointTheory};
use super::setup::Setup;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{self, Coupling, NoiseLevel, RankTwoModel};

/// The rank-two model of the set-up at size `n` and eigenvalues (lambda+, lambda-).
fn model(
    s: &Setup,
    n: usize,
    lambda_plus: f64,
    lambda_minus: f64,
) -> anyhow::Result<RankTwoModel<'static>> {
    Ok(RankTwoModel {
        noise: NoiseLevel::new(s.noise)?,
        nonlinearity: Builtin::Erf.into(),
        n,
        target: s.target,
        coupling: Coupling::Eigen {
            lambda_plus,
            lambda_minus,
        },
    })
}

/// The minimum of a sampled curve (for the dots in panels C and D; the curve is sampled
/// finely enough that this is the theory's optimum to the grid spacing).
fn grid_min(x: &[f64], y: &[f64]) -> Option<(f64, f64)> {
    let mut best: Option<(f64, f64)> = None;
    for (a, b) in x.iter().zip(y) {
        if b.is_finite() && best.is_none_or(|(_, v)| *b < v) {
            best = Some((*a, *b));
        }
    }
    // a minimum at the edge of the grid is no interior optimum
    best.filter(|(a, _)| {
        Some(a) != x.last() && y.iter().position(|v| v.is_finite()).map(|i| x[i]) != Some(*a)
    })
}

/// Theory curves for panels A-D (`oblique_theory::rank_two`, Eqs. 43-53). Points without a
/// stable fixed point at the bias-zero angle (lambda+ <= lambda+min, rho > 1) are NaN and
/// leave gaps in the curves.
pub fn theory_curves(s: &Setup) -> anyhow::Result<Fig12Theory> {
    let lps: Vec<f64> = (0..=600).map(|i| 1.45 + 1.2 * i as f64 / 600.0).collect();
    let noise = NoiseLevel::new(s.noise)?;
    let lambda_plus_min = rank_two::lambda_plus_min(Builtin::Erf.into(), noise);
    let kappa: Vec<f64> = lps
        .iter()
        .map(|&lp| {
            rank_two::amplitude(Builtin::Erf.into(), noise, lp)
                .map(|a| a.kappa_norm)
                .unwrap_or(f64::NAN)
        })
        .collect();
    let curve =
        |n: usize, lm: f64, f: fn(&rank_two::MftSolution) -> f64| -> anyhow::Result<Vec<f64>> {
            let mut out = Vec::with_capacity(lps.len());
            for &lp in &lps {
                out.push(
                    model(s, n, lp, lm)?
                        .solve()
                        .map(|x| f(&x))
                        .unwrap_or(f64::NAN),
                );
            }
            Ok(out)
        };
    let mut rho = Vec::new();
    let mut lvar_by_n = Vec::new();
    for &n in &s.curve_ns {
        rho.push((n, curve(n, s.lambda_minus, |x| x.rho)?));
        let v = curve(n, s.lambda_minus, |x| x.l_var)?;
        let m = grid_min(&lps, &v);
        lvar_by_n.push((n, v, m));
    }
    let mut lvar_by_lm = Vec::new();
    for &lm in &s.curve_lms {
        let v = curve(s.n, lm, |x| x.l_var)?;
        let m = grid_min(&lps, &v);
        lvar_by_lm.push((lm, v, m));
    }
    Ok(Fig12Theory {
        lambda_plus_min,
        lambda_plus: lps,
        kappa,
        rho,
        lvar_by_n,
        lvar_by_lm,
    })
}

/// The theory at one simulated point, with the fixed point kappa_bar (2-vector): the
/// continuous theory (Eqs. 43-53) and the theory of the simulated Euler map at the
/// simulation's step and at the finer check step (`rank_two::euler_statistics`).
pub fn theory_point(s: &Setup, lp: f64) -> anyhow::Result<(PointTheory, [f64; 2])> {
    let m = model(s, s.n, lp, s.lambda_minus)?;
    let sol = m.solve()?;
    let euler = |dt: f64| -> anyhow::Result<EulerPoint> {
        let e = rank_two::euler_statistics(&m, dt, rank_two::FiniteNTerms::Full)?;
        Ok(EulerPoint {
            dt,
            kappa_norm: e.fixed_point.kappa_norm,
            l_var: e.l_var,
            z_mean: e.fixed_point.z_bar.abs(),
        })
    };
    Ok((
        PointTheory {
            kappa_norm: sol.kappa_norm,
            rho: sol.rho,
            l_var: sol.l_var,
            z_mean: sol.z_bar.abs(),
            euler: Some(euler(s.dt)?),
            euler_fine: s.fine_dt.map(euler).transpose()?,
        },
        [sol.kappa_bar[0], sol.kappa_bar[1]],
    ))
}
