//! The README's check of the apart dissimilarities of cycling and flip-flop against
//! independent code (`bench/dissimilarity_vs_torch.py`, results in
//! `bench/results/dissimilarity_vs_torch.json`): the published recipe trained in PyTorch
//! (and oblique's trainer) measured in numpy, beside the report's pairs at the paper size
//! (`figures/paper-subset/fig4_dissimilarity.csv`).

use super::noise_torch::list;
use super::{assert_says, column, extent, mean, read, read_json, readme};
use serde_json::Value;

/// "two", "three", ... for the counts the README spells out.
fn word(n: usize) -> &'static str {
    ["zero", "one", "two", "three", "four", "five"]
        .get(n)
        .copied()
        .unwrap_or_else(|| panic!("no word for {n}"))
}

/// "{lo}-{hi} rad (mean {m})" of the pair angles `v`, three decimals.
fn span(v: &[f64]) -> String {
    let (lo, hi) = extent(v);
    format!("{lo:.3}-{hi:.3} rad (mean {:.3})", mean(v))
}

/// The results row `label` of dissimilarity_vs_torch.json.
fn row<'a>(res: &'a Value, label: &str) -> &'a Value {
    list(res, "rows")
        .find(|r| r["label"].as_str() == Some(label))
        .unwrap_or_else(|| panic!("no row {label} in dissimilarity_vs_torch.json"))
}

/// The mean over the pairs of the row `label`.
fn row_mean(res: &Value, label: &str) -> f64 {
    row(res, label)["mean"].as_f64().expect("a mean")
}

/// The row `label`'s mean on each of its other evaluation batches (`--batches`).
fn batch_means(res: &Value, label: &str) -> Vec<f64> {
    list(row(res, label), "batches")
        .map(|b| b["mean"].as_f64().expect("a mean"))
        .collect()
}

/// The losses (last tenth) of PyTorch's complex-sine networks of `scale` at g = 1.5 after the
/// published 6000 steps (noise_ratio_vs_torch.json).
fn torch_losses(scale: &str) -> Vec<f64> {
    let nets: Value = read_json("bench/results/noise_ratio_vs_torch.json");
    list(&nets, "torch")
        .filter(|r| r["scale"] == scale && r["g"] == 1.5 && r["step"] == 6000)
        .map(|r| r["loss_last_10pct"].as_f64().expect("a loss"))
        .collect()
}

/// The pair angles of the results row `label`, and how many networks it holds.
fn pairs(res: &Value, label: &str) -> (Vec<f64>, usize) {
    let row = row(res, label);
    let angles = list(row, "pairs")
        .map(|p| p["angle"].as_f64().expect("an angle"))
        .collect();
    (angles, list(row, "dirs").count())
}

/// The report's pair angles of the rows that start `task,scale,g[,i,j]` (e.g.
/// `cycling,small,1.5`) in the Fig. 4 of the paper folder `folder` (`paper-subset`,
/// `paper-complex-sine`).
fn ours(folder: &str, rows: &str) -> Vec<f64> {
    column(
        &format!("figures/{folder}/fig4_dissimilarity.csv"),
        &format!("{rows},"),
        "angle",
    )
}

/// "{who}'s {k} {scale}-output {name} networks at g = 1.5 lie {lo}-{hi} rad apart (mean
/// {m})", from the row
/// `label`.
fn sentence(res: &Value, label: &str, who: &str, scale: &str, name: &str) -> String {
    let (angles, k) = pairs(res, label);
    assert_eq!(angles.len(), k * (k - 1) / 2, "every pair of {label}");
    let (lo, hi) = extent(&angles);
    if let [one] = angles[..] {
        return format!(
            "{who}'s two {scale}-output {name} networks at g = 1.5 lie {one:.3} rad apart"
        );
    }
    format!(
        "{who}'s {} {scale}-output {name} networks at g = 1.5 lie {lo:.3}-{hi:.3} rad apart \
         (mean {:.3})",
        word(k),
        mean(&angles)
    )
}

#[test]
fn dissimilarities_against_pytorch_are_what_was_measured() {
    let res: Value = read_json("bench/results/dissimilarity_vs_torch.json");
    let what = "the dissimilarities (bench/results/dissimilarity_vs_torch.json)";
    let text = readme();
    for (folder, task, name, scale, published) in [
        ("paper-subset", "cycling", "cycling", "small", "0.22"),
        ("paper-subset", "flipflop", "flip-flop", "small", "0.33"),
        ("paper-subset", "flipflop", "flip-flop", "large", "0.44"),
        (
            "paper-complex-sine",
            "complex-sine",
            "complex-sine",
            "large",
            "0.22",
        ),
    ] {
        let label = format!("{task} {scale} g1.5 torch");
        let five = ours(folder, &format!("{task},{scale},1.5"));
        assert_eq!(five.len(), 10, "ten pairs of {task} {scale} in the report");
        let s = format!(
            "{}, against our five's ten pairs {} and the published {published}",
            sentence(&res, &label, "PyTorch", scale, name),
            span(&five)
        );
        assert_says(&text, &s, what);
    }
    let s = sentence(
        &res,
        "cycling small g1.5 oblique",
        "oblique",
        "small",
        "cycling",
    );
    assert_says(&text, &s, what);
}

/// The sample of the report's cycling network (small output, g = 1.5) trained from `seed`.
fn sample_of(seed: &str) -> String {
    read("figures/paper-subset/fig3_networks.csv")
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f[..3] == ["cycling", "small", "1.5"] && f[4] == seed)
        .unwrap_or_else(|| panic!("no cycling network of seed {seed} in the report"))[3]
        .to_string()
}

