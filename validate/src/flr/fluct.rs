//! Spontaneous fluctuations measured by simulation (`theory/notes/flr.md` section 8): the
//! network of Eq. F1 without input, from a start state (the origin, or a retrieval state),
//! after a burn-in. Estimates the mean, the equal-time covariance `C` and the integrated
//! lagged covariance `K = int_0^L C(tau) dtau` (trapezoid rule on the sampling grid, lags up
//! to `max_lag`), as the FLR needs them (Eqs. F15, F16).

use super::sample::rng_for;
use nalgebra::{DMatrix, DVector};
use oblique_theory::flr::{FlrError, FlrNetwork, Fluctuations};
use rand::Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;
use std::collections::VecDeque;

/// Settings of the spontaneous simulation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SpontaneousSim {
    /// Euler step
    pub dt: f64,
    /// burn-in before sampling
    pub t_burn: f64,
    /// sampled time per chain
    pub t_sample: f64,
    /// independent chains (run in parallel)
    pub chains: usize,
    /// sample every this many steps
    pub sample_every: usize,
    /// largest lag of the lagged covariance (time units)
    pub max_lag: f64,
}

/// Measured spontaneous statistics.
#[derive(Debug, Clone)]
pub struct MeasuredSpontaneous {
    /// time-averaged state
    pub mean: DVector<f64>,
    /// `C` and `K`
    pub fluctuations: Fluctuations,
    /// number of samples per chain times chains
    pub samples: usize,
}

struct Sums {
    count: usize,
    lag_count: usize,
    sum: DVector<f64>,
    lag_sum_late: DVector<f64>,
    lag_sum_early: DVector<f64>,
    xx: DMatrix<f64>,
    yx: DMatrix<f64>,
}

impl SpontaneousSim {
    /// Simulates `net` without input from `x0` and estimates the moments; `seed` picks
    /// the noise (chain k uses stream k + 1).
    pub fn measure(
        &self,
        net: &FlrNetwork,
        x0: &DVector<f64>,
        seed: u64,
    ) -> Result<MeasuredSpontaneous, FlrError> {
        let n = net.n();
        let chains: Vec<Sums> = (0..self.chains)
            .into_par_iter()
            .map(|k| self.chain(net, x0, seed, k))
            .collect();
        let mut tot = Sums::zeros(n);
        for c in &chains {
            tot.add(c);
        }
        let cnt = tot.count as f64;
        let mean = &tot.sum / cnt;
        let c = &tot.xx / cnt - &mean * mean.transpose();
        let c = (&c + c.transpose()) * 0.5;
        let lc = tot.lag_count as f64;
        let w_total = self.max_lag;
        // K = sum_l w_l <(x_{t+l} - mu)(x_t - mu)^T>, with sum_l w_l = max_lag
        let k = &tot.yx / lc
            - (&tot.lag_sum_late / lc) * (&tot.lag_sum_early / lc).transpose() * w_total;
        Ok(MeasuredSpontaneous {
            mean,
            fluctuations: Fluctuations::new(c, Some(k))?,
            samples: tot.count,
        })
    }

    fn chain(&self, net: &FlrNetwork, x0: &DVector<f64>, seed: u64, k: usize) -> Sums {
        let n = net.n();
        let mut rng = rng_for(seed, k as u64 + 1);
        let noise = (2.0 * self.dt).sqrt() * net.sigma();
        let burn = (self.t_burn / self.dt).round() as usize;
        let every = self.sample_every.max(1);
        let samples = (self.t_sample / (self.dt * every as f64)).round() as usize;
        let ds = self.dt * every as f64;
        let lags = (self.max_lag / ds).round().max(1.0) as usize;
        // trapezoid weights on lags 0..=lags, summing to lags * ds = max_lag
        let w = |l: usize| if l == 0 || l == lags { 0.5 * ds } else { ds };
        let mut x = x0.clone();
        let mut z = DVector::<f64>::zeros(n);
        let mut s = Sums::zeros(n);
        let mut buf: VecDeque<DVector<f64>> = VecDeque::with_capacity(lags + 1);
        for i in 0..burn + samples * every {
            for v in z.iter_mut() {
                *v = rng.sample(StandardNormal);
            }
            let mut dx = -&x;
            dx.gemv(1.0, net.j(), &net.rate(&x), 1.0);
            x.axpy(self.dt, &dx, 1.0);
            x.axpy(noise, &z, 1.0);
            if i < burn || !(i - burn + 1).is_multiple_of(every) {
                continue;
            }
            s.count += 1;
            s.sum += &x;
            s.xx.ger(1.0, &x, &x, 1.0);
            buf.push_back(x.clone());
            if buf.len() == lags + 1 {
                // oldest sample x_t, newer x_{t+l}: y = sum_l w_l x_{t+l}
                let mut y = DVector::zeros(n);
                for (l, xl) in buf.iter().enumerate() {
                    y.axpy(w(l), xl, 1.0);
                }
                let x_t = buf.pop_front().unwrap_or_else(|| DVector::zeros(n));
                s.yx.ger(1.0, &y, &x_t, 1.0);
                s.lag_count += 1;
                s.lag_sum_early += &x_t;
                s.lag_sum_late += &y / self.max_lag;
            }
        }
        s
    }
}

