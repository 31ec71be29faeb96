//! Initial learning speed from spontaneous fluctuations and linear response
//! (`theory/notes/flr.md` Eqs. F6-F13).
//!
//! [`FlrTheory::new`] does the per-network work once: the Jacobian `A` at the spontaneous
//! state, the spontaneous covariance `C` (one Lyapunov solve, Eq. F5) and the response
//! matrix `G = -A^-1` (one LU factorisation, Eq. F6). Each (xi, eta) pair then costs a few
//! matrix-vector products ([`FlrTheory::predict`], [`FlrTheory::predict_batch`]).

use super::covariance::{response_matrix, spontaneous_covariance};
use super::error::FlrError;
use super::network::{FlrNetwork, SpontaneousState};
use super::rule::LearningRule;
use nalgebra::{DMatrix, DVector};
use rayon::prelude::*;

/// One learning task: target `xi`, input pattern `eta` of amplitude `u`, learning rate
/// `epsilon` and the rule (Eq. F3).
#[derive(Debug, Clone, PartialEq)]
pub struct LearningTask {
    /// target pattern `xi` (length N)
    pub xi: DVector<f64>,
    /// input pattern `eta` (length N)
    pub eta: DVector<f64>,
    /// input amplitude `u`
    pub u: f64,
    /// learning rate `epsilon > 0`
    pub epsilon: f64,
    /// learning rule
    pub rule: LearningRule,
}

/// The predicted initial speed `dm/dt|_{t=0}` of one task, and the quantities it is built
/// from. Variances are per unit-norm direction: `v_xi = xi^T C xi / |xi|^2`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SpeedPrediction {
    /// linear theory, any rule, no symmetry assumption (Eq. F10)
    pub exact: f64,
    /// FLR1: fluctuation (`xi^T C f`) times response (`h . phi`), Eq. F12
    pub flr1: f64,
    /// FLR2: small-input form from `v_xi` and `v_eta` (Eq. F13); `None` unless `x* = 0`
    pub flr2: Option<f64>,
    /// `v_xi = xi^T C xi / |xi|^2`, spontaneous variance along the target
    pub var_xi: f64,
    /// `v_eta = eta^T C eta / |eta|^2`, spontaneous variance along the input
    pub var_eta: f64,
    /// `xi^T G xi / |xi|^2`, static response along the target (= `v_xi / sigma^2` if `A` is symmetric)
    pub resp_xi: f64,
    /// `|r|^2 / N` with `r = u G eta` the evoked response (Eq. F6)
    pub response_sq: f64,
    /// `m(0) = xi . (x* + r) / N`, the predicted overlap before learning
    pub m0: f64,
    /// `max_i |beta r_i|`: the linearisation needs this small (tanh(0.5) is 8% below 0.5)
    pub max_drive: f64,
}

/// Per-network factorisation: spontaneous state, `A`, `C`, `G` (Eqs. F4-F6).
#[derive(Debug, Clone)]
pub struct FlrTheory {
    net: FlrNetwork,
    state: SpontaneousState,
    c: DMatrix<f64>,
    g: DMatrix<f64>,
    fdt_deviation: f64,
}

/// Per-network summary of [`FlrTheory`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SpontaneousSummary {
    /// number of units
    pub n: usize,
    /// `tr C / N`, mean spontaneous variance
    pub mean_variance: f64,
    /// `|x*|_inf`, zero at the origin
    pub state_amplitude: f64,
    /// `|G - C/sigma^2|_F / |G|_F`: 0 when `A` is symmetric (Eq. F11)
    pub fdt_deviation: f64,
}

impl FlrTheory {
    /// Linearises `net` around the spontaneous `state` and solves for `C` and `G`.
    ///
    /// Errors: [`FlrError::Unstable`] when `A = -I + J D` has an eigenvalue with
    /// non-negative real part (Eq. F5 then has no covariance solution).
    pub fn new(net: &FlrNetwork, state: SpontaneousState) -> Result<Self, FlrError> {
        net.check_vector("x*", &state.x)?;
        let a = net.jacobian(&state.x);
        let c = spontaneous_covariance(&a, net.sigma())?;
        let g = response_matrix(&a)?;
        let s2 = net.sigma().powi(2);
        let fdt_deviation = (&g - &c / s2).norm() / g.norm();
        Ok(Self {
            net: net.clone(),
            state,
            c,
            g,
            fdt_deviation,
        })
    }

