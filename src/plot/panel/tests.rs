//! Tests of the panel layer: tick choice and labels, the axis coordinate (linear and log
//! mapping), cutting lines at the axes, legend placement, and drawn pixels.

use super::coord::{clip, clip_runs, AxisCoord};
use super::draw::with_legend_room;
use super::legend::{entries, layout};
use super::series::split_sharp;
use super::*;
use plotters::coord::ranged1d::{BoldPoints, LightPoints, Ranged, ValueFormatter};
use plotters::prelude::*;

#[test]
fn nice_ticks_cover_the_range() {
    let (t, s) = nice_ticks(0.0, 5000.0, 5);
    assert_eq!(s, 1000.0);
    assert_eq!(t, vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]);
    let (t, s) = nice_ticks(-1.95, 1.95, 4);
    assert_eq!(s, 1.0);
    assert_eq!(t, vec![-1.0, 0.0, 1.0]);
    assert_eq!(fmt_linear(-1.0, 1.0), "\u{2212}1");
    assert_eq!(fmt_linear(0.25, 0.25), "0.25");
    assert_eq!(fmt_linear(0.5, 0.5), "0.5");
    // tiny and huge ticks as mantissa x power of ten
    assert_eq!(fmt_linear(3.5e-6, 5e-7), "3.5\u{d7}10^{\u{2212}6}");
    assert_eq!(fmt_linear(2e-6, 5e-7), "2.0\u{d7}10^{\u{2212}6}");
    assert_eq!(fmt_linear(0.0, 5e-7), "0");
    assert_eq!(fmt_linear(-2e5, 1e5), "\u{2212}2\u{d7}10^{5}");
    assert_eq!(fmt_linear(5000.0, 1000.0), "5000");
}

#[test]
fn named_ticks_print_their_names_inside_the_range() {
    let names: Vec<String> = ["Cycling", "Romo", "Mante"].map(String::from).to_vec();
    let a = Axis::linear("", 1.5, 3.6).named_ticks(&[1.0, 2.0, 3.0], &names);
    let t = a.tick_marks();
    assert_eq!(
        t,
        vec![(2.0, "Romo".to_string()), (3.0, "Mante".to_string())]
    );
    // on a log axis too; a tick without a name keeps its number
    let a = Axis::log10("", 0.5, 200.0).named_ticks(&[1.0, 10.0, 100.0], &names[..2]);
    let t = a.tick_marks();
    assert_eq!(
        t,
        vec![
            (1.0, "Cycling".to_string()),
            (10.0, "Romo".to_string()),
            (100.0, "100".to_string())
        ]
    );
}

#[test]
fn log_ticks_and_labels() {
    let a = Axis::log10("", 0.1, 2.0);
    let t: Vec<String> = a.tick_marks().into_iter().map(|x| x.1).collect();
    assert_eq!(t, vec!["10^{\u{2212}1}", "1"]);
    let a = Axis::log10("", 0.3, 0.9);
    let t: Vec<f64> = a.tick_marks().into_iter().map(|x| x.0).collect();
    assert_eq!(t.len(), 3, "{t:?}");
    for (got, want) in t.iter().zip([0.3, 0.4, 0.6]) {
        assert!((got - want).abs() < 1e-12, "{t:?}");
    }
    // a range with one power of ten gets 1-2-5 multiples, not a crowd of 2-3-4-6
    let t: Vec<f64> = Axis::log10("", 0.015, 0.5)
        .tick_marks()
        .into_iter()
        .map(|x| x.0)
        .collect();
    assert_eq!(t.len(), 5, "{t:?}");
    for (got, want) in t.iter().zip([0.02, 0.05, 0.1, 0.2, 0.5]) {
        assert!((got - want).abs() < 1e-12, "{t:?}");
    }
}

#[test]
fn axis_coordinates_map_linear_and_log_scales() {
    let lin = AxisCoord::new(&Axis::linear("", -1.0, 3.0));
    assert_eq!(lin.map(&0.0, (0, 400)), 100);
    assert_eq!(lin.map(&3.0, (500, 100)), 100, "y axes run upwards");
    // log10: 10 is half way between 1 and 100; log2: 256 half way between 64 and 1024
    let l10 = AxisCoord::new(&Axis::log10("", 1.0, 100.0));
    assert_eq!(l10.map(&10.0, (0, 1000)), 500);
    assert_eq!(
        l10.map(&2.0, (0, 1000)),
        (1000.0 * 2f64.log10() / 2.0).round() as i32
    );
    let l2 = AxisCoord::new(&Axis::log2("", 64.0, 1024.0).ticks(&[64.0, 256.0, 1024.0]));
    assert_eq!(l2.map(&256.0, (0, 800)), 400);
    assert_eq!(l2.map(&128.0, (0, 800)), 200);
    // the chosen ticks are plotters' key points, labelled in plain Unicode
    assert_eq!(l10.key_points(BoldPoints(5)), vec![1.0, 10.0, 100.0]);
    assert!(l10.key_points(LightPoints::new(5, 50)).is_empty());
    assert_eq!(l10.format_ext(&100.0), "100");
    let small = AxisCoord::new(&Axis::log10("", 1e-3, 1e-1));
    assert_eq!(small.format_ext(&1e-2), "10\u{207b}\u{b2}");
    assert_eq!(l2.format_ext(&256.0), "256");
    let hidden = AxisCoord::new(&Axis::log2("", 64.0, 1024.0).hide_labels());
    assert_eq!(hidden.format_ext(&256.0), "");
    assert!(l10.contains(100.0) && !l10.contains(101.0) && !l10.contains(f64::NAN));
}

