//! Minimal rich text for axis labels and legends: `_{...}` subscripts and `^{...}`
//! superscripts (e.g. `"L_{var}"`, `"N^{-1/4}"`, `"λ_{+,min}"`), horizontal or rotated by
//! 270 degrees (reading upwards, for y-axis labels).
//!
//! plotters draws each segment; this module only lays the segments out.

use super::style::{plot_err, FONT};
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingErrorKind};

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

/// The rich text in plain Unicode: superscripts of digits, signs and parentheses become
/// superscript characters (`10^{-1}` gives `10⁻¹`), other markup is dropped (`L_{var}`
/// gives `Lvar`). For tick labels, which plotters draws as plain text, and for sizing.
pub fn plain(text: &str) -> String {
    const SUP: [(char, char); 15] = [
        ('0', '\u{2070}'),
        ('1', '\u{b9}'),
        ('2', '\u{b2}'),
        ('3', '\u{b3}'),
        ('4', '\u{2074}'),
        ('5', '\u{2075}'),
        ('6', '\u{2076}'),
        ('7', '\u{2077}'),
        ('8', '\u{2078}'),
        ('9', '\u{2079}'),
        ('-', '\u{207b}'),
        ('\u{2212}', '\u{207b}'),
        ('+', '\u{207a}'),
        ('(', '\u{207d}'),
        (')', '\u{207e}'),
    ];
    let sup = |c: char| SUP.iter().find(|(a, _)| *a == c).map(|(_, b)| *b);
    parse(text)
        .into_iter()
        .map(|(seg, script)| match script {
            Script::Sup if seg.chars().all(|c| sup(c).is_some()) => {
                seg.chars().filter_map(sup).collect()
            }
            _ => seg,
        })
        .collect()
}

/// Rich text as a plotters element, anchored at a backend point: its vertical centre sits
/// at the anchor and `align` places it horizontally (along the text direction when
/// `rotated`, reading upwards). Being an element, it composes with others (`EmptyElement
/// + PathElement + RichText`, e.g. in a legend entry).
#[derive(Debug, Clone)]
pub struct RichText {
    /// the text with `_{}`, `^{}` and `~{}` markup
    pub text: String,
    /// anchor (backend pixels, relative when composed)
    pub at: (i32, i32),
    /// font size in pixels
    pub size: f64,
    /// colour
    pub color: RGBAColor,
    /// alignment relative to the anchor
    pub align: Align,
    /// drawn reading upwards
    pub rotated: bool,
}

impl RichText {
    /// Dark text of size `size` at `at`, starting there.
    pub fn new(text: &str, at: (i32, i32), size: f64, color: RGBAColor) -> Self {
        Self {
            text: text.to_string(),
            at,
            size,
            color,
            align: Align::Left,
            rotated: false,
        }
    }
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a RichText {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for RichText {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _parent: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some(at) = points.next() else {
            return Ok(());
        };
        let size = self.size;
        let segs: Vec<(String, Script, TextStyle<'static>, i32)> = parse(&self.text)
            .into_iter()
            .map(|(seg, script)| {
                let style = segment_style(size, script, self.color, self.rotated);
                let flat = segment_style(size, script, self.color, false);
                let w = backend
                    .estimate_text_size(&seg, &flat)
                    .map(|(w, _)| w as i32)
                    .unwrap_or((seg.chars().count() as f64 * size * 0.55) as i32);
                (seg, script, style, w)
            })
            .collect();
        let total: i32 = segs.iter().map(|s| s.3).sum();
        let mut adv = match self.align {
            Align::Left => 0,
            Align::Center => -total / 2,
            Align::Right => -total,
        };
        for (seg, script, style, w) in &segs {
            let shift = match script {
                Script::Normal | Script::Bar => 0.0,
                Script::Sub => 0.32 * size,
                Script::Sup => -0.38 * size,
            } as i32;
            // Rotate270 maps the text frame's +x to screen -y and its +y (down) to screen +x.
            let frame = |fx: i32, fy: i32| {
                if self.rotated {
                    (at.0 + fy, at.1 - fx)
                } else {
                    (at.0 + fx, at.1 + fy)
                }
            };
            backend.draw_text(seg, style, frame(adv, shift))?;
            if *script == Script::Bar {
                // a bar above the glyphs, in the text frame at -0.62 size over the width
                let (h, pad) = ((0.62 * size) as i32, (0.12 * size) as i32);
                let stroke = ShapeStyle::from(self.color)
                    .stroke_width(((size / 14.0).round() as u32).max(1));
                backend.draw_path([frame(adv + pad, -h), frame(adv + w - pad, -h)], &stroke)?;
            }
            adv += w;
        }
        Ok(())
    }
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
    let t = RichText {
        align,
        rotated,
        ..RichText::new(text, at, size, color)
    };
    area.draw(&t).map_err(plot_err)
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

    #[test]
    fn plain_text_of_tick_labels() {
        assert_eq!(plain("10^{\u{2212}1}"), "10\u{207b}\u{b9}");
        assert_eq!(plain("2\u{d7}10^{3}"), "2\u{d7}10\u{b3}");
        assert_eq!(plain("L_{var}"), "Lvar");
        assert_eq!(plain("N^{ab}"), "Nab");
    }
}
