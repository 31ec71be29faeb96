//! `oblique simulate` and `oblique.simulate`: the full noisy rank-two network at a fixed
//! `M` against the mean-field theory (theory notes sections 3, 4, 6 and 8; Fig. 12).
//!
//! [`SimulateSpec::experiment`] checks the parameters and builds the experiment,
//! [`theory::predict`] gives the two predictions it is compared with, and
//! [`SimulateReport::new`] the result both front ends report.

pub mod theory;

use nalgebra::Matrix2;
use oblique_theory::nonlinearity::Builtin;

use super::naming::Naming;
use crate::measure::{Eigenvalues, FixedMExperiment, FixedMResult};
use crate::network::RankTwoParams;
pub use theory::{predict, FixedMPrediction, Quantities};

/// A parameter of `simulate` out of its range; the message names it as the caller spells it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct SpecError(pub String);

impl From<crate::ValidateError> for SpecError {
    fn from(e: crate::ValidateError) -> Self {
        SpecError(e.to_string())
    }
}

/// The parameters of `simulate` (defaults: the command's).
#[derive(Debug, Clone, PartialEq)]
pub struct SimulateSpec {
    /// `lambda+` of the symmetric `M` at the bias-zero angle (needed unless `m` is given)
    pub lambda_plus: Option<f64>,
    /// `lambda-`
    pub lambda_minus: f64,
    /// An explicit `M` instead of the eigenvalues
    pub m: Option<Matrix2<f64>>,
    /// Neurons `N`
    pub n: usize,
    /// Noise `sigma > 0`
    pub noise: f64,
    /// Target `z`
    pub target: f64,
    /// Gain `g >= 0` of the random bulk
    pub g: f64,
    /// erf or tanh
    pub nonlinearity: Builtin,
    /// Trials (half per fixed point)
    pub batch: usize,
    /// Simulated time
    pub t_max: f64,
    /// Start of the statistics window
    pub t_stat: f64,
    /// Euler-Maruyama step
    pub dt: f64,
    /// Network from `seed`, noise from `seed + 1`
    pub seed: u64,
}

/// The experiment with the explicit `M` (if any) and the eigenvalues `(lambda+, lambda-)`.
pub type Built = (FixedMExperiment, Option<Matrix2<f64>>, (f64, f64));

impl SimulateSpec {
    /// The experiment, after every check the command makes; with `g > 0` (and no explicit
    /// `M`), `M` and the start sit at the bias-zero angle of the bulk theory.
    pub fn experiment(&self, naming: Naming) -> Result<Built, SpecError> {
        self.check(naming)?;
        let (mut exp, m_explicit, eig) = match (self.m, self.lambda_plus) {
            (Some(m), _) => {
                let params = RankTwoParams::new(self.n, m)
                    .with_noise(self.noise)
                    .with_g(self.g)
                    .with_nonlinearity(self.nonlinearity)
                    .with_dt(self.dt);
                let exp = FixedMExperiment::general(params, self.target, self.seed)?;
                let e = Eigenvalues::of(&m);
                (exp, Some(m), (e.re[0], e.re[1]))
            }
            (None, None) => {
                return Err(SpecError(format!(
                    "{} is required unless {} gives M",
                    naming.flag("lambda_plus"),
                    naming.flag("m")
                )))
            }
            (None, Some(lp)) => {
                let (lm, nl) = (self.lambda_minus, self.nonlinearity);
                let mut exp = FixedMExperiment::symmetric(
                    lp,
                    lm,
                    self.n,
                    self.noise,
                    self.target,
                    nl,
                    self.seed,
                )?;
                if self.g > 0.0 {
                    exp = exp.with_bulk(self.g, lp, lm)?;
                }
                (exp, None, (lp, lm))
            }
        };
        exp.params.dt = self.dt;
        exp.batch = self.batch;
        exp.t_max = self.t_max;
        exp.t_stat = self.t_stat;
        Ok((exp, m_explicit, eig))
    }

