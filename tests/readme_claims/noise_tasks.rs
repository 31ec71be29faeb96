//! The README's check of Mante's and Romo's apart noise ratios against independent code
//! (`bench/noise_ratio_vs_torch.py --task mante|romo`, results in
//! `bench/results/noise_ratio_vs_torch_{mante,romo}.json`): the published recipe trained in
//! PyTorch and measured in numpy, beside the report's networks at the paper size (their
//! `fig*_networks.csv`).

use super::noise_torch::{joined, list, number, numbers, of};
use super::susceptibility::{draws_of, spread, SusceptibilityCheck};
use super::{assert_says, column, extent, mean, read_json, readme, sig3};
use serde_json::Value;

/// Two significant digits ("0.0074", "0.70").
pub(super) fn sig2(x: f64) -> String {
    let digits = (1 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

/// "PyTorch's {scale}-output {task}network(s) at g = {g} give(s) {ratios} after the
/// published {steps} steps (loss(es) ..., |w_out| ...)", from the PyTorch rows of `scale` at
/// `g` at `steps` in `res`.
fn torch_sentence(res: &Value, scale: &str, g: f64, steps: u64, task: &str) -> String {
    let rows: Vec<&Value> = list(res, "torch")
        .filter(|r| of(r, scale, g) && r["step"].as_u64() == Some(steps))
        .collect();
    assert!(
        !rows.is_empty(),
        "no PyTorch {task}{scale}-output network at {steps} steps"
    );
    let each = |f: &str, fmt: fn(f64) -> String| {
        joined(&rows.iter().map(|r| fmt(number(r, f))).collect::<Vec<_>>())
    };
    let plural = rows.len() > 1;
    format!(
        "PyTorch's {scale}-output {task}network{} at g = {g} give{} {} after the published \
         {steps} steps (loss{} {}, |w_out| {})",
        if plural { "s" } else { "" },
        if plural { "" } else { "s" },
        each("noise_ratio", sig3),
        if plural { "es" } else { "" },
        each("loss_last_10pct", sig2),
        each("w_out_norm", sig2)
    )
}

/// "our five's {lo}-{hi} (losses ..., |w_out| ...)": the networks of `task` at (`scale`, `g`)
/// in a `fig*_networks.csv` of the report.
fn ours_sentence(csv: &str, task: &str, scale: &str, g: &str) -> String {
    let prefix = format!("{task},{scale},{g},");
    let cols = ["noise_ratio", "final_loss", "w_out_norm"].map(|f| column(csv, &prefix, f));
    assert_eq!(
        cols[0].len(),
        5,
        "five {task} networks ({scale}, g = {g}) in {csv}"
    );
    let span = |v: &[f64], fmt: fn(f64) -> String| {
        let (lo, hi) = extent(v);
        let (lo, hi) = (fmt(lo), fmt(hi));
        if lo == hi {
            lo
        } else {
            format!("{lo}-{hi}")
        }
    };
    format!(
        "our five's {} (losses {}, |w_out| {})",
        span(&cols[0], sig3),
        span(&cols[1], sig2),
        span(&cols[2], sig2)
    )
}

#[test]
fn mante_noise_ratios_against_pytorch_are_what_was_measured() {
    let res: Value = read_json("bench/results/noise_ratio_vs_torch_mante.json");
    let text = readme();
    let what = "Mante's noise ratios (bench/results/noise_ratio_vs_torch_mante.json)";
    for s in [
        torch_sentence(&res, "small", 0.7, 4000, ""),
        ours_sentence(
            "figures/paper-mante/fig16_networks.csv",
            "mante",
            "small",
            "0.7",
        ),
        torch_sentence(&res, "large", 1.5, 4000, ""),
        ours_sentence(
            "figures/paper-subset/fig6_networks.csv",
            "mante",
            "large",
            "1.5",
        ),
    ] {
        assert_says(&text, &s, what);
    }
    // the mean of the large-output PyTorch networks against the published 0.33 / 1.5
    let large: Vec<f64> = list(&res, "torch")
        .filter(|r| of(r, "large", 1.5) && r["step"].as_u64() == Some(4000))
        .map(|r| number(r, "noise_ratio"))
        .collect();
    let mean_large = mean(&large);
    assert!(
        mean_large < 0.33 / 1.5,
        "PyTorch's mean {mean_large} is within the factor"
    );
    let s = format!(
        "their mean, {mean_large:.2}, lies more than the factor 1.5 below the published value"
    );
    assert_says(&text, &s, what);
    // numpy's and oblique's measures of one oblique network over six noise draws each
    let row = list(&res, "measured").next().expect("a measured run");
    let (numpy, ours) = (numbers(row, "numpy_draws"), numbers(row, "oblique_draws"));
    assert_eq!((numpy.len(), ours.len()), (6, 6), "six draws each");
    let ((a, b), (c, d)) = (extent(&numpy), extent(&ours));
    let s = format!(
        "over six noise draws each, numpy gives {a:.1}-{b:.1} (mean {:.1}) and oblique \
         {c:.1}-{d:.1} (mean {:.1})",
        mean(&numpy),
        mean(&ours)
    );
    assert_says(&text, &s, what);
}

#[test]
fn romo_noise_ratio_against_pytorch_is_what_was_measured() {
    let res: Value = read_json("bench/results/noise_ratio_vs_torch_romo.json");
    let what = "Romo's noise ratio (bench/results/noise_ratio_vs_torch_romo.json)";
    let text = readme();
    for s in [
        torch_sentence(&res, "small", 1.5, 6000, "Romo "),
        ours_sentence(
            "figures/paper-subset/fig6_networks.csv",
            "romo",
            "small",
            "1.5",
        ),
    ] {
        assert_says(&text, &s, what);
    }
}

#[test]
fn two_significant_digits() {
    assert_eq!(
        (sig2(0.00741), sig2(0.7036), sig2(0.0761), sig2(0.0147)),
        (
            "0.0074".into(),
            "0.70".into(),
            "0.076".into(),
            "0.015".into()
        )
    );
}

#[test]
fn mante_susceptibility_against_pytorch_is_what_was_measured() {
    let res: Value = read_json("bench/results/susceptibility_vs_torch.json");
    let what = "Mante's susceptibility (bench/results/susceptibility_vs_torch.json)";
    let text = readme();
    SusceptibilityCheck {
        dir: "mante_small_g1.5_s1_step4000",
        label: "",
        noise_file: "bench/results/noise_ratio_vs_torch_mante.json",
        csv: "figures/paper-mante/fig16_networks.csv",
        prefix: "mante,small,1.5,",
        scale: "small",
        g: 1.5,
        seed: 1,
        steps: 4000,
    }
    .assert_readme(&res, &text, what);
    // both measures on one of oblique's networks
    let dir = "obl_mante_small_g0.7_n256";
    let s = format!(
        "numpy gives {} and oblique {} over ten draws each",
        spread(&draws_of(&res, dir, "numpy")),
        spread(&draws_of(&res, dir, "oblique"))
    );
    assert_says(&text, &s, what);
}

#[test]
fn complex_sine_susceptibility_against_pytorch_is_what_was_measured() {
    let res: Value = read_json("bench/results/susceptibility_vs_torch.json");
    SusceptibilityCheck {
        dir: "complex-sine_large_g0.7_s3_step6000",
        label: "complex-sine ",
        noise_file: "bench/results/noise_ratio_vs_torch.json",
        csv: "figures/paper-complex-sine/fig16_networks.csv",
        prefix: "complex-sine,large,0.7,",
        scale: "large",
        g: 0.7,
        seed: 3,
        steps: 6000,
    }
    .assert_readme(
        &res,
        &readme(),
        "complex sine's susceptibility (bench/results/susceptibility_vs_torch.json)",
    );
}
