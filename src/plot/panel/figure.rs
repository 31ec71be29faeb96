//! A figure of several panels at pixel rectangles, with a footer line (set-up, quick mode).

use super::draw::{draw_panel_at, left_margin};
use super::{Panel, AXIS_GREY};
use crate::plot::style::{plot_err, FONT};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Pixels kept free at the bottom of a figure for its footer: three lines of
/// [`draw_footer`] (the top one centred `3 LINE + BASE` footer sizes above the bottom edge,
/// half a size of text above that) and a gap of a third of a size.
pub fn footer_height(font: f64) -> u32 {
    let lines = 3.0 * LINE + BASE + 0.5 + 1.0 / 3.0;
    (lines * font * FOOTER_SCALE).ceil() as u32
}

/// Footer line spacing and the bottom line's lift, in footer font sizes.
const LINE: f64 = 1.15;
const BASE: f64 = 0.2;

/// Footer font size relative to the figure's base font size.
const FOOTER_SCALE: f64 = 0.8;

/// A figure made of panels at given pixel rectangles.
#[derive(Debug, Clone)]
pub struct PanelFigure {
    /// pixel size
    pub size: (u32, u32),
    /// base font size in pixels
    pub font: f64,
    /// `(x, y, w, h)` in pixels and the panel drawn there
    pub cells: Vec<((u32, u32, u32, u32), Panel)>,
    /// free text lines drawn at the bottom left (e.g. "quick mode")
    pub footer: Option<String>,
}

impl PanelFigure {
    /// Lays out `panels` (row-major, `None` for an empty cell) on a grid whose columns have
    /// the given relative widths.
    pub fn grid(
        size: (u32, u32),
        font: f64,
        col_widths: &[f64],
        rows: usize,
        panels: Vec<Option<Panel>>,
    ) -> Self {
        let total: f64 = col_widths.iter().sum();
        let cols = col_widths.len();
        let h_avail = size.1 - footer_height(font);
        let mut cells = Vec::new();
        for (i, p) in panels.into_iter().enumerate() {
            let (r, c) = (i / cols, i % cols);
            if r >= rows {
                break;
            }
            if let Some(p) = p {
                let x0: f64 = col_widths[..c].iter().sum::<f64>() / total * size.0 as f64;
                let w = col_widths[c] / total * size.0 as f64;
                let y0 = r as f64 * h_avail as f64 / rows as f64;
                let h = h_avail as f64 / rows as f64;
                cells.push(((x0 as u32, y0 as u32, w as u32, h as u32), p));
            }
        }
        Self {
            size,
            font,
            cells,
            footer: None,
        }
    }
}

impl crate::plot::style::Figure for PanelFigure {
    fn size(&self) -> (u32, u32) {
        self.size
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        // panels stacked at the same x share the largest left margin, so their axes align
        let mut lefts: Vec<(u32, f64)> = Vec::new();
        for ((x, _, _, _), p) in &self.cells {
            let need = left_margin(root, p, self.font);
            match lefts.iter_mut().find(|(x0, _)| x0 == x) {
                Some(e) => e.1 = e.1.max(need),
                None => lefts.push((*x, need)),
            }
        }
        for ((x, y, w, h), p) in &self.cells {
            let sub = root.clone().shrink((*x, *y), (*w, *h));
            let left = lefts
                .iter()
                .find(|(x0, _)| x0 == x)
                .map(|e| e.1)
                .unwrap_or(0.0);
            draw_panel_at(&sub, p, self.font, left)?;
        }
        match &self.footer {
            Some(t) => draw_footer(root, t, self.size, self.font),
            None => Ok(()),
        }
    }
}

/// The footer: plain text (no sub/superscript markup) at the bottom left, wrapped onto at
/// most three lines.
fn draw_footer<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &str,
    fig_size: (u32, u32),
    font: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let size = font * FOOTER_SCALE;
    let style = TextStyle::from((FONT, size).into_font())
        .color(&AXIS_GREY)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let max_w = fig_size.0 as f64 - 16.0;
    let width = |s: &str| {
        root.estimate_text_size(s, &style)
            .map(|(w, _)| w as f64)
            .unwrap_or(0.0)
    };
    let mut lines = vec![String::new()];
    for word in t.split(' ') {
        let cur = lines.last_mut().expect("one line at least");
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if width(&cand) > max_w && !cur.is_empty() && lines.len() < 3 {
            lines.push(word.to_string());
        } else {
            *lines.last_mut().expect("one line at least") = cand;
        }
    }
    let n = lines.len() as f64;
    for (i, l) in lines.iter().enumerate() {
        let y = fig_size.1 as f64 - (n - i as f64) * LINE * size - BASE * size;
        root.draw_text(l, &style, (8, y as i32)).map_err(plot_err)?;
    }
    Ok(())
}
