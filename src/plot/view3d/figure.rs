//! A figure of 2-D panels ([`PanelFigure`]) and 3-D views ([`View3d`]) at pixel rectangles,
//! with free text (row labels, group titles).

use super::{draw_view, View3d};
use crate::plot::panel::{PanelFigure, TEXT};
use crate::plot::rich_text::{self, Align};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Rich text placed on the figure in pixels.
#[derive(Debug, Clone)]
pub struct FreeText {
    /// anchor in pixels: the text's vertical centre, horizontally per `align`
    pub at: (i32, i32),
    /// rich text
    pub text: String,
    /// font size relative to the figure's base size
    pub scale: f64,
    /// alignment relative to the anchor (along the text when rotated)
    pub align: Align,
    /// read upwards
    pub rotated: bool,
}

impl FreeText {
    /// Centred horizontal text at `at`, 1.1 times the base size.
    pub fn centred(at: (u32, u32), text: &str) -> Self {
        Self {
            at: (at.0 as i32, at.1 as i32),
            text: text.to_string(),
            scale: 1.1,
            align: Align::Center,
            rotated: false,
        }
    }
    /// The same, reading upwards.
    pub fn rotated(mut self) -> Self {
        self.rotated = true;
        self
    }
}

/// 2-D panels, 3-D views and free text on one figure.
#[derive(Debug, Clone)]
pub struct MixedFigure {
    /// the 2-D panels, the size, base font and footer
    pub base: PanelFigure,
    /// `(x, y, w, h)` in pixels and the view drawn there
    pub views: Vec<((u32, u32, u32, u32), View3d)>,
    /// free text, drawn last
    pub texts: Vec<FreeText>,
}

impl MixedFigure {
    /// An empty figure of `size` pixels with base font `font` (pixels).
    pub fn new(size: (u32, u32), font: f64) -> Self {
        Self {
            base: PanelFigure {
                size,
                font,
                cells: Vec::new(),
                footer: None,
            },
            views: Vec::new(),
            texts: Vec::new(),
        }
    }
}

impl crate::plot::style::Figure for MixedFigure {
    fn size(&self) -> (u32, u32) {
        self.base.size
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        self.base.draw(root)?;
        for ((x, y, w, h), v) in &self.views {
            let sub = root.clone().shrink((*x, *y), (*w, *h));
            draw_view(&sub, v, self.base.font)?;
        }
        for t in &self.texts {
            let size = self.base.font * t.scale;
            let color = TEXT.to_rgba();
            rich_text::draw(root, &t.text, t.at, size, color, t.align, t.rotated)?;
        }
        Ok(())
    }
}
