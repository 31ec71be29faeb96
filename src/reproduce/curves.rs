//! Learning curves as plain columns, shared by the theory and the simulation side of the
//! figures, with the small statistics the report needs (moving average, noise band).

use serde::Serialize;

/// Time courses over learning steps. Columns that a source does not provide are empty.
#[derive(Debug, Clone, Default)]
pub struct Curves {
    /// learning step tau
    pub tau: Vec<f64>,
    /// total loss L
    pub l: Vec<f64>,
    /// L_bias
    pub l_bias: Vec<f64>,
    /// L_var
    pub l_var: Vec<f64>,
    /// M11, M12, M21, M22
    pub m: [Vec<f64>; 4],
    /// |delta x_bar| (linear network, Fig. 10C)
    pub dx_norm: Vec<f64>,
    /// |kappa_bar| (rank-two network)
    pub kappa_norm: Vec<f64>,
    /// rho (rank-two network)
    pub rho: Vec<f64>,
}

impl Curves {
    /// The element-wise mean of several runs on the same steps (`tau` of the first run; each
    /// series truncated to the shortest run).
    pub fn mean_of(runs: &[Curves]) -> Curves {
        let Some(first) = runs.first() else {
            return Curves::default();
        };
        let k = runs.len() as f64;
        let mean = |get: &dyn Fn(&Curves) -> &Vec<f64>| -> Vec<f64> {
            let n = runs.iter().map(|r| get(r).len()).min().unwrap_or(0);
            (0..n)
                .map(|i| runs.iter().map(|r| get(r)[i]).sum::<f64>() / k)
                .collect()
        };
        Curves {
            tau: first.tau.clone(),
            l: mean(&|c| &c.l),
            l_bias: mean(&|c| &c.l_bias),
            l_var: mean(&|c| &c.l_var),
            m: [
                mean(&|c| &c.m[0]),
                mean(&|c| &c.m[1]),
                mean(&|c| &c.m[2]),
                mean(&|c| &c.m[3]),
            ],
            dx_norm: mean(&|c| &c.dx_norm),
            kappa_norm: mean(&|c| &c.kappa_norm),
            rho: mean(&|c| &c.rho),
        }
    }
}

/// The run-to-run spread of one series, step by step: the standard deviation across runs,
/// its variance averaged over a centred window of `window` steps (empty for fewer than two
/// runs).
pub fn run_spread(runs: &[&[f64]], window: usize) -> Vec<f64> {
    let k = runs.len();
    let n = runs.iter().map(|r| r.len()).min().unwrap_or(0);
    if k < 2 || n == 0 {
        return Vec::new();
    }
    let var: Vec<f64> = (0..n)
        .map(|i| {
            let m = runs.iter().map(|r| r[i]).sum::<f64>() / k as f64;
            runs.iter().map(|r| (r[i] - m).powi(2)).sum::<f64>() / (k - 1) as f64
        })
        .collect();
    moving_average(&var, window)
        .into_iter()
        .map(f64::sqrt)
        .collect()
}

/// One CSV row of [`Curves`] in f32 (the figures' precision; the report's rows use the f64
/// curves); absent columns are empty cells.
#[derive(Debug, Serialize)]
pub struct CurveRow {
    /// what produced the row ("theory" or "simulation")
    pub source: &'static str,
    /// learning phase ("fast", "slow" or "all")
    pub phase: &'static str,
    /// learning step
    pub tau: f32,
    /// L
    pub l: Option<f32>,
    /// L_bias
    pub l_bias: Option<f32>,
    /// L_var
    pub l_var: Option<f32>,
    /// M11
    pub m11: Option<f32>,
    /// M12
    pub m12: Option<f32>,
    /// M21
    pub m21: Option<f32>,
    /// M22
    pub m22: Option<f32>,
    /// |delta x_bar|
    pub dx_norm: Option<f32>,
    /// |kappa_bar|
    pub kappa_norm: Option<f32>,
    /// rho
    pub rho: Option<f32>,
}

fn at(v: &[f64], i: usize) -> Option<f32> {
    v.get(i)
        .copied()
        .filter(|x| x.is_finite())
        .map(|x| x as f32)
}

impl Curves {
    /// Rows for CSV output.
    pub fn rows(&self, source: &'static str, phase: &'static str) -> Vec<CurveRow> {
        (0..self.tau.len())
            .map(|i| CurveRow {
                source,
                phase,
                tau: self.tau[i] as f32,
                l: at(&self.l, i),
                l_bias: at(&self.l_bias, i),
                l_var: at(&self.l_var, i),
                m11: at(&self.m[0], i),
                m12: at(&self.m[1], i),
                m21: at(&self.m[2], i),
                m22: at(&self.m[3], i),
                dx_norm: at(&self.dx_norm, i),
                kappa_norm: at(&self.kappa_norm, i),
                rho: at(&self.rho, i),
            })
            .collect()
    }