impl Sums {
    fn zeros(n: usize) -> Self {
        Self {
            count: 0,
            lag_count: 0,
            sum: DVector::zeros(n),
            lag_sum_late: DVector::zeros(n),
            lag_sum_early: DVector::zeros(n),
            xx: DMatrix::zeros(n, n),
            yx: DMatrix::zeros(n, n),
        }
    }
    fn add(&mut self, o: &Sums) {
        self.count += o.count;
        self.lag_count += o.lag_count;
        self.sum += &o.sum;
        self.lag_sum_late += &o.lag_sum_late;
        self.lag_sum_early += &o.lag_sum_early;
        self.xx += &o.xx;
        self.yx += &o.yx;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the exact stationary moments of the Euler scheme itself (a second method):
    /// for a nearly linear network (noise 0.05, so tanh is linear to 1e-3) the samples obey
    /// x' = M x + sqrt(2 dt) sigma z, M = I + dt A, whose covariance solves the Stein
    /// equation C = M C M^T + 2 sigma^2 dt I and whose lagged covariance is M^l C. Summaries
    /// along three directions agree within 6% (statistical error about 2% at this length).
    #[test]
    fn measured_moments_match_the_discrete_time_lyapunov_solution() {
        let n = 8;
        let beta = 0.8;
        let sigma = 0.05;
        let dt = 0.1;
        let mut s = 11u64;
        let j = DMatrix::from_fn(n, n, |_, _| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            0.8 * (((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5)
        });
        let net = FlrNetwork::new(j.clone(), beta, sigma).unwrap();
        let sim = SpontaneousSim {
            dt,
            t_burn: 20.0,
            t_sample: 6000.0,
            chains: 4,
            sample_every: 2,
            max_lag: 12.0,
        };
        let m = sim.measure(&net, &DVector::zeros(n), 5).unwrap();
        let mm = DMatrix::<f64>::identity(n, n) + (&j * beta - DMatrix::<f64>::identity(n, n)) * dt;
        let mut c = DMatrix::<f64>::zeros(n, n);
        let mut p = DMatrix::<f64>::identity(n, n) * (2.0 * sigma * sigma * dt);
        for _ in 0..4000 {
            c += &p;
            p = &mm * p * mm.transpose();
        }
        // lags on the sampling grid (every 2 steps), trapezoid weights, up to 12 time units
        let m2 = &mm * &mm;
        let lags = 60;
        let mut k = DMatrix::<f64>::zeros(n, n);
        let mut ml = c.clone();
        for l in 0..=lags {
            let w = if l == 0 || l == lags { 0.1 } else { 0.2 };
            k += &ml * w;
            ml = &m2 * ml;
        }
        let mc = m.fluctuations.covariance();
        let g = m.fluctuations.lagged_response().unwrap();
        let g_exact = &k * c.clone().try_inverse().unwrap();
        for (i, v) in [
            DVector::from_element(n, 1.0),
            DVector::from_fn(n, |i, _| if i % 2 == 0 { 1.0 } else { -1.0 }),
            DVector::from_fn(n, |i, _| i as f64 - 3.5),
        ]
        .iter()
        .enumerate()
        {
            let want = v.dot(&(&c * v));
            let got = v.dot(&(mc * v));
            assert!(((got - want) / want).abs() < 0.06, "{i}: C {got} vs {want}");
            let want = v.dot(&(&g_exact * v));
            let got = v.dot(&(&g * v));
            assert!(((got - want) / want).abs() < 0.06, "{i}: G {got} vs {want}");
        }
        assert!(m.mean.amax() < 0.02);
    }
}
