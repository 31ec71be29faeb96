//! Time-series generation (`theory/notes/flr.md` section 9, Eqs. F17-F18): input
//! `u eta cos(omega t)` and target `xi cos(omega t)`, plain Hebbian rule
//! `dJ/dt = (epsilon/N) xi cos(omega t) h(x)^T`. The measured quantity is the in-phase
//! amplitude `a(t)` of `xi . x / N`; its initial speed follows from the frequency response
//! `G(omega) = (i omega I - A)^-1`.

use super::error::FlrError;
use super::predict::{FlrTheory, LearningTask};
use super::rule::PostFactor;
use nalgebra::{Complex, DMatrix, DVector};

/// Predicted initial speed of the in-phase amplitude `da/dt` of a periodic task.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PeriodicPrediction {
    /// linear theory with `G(omega)` (Eq. F17)
    pub exact: f64,
    /// FLR1: `xi^T Re G(omega) xi` replaced by `xi^T C xi / sigma^2` (Eq. F18)
    pub flr1: f64,
    /// `|rho|^2 / N`, the squared evoked amplitude per unit, `rho = u G(omega) eta`
    pub response_sq: f64,
}

impl FlrTheory {
    /// Initial speed of the in-phase amplitude for input `u eta cos(omega t)` and target
    /// `xi cos(omega t)` at `x* = 0` (Eqs. F17, F18), with `rho = u G(omega) eta`,
    /// `G(omega) = (i omega I - A)^-1`, `H`, `D` the diagonal Jacobians of `h` and `phi`:
    ///
    /// * F17: `da/dt = eps/(2 N^2) Re[ (xi^T G(omega) xi) ((H Re rho) . (D rho)) ]`
    /// * F18: `da/dt = eps/(2 N^2 sigma^2) (xi^T C xi) Re[ (H Re rho) . (D rho) ]`
    ///
    /// Needs `f = xi` (the plain Hebbian post-synaptic factor) and the origin as
    /// spontaneous state; both reduce to half of Eqs. F10, F12 as `omega -> 0`.
    pub fn predict_periodic(
        &self,
        t: &LearningTask,
        omega: f64,
    ) -> Result<PeriodicPrediction, FlrError> {
        if t.rule.post != PostFactor::Target {
            return Err(FlrError::Unsupported(format!(
                "the time-series prediction (Eq. F17) needs the post-synaptic factor f = xi; got rule {}",
                t.rule.name()
            )));
        }
        if !self.state().is_origin() {
            return Err(FlrError::Unsupported(
                "the time-series prediction (Eq. F17) needs the spontaneous state x* = 0".into(),
            ));
        }
        if !(omega.is_finite() && omega >= 0.0) {
            return Err(FlrError::OutOfRange {
                name: "omega",
                value: omega,
                range: "finite and >= 0",
            });
        }
        // the constant-task checks (sizes, finite, eps > 0) are shared
        let _ = self.predict(t)?;
        let net = self.network();
        let n = net.n();
        let nf = n as f64;
        let a = net.jacobian(&self.state().x);
        let m = DMatrix::from_fn(n, n, |i, j| {
            Complex::new(-a[(i, j)], if i == j { omega } else { 0.0 })
        });
        let lu = m.lu();
        let cplx = |v: &DVector<f64>| v.map(|x| Complex::new(x, 0.0));
        let solve = |v: &DVector<f64>| {
            lu.solve(&cplx(v))
                .ok_or(FlrError::Unstable { max_real: 0.0 })
        };
        let rho = solve(&(&t.eta * t.u))?;
        let gxi = solve(&t.xi)?;
        let xgx: Complex<f64> = cplx(&t.xi).dot(&gxi);
        let d = &self.state().slope;
        let (_, hj) = t.rule.jacobians(d);
        let hre = DVector::from_fn(n, |i, _| hj[i] * rho[i].re);
        let resp: Complex<f64> = (0..n).map(|i| rho[i] * (hre[i] * d[i])).sum();
        let s2 = net.sigma().powi(2);
        let vxi = t.xi.dot(&(self.covariance() * &t.xi));
        Ok(PeriodicPrediction {
            exact: t.epsilon / (2.0 * nf * nf) * (xgx * resp).re,
            flr1: t.epsilon / (2.0 * nf * nf * s2) * vxi * resp.re,
            response_sq: rho.iter().map(|c| c.norm_sqr()).sum::<f64>() / nf,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flr::{FlrNetwork, LearningRule};

    fn task(n: usize, rule: LearningRule) -> LearningTask {
        LearningTask {
            xi: DVector::from_fn(n, |i, _| if i % 2 == 0 { 1.0 } else { -1.0 }),
            eta: DVector::from_fn(n, |i, _| if i % 3 == 0 { 1.0 } else { -1.0 }),
            u: 0.1,
            epsilon: 0.4,
            rule,
        }
    }

    /// Uncoupled units (A = -I, G(omega) = 1/(1 + i omega)): Eq. F17 is
    /// `eps beta^2 u^2 (1 - omega^2) / (2 (1 + omega^2)^3)` in closed form.
    #[test]
    fn uncoupled_units_match_the_closed_form() {
        let n = 6;
        let beta = 0.8;
        let net = FlrNetwork::new(DMatrix::zeros(n, n), beta, 0.5).unwrap();
        let th = FlrTheory::at_origin(&net).unwrap();
        let t = task(n, LearningRule::HEBB);
        for omega in [0.0, 0.3, 1.0, 2.5] {
            let p = th.predict_periodic(&t, omega).unwrap();
            let w2: f64 = omega * omega;
            let want = 0.4 * beta * beta * 0.01 * (1.0 - w2) / (2.0 * (1.0 + w2).powi(3));
            assert!(
                (p.exact - want).abs() < 1e-14,
                "{omega}: {} vs {want}",
                p.exact
            );
        }
    }

    /// As omega -> 0 the periodic speeds are half the constant-task speeds (Eqs. F10, F12).
    #[test]
    fn slow_limit_is_half_the_constant_speed() {
        let n = 10;
        let mut s = 3u64;
        let j = DMatrix::from_fn(n, n, |_, _| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            0.6 * (((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5)
        });
        let net = FlrNetwork::new(j, 0.9, 0.2).unwrap();
        let th = FlrTheory::at_origin(&net).unwrap();
        for rule in [LearningRule::HEBB, "f=xi,h=x".parse().unwrap()] {
            let t = task(n, rule);
            let c = th.predict(&t).unwrap();
            let p = th.predict_periodic(&t, 0.0).unwrap();
            assert!(((p.exact - 0.5 * c.exact) / c.exact).abs() < 1e-10);
            assert!(((p.flr1 - 0.5 * c.flr1) / c.flr1).abs() < 1e-10);
        }
        let e = th
            .predict_periodic(&task(n, LearningRule::HEBB_TARGET), 0.1)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the time-series prediction (Eq. F17) needs the post-synaptic factor f = xi; got rule hebb-target"
        );
    }
}
