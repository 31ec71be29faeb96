//! A small declarative plotting layer on plotters' charts for the reproduced figures.
//!
//! A [`Panel`] is a list of [`Element`]s (lines, bands, dots, histograms, reference lines,
//! arrows, text) with two [`Axis`] specifications; a [`PanelFigure`] places panels on a
//! figure. [`draw_panel`] builds a plotters chart (`ChartBuilder`, a cartesian coordinate
//! system whose axes are [`coord::AxisCoord`]s, linear or logarithmic), draws the ticks
//! with `configure_mesh`, the elements as plotters series, and the legend with
//! `configure_series_labels`. The thin layer on top is the published style: left and
//! bottom spines with outward grey ticks, rich-text axis labels and legend entries, the
//! panel letter. Logarithmic axes take the data untransformed.

mod axis;
pub mod coord;
mod draw;
mod element;
mod figure;
mod legend;
mod series;
#[cfg(test)]
mod tests;

pub use axis::{fmt_linear, nice_ticks, Axis, Scale};
pub use draw::{draw_letter, draw_panel, draw_panel_at, left_margin};
pub use element::{Dash, Element, Line};
pub use figure::{footer_height, PanelFigure};

use plotters::style::RGBColor;

/// Colour used for spines, ticks and tick labels.
pub const AXIS_GREY: RGBColor = RGBColor(130, 130, 130);
/// Colour used for text.
pub const TEXT: RGBColor = RGBColor(40, 40, 40);

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LegendPos {
    /// no legend
    None,
    /// upper right corner
    UpperRight,
    /// upper left corner
    UpperLeft,
    /// lower right corner
    LowerRight,
    /// lower left corner
    LowerLeft,
    /// centre right
    CenterRight,
    /// explicit upper-left corner in axes fractions
    At(f64, f64),
}

/// One panel of a figure.
#[derive(Debug, Clone)]
pub struct Panel {
    /// panel letter ("A", "B", ...)
    pub letter: Option<String>,
    /// title above the panel (rich text)
    pub title: Option<String>,
    /// x axis
    pub x: Axis,
    /// y axis
    pub y: Axis,
    /// contents, drawn in order
    pub elements: Vec<Element>,
    /// legend position
    pub legend: LegendPos,
    /// legend columns
    pub legend_cols: usize,
    /// raise the y range so that a legend in an upper corner stays above the data
    pub legend_clear: bool,
    /// room for a legend of this many rows at this position that a neighbour sharing the
    /// y axis draws (see [`Panel::reserve_legend_room`])
    pub legend_room: Option<(LegendPos, usize)>,
}

impl Panel {
    /// An empty panel.
    pub fn new(letter: &str, x: Axis, y: Axis) -> Self {
        Self {
            letter: if letter.is_empty() {
                None
            } else {
                Some(letter.to_string())
            },
            title: None,
            x,
            y,
            elements: Vec::new(),
            legend: LegendPos::None,
            legend_cols: 1,
            legend_clear: false,
            legend_room: None,
        }
    }
    /// Adds an element.
    pub fn push(&mut self, e: Element) -> &mut Self {
        self.elements.push(e);
        self
    }
    /// Adds a line.
    pub fn line(&mut self, l: Line) -> &mut Self {
        self.push(Element::Line(l))
    }
    /// Sets the legend position and number of columns.
    pub fn legend(&mut self, pos: LegendPos, cols: usize) -> &mut Self {
        self.legend = pos;
        self.legend_cols = cols.max(1);
        self
    }
    /// Keeps a legend in an upper corner clear of the data: the y range is raised by the
    /// legend's height when the panel is drawn.
    pub fn keep_legend_clear(&mut self) -> &mut Self {
        self.legend_clear = true;
        self
    }
    /// Widens the y range as [`Panel::keep_legend_clear`] would for a legend of `rows` rows
    /// at `pos`, without drawing one: for panels in a row whose legend one of them draws,
    /// so that their y scales stay the same.
    pub fn reserve_legend_room(&mut self, pos: LegendPos, rows: usize) -> &mut Self {
        self.legend_room = Some((pos, rows));
        self
    }
    /// The rows of the panel's legend (labelled elements over the columns).
    pub fn legend_rows(&self) -> usize {
        legend::entries(self)
            .len()
            .div_ceil(self.legend_cols.max(1))
    }
    /// Sets the title.
    pub fn title(&mut self, t: &str) -> &mut Self {
        self.title = Some(t.to_string());
        self
    }
}