#[test]
fn lines_leaving_the_axes_are_cut_at_the_border() {
    let c = clip((-1.0, 0.5), (2.0, 0.5), (0.0, 1.0), (0.0, 1.0)).unwrap();
    assert_eq!(c, ((0.0, 0.5), (1.0, 0.5)));
    assert!(clip((2.0, 2.0), (3.0, 3.0), (0.0, 1.0), (0.0, 1.0)).is_none());
    let (x, y) = (Axis::linear("", 0.0, 10.0), Axis::linear("", 0.0, 1.0));
    let pts = [(0.0, 0.5), (1.0, -0.5), (2.0, 0.5), (3.0, 2.0), (4.0, 0.5)];
    let runs = clip_runs(&x, &y, &pts);
    assert_eq!(runs.len(), 3, "{runs:?}");
    for (px, py) in runs.iter().flatten() {
        assert!((-1e-12..=10.0 + 1e-12).contains(px), "{runs:?}");
        assert!((-1e-12..=1.0 + 1e-12).contains(py), "{runs:?}");
    }
    // the first run ends where the segment (0, 0.5)-(1, -0.5) meets y = 0
    assert!((runs[0][1].0 - 0.5).abs() < 1e-12 && runs[0][1].1.abs() < 1e-12);
    // on a log axis the cut is straight in log space: (1, 1)-(100, 100) leaves y <= 10
    let (lx, ly) = (Axis::log10("", 1.0, 100.0), Axis::log10("", 1.0, 10.0));
    let r = clip_runs(&lx, &ly, &[(1.0, 1.0), (100.0, 100.0)]);
    assert!(
        (r[0][1].0 - 10.0).abs() < 1e-9 && (r[0][1].1 - 10.0).abs() < 1e-9,
        "{r:?}"
    );
    // non-finite points break a line
    let r = clip_runs(
        &x,
        &y,
        &[
            (0.0, 0.1),
            (1.0, 0.2),
            (2.0, f64::NAN),
            (3.0, 0.2),
            (4.0, 0.3),
        ],
    );
    assert_eq!(r.len(), 2, "{r:?}");
    // a zig-zag splits at its sharp corners, a gentle bend does not
    let zig = [(0.0, 0.0), (10.0, 0.0), (0.0, 1.0), (10.0, 1.0)];
    assert_eq!(split_sharp(&zig), vec![(0, 1), (1, 2), (2, 3)]);
    let bend = [(0.0, 0.0), (10.0, 0.0), (20.0, 1.0)];
    assert_eq!(split_sharp(&bend), vec![(0, 2)]);
}

/// A panel whose three lines reach the top of the y range, with a 2-column legend.
fn crowded(pos: LegendPos) -> Panel {
    let mut p = Panel::new(
        "A",
        Axis::linear("x", 0.0, 10.0),
        Axis::linear("y", 0.0, 1.0),
    );
    for (k, c) in [RED, BLUE, GREEN].into_iter().enumerate() {
        let top = 1.0 - 0.1 * k as f64;
        p.line(
            Line::new(vec![(0.0, 0.0), (5.0, top), (10.0, top)], c).label(&format!("L_{{{k}}}")),
        );
    }
    p.legend(pos, 2).keep_legend_clear();
    p
}

#[test]
fn a_cleared_legend_sits_above_every_series() {
    let (fs, w, h) = (20.0, 500.0, 400.0);
    let text_w = |s: &str| 0.6 * 20.0 * s.chars().count() as f64;
    for pos in [LegendPos::UpperLeft, LegendPos::UpperRight] {
        let p = with_legend_room(&crowded(pos), fs, h).expect("room is made");
        assert!(p.y.max > 1.0, "the y range is raised: {}", p.y.max);
        assert_eq!(
            p.y.tick_marks().last().unwrap().0,
            1.0,
            "ticks stay at the data's"
        );
        let labels: Vec<String> = entries(&p).into_iter().map(|e| e.0).collect();
        let lay = layout(&p, &labels, (w, h), fs, &text_w).unwrap();
        let y = AxisCoord::new(&p.y);
        // pixel top of the data (y axis downwards) against the legend's bottom
        let data_top = y.map(&1.0, (h as i32, 0)) as f64;
        assert!(
            lay.y + lay.h <= data_top,
            "legend {lay:?} over data at {data_top}"
        );
        assert_eq!(lay.rows, 2);
        assert!(lay.x >= 0.0 && lay.x + lay.col_w.iter().sum::<f64>() <= w);
    }
    // without the request the range stays, and a too-wide legend starts off the y axis
    let mut p = crowded(LegendPos::UpperRight);
    p.legend_clear = false;
    assert!(with_legend_room(&p, fs, h).is_none());
    let wide = |_: &str| 1000.0;
    let lay = layout(&p, &["a".into(), "b".into()], (w, h), fs, &wide).unwrap();
    assert!(lay.x > 0.0, "{lay:?}");
}