/// numpy's measure of the report's own cycling networks (retrained from their seeds by
/// `oblique train task`, bit for bit) gives the report's pairs.
#[test]
fn numpy_gives_the_reports_cycling_networks_the_reports_pairs() {
    let res: Value = read_json("bench/results/dissimilarity_vs_torch.json");
    let row = row(&res, "cycling small g1.5 report");
    let samples: Vec<String> = list(row, "dirs")
        .map(|d| {
            let dir = d.as_str().expect("a dir");
            sample_of(dir.rsplit('_').next().expect("a seed"))
        })
        .collect();
    let mut checked = 0;
    for p in list(row, "pairs") {
        let (i, j) = (p["i"].as_u64().unwrap(), p["j"].as_u64().unwrap());
        let (a, b) = (&samples[i as usize], &samples[j as usize]);
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let report = match ours("paper-subset", &format!("cycling,small,1.5,{a},{b}"))[..] {
            [one] => one,
            _ => panic!("not one pair {a}, {b} in the report"),
        };
        let numpy = p["angle"].as_f64().unwrap();
        assert!(
            (report - numpy).abs() < 1e-3,
            "pair {a}, {b}: report {report}, numpy {numpy}"
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} pairs");
}

/// Complex sine's large-output row: PyTorch's networks on oblique's evaluation batch (that of
/// the report's networks) lie as far apart as ours, and on other draws of the batch further.
#[test]
fn complex_sine_dissimilarity_moves_with_the_evaluation_batch() {
    let res: Value = read_json("bench/results/dissimilarity_vs_torch.json");
    let what = "complex sine's dissimilarity on other batches (dissimilarity_vs_torch.json)";
    let text = readme();
    let label = "complex-sine large g1.5 torch";
    let on_ours = format!("{label}, oblique's batch");
    let (angles, k) = pairs(&res, &on_ours);
    assert_eq!(k, 3, "three networks on oblique's batch");
    let (lo, hi) = extent(&angles);
    let s = format!(
        "On oblique's evaluation batch, the one our five are measured on, the same three \
         networks lie {lo:.3}-{hi:.3} rad apart (mean {:.3}), as ours",
        mean(&angles)
    );
    assert_says(&text, &s, what);
    let ours = mean(&ours("paper-complex-sine", "complex-sine,large,1.5"));
    assert!(
        (mean(&angles) - ours).abs() < 0.02,
        "oblique's batch: PyTorch's {} against ours {ours}",
        mean(&angles)
    );
    let batches = batch_means(&res, label);
    let (blo, bhi) = extent(&batches);
    let s = format!(
        "on {} other draws of the 32-trial batch their mean is {blo:.3}-{bhi:.3} (mean {:.3}), \
         so oblique's draw gives them a lower mean than any of the {}",
        batches.len(),
        mean(&batches),
        batches.len()
    );
    assert_says(&text, &s, what);
    assert!(
        row_mean(&res, &on_ours) < blo,
        "oblique's batch is not the lowest"
    );
    let factor = 0.22 / mean(&batches);
    assert!(
        factor < 1.4,
        "the published 0.22 is {factor:.2}x the draws' mean"
    );
    let torch = torch_losses("large");
    assert_eq!(torch.len(), 3, "three large-output networks at g = 1.5");
    let report = column(
        "figures/paper-complex-sine/fig3_networks.csv",
        "complex-sine,large,1.5,",
        "final_loss",
    );
    let ((tlo, thi), (olo, ohi)) = (extent(&torch), extent(&report));
    let s = format!("(losses {tlo:.3}-{thi:.3}, ours {olo:.3}-{ohi:.3})");
    assert_says(&text, &s, what);
}

/// Complex sine's claim (large / small above 1) with PyTorch's networks on every batch: the
/// small-output pair beside the large-output mean, batch by batch.
#[test]
fn complex_sine_claim_holds_for_pytorch_on_every_batch() {
    let res: Value = read_json("bench/results/dissimilarity_vs_torch.json");
    let what = "complex sine's ratio on other batches (dissimilarity_vs_torch.json)";
    let text = readme();
    let (small, large) = (
        batch_means(&res, "complex-sine small g1.5 torch"),
        batch_means(&res, "complex-sine large g1.5 torch"),
    );
    assert_eq!(small.len(), large.len(), "the same draws");
    let ratios: Vec<f64> = large.iter().zip(&small).map(|(l, s)| l / s).collect();
    let (rlo, rhi) = extent(&ratios);
    assert!(rlo > 1.0, "the claim fails on a draw: {rlo}");
    let on_ours = |scale: &str| {
        row_mean(
            &res,
            &format!("complex-sine {scale} g1.5 torch, oblique's batch"),
        )
    };
    let ours_small = ours("paper-complex-sine", "complex-sine,small,1.5");
    let (olo, ohi) = extent(&ours_small);
    let s = format!(
        "lie {:.3} rad apart on PyTorch's batch and {:.3} on oblique's (our five's ten pairs \
         {olo:.3}-{ohi:.3} rad, the published 0.16), and the large-output mean over the \
         small-output angle is {rlo:.2}-{rhi:.2} on the {} other draws and {:.2} on oblique's \
         batch",
        row_mean(&res, "complex-sine small g1.5 torch"),
        on_ours("small"),
        ratios.len(),
        on_ours("large") / on_ours("small")
    );
    assert_says(&text, &s, what);
    let losses: Vec<String> = torch_losses("small")
        .iter()
        .map(|l| format!("{l:.3}"))
        .collect();
    assert_eq!(
        losses,
        ["0.054", "0.054"],
        "the two small-output networks' losses"
    );
    assert_says(&text, "(seeds 1 and 2, losses 0.054)", what);
}