    /// [`FlrTheory::new`] at the origin `x* = 0`.
    pub fn at_origin(net: &FlrNetwork) -> Result<Self, FlrError> {
        Self::new(net, SpontaneousState::origin(net))
    }

    /// The spontaneous covariance `C` (Eq. F5).
    pub fn covariance(&self) -> &DMatrix<f64> {
        &self.c
    }
    /// The response matrix `G = -A^-1` (Eq. F6).
    pub fn response(&self) -> &DMatrix<f64> {
        &self.g
    }
    /// The spontaneous state.
    pub fn state(&self) -> &SpontaneousState {
        &self.state
    }
    /// The network.
    pub fn network(&self) -> &FlrNetwork {
        &self.net
    }
    /// Mean variance, FDT deviation, size.
    pub fn summary(&self) -> SpontaneousSummary {
        let n = self.net.n();
        SpontaneousSummary {
            n,
            mean_variance: self.c.trace() / n as f64,
            state_amplitude: self.state.x.amax(),
            fdt_deviation: self.fdt_deviation,
        }
    }

    /// Shift of the mean state when `J -> J + dj` with mean rate `rate` (Eq. F7):
    /// `delta x_bar = G dj rate`.
    pub fn mean_shift(&self, dj: &DMatrix<f64>, rate: &DVector<f64>) -> DVector<f64> {
        &self.g * (dj * rate)
    }

    fn check_task(&self, t: &LearningTask) -> Result<(), FlrError> {
        self.net.check_vector("xi", &t.xi)?;
        self.net.check_vector("eta", &t.eta)?;
        if t.xi.amax() == 0.0 {
            return Err(FlrError::ZeroPattern { name: "xi" });
        }
        if t.eta.amax() == 0.0 {
            return Err(FlrError::ZeroPattern { name: "eta" });
        }
        if !t.u.is_finite() {
            return Err(FlrError::OutOfRange {
                name: "u",
                value: t.u,
                range: "finite",
            });
        }
        if !(t.epsilon.is_finite() && t.epsilon > 0.0) {
            return Err(FlrError::OutOfRange {
                name: "epsilon",
                value: t.epsilon,
                range: "finite and > 0",
            });
        }
        Ok(())
    }

