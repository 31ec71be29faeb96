//! One axis of a panel: label, range, scale (linear, log10, log2), and the choice and
//! formatting of its ticks. The mapping to pixels is plotters' (see [`super::coord`]).

/// Axis scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// linear
    Linear,
    /// base-10 logarithm (ticks at powers of ten, or 2-9 multiples on short ranges)
    Log10,
    /// base-2 logarithm (for network sizes 64, 128, ...)
    Log2,
}

/// One axis: label (rich text), range, scale and ticks.
#[derive(Debug, Clone)]
pub struct Axis {
    /// rich-text label (`_{}` subscripts, `^{}` superscripts); empty for none
    pub label: String,
    /// lower end (data units)
    pub min: f64,
    /// upper end (data units)
    pub max: f64,
    /// scale
    pub scale: Scale,
    /// explicit ticks (data units); `None` chooses them
    pub ticks: Option<Vec<f64>>,
    /// whether tick labels are printed (false for shared axes)
    pub tick_labels: bool,
    /// names printed at the explicit ticks instead of their numbers (any scale)
    pub names: Option<Vec<String>>,
}

impl Axis {
    /// A linear axis.
    pub fn linear(label: &str, min: f64, max: f64) -> Self {
        Self {
            label: label.to_string(),
            min,
            max,
            scale: Scale::Linear,
            ticks: None,
            tick_labels: true,
            names: None,
        }
    }
    /// A base-10 logarithmic axis; `min` and `max` must be positive.
    pub fn log10(label: &str, min: f64, max: f64) -> Self {
        Self {
            scale: Scale::Log10,
            ..Self::linear(label, min, max)
        }
    }
    /// A base-2 logarithmic axis; `min` and `max` must be positive.
    pub fn log2(label: &str, min: f64, max: f64) -> Self {
        Self {
            scale: Scale::Log2,
            ..Self::linear(label, min, max)
        }
    }
    /// Sets explicit ticks.
    pub fn ticks(mut self, ticks: &[f64]) -> Self {
        self.ticks = Some(ticks.to_vec());
        self
    }
    /// Sets explicit ticks with a name each (printed instead of the number), e.g. the
    /// categories of a strip plot.
    pub fn named_ticks(mut self, ticks: &[f64], names: &[String]) -> Self {
        self.ticks = Some(ticks.to_vec());
        self.names = Some(names.to_vec());
        self
    }
    /// Hides the tick labels (and the axis label), for axes shared with the panel below.
    pub fn hide_labels(mut self) -> Self {
        self.tick_labels = false;
        self.label.clear();
        self
    }
    pub(super) fn t(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Linear => v,
            Scale::Log10 => v.max(1e-300).log10(),
            Scale::Log2 => v.max(1e-300).log2(),
        }
    }
    pub(super) fn tmin(&self) -> f64 {
        self.t(self.min)
    }
    /// The inverse of [`Axis::t`].
    pub(super) fn untransform(&self, t: f64) -> f64 {
        match self.scale {
            Scale::Linear => t,
            Scale::Log10 => 10f64.powf(t),
            Scale::Log2 => 2f64.powf(t),
        }
    }
    /// Raises the upper end so that the old range fills `1 / factor` of the axis (in the
    /// axis's own scale), leaving the rest free above the data.
    pub(super) fn extend_top(&mut self, factor: f64) {
        let (lo, hi) = (self.tmin(), self.tmax());
        self.max = self.untransform(lo + (hi - lo) * factor);
    }
    /// Lowers the lower end so that the old range fills `1 / factor` of the axis (in the
    /// axis's own scale), leaving the rest free below the data.
    pub(super) fn extend_bottom(&mut self, factor: f64) {
        let (lo, hi) = (self.tmin(), self.tmax());
        self.min = self.untransform(hi - (hi - lo) * factor);
    }
    pub(super) fn tmax(&self) -> f64 {
        self.t(self.max)
    }
    /// The ticks (data units) and their rich-text labels.
    pub fn tick_marks(&self) -> Vec<(f64, String)> {
        let (lo, hi) = (self.min.min(self.max), self.min.max(self.max));
        let inside = |v: f64| v >= lo - 1e-9 * (hi - lo).abs() && v <= hi + 1e-9 * (hi - lo).abs();
        match (&self.ticks, self.scale) {
            (Some(t), scale) => {
                let step = min_gap(t);
                let name = |i: usize| self.names.as_ref().and_then(|n| n.get(i)).cloned();
                let number = |v: f64| match scale {
                    Scale::Linear => fmt_linear(v, step),
                    Scale::Log10 | Scale::Log2 => fmt_log(v),
                };
                t.iter()
                    .enumerate()
                    .filter(|(_, v)| inside(**v))
                    .map(|(i, &v)| (v, name(i).unwrap_or_else(|| number(v))))
                    .collect()
            }
            (None, Scale::Linear) => {
                let (ticks, step) = nice_ticks(lo, hi, 5);
                ticks
                    .into_iter()
                    .map(|v| (v, fmt_linear(v, step)))
                    .collect()
            }
            (None, Scale::Log10) => log10_ticks(lo, hi),
            (None, Scale::Log2) => {
                let (a, b) = (lo.log2().ceil() as i32, hi.log2().floor() as i32);
                (a..=b)
                    .map(|k| 2f64.powi(k))
                    .map(|v| (v, fmt_log(v)))
                    .collect()
            }
        }
    }
}

