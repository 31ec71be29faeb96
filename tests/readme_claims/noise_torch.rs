//! The README's check of the apart g = 0.7 noise ratio of complex sine against independent
//! code (`bench/noise_ratio_vs_torch.py`, `bench/results/noise_ratio_vs_torch.json`): the
//! published recipe trained in PyTorch and measured in numpy, beside oblique's networks.

use super::{assert_says, extent, read_json, readme};
use serde_json::Value;

/// The rows of `key` whose `field` is `value`, in file order.
fn rows<'a>(res: &'a Value, key: &str, field: &str, value: u64) -> Vec<&'a Value> {
    list(res, key)
        .filter(|r| r[field].as_u64() == Some(value))
        .collect()
}

/// The rows of the list `key` of a `bench/noise_ratio_vs_torch.py` results file.
pub(super) fn list<'a>(res: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    res[key]
        .as_array()
        .unwrap_or_else(|| panic!("the noise-ratio results file has no list {key}"))
        .iter()
}

/// Whether `row` is of output scale `scale` at gain `g`.
pub(super) fn of(row: &Value, scale: &str, g: f64) -> bool {
    row["scale"].as_str() == Some(scale) && row["g"].as_f64() == Some(g)
}

/// The list of numbers `field` of `row`.
pub(super) fn numbers(row: &Value, field: &str) -> Vec<f64> {
    row[field]
        .as_array()
        .unwrap_or_else(|| panic!("a results row without the list {field}: {row}"))
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect()
}

pub(super) fn number(row: &Value, field: &str) -> f64 {
    row[field]
        .as_f64()
        .unwrap_or_else(|| panic!("a noise-ratio results row without {field}: {row}"))
}

/// `a, b and c` with one decimal.
fn listed(values: &[f64]) -> String {
    let text: Vec<String> = values.iter().map(|v| format!("{v:.1}")).collect();
    joined(&text)
}

/// `a, b and c`.
pub(super) fn joined(text: &[String]) -> String {
    match text.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[test]
fn complex_sine_noise_ratios_against_pytorch_are_what_was_measured() {
    let res: Value = read_json("bench/results/noise_ratio_vs_torch.json");
    let text = readme();
    let what = "the complex sine noise ratios (bench/results/noise_ratio_vs_torch.json)";
    // PyTorch's networks after the published 6000 steps, and their losses
    let mut torch = rows(&res, "torch", "step", 6000);
    torch.retain(|r| of(r, "small", 0.7));
    assert_eq!(
        torch.len(),
        2,
        "two small-output PyTorch networks reach 6000 steps"
    );
    let ratios: Vec<f64> = torch.iter().map(|r| number(r, "noise_ratio")).collect();
    let losses: Vec<String> = torch
        .iter()
        .map(|r| format!("{:.4}", number(r, "loss_last_10pct")))
        .collect();
    let s = format!(
        "PyTorch's two networks give noise ratios of {} after 6000 steps (losses {})",
        listed(&ratios),
        losses.join(" and ")
    );
    assert_says(&text, &s, what);
    // oblique's network at 3000, 6000 and 12000 steps, by both measures
    let ours: Vec<&Value> = [3000, 6000, 12000]
        .iter()
        .map(|&s| rows(&res, "measured", "steps", s)[0])
        .collect();
    let by = |f: &str| listed(&ours.iter().map(|r| number(r, f)).collect::<Vec<_>>());
    let s = format!(
        "oblique's network gives {} by oblique's measure and {} by numpy's after 3000, 6000 \
         and 12000 steps (loss {:.4} at 6000",
        by("oblique"),
        by("numpy"),
        number(ours[1], "loss_last_10pct")
    );
    assert_says(&text, &s, what);
    // the spread of numpy's measure over six noise draws of the 6000-step network
    let draws = numbers(ours[1], "numpy_draws");
    assert_eq!(draws.len(), 6, "six noise draws");
    let (lo, hi) = extent(&draws);
    let s = format!("{lo:.1}-{hi:.1} over six draws of numpy's measure at 6000 steps");
    assert_says(&text, &s, what);
    // PyTorch's first network (seed 2, small output, g = 0.7) along its 12000 steps
    let long: Vec<f64> = list(&res, "torch")
        .filter(|r| r["seed"].as_u64() == Some(2) && of(r, "small", 0.7))
        .map(|r| number(r, "noise_ratio"))
        .collect();
    let s = format!(
        "PyTorch's first network gives {} after 3000, 6000, 9000 and 12000 steps",
        listed(&long)
    );
    assert_says(&text, &s, what);
    // the large-output network at g = 0.7 after 6000 steps
    let large = list(&res, "torch")
        .find(|r| of(r, "large", 0.7) && r["step"].as_u64() == Some(6000))
        .expect("a large-output PyTorch network at 6000 steps");
    let s = format!(
        "PyTorch's large-output network gives {:.2} after 6000 steps (loss {:.4}, |w_out| {:.2})",
        number(large, "noise_ratio"),
        number(large, "loss_last_10pct"),
        number(large, "w_out_norm")
    );
    assert_says(&text, &s, what);
}
