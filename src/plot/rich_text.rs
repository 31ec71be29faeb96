//! Minimal rich text for axis labels and legends: `_{...}` subscripts and `^{...}`
//! superscripts (e.g. `"L_{var}"`, `"N^{-1/4}"`, `"λ_{+,min}"`), horizontal or rotated by
//! 270 degrees (reading upwards, for y-axis labels).
//!
//! plotters draws each segment; this module only lays the segments out.

use super::style::{plot_err, FONT};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Whether a segment sits on the baseline, below it or above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Ordinary text.
    Normal,
    /// `_{...}`.
    Sub,
    /// `^{...}`.
    Sup,
    /// `~{...}`: ordinary size with a bar above (mean values such as kappa bar).
    Bar,
}

/// Splits `"L_{var}"` into `[("L", Normal), ("var", Sub)]`. A `_` or `^` followed by a
/// single character (no braces) scripts only that character. Unbalanced braces are kept
/// as literal text rather than rejected: labels are authored in code.
pub fn parse(text: &str) -> Vec<(String, Script)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(String, Script)> = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '_' || c == '^' || c == '~') && i + 1 < chars.len() {
            let kind = match c {
                '_' => Script::Sub,
                '^' => Script::Sup,
                _ => Script::Bar,
            };
            let (content, next) = if chars[i + 1] == '{' {
                match chars[i + 2..].iter().position(|&x| x == '}') {
                    Some(end) => (
                        chars[i + 2..i + 2 + end].iter().collect::<String>(),
                        i + 3 + end,
                    ),
                    None => (chars[i..].iter().collect::<String>(), chars.len()),
                }
            } else {
                (chars[i + 1].to_string(), i + 2)
            };
            if !cur.is_empty() {
                out.push((std::mem::take(&mut cur), Script::Normal));
            }
            out.push((content, kind));
            i = next;
        } else {
            cur.push(c);
            i += 1;
        }
    }
    if !cur.is_empty() {
        out.push((cur, Script::Normal));
    }
    out
}

/// Horizontal alignment of a rich text relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// The text starts at the anchor.
    Left,
    /// The text is centred on the anchor.
    Center,
    /// The text ends at the anchor.
    Right,
}

fn segment_style(size: f64, script: Script, color: RGBAColor, rotated: bool) -> TextStyle<'static> {
    let s = if matches!(script, Script::Normal | Script::Bar) {
        size
    } else {
        size * 0.72
    };
    let mut font = FontDesc::new(FontFamily::Name(FONT), s, FontStyle::Normal);
    if rotated {
        font = font.transform(FontTransform::Rotate270);
    }
    TextStyle {
        font,
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Center),
    }
}

/// Width in pixels of the rich text at font size `size`.
pub fn width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, size: f64) -> i32 {
    parse(text)
        .iter()
        .map(|(seg, script)| {
            let style = segment_style(size, *script, BLACK.to_rgba(), false);
            area.estimate_text_size(seg, &style)
                .map(|(w, _)| w as i32)
                .unwrap_or((seg.chars().count() as f64 * size * 0.55) as i32)
        })
        .sum()
}

/// Draws `text` with its vertical centre at `at` (pixel coordinates of `area`).
/// `rotated` draws it reading upwards, centred on `at` along the (vertical) text direction
/// when `align` is `Center`.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    size: f64,
    color: RGBAColor,
    align: Align,
    rotated: bool,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let segs = parse(text);
    let total = width(area, text, size);
    let start = match align {
        Align::Left => 0,
        Align::Center => -total / 2,
        Align::Right => -total,
    };
    let mut adv = start;
    for (seg, script) in &segs {
        let style = segment_style(size, *script, color, rotated);
        let w = area
            .estimate_text_size(seg, &style)
            .map(|(w, _)| w as i32)
            .unwrap_or((seg.chars().count() as f64 * size * 0.55) as i32);
        let shift = match script {
            Script::Normal | Script::Bar => 0.0,
            Script::Sub => 0.32 * size,
            Script::Sup => -0.38 * size,
        } as i32;
        // Rotate270 maps the text frame's +x to screen -y and its +y (down) to screen +x.
        let pos = if rotated {
            (at.0 + shift, at.1 - adv)
        } else {
            (at.0 + adv, at.1 + shift)
        };
        area.draw_text(seg, &style, pos).map_err(plot_err)?;
        if *script == Script::Bar {
            // a bar above the glyphs: in the text frame from (adv, -0.62 size) over the width
            let (h, pad) = ((0.62 * size) as i32, (0.12 * size) as i32);
            let ends = if rotated {
                [
                    (at.0 - h, at.1 - adv - pad),
                    (at.0 - h, at.1 - adv - w + pad),
                ]
            } else {
                [
                    (at.0 + adv + pad, at.1 - h),
                    (at.0 + adv + w - pad, at.1 - h),
                ]
            };
            let stroke =
                ShapeStyle::from(color).stroke_width(((size / 14.0).round() as u32).max(1));
            area.draw(&PathElement::new(ends.to_vec(), stroke))
                .map_err(plot_err)?;
        }
        adv += w;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sub_and_superscripts() {
        assert_eq!(
            parse("L_{var}"),
            vec![("L".into(), Script::Normal), ("var".into(), Script::Sub)]
        );
        assert_eq!(
            parse("N^{-1/4} x_1"),
            vec![
                ("N".into(), Script::Normal),
                ("-1/4".into(), Script::Sup),
                (" x".into(), Script::Normal),
                ("1".into(), Script::Sub)
            ]
        );
        // unbalanced braces stay literal
        assert_eq!(
            parse("a_{b"),
            vec![("a".into(), Script::Normal), ("_{b".into(), Script::Sub)]
        );
        assert_eq!(parse("plain"), vec![("plain".into(), Script::Normal)]);
        assert_eq!(
            parse("|~{x}|"),
            vec![
                ("|".into(), Script::Normal),
                ("x".into(), Script::Bar),
                ("|".into(), Script::Normal)
            ]
        );
    }
}