    /// Initial learning speed of one task (Eqs. F10, F12, F13).
    ///
    /// With `r = u G eta`, mean rate `phi_bar = phi* + D r`, `f_bar = f(x*) + F r`,
    /// `h_bar = h(x*) + H r` (`F`, `H` the diagonal Jacobians of the rule):
    ///
    /// * exact (F10): `dm/dt = eps/N^2 [ (xi^T G f_bar)(h_bar . phi_bar) + xi^T G F C H phi_bar ]`
    /// * FLR1 (F12): `dm/dt = eps/(N^2 sigma^2) (xi^T C f_bar)(h_bar . phi_bar)`
    /// * FLR2 (F13, `x* = 0`): `dm/dt = eps kappa u^2 |xi|^2 |eta|^2 v_xi v_eta^2 / (N^2 sigma^6)`,
    ///   `kappa = mean(H D)` (`beta^2` for `h = phi`).
    pub fn predict(&self, t: &LearningTask) -> Result<SpeedPrediction, FlrError> {
        self.check_task(t)?;
        let n = self.net.n() as f64;
        let s2 = self.net.sigma().powi(2);
        let st = &self.state;
        let r = &self.g * &t.eta * t.u;
        let d = &st.slope;
        let phibar = &st.rate + d.component_mul(&r);
        let (f0, h0) = t.rule.factors(&st.x, &st.rate, &t.xi);
        let (fj, hj) = t.rule.jacobians(d);
        let fbar = f0 + fj.component_mul(&r);
        let hbar = h0 + hj.component_mul(&r);
        let w = self.g.tr_mul(&t.xi); // G^T xi
        let cxi = &self.c * &t.xi; // C xi (C symmetric)
        let hp = hbar.dot(&phibar);
        let noise_term = w.dot(&fj.component_mul(&(&self.c * hj.component_mul(&phibar))));
        let exact = t.epsilon / (n * n) * (w.dot(&fbar) * hp + noise_term);
        let flr1 = t.epsilon / (n * n * s2) * cxi.dot(&fbar) * hp;
        let xi2 = t.xi.norm_squared();
        let eta2 = t.eta.norm_squared();
        let var_xi = t.xi.dot(&cxi) / xi2;
        let var_eta = t.eta.dot(&(&self.c * &t.eta)) / eta2;
        let flr2 = st.is_origin().then(|| {
            let kappa = hj.component_mul(d).mean();
            t.epsilon * kappa * t.u * t.u * xi2 * eta2 * var_xi * var_eta * var_eta
                / (n * n * s2 * s2 * s2)
        });
        let p = SpeedPrediction {
            exact,
            flr1,
            flr2,
            var_xi,
            var_eta,
            resp_xi: w.dot(&t.xi) / xi2,
            response_sq: r.norm_squared() / n,
            m0: t.xi.dot(&(&st.x + &r)) / n,
            max_drive: (r * self.net.beta()).amax(),
        };
        let values = [p.exact, p.flr1, p.flr2.unwrap_or(0.0), p.response_sq, p.m0];
        if values.iter().any(|v| !v.is_finite()) || p.max_drive.is_nan() || p.max_drive > f64::MAX {
            return Err(FlrError::OutOfRange {
                name: "u",
                value: t.u,
                range: "small enough that the predicted speed, m(0) and the drive are finite numbers (with larger u, or epsilon, they overflow)",
            });
        }
        Ok(p)
    }

