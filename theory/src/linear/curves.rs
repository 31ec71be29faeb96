//! Sampled learning curves and their comparison.

use nalgebra::Matrix2;

/// One sample of a learning curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Learning time (gradient steps within the phase).
    pub tau: f64,
    /// `L_bias`.
    pub l_bias: f64,
    /// `L_var`.
    pub l_var: f64,
    /// Coefficients `M` of `W` in the basis `(w_out_hat, w_in orthogonalised)`.
    pub m: Matrix2<f64>,
    /// `|x_bar(tau) - x_bar(0)|`, with `x_bar(0)` the mean state before learning.
    pub dx_norm: f64,
}

/// Time courses of one learning phase, as equal-length columns (serialised as arrays
/// `tau, l, l_bias, l_var, m11, m12, m21, m22, dx_norm`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LearningCurves {
    /// Learning time within the phase, from 0.
    pub tau: Vec<f64>,
    /// `L = L_bias + L_var`.
    pub l: Vec<f64>,
    /// `L_bias`.
    pub l_bias: Vec<f64>,
    /// `L_var`.
    pub l_var: Vec<f64>,
    /// `M11` (feedback along `w_out`, `a` of section 5).
    pub m11: Vec<f64>,
    /// `M12` (feed-forward input-to-output, `b / sqrt(N)`).
    pub m12: Vec<f64>,
    /// `M21`.
    pub m21: Vec<f64>,
    /// `M22`.
    pub m22: Vec<f64>,
    /// `|x_bar - x_bar(0)|`.
    pub dx_norm: Vec<f64>,
}

impl LearningCurves {
    /// Appends one sample.
    pub fn push(&mut self, p: CurvePoint) {
        self.tau.push(p.tau);
        self.l.push(p.l_bias + p.l_var);
        self.l_bias.push(p.l_bias);
        self.l_var.push(p.l_var);
        self.m11.push(p.m[(0, 0)]);
        self.m12.push(p.m[(0, 1)]);
        self.m21.push(p.m[(1, 0)]);
        self.m22.push(p.m[(1, 1)]);
        self.dx_norm.push(p.dx_norm);
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.tau.len()
    }

    /// True without samples.
    pub fn is_empty(&self) -> bool {
        self.tau.is_empty()
    }

    /// The last sample.
    pub fn last(&self) -> Option<CurvePoint> {
        let i = self.len().checked_sub(1)?;
        Some(CurvePoint {
            tau: self.tau[i],
            l_bias: self.l_bias[i],
            l_var: self.l_var[i],
            m: Matrix2::new(self.m11[i], self.m12[i], self.m21[i], self.m22[i]),
            dx_norm: self.dx_norm[i],
        })
    }
}

/// The two phases of Fig. 10: fast (learning rate `eta / N`) and slow (`eta`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TwoPhaseCurves {
    /// Fast bias phase.
    pub fast: LearningCurves,
    /// Slow variance phase (tau restarts at 0).
    pub slow: LearningCurves,
}

/// Largest absolute differences between two sets of curves sampled at the same times,
/// over both phases. `b` compares `sqrt(N) M12`, the order-one feed-forward coefficient.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct CurveDeviation {
    /// `max |L - L'|`
    pub l: f64,
    /// `max |L_bias - L_bias'|`
    pub l_bias: f64,
    /// `max |L_var - L_var'|`
    pub l_var: f64,
    /// `max |M11 - M11'|`
    pub m11: f64,
    /// `max sqrt(N) |M12 - M12'|`
    pub b: f64,
    /// `max |M21 - M21'|`
    pub m21: f64,
    /// `max |M22 - M22'|`
    pub m22: f64,
    /// `max ||dx_bar| - |dx_bar|'|`
    pub dx_norm: f64,
}

impl CurveDeviation {
    /// The largest of all entries.
    pub fn max(&self) -> f64 {
        [
            self.l,
            self.l_bias,
            self.l_var,
            self.m11,
            self.b,
            self.m21,
            self.m22,
            self.dx_norm,
        ]
        .into_iter()
        .fold(0.0, f64::max)
    }
}

impl TwoPhaseCurves {
    /// Deviation from `other` (same sample times; the shorter length is used), with
    /// `sqrt_n` scaling the `M12` comparison.
    pub fn deviation(&self, other: &TwoPhaseCurves, sqrt_n: f64) -> CurveDeviation {
        fn md(a: &[f64], b: &[f64], scale: f64) -> f64 {
            a.iter()
                .zip(b)
                .map(|(x, y)| scale * (x - y).abs())
                .fold(0.0, f64::max)
        }
        let mut d = CurveDeviation::default();
        for (p, q) in [(&self.fast, &other.fast), (&self.slow, &other.slow)] {
            d.l = d.l.max(md(&p.l, &q.l, 1.0));
            d.l_bias = d.l_bias.max(md(&p.l_bias, &q.l_bias, 1.0));
            d.l_var = d.l_var.max(md(&p.l_var, &q.l_var, 1.0));
            d.m11 = d.m11.max(md(&p.m11, &q.m11, 1.0));
            d.b = d.b.max(md(&p.m12, &q.m12, sqrt_n));
            d.m21 = d.m21.max(md(&p.m21, &q.m21, 1.0));
            d.m22 = d.m22.max(md(&p.m22, &q.m22, 1.0));
            d.dx_norm = d.dx_norm.max(md(&p.dx_norm, &q.dx_norm, 1.0));
        }
        d
    }
}
