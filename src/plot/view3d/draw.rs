//! Drawing one [`View3d`]: a plotters 3-D chart (`build_cartesian_3d`, the view angles and
//! a scale that fits the box into the panel set by `with_projection`), the three back panes,
//! the front edges with the axis names, the curves as 3-D line series with arrowheads, and
//! the arrows.

use super::{Arrow3, Curve3, View3d};
use crate::plot::panel::{draw_letter, AXIS_GREY, TEXT};
use crate::plot::rich_text::{self, Align, RichText};
use crate::plot::style::plot_err;
use plotters::coord::ranged3d::Cartesian3d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;

type Chart3<'a, DB> =
    ChartContext<'a, DB, Cartesian3d<RangedCoordf64, RangedCoordf64, RangedCoordf64>>;

/// Fill of the back panes.
const PANE: RGBColor = RGBColor(242, 242, 242);
/// Outline of the back panes.
const PANE_EDGE: RGBColor = RGBColor(215, 215, 215);

/// Data `[a, b, c]` to plotters' `(x, y, z)`: `c` is drawn vertically (plotters' `y`).
fn pt(p: &[f64; 3]) -> (f64, f64, f64) {
    (p[0], p[2], p[1])
}

/// The eight corners of the box, indexed by bits (x, y, z) in plotters' axes.
fn corner(r: &[(f64, f64); 3], bits: [bool; 3]) -> (f64, f64, f64) {
    let pick = |(lo, hi): (f64, f64), b: bool| if b { hi } else { lo };
    (
        pick(r[0], bits[0]),
        pick(r[1], bits[1]),
        pick(r[2], bits[2]),
    )
}

/// Draws `v` into `area` with base font size `fs` (pixels).
pub fn draw_view<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    v: &View3d,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let d = v.ranges();
    // plotters' axes: x = data a, y = data c (vertical), z = data b
    let r = [d[0], d[2], d[1]];
    let top = if v.title.is_some() { 2.2 } else { 1.0 } * fs;
    let side = (2.4 * fs).round() as u32;
    let mut chart = ChartBuilder::on(area)
        .margin_top(top.round() as u32)
        .margin_left(side)
        .margin_right(side)
        .margin_bottom(side)
        .build_cartesian_3d(r[0].0..r[0].1, r[1].0..r[1].1, r[2].0..r[2].1)
        .map_err(plot_err)?;
    let fit = fitting_scale(&mut chart, v, &r);
    chart.with_projection(|mut pb| {
        pb.yaw = v.yaw;
        pb.pitch = v.pitch;
        pb.scale = fit;
        pb.into_matrix()
    });
    let back = back_faces(&chart, &r);
    panes(&chart, &r, back)?;
    axes(area, &chart, v, &r, back, fs)?;
    for c in &v.curves {
        curve(&chart, c, fs)?;
    }
    for a in &v.arrows {
        arrow(&chart, a, fs)?;
    }
    let color = TEXT.to_rgba();
    if let Some(t) = &v.title {
        let at = ((area.dim_in_pixel().0 / 2) as i32, (0.9 * fs) as i32);
        rich_text::draw(area, t, at, fs * 1.05, color, Align::Center, false)?;
    }
    if let Some(letter) = &v.letter {
        draw_letter(area, letter, fs)?;
    }
    Ok(())
}

/// The scale at which the projected box fills the plotting area (plotters projects
/// `centre + scale * R (p - centre)`, so the extent at scale 1 gives it).
fn fitting_scale<DB: DrawingBackend>(
    chart: &mut Chart3<'_, DB>,
    v: &View3d,
    r: &[(f64, f64); 3],
) -> f64 {
    chart.with_projection(|mut pb| {
        pb.yaw = v.yaw;
        pb.pitch = v.pitch;
        pb.into_matrix()
    });
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (cx, cy) = (
        0.5 * (xr.start + xr.end) as f64,
        0.5 * (yr.start + yr.end) as f64,
    );
    let coord = chart.as_coord_spec();
    let (mut ex, mut ey) = (1.0f64, 1.0f64);
    for i in 0..8 {
        let p = coord.translate(&corner(r, [i & 1 != 0, i & 2 != 0, i & 4 != 0]));
        ex = ex.max((p.0 as f64 - cx).abs());
        ey = ey.max((p.1 as f64 - cy).abs());
    }
    let w = 0.5 * (xr.end - xr.start) as f64;
    let h = 0.5 * (yr.end - yr.start) as f64;
    (w / ex).min(h / ey).clamp(0.05, 20.0)
}