    /// [`FlrTheory::predict`] for many tasks on the same network, reusing `C` and `G`
    /// (in parallel). Fails on the first bad task.
    pub fn predict_batch(&self, tasks: &[LearningTask]) -> Result<Vec<SpeedPrediction>, FlrError> {
        tasks.par_iter().map(|t| self.predict(t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*seed >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    }

    fn random_net(n: usize, g: f64, beta: f64, seed: u64) -> FlrNetwork {
        let mut s = seed;
        let j = DMatrix::from_fn(n, n, |_, _| {
            g * lcg(&mut s) * 12f64.sqrt() / (n as f64).sqrt()
        });
        FlrNetwork::new(j, beta, 0.5).unwrap()
    }

    fn pm1(n: usize, seed: u64) -> DVector<f64> {
        let mut s = seed;
        DVector::from_fn(n, |_, _| if lcg(&mut s) > 0.0 { 1.0 } else { -1.0 })
    }

    /// Noise-free check of Eqs. F7-F10: move J by a small step of the rule evaluated at
    /// the evoked fixed point, re-solve the fixed point by Newton, and compare the change
    /// of m with the predicted speed. At sigma -> 0 the noise term vanishes and, for small
    /// u, the evoked state is the linear response, so exact == finite difference up to O(u^2).
    #[test]
    fn exact_speed_matches_finite_difference_of_fixed_points() {
        let n = 12;
        let net = random_net(n, 0.8, 0.9, 3);
        let theory = FlrTheory::at_origin(&net).unwrap();
        let xi = pm1(n, 5);
        let eta = pm1(n, 7);
        let u = 1e-3;
        for rule in [
            LearningRule::HEBB_TARGET,
            LearningRule::HEBB,
            LearningRule::DELTA,
        ] {
            let task = LearningTask {
                xi: xi.clone(),
                eta: eta.clone(),
                u,
                epsilon: 1.0,
                rule,
            };
            let p = theory.predict(&task).unwrap();
            // Noise-free evoked fixed point by Newton on -x + J phi(x) + u eta = 0.
            let drive = &eta * u;
            let fp = |net: &FlrNetwork| {
                let mut x = DVector::zeros(n);
                for _ in 0..50 {
                    let f = net.drift(&x, Some(&drive));
                    x -= net.jacobian(&x).lu().solve(&f).unwrap();
                }
                x
            };
            let xe = fp(&net);
            let (f, h) = rule.factors(&xe, &net.rate(&xe), &xi);
            let dt = 1e-3;
            let j2 = net.j() + &f * h.transpose() * (dt / n as f64);
            let net2 = FlrNetwork::new(j2, net.beta(), net.sigma()).unwrap();
            let xe2 = fp(&net2);
            let fd = xi.dot(&(&xe2 - &xe)) / n as f64 / dt;
            // The noise term (xi^T G F C H phi_bar) is O(u sigma^2); subtract it for the
            // noise-free comparison by recomputing with the C part removed:
            let fj = rule.jacobians(&theory.state().slope).0;
            let hj = rule.jacobians(&theory.state().slope).1;
            let r = theory.response() * &eta * u;
            let phibar = theory.state().slope.component_mul(&r);
            let w = theory.response().tr_mul(&xi);
            let noise = w
                .dot(&fj.component_mul(&(theory.covariance() * hj.component_mul(&phibar))))
                / (n * n) as f64;
            let det = p.exact - noise;
            assert!(
                ((det - fd) / fd).abs() < 2e-2,
                "{}: theory {det:e} vs finite difference {fd:e}",
                rule.name()
            );
        }
    }

    /// For symmetric J at x* = 0, A is symmetric: FLR1 equals the leading term of the exact
    /// speed (Eq. F11), and for plain Hebb (F = 0) the two coincide exactly.
    #[test]
    fn flr1_equals_exact_for_symmetric_j_and_plain_hebb() {
        let n = 20;
        let net0 = random_net(n, 0.6, 1.0, 11);
        let js = (net0.j() + net0.j().transpose()) * 0.5;
        let net = FlrNetwork::new(js, 0.8, 0.5).unwrap();
        let theory = FlrTheory::at_origin(&net).unwrap();
        assert!(theory.summary().fdt_deviation < 1e-10);
        let task = LearningTask {
            xi: pm1(n, 1),
            eta: pm1(n, 2),
            u: 0.3,
            epsilon: 0.5,
            rule: LearningRule::HEBB,
        };
        let p = theory.predict(&task).unwrap();
        assert!(((p.exact - p.flr1) / p.exact).abs() < 1e-10);
        assert!((p.resp_xi - p.var_xi / 0.25).abs() < 1e-10);
        // FLR2 is exact when eta is an eigenvector of C: then |G eta|^2 = (eta^T G eta)^2/|eta|^2.
        let eig = theory.covariance().clone().symmetric_eigen();
        let v = eig.eigenvectors.column(0).into_owned() * (n as f64).sqrt();
        let task2 = LearningTask { eta: v, ..task };
        let p2 = theory.predict(&task2).unwrap();
        assert!(((p2.flr2.unwrap() - p2.exact) / p2.exact).abs() < 1e-9);
    }

    #[test]
    fn bad_tasks_are_errors_naming_the_parameter() {
        let net = random_net(4, 0.5, 1.0, 1);
        let th = FlrTheory::at_origin(&net).unwrap();
        let ok = LearningTask {
            xi: pm1(4, 1),
            eta: pm1(4, 2),
            u: 0.5,
            epsilon: 0.1,
            rule: LearningRule::HEBB,
        };
        let e = th
            .predict(&LearningTask {
                eta: DVector::zeros(3),
                ..ok.clone()
            })
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "eta has 3 entries but J is 4x4; they must match"
        );
        let mut xi = ok.xi.clone();
        xi[2] = f64::INFINITY;
        let e = th.predict(&LearningTask { xi, ..ok.clone() }).unwrap_err();
        assert_eq!(e.to_string(), "xi has a non-finite entry (inf) at index 2");
        let e = th
            .predict(&LearningTask {
                xi: DVector::zeros(4),
                ..ok.clone()
            })
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "xi is the zero vector; it needs at least one nonzero entry"
        );
        let e = th
            .predict(&LearningTask { epsilon: 0.0, ..ok })
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "epsilon = 0 is out of range: it must be finite and > 0"
        );
    }
}