fn min_gap(t: &[f64]) -> f64 {
    let mut g = f64::INFINITY;
    for w in t.windows(2) {
        g = g.min((w[1] - w[0]).abs());
    }
    if g.is_finite() && g > 0.0 {
        g
    } else {
        1.0
    }
}

/// "Nice" linear ticks (steps 1, 2, 2.5, 5 times a power of ten) covering `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let span = (hi - lo).abs().max(1e-12);
    let raw = span / target.max(1) as f64;
    let p = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * p);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let ticks = (first..=last).map(|k| k as f64 * step).collect();
    (ticks, step)
}

/// Formats a linear tick with as many decimals as the tick spacing needs, with a true
/// minus sign; ticks spaced below 10^-3 or reaching 10^5 are written as a mantissa times a
/// power of ten (`3.5×10^{−6}`), which reads better than a row of zeros.
pub fn fmt_linear(v: f64, step: f64) -> String {
    let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
    if step < 1e-3 || v.abs() >= 1e5 {
        if v == 0.0 {
            return "0".into();
        }
        let k = v.abs().log10().floor() as i32;
        let m = v / 10f64.powi(k);
        let digits = decimals(step / 10f64.powi(k));
        let exp = format!("{k}").replace('-', "\u{2212}");
        return format!("{m:.digits$}\u{d7}10^{{{exp}}}").replace('-', "\u{2212}");
    }
    format!("{v:.prec$}", prec = decimals(step)).replace('-', "\u{2212}")
}

/// The decimals that a tick spacing `step` needs.
fn decimals(step: f64) -> usize {
    let mut dec = (-step.log10().floor()).max(0.0) as usize;
    let scaled = step * 10f64.powi(dec as i32);
    if (scaled - scaled.round()).abs() > 1e-6 {
        dec += 1;
    }
    dec
}

fn fmt_log(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 && (1.0..1e5).contains(&v) {
        return format!("{}", v.round() as i64);
    }
    let k = v.log10().floor();
    let m = v / 10f64.powf(k);
    let exp = format!("{}", k as i64).replace('-', "\u{2212}");
    if (m - 1.0).abs() < 1e-9 {
        format!("10^{{{exp}}}")
    } else {
        format!("{}\u{d7}10^{{{exp}}}", (m * 10.0).round() / 10.0)
    }
}

fn log10_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let (a, b) = (lo.log10(), hi.log10());
    let powers: Vec<f64> = ((a - 1e-9).ceil() as i32..=(b + 1e-9).floor() as i32)
        .map(|k| 10f64.powi(k))
        .collect();
    let multiples = |ms: &[f64]| {
        let mut cand = Vec::new();
        for k in (a.floor() as i32)..=(b.ceil() as i32) {
            for m in ms {
                let v = m * 10f64.powi(k);
                if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                    cand.push(v);
                }
            }
        }
        cand
    };
    // short ranges: 1-2-5 multiples, or 1-2-3-4-6 when those give fewer than three ticks
    let out = if powers.len() >= 2 {
        powers
    } else {
        let coarse = multiples(&[1.0, 2.0, 5.0]);
        if coarse.len() >= 3 {
            coarse
        } else {
            multiples(&[1.0, 2.0, 3.0, 4.0, 6.0])
        }
    };
    out.into_iter().map(|v| (v, fmt_log(v))).collect()
}
