//! Shared figure style: embedded fonts, colours, and PNG+SVG output through a temporary
//! file so a failed drawing never leaves a half-written figure.

use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use std::sync::Once;

/// The font family name registered by [`init_fonts`].
pub const FONT: &str = "sans-serif";

/// Registers the embedded DejaVu Sans fonts with plotters. Idempotent.
pub fn init_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Registration only fails on malformed font bytes, which are compiled in.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
        let _ = plotters::style::register_font(FONT, FontStyle::Italic, dejavu::sans::oblique());
        let _ = plotters::style::register_font(FONT, FontStyle::Oblique, dejavu::sans::oblique());
    });
}

/// Colours close to the published figures' palette.
pub mod colors {
    use plotters::style::RGBColor;
    /// grey for theory curves without a category
    pub const GREY: RGBColor = RGBColor(160, 160, 160);
    /// dark purple (lambda- = -5)
    pub const PURPLE: RGBColor = RGBColor(68, 1, 84);
    /// teal (lambda- = -2)
    pub const TEAL: RGBColor = RGBColor(33, 145, 140);
    /// yellow (lambda- = -1)
    pub const YELLOW: RGBColor = RGBColor(253, 231, 37);
    /// blue (M11, |kappa|)
    pub const BLUE: RGBColor = RGBColor(31, 78, 140);
    /// orange (M12, L_bias, rho)
    pub const ORANGE: RGBColor = RGBColor(217, 95, 2);
    /// green (M21, L_var)
    pub const GREEN: RGBColor = RGBColor(77, 160, 60);
    /// red (M22)
    pub const RED: RGBColor = RGBColor(180, 30, 30);
}

/// A figure that can draw itself on any plotters backend.
pub trait Figure {
    /// Pixel size of the PNG (the SVG uses the same units).
    fn size(&self) -> (u32, u32);
    /// Draws the whole figure on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static;
}

/// Converts a plotters drawing error into an `anyhow::Error`.
pub fn plot_err<E: std::error::Error + Send + Sync + 'static>(
    e: DrawingAreaErrorKind<E>,
) -> anyhow::Error {
    anyhow::anyhow!("drawing failed: {e}")
}

/// Draws `fig` twice, as `<stem>.png` and `<stem>.svg`, each written safely by
/// [`crate::io::output::write_via_path`] (a temporary file renamed into place).
pub fn save_png_svg<F: Figure>(fig: &F, stem: &Path) -> anyhow::Result<()> {
    init_fonts();
    let size = fig.size();
    for ext in ["png", "svg"] {
        let target = stem.with_extension(ext);
        crate::io::output::write_via_path(&target, &format!(".{ext}"), |tmp| {
            if ext == "png" {
                let root = BitMapBackend::new(tmp, size).into_drawing_area();
                root.fill(&WHITE).map_err(plot_err)?;
                fig.draw(&root)?;
                root.present().map_err(plot_err)?;
            } else {
                let root = SVGBackend::new(tmp, size).into_drawing_area();
                root.fill(&WHITE).map_err(plot_err)?;
                fig.draw(&root)?;
                root.present().map_err(plot_err)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Demo;
    impl Figure for Demo {
        fn size(&self) -> (u32, u32) {
            (320, 240)
        }
        fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
        where
            DB::ErrorType: 'static,
        {
            let mut chart = ChartBuilder::on(root)
                .caption("demo", (FONT, 20))
                .x_label_area_size(30)
                .y_label_area_size(30)
                .build_cartesian_2d(0.0..1.0, 0.0..1.0)
                .map_err(plot_err)?;
            chart.configure_mesh().draw().map_err(plot_err)?;
            chart
                .draw_series(LineSeries::new([(0.0, 0.0), (1.0, 1.0)], &BLACK))
                .map_err(plot_err)?;
            Ok(())
        }
    }

    #[test]
    fn draws_png_and_svg_with_embedded_fonts() {
        let dir = tempfile::tempdir().unwrap();
        let stem = dir.path().join("demo");
        save_png_svg(&Demo, &stem).unwrap();
        let png = std::fs::metadata(stem.with_extension("png")).unwrap().len();
        let svg = std::fs::read_to_string(stem.with_extension("svg")).unwrap();
        assert!(png > 1000, "png is {png} bytes");
        assert!(svg.contains("demo"), "svg lacks the caption text");
        // Only the two figures remain: no temporary files are left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
