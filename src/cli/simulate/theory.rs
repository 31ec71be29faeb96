//! The theory `oblique simulate` compares with: the stationary statistics of the Euler map
//! it integrates, at its `dt` and with the finite-N terms (theory notes section 8, the main
//! comparison), and the continuous-time mean-field theory beside it.

use anyhow::anyhow;
use nalgebra::Matrix2;
use oblique_theory::bulk::BulkModel;
use oblique_theory::rank_two::{
    euler_statistics, Coupling, FiniteNTerms, NoiseLevel, RankTwoError, RankTwoModel,
};
use oblique_validate::network::RankTwoParams;
use serde::Serialize;

/// Measured or predicted quantities.
#[derive(Debug, Clone, Copy, Serialize)]
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
pub struct Prediction {
    /// The continuous-time theory.
    pub continuous: Option<Quantities>,
    /// The Euler map at the simulated `dt` with the finite-N terms.
    pub euler: Option<Quantities>,
    /// What is missing, if anything.
    pub note: Option<String>,
}

/// Both predictions. An Euler map that the theory finds unstable at this `dt` is an error
/// naming `--dt` (the simulation would diverge or oscillate, not measure anything).
pub fn predict(
    m_explicit: Option<Matrix2<f64>>,
    eig: (f64, f64),
    params: &RankTwoParams,
    target: f64,
) -> anyhow::Result<Prediction> {
    let (continuous, note) = predict_continuous(m_explicit, eig, params, target);
    if params.g > 0.0 || continuous.is_none() {
        return Ok(Prediction {
            continuous,
            euler: None,
            note,
        });
    }
    let model = model(m_explicit, eig, params, target).expect("the continuous theory solved it");
    match euler_statistics(&model, params.dt, FiniteNTerms::Full) {
        Ok(e) => Ok(Prediction {
            continuous,
            euler: Some(Quantities {
                kappa_norm: e.fixed_point.kappa_norm,
                rho: e.fixed_point.rho,
                l_var: Some(e.l_var),
                l_bias: Some(e.fixed_point.l_bias),
            }),
            note,
        }),
        Err(e @ (RankTwoError::EulerStep { .. } | RankTwoError::EulerUnstable { .. })) => Err(
            anyhow!("--dt: {e}; lower --dt or make the coupling (--lambda-minus, --m) weaker"),
        ),
        Err(e) => Ok(Prediction {
            continuous,
            euler: None,
            note: Some(format!("no Euler-map theory: {e}")),
        }),
    }
}

/// The `g = 0` model of the simulated network, or why there is none.
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

/// The theory's prediction and possibly a note on what it leaves out.
fn predict_continuous(
    m_explicit: Option<Matrix2<f64>>,
    eig: (f64, f64),
    params: &RankTwoParams,
    target: f64,
) -> (Option<Quantities>, Option<String>) {
    if params.g == 0.0 {
        let coupling = match m_explicit {
            Some(m) => Coupling::Explicit(m),
            None => Coupling::Eigen {
                lambda_plus: eig.0,
                lambda_minus: eig.1,
            },
        };
        let noise = match NoiseLevel::new(params.sigma) {
            Ok(n) => n,
            Err(e) => return (None, Some(format!("no theory: {e}"))),
        };
        let model = RankTwoModel {
            noise,
            nonlinearity: params.nonlinearity.into(),
            n: params.n,
            target,
            coupling,
        };
        match model.solve() {
            Ok(s) => (
                Some(Quantities {
                    kappa_norm: s.kappa_norm,
                    rho: s.rho,
                    l_var: Some(s.l_var),
                    l_bias: Some(s.l_bias),
                }),
                None,
            ),
            Err(e) => (None, Some(format!("no theory: {e}"))),
        }
    } else if m_explicit.is_some() {
        (
            None,
            Some("no theory: the g > 0 theory (bulk) covers symmetric M from its eigenvalues only; drop --m".into()),
        )
    } else {
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
            Err(e) => (None, Some(format!("no theory: {e}"))),
        }
    }
}
