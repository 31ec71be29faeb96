//! Fig. 2: the cycling example, one aligned (small output) and one oblique (large output)
//! network with only `W` trained (paper-methods 4.3): the noise-free trajectories in 3-D on
//! PC1, PC2 and the part of `w_out` orthogonal to them, and the output plane reconstructed
//! from 2 and 8 PCs, with the published `R^2` of those fits.

pub mod compute;
pub mod data;
pub mod figure;
pub mod histograms;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::fig09::setup::Size;
use crate::reproduce::report::{Check, Row, Section};
use compute::{CyclingRun, Setup};
use oblique_validate::rnn::init::OutputScale;

/// Printed `R^2` of the published networks (paper-methods 4.3): (k, aligned, oblique).
pub const PUBLISHED_R2: [(usize, f64, f64); 2] = [(2, 0.9805, 0.4708), (8, 0.99967, 0.9519)];

use data::name;

/// Runs Fig. 2 at the size of `cfg`.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    run_sized(cfg, cfg.size())
}

/// Runs Fig. 2 at `size`.
pub fn run_sized(cfg: &Config, size: Size) -> anyhow::Result<Section> {
    let s = Setup::new(size);
    let mut sec = cfg.section(
        "fig2",
        "Fig. 2: cycling example, aligned and oblique networks",
    );
    sec.setup = s.describe();
    let pb = crate::reproduce::progress::bar(2, "fig2: training the cycling networks");
    // plain threads (`run_in_list_order`), not rayon tasks: each trainer computes in a pool
    // of its own, and a rayon worker waiting on it could run the other network nested inside
    // that wait, one after the other (82.8 s instead of 41.8 s inside `reproduce all`)
    let results: Vec<anyhow::Result<CyclingRun>> = oblique_validate::jobs::run_in_list_order(
        &[OutputScale::Small, OutputScale::Large],
        |&sc| {
            let r = compute::run_one(&s, sc, cfg.sub_seed(200));
            pb.inc(1);
            r
        },
    );
    pb.finish_and_clear();
    let mut runs = Vec::new();
    for (r, sc) in results
        .into_iter()
        .zip([OutputScale::Small, OutputScale::Large])
    {
        match r {
            Ok(r) => runs.push(r),
            Err(e) => sec.missing.push(format!("{} network: {e:#}", name(sc))),
        }
    }
    sec.rows = rows(&s, &runs);
    sec.notes.push(format!(
        "Published: N = 256 and 5000 steps; this run ({} size) has N = {} and {} steps. The \
         R^2 of the fits is measured as in the published notebook: the noisy analysis run, PCA on \
         t >= 10, RidgeCV on the first 24 trials, R^2 pooled over both outputs on all trials. The \
         noise-compression ratio is the Fig. 6 left measure of the regime module (32 noisy \
         trials as 2 conditions x 16 repeats, t in [10, 71), methods 3.7). Drawn as published: \
         per network, the noise-free trial of each context in t in [50, 60.2) (one period) on \
         PC1, PC2 of the noisy run and the part of w_out orthogonal to them, with w_out times \
         the 1-2-5 factor printed beside the arrow (fig2_trajectories.csv, fig2_arrow.csv); \
         the Fitted output panels apply the readouts fitted on the noisy run (2 and 8 PCs) to \
         those noise-free states, with the target circle in grey. Fig. 6 left \
         (fig6_left.png, fig6_left_histograms.csv): the same networks' noise variance along \
         each of the 2000 random, 1000 output and 1000 PC directions of that measure, \
         histograms on one logarithmic axis.",
        size.name(),
        s.n,
        s.steps
    ));
    if runs.is_empty() {
        return Ok(sec);
    }
    data::save(cfg, &mut sec, &runs)?;
    let footer = format!("{} size: {}", size.name(), s.describe());
    save_figure(cfg, &mut sec, &figure::figure(&runs, &footer), "fig2")?;
    save_histograms(cfg, &mut sec, &runs, &footer)?;
    Ok(sec)
}

/// Fig. 6 left ([`histograms`]): its CSV and figure, or a missing piece without variances.
fn save_histograms(
    cfg: &Config,
    sec: &mut Section,
    runs: &[CyclingRun],
    footer: &str,
) -> anyhow::Result<()> {
    let drawn = histograms::edges(runs, histograms::BINS).and_then(|e| {
        let fig = histograms::figure(runs, &e, footer)?;
        Some((histograms::rows(runs, &e), fig))
    });
    let Some((rows, fig)) = drawn else {
        sec.missing
            .push("Fig. 6 left: no positive noise variance to draw".into());
        return Ok(());
    };
    save_csv(cfg, sec, "fig6_left_histograms.csv", &rows)?;
    save_figure(cfg, sec, &fig, "fig6_left")
}

