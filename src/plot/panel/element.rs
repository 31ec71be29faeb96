//! What a panel holds: [`Line`]s with a [`Dash`] pattern and the other [`Element`]s (bands,
//! dots, histograms, reference lines, error bars, arrows, text), in data units.

use crate::plot::rich_text::Align;
use plotters::style::RGBColor;

/// Line dash pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // DashDot is the usual name of the style
pub enum Dash {
    /// solid
    Solid,
    /// long dashes (theory curves)
    Dashed,
    /// dots
    Dotted,
    /// dash-dot
    DashDot,
}

impl Dash {
    /// On/off lengths in units of the line width.
    pub(super) fn pattern(self) -> &'static [f64] {
        match self {
            Dash::Solid => &[],
            Dash::Dashed => &[3.7, 1.6],
            Dash::Dotted => &[1.0, 1.65],
            Dash::DashDot => &[6.4, 1.6, 1.0, 1.6],
        }
    }
}

/// A polyline.
#[derive(Debug, Clone)]
pub struct Line {
    /// points in data units
    pub points: Vec<(f64, f64)>,
    /// colour
    pub color: RGBColor,
    /// opacity in [0, 1]
    pub alpha: f64,
    /// stroke width in pixels
    pub width: u32,
    /// dash pattern
    pub dash: Dash,
    /// legend entry
    pub label: Option<String>,
}

impl Line {
    /// A solid line of width 3.
    pub fn new(points: Vec<(f64, f64)>, color: RGBColor) -> Self {
        Self {
            points,
            color,
            alpha: 1.0,
            width: 3,
            dash: Dash::Solid,
            label: None,
        }
    }
    /// From parallel x and y slices.
    pub fn xy(x: &[f64], y: &[f64], color: RGBColor) -> Self {
        Self::new(x.iter().copied().zip(y.iter().copied()).collect(), color)
    }
    /// Sets the dash pattern.
    pub fn dash(mut self, dash: Dash) -> Self {
        self.dash = dash;
        self
    }
    /// Sets the width.
    pub fn width(mut self, w: u32) -> Self {
        self.width = w;
        self
    }
    /// Sets the opacity.
    pub fn alpha(mut self, a: f64) -> Self {
        self.alpha = a;
        self
    }
    /// Sets the legend entry.
    pub fn label(mut self, l: &str) -> Self {
        self.label = Some(l.to_string());
        self
    }
}

/// Something drawn inside a panel.
#[derive(Debug, Clone)]
pub enum Element {
    /// a polyline
    Line(Line),
    /// a shaded band between `lo` and `hi` over `x`
    Band {
        /// abscissae
        x: Vec<f64>,
        /// lower edge
        lo: Vec<f64>,
        /// upper edge
        hi: Vec<f64>,
        /// colour
        color: RGBColor,
        /// opacity
        alpha: f64,
        /// legend entry
        label: Option<String>,
    },
    /// a filled polygon (data units), e.g. a violin
    Polygon {
        /// corners, in order
        points: Vec<(f64, f64)>,
        /// colour
        color: RGBColor,
        /// opacity
        alpha: f64,
    },
    /// filled circles
    Dots {
        /// centres
        points: Vec<(f64, f64)>,
        /// colour
        color: RGBColor,
        /// opacity
        alpha: f64,
        /// radius in pixels
        radius: u32,
        /// legend entry
        label: Option<String>,
    },
    /// a histogram given by bin edges and counts
    Bars {
        /// bin edges (len = counts + 1)
        edges: Vec<f64>,
        /// counts
        counts: Vec<f64>,
        /// colour
        color: RGBColor,
        /// opacity
        alpha: f64,
        /// legend entry
        label: Option<String>,
    },
    /// a horizontal reference line across the panel
    HLine {
        /// ordinate
        y: f64,
        /// style
        line: Line,
    },
    /// a vertical reference line across the panel
    VLine {
        /// abscissa
        x: f64,
        /// style
        line: Line,
    },
    /// vertical error bars `(x, lo, hi)`
    ErrorBars {
        /// `(x, lo, hi)`
        bars: Vec<(f64, f64, f64)>,
        /// colour
        color: RGBColor,
    },
    /// an arrow from `from` to `to` (data units)
    Arrow {
        /// tail
        from: (f64, f64),
        /// head
        to: (f64, f64),
        /// colour
        color: RGBColor,
    },
    /// rich text at a data point
    Text {
        /// anchor (data units); the text's vertical centre
        at: (f64, f64),
        /// rich text
        text: String,
        /// colour
        color: RGBColor,
        /// alignment relative to the anchor
        align: Align,
        /// font size relative to the panel's base size
        scale: f64,
    },
    /// rich text in a grey box at a position given in axes fractions (0..1)
    BoxLabel {
        /// position of the box's upper-left corner in axes fractions
        frac: (f64, f64),
        /// rich text
        text: String,
    },
    /// filled downward triangles centred at data points (the published figures' marks of
    /// the example networks among all networks)
    Triangles {
        /// centres
        points: Vec<(f64, f64)>,
        /// colour
        color: RGBColor,
    },
    /// small coloured squares on the x axis (marks of special abscissae)
    AxisMarks {
        /// abscissae and colours
        marks: Vec<(f64, RGBColor)>,
    },
}