    /// The range checks, in the command's order and words.
    fn check(&self, naming: Naming) -> Result<(), SpecError> {
        let f = |p: &str| naming.flag(p);
        let finite = |p: &str, v: f64| match v.is_finite() {
            true => Ok(v),
            false => Err(SpecError(format!("{}: '{v}' is not a finite number", f(p)))),
        };
        if finite("noise", self.noise)? <= 0.0 {
            let s = self.noise;
            return Err(SpecError(format!(
                "{}: {s} is out of range: it must be a finite number > 0",
                f("noise")
            )));
        }
        finite("target", self.target)?;
        if finite("g", self.g)? < 0.0 {
            return Err(SpecError(format!(
                "{}: g = {} must be at least 0",
                f("g"),
                self.g
            )));
        }
        if self.nonlinearity == Builtin::Identity {
            return Err(SpecError(format!(
                "{}: identity has no nonzero fixed point; use erf or tanh",
                f("nonlinearity")
            )));
        }
        if self.n < 2 {
            let n = self.n;
            return Err(SpecError(format!(
                "{}: N = {n} is too small; it must be at least 2",
                f("n")
            )));
        }
        if self.batch < 2 {
            return Err(SpecError(format!(
                "{}: {} is too small; it must be at least 2 (one trial per fixed point)",
                f("batch"),
                self.batch
            )));
        }
        if !(self.dt.is_finite() && self.dt > 0.0) {
            let dt = self.dt;
            return Err(SpecError(format!(
                "{}: {} is out of range: it must be a finite number > 0",
                f("dt"),
                oblique_theory::format::num(dt)
            )));
        }
        let (t_max, t_stat) = (finite("t_max", self.t_max)?, finite("t_stat", self.t_stat)?);
        if t_stat < 0.0 || t_max <= t_stat {
            return Err(SpecError(format!(
                "{} = {} must exceed {} = {} >= 0",
                f("t_max"),
                oblique_theory::format::num(t_max),
                f("t_stat"),
                oblique_theory::format::num(t_stat)
            )));
        }
        finite("lambda_minus", self.lambda_minus)?;
        if let Some(lp) = self.lambda_plus {
            finite("lambda_plus", lp)?;
        }
        match self.m {
            Some(m) if m.iter().any(|v| !v.is_finite()) => Err(SpecError(format!(
                "{}: every entry must be a finite number",
                f("m")
            ))),
            _ => Ok(()),
        }
    }
}

/// The set-up of a simulation, as reported.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SimulateSetup {
    pub n: usize,
    pub m: [[f64; 2]; 2],
    pub eigenvalues: Eigenvalues,
    pub g: f64,
    pub noise: f64,
    pub target: f64,
    pub nonlinearity: String,
    pub batch: usize,
    pub t_max: f64,
    pub t_stat: f64,
    pub dt: f64,
    pub seed: u64,
    pub window_points: usize,
}

/// What `oblique simulate --json` prints (and `oblique.simulate` returns, with the cloud
/// and the histograms of [`FixedMResult`] added).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SimulateReport {
    /// measured `|kappa_bar|`
    pub kappa_norm: f64,
    /// measured `rho`
    pub rho: f64,
    /// measured `L_var`
    pub l_var: f64,
    /// measured `L_bias`
    pub l_bias: f64,
    /// measured `L`
    pub loss: f64,
    /// `kappa_bar` per condition
    pub kappa_bar: Vec<[f64; 2]>,
    /// `N Cov(kappa)`
    pub covariance: [[f64; 2]; 2],
    /// the continuous-time mean-field theory (Eqs. 43-53)
    pub theory: Option<Quantities>,
    /// the theory of the simulated Euler map at its dt, with the finite-N terms (notes
    /// section 8): the main comparison
    pub theory_euler: Option<Quantities>,
    /// what the theory leaves out, if anything
    pub theory_note: Option<String>,
    pub setup: SimulateSetup,
}