/// For each plotters axis, whether its back pane lies at the upper end of the range (the
/// pane farther from the viewer, as plotters' own axis panes are chosen).
fn back_faces<DB: DrawingBackend>(chart: &Chart3<'_, DB>, r: &[(f64, f64); 3]) -> [bool; 3] {
    let coord = chart.as_coord_spec();
    let mid = |d: usize| 0.5 * (r[d].0 + r[d].1);
    let mut back = [false; 3];
    for (d, b) in back.iter_mut().enumerate() {
        let mut lo = [mid(0), mid(1), mid(2)];
        let mut hi = lo;
        lo[d] = r[d].0;
        hi[d] = r[d].1;
        *b = coord.projected_depth(&hi[0], &hi[1], &hi[2])
            > coord.projected_depth(&lo[0], &lo[1], &lo[2]);
    }
    back
}

fn panes<DB: DrawingBackend>(
    chart: &Chart3<'_, DB>,
    r: &[(f64, f64); 3],
    back: [bool; 3],
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    for d in 0..3 {
        let (e, f) = ((d + 1) % 3, (d + 2) % 3);
        let quad: Vec<(f64, f64, f64)> =
            [(false, false), (true, false), (true, true), (false, true)]
                .iter()
                .map(|&(be, bf)| {
                    let mut bits = [false; 3];
                    bits[d] = back[d];
                    bits[e] = be;
                    bits[f] = bf;
                    corner(r, bits)
                })
                .collect();
        let area = chart.plotting_area();
        area.draw(&Polygon::new(quad.clone(), PANE.filled()))
            .map_err(plot_err)?;
        let mut ring = quad;
        ring.push(ring[0]);
        area.draw(&PathElement::new(
            ring,
            ShapeStyle::from(PANE_EDGE).stroke_width(1),
        ))
        .map_err(plot_err)?;
    }
    Ok(())
}

/// The axis edge of plotters axis `d`: for the floor axes (x, z) the front edge of the
/// floor, for the vertical axis the leftmost vertical edge.
fn axis_edge<DB: DrawingBackend>(
    chart: &Chart3<'_, DB>,
    r: &[(f64, f64); 3],
    back: [bool; 3],
    d: usize,
) -> [(f64, f64, f64); 2] {
    let ends = |bits: [bool; 3]| {
        let (mut a, mut b) = (bits, bits);
        a[d] = false;
        b[d] = true;
        [corner(r, a), corner(r, b)]
    };
    if d != 1 {
        let mut bits = [false; 3];
        bits[1] = back[1];
        bits[2 - d] = !back[2 - d];
        return ends(bits);
    }
    let coord = chart.as_coord_spec();
    let candidates = [
        [false, true, false],
        [false, true, true],
        [true, true, false],
        [true, true, true],
    ];
    let left = candidates
        .iter()
        .min_by_key(|bits| coord.translate(&corner(r, **bits)).0)
        .copied()
        .unwrap_or([false; 3]);
    ends(left)
}

fn axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart3<'_, DB>,
    v: &View3d,
    r: &[(f64, f64); 3],
    back: [bool; 3],
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let coord = chart.as_coord_spec();
    let (bx, by) = area.get_base_pixel();
    let centre = coord.translate(&(
        0.5 * (r[0].0 + r[0].1),
        0.5 * (r[1].0 + r[1].1),
        0.5 * (r[2].0 + r[2].1),
    ));
    // plotters axis d shows data axis [0, 2, 1][d]
    for (d, name) in [(0usize, &v.axes[0]), (1, &v.axes[2]), (2, &v.axes[1])] {
        let edge = axis_edge(chart, r, back, d);
        chart
            .plotting_area()
            .draw(&PathElement::new(
                edge.to_vec(),
                ShapeStyle::from(AXIS_GREY).stroke_width(2),
            ))
            .map_err(plot_err)?;
        if name.is_empty() {
            continue;
        }
        let (a, b) = (coord.translate(&edge[0]), coord.translate(&edge[1]));
        let mid = (0.5 * (a.0 + b.0) as f64, 0.5 * (a.1 + b.1) as f64);
        let (dx, dy): (f64, f64) = (mid.0 - centre.0 as f64, mid.1 - centre.1 as f64);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let gap = 1.3 * fs;
        let at = (
            (mid.0 + dx / len * gap) as i32 - bx,
            (mid.1 + dy / len * gap) as i32 - by,
        );
        let color = TEXT.to_rgba();
        rich_text::draw(area, name, at, fs * 1.05, color, Align::Center, d == 1)?;
    }
    Ok(())
}

