//! Tests of the figures module (`figure.rs`): Fig. 3B's drop lines, Fig. 6's marks and the
//! example networks.

use super::{fig6, lowest_items, median_item, Grid};
use crate::plot::panel::Element;
use crate::reproduce::neuro::grid::assemble;
use crate::reproduce::neuro::job::run_all;
use crate::reproduce::neuro::plan::Plan;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;

/// A cycling grid of one network per output scale at g = 1.5 (N = 32, 5 steps), trained
/// and measured.
fn tiny_grid() -> Grid {
    let plan = Plan::tiny(TaskKind::Cycling, 1, 5, 3);
    let records = run_all(&plan, &plan.jobs());
    assemble(plan, records, 0.0).unwrap()
}

/// Fig. 6 right marks the Fig. 2 pair at cycling, left of each regime's column, only
/// when the run has it.
#[test]
fn fig6_marks_the_fig2_pair_when_the_run_has_it() {
    let mut grid = tiny_grid();
    let marks = |g: &Grid| -> Vec<(f64, f64)> {
        let f = fig6(g).expect("noise ratios measured");
        let els = &f.cells[0].1.elements;
        els.iter()
            .filter_map(|e| match e {
                Element::Triangles { points, .. } => Some(points[0]),
                _ => None,
            })
            .collect()
    };
    assert!(marks(&grid).is_empty());
    grid.fig2_noise = Some([14.0, 0.44]);
    // cycling at 1, two groups 0.35 wide: columns 0.825 and 1.175, marks 0.0875 left
    let m = marks(&grid);
    assert_eq!(m.len(), 2);
    assert!((m[0].0 - 0.7375).abs() < 1e-12 && m[0].1 == 14.0, "{m:?}");
    assert!((m[1].0 - 1.0875).abs() < 1e-12 && m[1].1 == 0.44, "{m:?}");
}

/// Fig. 3B drops a dotted line from each example network's curve at its 90% dimension
/// to the axis, and names the dimension beside the rightmost one.
#[test]
fn fig3b_drops_lines_at_the_dimensions_and_names_them() {
    let grid = tiny_grid();
    let f = super::fig3(&grid);
    for (cell, name, pick) in [
        (
            3,
            "D_{x,90}",
            (|r| (&r.state.cevr, r.state.d_x)) as super::Pick,
        ),
        (4, "D_{fit,90}", |r| (&r.state.r2_all, r.state.d_fit)),
    ] {
        let els = &f.cells[cell].1.elements;
        let drops: Vec<&Vec<(f64, f64)>> = els
            .iter()
            .filter_map(|e| match e {
                Element::Line(l) if l.points.len() == 2 => Some(&l.points),
                _ => None,
            })
            .collect();
        let mut right = 0;
        for (i, scale) in [OutputScale::Small, OutputScale::Large]
            .into_iter()
            .enumerate()
        {
            let (v, d) = pick(super::example(&grid, scale).unwrap());
            let d = d.expect("a dimension");
            // from the axis up to the curve's value at k = d
            assert_eq!(
                drops[i],
                &vec![(d as f64, 0.0), (d as f64, v[d - 1].max(0.0))]
            );
            right = right.max(d);
        }
        let text: Vec<_> = els
            .iter()
            .filter_map(|e| match e {
                Element::Text { at, text, .. } => Some((*at, text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(text, vec![((right as f64 + 0.3, 0.3), name)]);
    }
}

#[test]
fn the_example_network_is_the_best_trained_one() {
    let v = vec![(0.37, 0), (0.29, 1), (0.40, 2), (0.29, 3), (0.31, 4)];
    assert_eq!(lowest_items(&v, 1), vec![1]);
    assert_eq!(lowest_items(&[(0.5, 7)], 1), vec![7]);
    assert_eq!(lowest_items(&[], 1), Vec::<usize>::new());
    // the three lowest in the order given
    assert_eq!(lowest_items(&v, 3), vec![1, 3, 4]);
}

#[test]
fn the_typical_network_is_the_median_one() {
    // the relative susceptibilities of the paper-size cycling networks (samples 0-4,
    // large output, figures/paper-subset): sample 2 (0.745) is the least typical
    let v = [0.411, 0.411, 0.745, 0.484, 0.609];
    let items = |v: &[f64]| v.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    assert_eq!(median_item(items(&v)), Some(3));
    // even count: the lower middle (0.411 of samples 0 and 1: sample 1, the later one)
    assert_eq!(median_item(items(&v[..4])), Some(1));
    // ties keep the order given (the group's sample order)
    assert_eq!(median_item(vec![(0.5, 9), (0.5, 7), (0.2, 4)]), Some(9));
    assert_eq!(median_item(Vec::new()), None);
}