impl SimulateReport {
    /// The report of experiment `exp` (built from a spec with seed `seed`), its result and
    /// its prediction.
    pub fn new(
        exp: &FixedMExperiment,
        res: &FixedMResult,
        pred: FixedMPrediction,
        seed: u64,
    ) -> Self {
        SimulateReport {
            kappa_norm: res.latent.kappa_norm,
            rho: res.latent.rho,
            l_var: res.losses.var,
            l_bias: res.losses.bias,
            loss: res.losses.loss,
            kappa_bar: res.latent.kappa_bar.clone(),
            covariance: res.latent.covariance,
            theory: pred.continuous,
            theory_euler: pred.euler,
            theory_note: pred.note,
            setup: SimulateSetup {
                n: exp.params.n,
                m: res.coefficients.m,
                eigenvalues: res.coefficients.eigenvalues,
                g: exp.params.g,
                noise: exp.params.sigma,
                target: exp.z,
                nonlinearity: exp.params.nonlinearity.get().name().to_string(),
                batch: exp.batch,
                t_max: exp.t_max,
                t_stat: exp.t_stat,
                dt: exp.params.dt,
                seed,
                window_points: res.window_points,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> SimulateSpec {
        SimulateSpec {
            lambda_plus: Some(2.0),
            lambda_minus: -5.0,
            m: None,
            n: 64,
            noise: 1.0,
            target: 1.0,
            g: 0.0,
            nonlinearity: Builtin::Erf,
            batch: 8,
            t_max: 10.0,
            t_stat: 2.0,
            dt: 0.2,
            seed: 1,
        }
    }

    #[test]
    fn errors_name_the_parameter_in_each_spelling() {
        let s = SimulateSpec {
            t_max: 10.0,
            t_stat: 20.0,
            ..spec()
        };
        let msg = |s: &SimulateSpec, n| s.experiment(n).unwrap_err().to_string();
        assert_eq!(
            msg(&s, Naming::Cli),
            "--t-max = 10 must exceed --t-stat = 20 >= 0"
        );
        assert_eq!(
            msg(&s, Naming::Python),
            "t_max = 10 must exceed t_stat = 20 >= 0"
        );
        let s = SimulateSpec {
            lambda_plus: None,
            ..spec()
        };
        assert_eq!(
            msg(&s, Naming::Cli),
            "--lambda-plus is required unless --m gives M"
        );
        let s = SimulateSpec {
            nonlinearity: Builtin::Identity,
            ..spec()
        };
        assert!(msg(&s, Naming::Python).starts_with("nonlinearity: identity"));
    }

    #[test]
    fn an_unstable_euler_map_is_refused_naming_dt() {
        let s = SimulateSpec {
            lambda_minus: -30.0,
            dt: 0.5,
            ..spec()
        };
        let (exp, m, eig) = s.experiment(Naming::Python).unwrap();
        let e = predict(m, eig, &exp.params, exp.z, Naming::Python).unwrap_err();
        assert!(
            e.starts_with("dt: ")
                && e.contains("lower dt or make the coupling (lambda_minus, m) weaker"),
            "{e}"
        );
    }

    #[test]
    fn both_theories_solve_the_symmetric_model() {
        let (exp, m, eig) = spec().experiment(Naming::Cli).unwrap();
        let p = predict(m, eig, &exp.params, exp.z, Naming::Cli).unwrap();
        let (c, e) = (p.continuous.unwrap(), p.euler.unwrap());
        // the same fixed point at the bias-zero angle: rho = z / (sqrt(N) |kappa_bar|) (Eq. 52)
        assert!((c.rho - 1.0 / (8.0 * c.kappa_norm)).abs() < 1e-9, "{c:?}");
        // the Euler map at dt = 0.2 has a larger output variance than continuous time
        assert!(e.l_var.unwrap() > c.l_var.unwrap(), "{e:?} {c:?}");
        assert!(p.note.is_none());
    }
}