fn rows(s: &Setup, runs: &[CyclingRun]) -> Vec<Row> {
    let get = |sc: OutputScale, k: usize| {
        runs.iter()
            .find(|r| r.scale == sc)
            .and_then(|r| r.r2.get(k - 1).copied())
    };
    let quick = s.size == Size::Quick;
    let paper = s.size == Size::Paper;
    let mut rows = Vec::new();
    for (k, aligned, oblique) in PUBLISHED_R2 {
        for (sc, published) in [(OutputScale::Small, aligned), (OutputScale::Large, oblique)] {
            rows.push(
                Row::new(
                    &format!("R^2 of z from {k} PCs"),
                    name(sc),
                    Some(published),
                    get(sc, k),
                    if paper {
                        Check::Factor(1.5)
                    } else {
                        Check::Info
                    },
                )
                .note("printed in the published notebook (N = 256, 5000 steps)"),
            );
        }
    }
    let claim = |c: Check| if quick { Check::Info } else { c };
    rows.push(
        Row::new(
            "R^2 of z from 2 PCs",
            "aligned",
            Some(0.9805),
            get(OutputScale::Small, 2),
            claim(Check::AtLeast(0.9)),
        )
        .note("claim: two PCs carry the output of the aligned network; target >= 0.9"),
    );
    rows.push(
        Row::new(
            "R^2 of z from 2 PCs",
            "oblique",
            Some(0.4708),
            get(OutputScale::Large, 2),
            claim(Check::Below(0.8)),
        )
        .note(
            "claim: the leading PCs of the oblique network do not carry its output; target < 0.8",
        ),
    );
    for (sc, published, bound) in [
        (OutputScale::Small, 13.6, Check::Above(1.0)),
        (OutputScale::Large, 0.47, Check::Below(1.0)),
    ] {
        let sim = runs
            .iter()
            .find(|r| r.scale == sc)
            .map(|r| r.noise.ratio_output_random);
        rows.push(
            Row::new(
                NOISE_ROW,
                name(sc),
                Some(published),
                sim,
                if paper {
                    Check::Factor(1.5)
                } else {
                    claim(bound)
                },
            )
            .note(if sc == OutputScale::Small {
                "Fig. 6 left triangle (about 13.6); claim: noise is not compressed along the output, target > 1"
            } else {
                "Fig. 6 left triangle (about 0.47); claim: noise is compressed along the output, target < 1"
            }),
        );
    }
    rows
}

/// The quantity of the noise-compression rows (Fig. 6 left's pair).
const NOISE_ROW: &str = "noise compression Var(output) / Var(random)";

/// The output/random noise ratios (aligned, oblique) of the Fig. 2 pair among `done`
/// sections of this run, both measured, for Fig. 6 right's marks.
pub fn noise_pair(done: &[Section]) -> Option<[f64; 2]> {
    let sec = done.iter().find(|s| s.id == "fig2")?;
    let at = |sc| {
        sec.rows
            .iter()
            .find(|r| r.quantity == NOISE_ROW && r.at == name(sc))
            .and_then(|r| r.simulation)
            .filter(|v| v.is_finite())
    };
    Some([at(OutputScale::Small)?, at(OutputScale::Large)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fig6_marks_the_pair_of_this_runs_fig2_section() {
        let row = |at, v| Row::new(NOISE_ROW, at, Some(1.0), v, Check::Above(1.0));
        let mut sec = Section::new("fig2", "Fig. 2");
        sec.rows.push(row("aligned", Some(14.0)));
        assert_eq!(
            noise_pair(&[sec.clone()]),
            None,
            "the oblique one is missing"
        );
        sec.rows.push(row("oblique", Some(0.44)));
        assert_eq!(noise_pair(&[sec.clone()]), Some([14.0, 0.44]));
        sec.rows[1] = row("oblique", None);
        assert_eq!(noise_pair(&[sec.clone()]), None, "not measured");
        sec.id = "fig9".into();
        assert_eq!(noise_pair(&[sec]), None, "no Fig. 2 section in this run");
    }
}
