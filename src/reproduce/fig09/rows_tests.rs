//! Tests of the Fig. 9 rows and notes.

use super::*;

fn curve(losses: &[f64]) -> Vec<StepRecord> {
    let rec = |(step, &loss): (usize, &f64)| StepRecord {
        step,
        loss,
        l_bias: 0.0,
        l_var: 0.0,
        dw_norm: 0.0,
        corr: f64::NAN,
    };
    losses.iter().enumerate().map(rec).collect()
}

#[test]
fn dw_is_judged_at_paper_size_and_its_note_says_how_each_network_trains() {
    use SineScenario::*;
    let run = SineRun::blank(Lazy, 1);
    let row = |size, sc| dw_row(&Setup::new(size), sc, Some(&run));
    assert_eq!(row(Size::Paper, Oblique).check, Check::Factor(1.5));
    for sc in [Aligned, Oblique] {
        assert_eq!(row(Size::Default, sc).check, Check::Info);
    }
    assert!(row(Size::Default, Lazy)
        .note
        .starts_with("published value of one network at this set-up (N = 512, 1000 steps)"));
    assert_eq!(
        row(Size::Default, Oblique).note,
        "published value at N = 512 and 1000 steps; this network trains 700 steps (see below)"
    );
    assert!(row(Size::Quick, Lazy)
        .note
        .ends_with("this run is smaller (see below)"));
    assert_eq!(
        setup_note(&Setup::new(Size::Default)),
        "Set-up: default size, N = 512 as published; the aligned, marginal and lazy networks \
         train 1000 steps and the oblique one 700 (published: 1000 each)."
    );
    assert!(setup_note(&Setup::new(Size::Quick)).contains("so about 0.49 at N = 48"));
}

#[test]
fn last_quarters_average_the_last_two_quarters() {
    // 9 records, quarters of 2: steps 5-6 (0.5, 0.3) and 7-8 (0.2, 0.1)
    let c = curve(&[9.0, 9.0, 9.0, 9.0, 9.0, 0.5, 0.3, 0.2, 0.1]);
    let ((a0, a1, a), (b0, b1, b)) = last_quarters(&c).unwrap();
    assert_eq!((a0, a1, b0, b1), (5, 6, 7, 8));
    assert!((a - 0.4).abs() < 1e-15 && (b - 0.15).abs() < 1e-15);
    assert_eq!(last_quarters(&c[..3]), None);
}

#[test]
fn the_oblique_notes_give_the_runs_late_losses() {
    let mut r = SineRun::blank(SineScenario::Oblique, 1);
    r.curve = curve(&[9.0, 9.0, 9.0, 9.0, 9.0, 0.5, 0.3, 0.2, 0.1]);
    r.probe = vec![(5, 0.9), (7, 0.08), (8, 0.04)];
    let runs = [r];
    let (r, prev, last) = oblique_late(&runs).unwrap();
    assert_eq!(
        oblique_trend(prev, last),
        " Its training loss (with noise) averages 0.400 over steps 5-6 and 0.150 over the \
         last quarter, steps 7-8 (-62.5%)."
    );
    assert_eq!(
        noise_free_trend(r, last),
        " Over the last quarter of training it averages 0.060 against 0.150 with noise, \
         below the noisy loss, as published."
    );
    let mut worse = runs[0].clone();
    worse.probe = vec![(7, 0.3)];
    assert!(
        noise_free_trend(&worse, last).ends_with("not below the noisy loss (published: below).")
    );
    worse.probe.clear();
    assert_eq!(noise_free_trend(&worse, last), "");
    assert!(oblique_late(&[]).is_none());
    assert!(oblique_late(&[SineRun::blank(SineScenario::Oblique, 1)]).is_none());
}