    /// Keeps every `stride`-th point (and the last), for plotting and CSV size.
    pub fn thin(&self, max_points: usize) -> Curves {
        let n = self.tau.len();
        if n <= max_points || max_points < 2 {
            return self.clone();
        }
        let stride = n.div_ceil(max_points);
        let mut idx: Vec<usize> = (0..n).step_by(stride).collect();
        if idx.last() != Some(&(n - 1)) {
            idx.push(n - 1);
        }
        let pick = |v: &Vec<f64>| -> Vec<f64> {
            if v.len() == n {
                idx.iter().map(|&i| v[i]).collect()
            } else {
                Vec::new()
            }
        };
        Curves {
            tau: pick(&self.tau),
            l: pick(&self.l),
            l_bias: pick(&self.l_bias),
            l_var: pick(&self.l_var),
            m: [
                pick(&self.m[0]),
                pick(&self.m[1]),
                pick(&self.m[2]),
                pick(&self.m[3]),
            ],
            dx_norm: pick(&self.dx_norm),
            kappa_norm: pick(&self.kappa_norm),
            rho: pick(&self.rho),
        }
    }
}

/// Centred moving average with a window of `w` points (shorter at the ends).
pub fn moving_average(v: &[f64], w: usize) -> Vec<f64> {
    let n = v.len();
    if n == 0 {
        return Vec::new();
    }
    let h = w.max(1) / 2;
    let mut prefix = vec![0.0; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i] + v[i];
    }
    (0..n)
        .map(|i| {
            let a = i.saturating_sub(h);
            let b = (i + h + 1).min(n);
            (prefix[b] - prefix[a]) / (b - a) as f64
        })
        .collect()
}

/// Standard deviation of `v` around its moving average (window `w`): the step-to-step
/// noise of a simulated learning curve.
pub fn noise_sd(v: &[f64], w: usize) -> f64 {
    if v.len() < 3 {
        return 0.0;
    }
    let m = moving_average(v, w);
    let ss: f64 = v.iter().zip(&m).map(|(a, b)| (a - b).powi(2)).sum();
    (ss / (v.len() - 1) as f64).sqrt()
}

/// Mean and standard deviation of the last `k` finite entries.
pub fn tail_stats(v: &[f64], k: usize) -> Option<(f64, f64)> {
    let tail: Vec<f64> = v
        .iter()
        .rev()
        .filter(|x| x.is_finite())
        .take(k)
        .copied()
        .collect();
    if tail.is_empty() {
        return None;
    }
    let n = tail.len() as f64;
    let mean = tail.iter().sum::<f64>() / n;
    let var = if tail.len() > 1 {
        tail.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    Some((mean, var.sqrt()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs at 1, 1 + a, 1 + 2a have sample standard deviation a at every step; the window
    /// does not change a constant.
    #[test]
    fn run_spread_is_the_sample_sd_across_runs() {
        let a = 0.3;
        let r0 = vec![1.0; 40];
        let r1 = vec![1.0 + a; 40];
        let r2 = vec![1.0 + 2.0 * a; 40];
        let s = run_spread(&[&r0, &r1, &r2], 11);
        assert_eq!(s.len(), 40);
        assert!(s.iter().all(|v| (v - a).abs() < 1e-12), "{s:?}");
        assert!(run_spread(&[&r0], 11).is_empty());
    }

    #[test]
    fn moving_average_of_a_line_is_the_line_inside() {
        let v: Vec<f64> = (0..20).map(|i| 2.0 * i as f64).collect();
        let m = moving_average(&v, 5);
        for i in 2..18 {
            assert!((m[i] - v[i]).abs() < 1e-12);
        }
        // at the ends the window is one-sided: mean of 0, 2, 4 = 2
        assert!((m[0] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn noise_sd_of_alternating_signal() {
        // +-1 around zero: a window of 2k+1 averages to +-1/(2k+1); sd close to 1
        let v: Vec<f64> = (0..1000)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let s = noise_sd(&v, 101);
        assert!((s - 1.0).abs() < 0.02, "{s}");
        let (m, sd) = tail_stats(&[5.0, 1.0, 2.0, 3.0], 3).unwrap();
        assert!((m - 2.0).abs() < 1e-12 && (sd - 1.0).abs() < 1e-12);
    }

    #[test]
    fn thinning_keeps_the_last_point() {
        let c = Curves {
            tau: (0..1001).map(|i| i as f64).collect(),
            l: (0..1001).map(|i| i as f64).collect(),
            ..Default::default()
        };
        let t = c.thin(100);
        assert!(t.tau.len() <= 102);
        assert_eq!(*t.tau.last().unwrap(), 1000.0);
        assert_eq!(t.l.len(), t.tau.len());
        assert!(t.l_var.is_empty());
    }
}
