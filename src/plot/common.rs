//! Helpers shared by the reproduced figures: data ranges, colour shades, sizes.

use plotters::style::RGBColor;

/// PNG size of the reproduced figures (the SVGs use the same units).
pub const SIZE: (u32, u32) = (1600, 1000);
/// Base font size in pixels at [`SIZE`].
pub const FONT_PX: f64 = 22.0;

/// Mixes `c` with white: `f = 0` keeps the colour, `f = 1` gives white.
pub fn lighten(c: RGBColor, f: f64) -> RGBColor {
    let m = |x: u8| {
        (x as f64 + (255.0 - x as f64) * f)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    RGBColor(m(c.0), m(c.1), m(c.2))
}

/// Mixes `c` with black: `f = 0` keeps the colour, `f = 1` gives black.
pub fn darken(c: RGBColor, f: f64) -> RGBColor {
    let m = |x: u8| (x as f64 * (1.0 - f)).round().clamp(0.0, 255.0) as u8;
    RGBColor(m(c.0), m(c.1), m(c.2))
}

/// `(min, max)` over the finite values of all slices, padded by `pad` times the span on
/// both sides; `(0, 1)` when there is no finite value.
pub fn range_of(data: &[&[f64]], pad: f64) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for d in data {
        for &v in d.iter() {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = if hi > lo {
        hi - lo
    } else {
        lo.abs().max(1.0) * 0.1
    };
    (lo - pad * span, hi + pad * span)
}

/// Like [`range_of`] but with the lower end at zero when all data are non-negative.
pub fn range_from_zero(data: &[&[f64]], pad: f64) -> (f64, f64) {
    let (lo, hi) = range_of(data, pad);
    if lo >= -pad * (hi - lo) {
        (0.0, hi)
    } else {
        (lo, hi)
    }
}

/// Robust upper end: the `q` quantile of the finite values times `1 + pad` (so single
/// spikes of noisy curves do not squash the axis).
pub fn quantile_top(data: &[&[f64]], q: f64, pad: f64) -> f64 {
    let mut v: Vec<f64> = data
        .iter()
        .flat_map(|d| d.iter().copied())
        .filter(|x| x.is_finite())
        .collect();
    if v.is_empty() {
        return 1.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize;
    v[i] * (1.0 + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_shades() {
        assert_eq!(range_of(&[&[1.0, 3.0, f64::NAN]], 0.5), (0.0, 4.0));
        assert_eq!(range_from_zero(&[&[1.0, 3.0]], 0.1), (0.0, 3.2));
        assert_eq!(range_of(&[&[]], 0.1), (0.0, 1.0));
        assert_eq!(lighten(RGBColor(0, 100, 255), 0.5), RGBColor(128, 178, 255));
        assert_eq!(darken(RGBColor(200, 100, 0), 0.5), RGBColor(100, 50, 0));
        let v: Vec<f64> = (0..=100).map(|i| i as f64).collect();
        assert!((quantile_top(&[&v], 0.9, 0.0) - 90.0).abs() < 1e-12);
    }
}