/// A filled triangle with its tip `head` pixels ahead of the anchor along `(ux, uy)`, as
/// offsets from the anchor.
fn head_triangle(ux: f64, uy: f64, head: f64, tip_at_anchor: bool) -> Vec<(i32, i32)> {
    let shift = if tip_at_anchor { 0.0 } else { 0.5 * head };
    let tip = (ux * shift, uy * shift);
    let base = (tip.0 - ux * head, tip.1 - uy * head);
    let (nx, ny) = (-uy * head * 0.45, ux * head * 0.45);
    let r = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    vec![
        r(tip),
        r((base.0 + nx, base.1 + ny)),
        r((base.0 - nx, base.1 - ny)),
    ]
}

/// The unit pixel direction from `a` to `b` (plotters coordinates), if they differ.
fn pixel_dir<DB: DrawingBackend>(
    chart: &Chart3<'_, DB>,
    a: (f64, f64, f64),
    b: (f64, f64, f64),
) -> Option<(f64, f64)> {
    let coord = chart.as_coord_spec();
    let (p, q) = (coord.translate(&a), coord.translate(&b));
    let (dx, dy) = ((q.0 - p.0) as f64, (q.1 - p.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    (len > 0.5).then(|| (dx / len, dy / len))
}

fn curve<DB: DrawingBackend>(chart: &Chart3<'_, DB>, c: &Curve3, fs: f64) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let color = c.color.mix(c.alpha);
    let pts: Vec<(f64, f64, f64)> = c
        .points
        .iter()
        .filter(|p| p.iter().all(|x| x.is_finite()))
        .map(pt)
        .collect();
    if pts.len() < 2 {
        return Ok(());
    }
    let area = chart.plotting_area();
    // one path per segment: plotters' thick polylines join segments with miters, which
    // spike far out at the cusps a projected trajectory can have
    let style = ShapeStyle::from(color).stroke_width(c.width);
    for w in pts.windows(2) {
        area.draw(&PathElement::new(w.to_vec(), style))
            .map_err(plot_err)?;
    }
    let n = pts.len();
    for k in 0..c.heads {
        let i = ((k as f64 + 0.5) / c.heads as f64 * (n - 1) as f64) as usize;
        let j = (i + 3).min(n - 1);
        let i = i.min(j.saturating_sub(1));
        let Some((ux, uy)) = pixel_dir(chart, pts[i], pts[j]) else {
            continue;
        };
        let tri = head_triangle(ux, uy, 0.75 * fs, false);
        area.draw(&(EmptyElement::at(pts[i]) + Polygon::new(tri, color.filled())))
            .map_err(plot_err)?;
    }
    Ok(())
}

fn arrow<DB: DrawingBackend>(chart: &Chart3<'_, DB>, a: &Arrow3, fs: f64) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (from, to) = (pt(&a.from), pt(&a.to));
    let area = chart.plotting_area();
    let coord = chart.as_coord_spec();
    let (p, q) = (coord.translate(&from), coord.translate(&to));
    let back = (p.0 - q.0, p.1 - q.1);
    let head = 0.8 * fs;
    if let Some((ux, uy)) = pixel_dir(chart, from, to) {
        let base = ((-ux * head) as i32, (-uy * head) as i32);
        let shaft = PathElement::new(vec![back, base], ShapeStyle::from(a.color).stroke_width(4));
        let tip = Polygon::new(head_triangle(ux, uy, head, true), a.color.filled());
        area.draw(&(EmptyElement::at(to) + shaft + tip))
            .map_err(plot_err)?;
    }
    if let Some(label) = &a.label {
        let at = ((0.4 * fs) as i32, -(0.9 * fs) as i32);
        let text = RichText::new(label, at, fs * 1.15, a.color.to_rgba());
        area.draw(&(EmptyElement::at(to) + text))
            .map_err(plot_err)?;
    }
    Ok(())
}
