//! The theory `simulate` compares with: the stationary statistics of the Euler map it
//! integrates, at its `dt` and with the finite-N terms (theory notes section 8, the main
//! comparison), and the continuous-time mean-field theory beside it (Eqs. 43-53; for
//! `g > 0` the random-bulk theory, theory/notes/bulk.md).

use nalgebra::Matrix2;
use oblique_theory::bulk::BulkModel;
use oblique_theory::rank_two::{
    euler_statistics, Coupling, FiniteNTerms, NoiseLevel, RankTwoError, RankTwoModel,
};

use crate::network::RankTwoParams;
use crate::results::naming::Naming;

/// Measured or predicted quantities.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Quantities {
    /// `|kappa_bar|`
    pub kappa_norm: f64,
    /// `rho = |cos angle(kappa_bar, e_1)|`
    pub rho: f64,
    /// `L_var` (null in the theory when it does not predict it)
    pub l_var: Option<f64>,
    /// `L_bias`
    pub l_bias: Option<f64>,
}

/// The two predictions and a note on what they leave out.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedMPrediction {
    /// The continuous-time theory.
    pub continuous: Option<Quantities>,
    /// The Euler map at the simulated `dt` with the finite-N terms.
    pub euler: Option<Quantities>,
    /// What is missing, if anything.
    pub note: Option<String>,
}

/// Both predictions for the network `params` with explicit `M` `m_explicit` (or the
/// symmetric bias-zero `M` of eigenvalues `eig`) and target `target`. An Euler map that
/// the theory finds unstable at this `dt` is an error naming `dt` (the simulation would
/// diverge or oscillate, not measure anything).
pub fn predict(
    m_explicit: Option<Matrix2<f64>>,
    eig: (f64, f64),
    params: &RankTwoParams,
    target: f64,
    naming: Naming,
) -> Result<FixedMPrediction, String> {
    let (continuous, note) = predict_continuous(m_explicit, eig, params, target, naming);
    let model = match model(m_explicit, eig, params, target) {
        Ok(m) if params.g == 0.0 && continuous.is_some() => m,
        _ => {
            return Ok(FixedMPrediction {
                continuous,
                euler: None,
                note,
            })
        }
    };
    match euler_statistics(&model, params.dt, FiniteNTerms::Full) {
        Ok(e) => Ok(FixedMPrediction {
            continuous,
            euler: Some(Quantities {
                kappa_norm: e.fixed_point.kappa_norm,
                rho: e.fixed_point.rho,
                l_var: Some(e.l_var),
                l_bias: Some(e.fixed_point.l_bias),
            }),
            note,
        }),
        Err(e @ (RankTwoError::EulerStep { .. } | RankTwoError::EulerUnstable { .. })) => {
            let f = |p: &str| naming.flag(p);
            Err(format!(
                "{}: {e}; lower {} or make the coupling ({}, {}) weaker",
                f("dt"),
                f("dt"),
                f("lambda_minus"),
                f("m")
            ))
        }
        Err(e) => Ok(FixedMPrediction {
            continuous,
            euler: None,
            note: Some(format!("no Euler-map theory: {e}")),
        }),
    }
}

/// The `g = 0` model of the simulated network.
fn model(
    m_explicit: Option<Matrix2<f64>>,
    eig: (f64, f64),
    params: &RankTwoParams,
    target: f64,
) -> Result<RankTwoModel<'static>, RankTwoError> {
    let coupling = match m_explicit {
        Some(m) => Coupling::Explicit(m),
        None => Coupling::Eigen {
            lambda_plus: eig.0,
            lambda_minus: eig.1,
        },
    };
    Ok(RankTwoModel {
        noise: NoiseLevel::new(params.sigma)?,
        nonlinearity: params.nonlinearity.into(),
        n: params.n,
        target,
        coupling,
    })
}

/// The continuous-time prediction and possibly a note on what it leaves out.
fn predict_continuous(
    m_explicit: Option<Matrix2<f64>>,
    eig: (f64, f64),
    params: &RankTwoParams,
    target: f64,
    naming: Naming,
) -> (Option<Quantities>, Option<String>) {
    let none = |e: String| (None, Some(format!("no theory: {e}")));
    if params.g == 0.0 {
        let solved = model(m_explicit, eig, params, target).and_then(|m| m.solve());
        return match solved {
            Ok(s) => (
                Some(Quantities {
                    kappa_norm: s.kappa_norm,
                    rho: s.rho,
                    l_var: Some(s.l_var),
                    l_bias: Some(s.l_bias),
                }),
                None,
            ),
            Err(e) => none(e.to_string()),
        };
    }
    if m_explicit.is_some() {
        return none(format!(
            "the g > 0 theory (bulk) covers symmetric M from its eigenvalues only; drop {}",
            naming.flag("m")
        ));
    }
    let model = BulkModel {
        g: params.g,
        noise: params.sigma,
        nonlinearity: params.nonlinearity.get(),
        lambda_plus: eig.0,
        lambda_minus: eig.1,
        n: params.n,
        target,
    };
    match model.solve() {
        Ok(s) => (
            Some(Quantities {
                kappa_norm: s.kappa_norm,
                rho: s.rho,
                l_var: None,
                l_bias: Some(0.0),
            }),
            Some("the g > 0 theory predicts |kappa_bar| and rho (bias zero by construction) but not L_var".into()),
        ),
        Err(e) => none(e.to_string()),
    }
}