/// Draws a figure into an RGB buffer.
fn render(fig: &PanelFigure) -> Vec<u8> {
    crate::plot::style::init_fonts();
    let (w, h) = fig.size;
    let mut buf = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        crate::plot::style::Figure::draw(fig, &root).unwrap();
        root.present().unwrap();
    }
    buf
}

#[test]
fn drawn_lines_stay_inside_the_axes_and_dashes_have_gaps() {
    let mut p = Panel::new("", Axis::linear("", 0.0, 10.0), Axis::linear("", 0.0, 1.0));
    // a red line far above the range for x in (4, 6), a blue dashed line at y = 0.25
    p.line(Line::new(
        vec![(0.0, 0.5), (5.0, 50.0), (10.0, 0.5)],
        RGBColor(255, 0, 0),
    ));
    p.line(Line::xy(&[0.0, 10.0], &[0.25, 0.25], RGBColor(0, 0, 255)).dash(Dash::Dashed));
    let fig = PanelFigure {
        size: (400, 300),
        font: 12.0,
        cells: vec![((0, 0, 400, 300), p)],
        footer: None,
    };
    let buf = render(&fig);
    let px = |x: u32, y: u32| {
        let i = ((y * 400 + x) * 3) as usize;
        (buf[i], buf[i + 1], buf[i + 2])
    };
    let top = 0.8 * 12.0; // the plotting area starts below the top margin
    let red_above = (0..400)
        .flat_map(|x| (0..(top as u32 - 2)).map(move |y| (x, y)))
        .filter(|&(x, y)| px(x, y) == (255, 0, 0))
        .count();
    assert_eq!(red_above, 0, "the red line is drawn above the axes");
    let red_inside = (0..400).flat_map(|x| (0..300).map(move |y| (x, y)));
    assert!(red_inside.filter(|&(x, y)| px(x, y) == (255, 0, 0)).count() > 100);
    // along the dashed line some columns are blue and some white
    let row: Vec<bool> = (0..400)
        .map(|x| (0..300).any(|y| px(x, y) == (0, 0, 255)))
        .collect();
    let blue = row.iter().filter(|b| **b).count();
    assert!(blue > 100 && blue < 330, "{blue} blue columns");
    let switches = row.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(switches > 20, "{switches} dash ends");
}

#[test]
fn the_footer_keeps_room_for_three_lines() {
    // three lines 1.15 footer sizes apart, the bottom one 0.2 above the edge, text half a
    // size above the top line's centre: 3.65 + 0.5 sizes, plus a third of a size of gap
    let size = 22.0 * 0.8;
    assert_eq!(crate::plot::panel::footer_height(22.0), 79);
    assert!(
        f64::from(crate::plot::panel::footer_height(22.0)) >= (3.0 * 1.15 + 0.2 + 0.5) * size + 5.0
    );
}

#[test]
fn a_triangle_mark_points_down_at_its_value() {
    let mut p = Panel::new("", Axis::linear("", 0.0, 10.0), Axis::linear("", 0.0, 1.0));
    p.push(Element::Triangles {
        points: vec![(5.0, 0.5), (5.0, 7.0)],
        color: RGBColor(0, 200, 0),
    });
    let fig = PanelFigure {
        size: (400, 300),
        font: 20.0,
        cells: vec![((0, 0, 400, 300), p)],
        footer: None,
    };
    let buf = render(&fig);
    let green = |y: u32| {
        (0..400)
            .filter(|&x| {
                let i = ((y * 400 + x) * 3) as usize;
                (buf[i], buf[i + 1], buf[i + 2]) == (0, 200, 0)
            })
            .collect::<Vec<u32>>()
    };
    let rows: Vec<(u32, usize)> = (0..300).map(|y| (y, green(y).len())).collect();
    let drawn: Vec<&(u32, usize)> = rows.iter().filter(|r| r.1 > 0).collect();
    // one mark (the other lies above the axes): 2 s + 1 rows with s = 0.35 * 20 = 7
    assert!((13..=16).contains(&drawn.len()), "{drawn:?}");
    // widest at the top, one or two pixels at the tip below
    let (top, bottom) = (drawn[0], drawn[drawn.len() - 1]);
    assert!(top.1 >= 13 && bottom.1 <= 3, "{top:?} {bottom:?}");
    // centred on x = 5 of the axes: the top row's middle near the middle of its columns
    let xs = green(top.0);
    let mid = (xs[0] + xs[xs.len() - 1]) / 2;
    let tip = green(bottom.0)[0];
    assert!(mid.abs_diff(tip) <= 1, "{mid} {tip}");
}
