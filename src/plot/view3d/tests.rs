use super::*;
use crate::plot::style::init_fonts;
use plotters::prelude::*;

#[test]
fn nice_factors_are_one_two_or_five_times_a_power_of_ten() {
    let f = |t, l| nice_factor(t, l).unwrap();
    assert!((f(10.0, 0.096) - 100.0).abs() < 1e-9);
    assert!((f(10.0, 0.93) - 10.0).abs() < 1e-9);
    assert!((f(3.0, 1.0) - 2.0).abs() < 1e-12);
    assert!((f(0.7, 0.1) - 5.0).abs() < 1e-12);
    assert!((f(0.05, 1.0) - 0.05).abs() < 1e-15);
    assert_eq!(nice_factor(0.0, 1.0), None);
    assert_eq!(nice_factor(1.0, f64::NAN), None);
}

fn ring(z: f64) -> Vec<[f64; 3]> {
    (0..64)
        .map(|k| {
            let a = k as f64 / 64.0 * std::f64::consts::TAU;
            [a.cos(), a.sin(), z * a.sin()]
        })
        .collect()
}

#[test]
fn equal_axes_keep_a_flat_ring_flat() {
    let mut v = View3d::new("A");
    v.curves.push(Curve3::new(ring(0.01), RGBColor(0, 0, 0)));
    let r = v.ranges();
    let span = |d: usize| r[d].1 - r[d].0;
    assert!((span(0) - 2.2).abs() < 1e-9, "{r:?}");
    assert!((span(2) - span(0)).abs() < 1e-9, "{r:?}");
    assert!(r[2].0 < -1.0 && r[2].1 > 1.0, "{r:?}");
    v.equal = false;
    let r = v.ranges();
    assert!((r[2].1 - r[2].0 - 0.022).abs() < 1e-9, "{r:?}");
    assert!(View3d::new("").ranges().iter().all(|(lo, hi)| hi > lo));
}

const RED: RGBColor = RGBColor(255, 0, 0);
const GREEN: RGBColor = RGBColor(0, 200, 0);
const BLUE: RGBColor = RGBColor(0, 0, 255);

/// Mean pixel position of the exact colour `c` in an RGB buffer of width `w`.
fn centroid(buf: &[u8], w: usize, c: RGBColor) -> Option<(f64, f64)> {
    let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
    for (i, px) in buf.chunks(3).enumerate() {
        if px == [c.0, c.1, c.2] {
            sx += (i % w) as f64;
            sy += (i / w) as f64;
            n += 1.0;
        }
    }
    (n > 0.0).then(|| (sx / n, sy / n))
}

/// At the default angles the first data axis runs along the lower-right edge of the box,
/// the second along the lower-left edge and the third upwards (the published views).
#[test]
fn default_view_puts_the_third_axis_up_and_the_floor_axes_to_the_sides() {
    init_fonts();
    let (w, h) = (400usize, 400usize);
    let mut buf = vec![0u8; w * h * 3];
    let mut v = View3d::new("").axes("PC1", "PC2", "w");
    let seg = |p: [f64; 3], c| Curve3::new(vec![[0.0; 3], p], c).width(3);
    v.curves.push(seg([1.0, 0.0, 0.0], RED));
    v.curves.push(seg([0.0, 1.0, 0.0], GREEN));
    v.curves.push(seg([0.0, 0.0, 1.0], BLUE));
    v.curves.push(seg([-1.0, -1.0, -1.0], RGBColor(1, 1, 1)));
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w as u32, h as u32)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        draw_view(&root, &v, 14.0).unwrap();
        root.present().unwrap();
    }
    let (r, g, b) = (
        centroid(&buf, w, RED).expect("the first axis is drawn"),
        centroid(&buf, w, GREEN).expect("the second axis is drawn"),
        centroid(&buf, w, BLUE).expect("the third axis is drawn"),
    );
    // c points up from the origin, a to the right, b to the right and down (towards the
    // front corner): a along the lower-right edge, b along the lower-left one
    assert!(
        b.1 < r.1 - 15.0 && b.1 < g.1 - 15.0,
        "a {r:?}, b {g:?}, c {b:?}"
    );
    assert!(
        r.0 > b.0 + 20.0 && g.0 > b.0 + 20.0,
        "a {r:?}, b {g:?}, c {b:?}"
    );
    assert!(g.1 > r.1 + 15.0, "a {r:?}, b {g:?}");
}

#[test]
fn a_mixed_figure_saves_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let mut fig = MixedFigure::new((600, 400), 16.0);
    let mut v = View3d::new("A").axes("PC 1", "PC 2", "w_{out,\u{22a5}}");
    v.curves.push(Curve3::new(ring(0.2), RED).heads(3));
    v.arrows.push(Arrow3 {
        from: [0.0; 3],
        to: [0.0, 0.0, 0.8],
        color: BLUE,
        label: Some("50 w_{out}".into()),
    });
    fig.views.push(((0, 0, 400, 400), v));
    fig.texts
        .push(FreeText::centred((500, 200), "row").rotated());
    let stem = dir.path().join("mixed");
    crate::plot::style::save_png_svg(&fig, &stem).unwrap();
    let svg = std::fs::read_to_string(stem.with_extension("svg")).unwrap();
    assert!(
        svg.contains("PC 1") && svg.contains("row"),
        "labels missing"
    );
    assert!(std::fs::metadata(stem.with_extension("png")).unwrap().len() > 1000);
}
