//! Fig. 15 (Appendix 1, figure 1 of the study): the linearised (lazy) solution of the sine
//! task, Eq. 17 (theory/notes/linearised.md), against the network trained from the same
//! initial weights, for several N. The published data were never released: what is
//! compared is `|dW|` of both solutions and of their difference against N, the training
//! loss of the linearised solution inserted into the nonlinear network, and the outputs.

pub mod compute;
pub mod figure;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::fig09::rows::{claim_row, measured_table};
use crate::reproduce::fig09::setup::Size;
use crate::reproduce::report::{Check, Row, Section};
use compute::{geometric_mean, log_slope, summarise, LazyPoint, Setup, Summary};
use serde::Serialize;

#[derive(Serialize)]
struct PointRow {
    n: usize,
    sample: usize,
    dw_lin: f64,
    loss_lin: f64,
    loss_lin_prediction: f64,
    kernel_rank: usize,
    dw_trained: Option<f64>,
    dw_difference: Option<f64>,
    loss_trained: Option<f64>,
}

#[derive(Serialize)]
struct TraceRow {
    n: usize,
    t: f64,
    z_linearised_solution: f64,
    z_linear_prediction: f64,
    z_trained: Option<f64>,
}

/// Runs Fig. 15 at the size of `cfg`.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    run_sized(cfg, cfg.size())
}

/// Runs Fig. 15 at `size`.
pub fn run_sized(cfg: &Config, size: Size) -> anyhow::Result<Section> {
    let s = Setup::new(size);
    let mut sec = cfg.section(
        "fig15",
        "Fig. 15: linearised (lazy) sine solution against training",
    );
    sec.setup = s.describe();
    let jobs: Vec<(usize, usize)> =
        s.ns.iter()
            .flat_map(|&n| (0..s.seeds).map(move |i| (n, i)))
            .collect();
    let pb = crate::reproduce::progress::bar(jobs.len() as u64, "fig15: linearising and training");
    // the trained (costly) networks first, so that they do not finish last
    let mut order = jobs.clone();
    order.sort_by_key(|&(n, i)| !s.trains(n, i));
    // plain threads, not rayon tasks: each trainer computes in a one-thread pool of its own,
    // and rayon workers waiting on those pools ran the points one after the other
    let results: Vec<((usize, usize), anyhow::Result<LazyPoint>)> =
        oblique_validate::jobs::run_in_list_order(&order, |&(n, i)| {
            let train = s.trains(n, i);
            let seed = cfg.sub_seed(1500 + 7919 * n as u64 + i as u64);
            let r = compute::point(&s, n, i, seed, train);
            pb.inc(1);
            ((n, i), r)
        });
    pb.finish_and_clear();
    let mut pts = Vec::new();
    for ((n, i), r) in results {
        match r {
            Ok(p) => pts.push(p),
            Err(e) => sec.missing.push(format!("N = {n}, network {i}: {e:#}")),
        }
    }
    pts.sort_by_key(|p| (p.n, p.sample));
    let sums = summarise(&s.ns, &pts);
    sec.rows = rows(&s, &sums);
    sec.notes = notes();
    sec.extra_markdown = Some(measured_table(&measured(&sums)));
    if pts.is_empty() {
        return Ok(sec);
    }
    write_csvs(cfg, &mut sec, &pts)?;
    let footer = format!("{} size: {}", size.name(), s.describe());
    save_figure(
        cfg,
        &mut sec,
        &figure::figure(&pts, &sums, &footer),
        "fig15",
    )?;
    Ok(sec)
}

fn write_csvs(cfg: &Config, sec: &mut Section, pts: &[LazyPoint]) -> anyhow::Result<()> {
    let table: Vec<PointRow> = pts
        .iter()
        .map(|p| PointRow {
            n: p.n,
            sample: p.sample,
            dw_lin: p.dw_lin,
            loss_lin: p.loss_lin,
            loss_lin_prediction: p.loss_lin_pred,
            kernel_rank: p.rank,
            dw_trained: p.trained.as_ref().map(|t| t.dw_gd),
            dw_difference: p.trained.as_ref().map(|t| t.dw_diff),
            loss_trained: p.trained.as_ref().map(|t| t.loss_gd),
        })
        .collect();
    save_csv(cfg, sec, "fig15_norms.csv", &table)?;
    let mut traces = Vec::new();
    for p in pts.iter().filter(|p| p.sample == 0) {
        for k in 0..p.z_lin.len() {
            traces.push(TraceRow {
                n: p.n,
                t: k as f64 * oblique_validate::rnn::tasks::DT,
                z_linearised_solution: p.z_lin[k],
                z_linear_prediction: p.z_lin_pred[k],
                z_trained: p.trained.as_ref().map(|t| t.z_gd[k]),
            });
        }
    }
    save_csv(cfg, sec, "fig15_outputs.csv", &traces)?;
    Ok(())
}

fn measured(sums: &[Summary]) -> Vec<(String, String, f64)> {
    let mut v = Vec::new();
    for s in sums {
        let at = format!("N = {} ({} networks)", s.n, s.count);
        v.push(("|dW_lin|, geometric mean".to_string(), at.clone(), s.dw_lin));
        v.push((
            "training loss of W0 + dW_lin, mean".to_string(),
            at,
            s.loss_lin,
        ));
        if let Some((lin, t)) = &s.first {
            let at = format!("N = {}, first network", s.n);
            v.push((
                "|dW_trained - dW_lin| / |dW_lin|".to_string(),
                at.clone(),
                t.dw_diff / lin,
            ));
            v.push(("training loss, trained network".to_string(), at, t.loss_gd));
        }
    }
    v
}

/// Per trained network: its |dW| against the linearised minimal-norm |dW| (information).
fn trained_norm_rows(trained: &[&Summary]) -> Vec<Row> {
    let mut rows = Vec::new();
    for x in trained {
        if let Some((lin, t)) = &x.first {
            rows.push(
                Row::new(
                    "|dW| trained (Adam)",
                    &format!("N = {}", x.n),
                    Some(*lin),
                    Some(t.dw_gd),
                    Check::Info,
                )
                .note("theory column: the linearised minimal-norm |dW| of the same network"),
            );
        }
    }
    rows
}

/// The slopes against log N of the study's claims.
struct Slopes {
    /// log |dW_lin|, geometric means over all N
    lin: Option<f64>,
    /// log |dW_lin| of the trained networks only
    lin_trained: Option<f64>,
    /// log |dW_trained|
    trained: Option<f64>,
    /// log |dW_trained - dW_lin|
    diff: Option<f64>,
    /// log (training loss of W0 + dW_lin), means over all N
    loss_lin: Option<f64>,
}

impl Slopes {
    /// Fits the slopes (`log_slope`) to the summaries and their trained subset.
    fn of(sums: &[Summary], trained: &[&Summary]) -> Self {
        let ns: Vec<f64> = sums.iter().map(|x| x.n as f64).collect();
        let lin: Vec<f64> = sums.iter().map(|x| x.dw_lin).collect();
        let tn: Vec<f64> = trained.iter().map(|x| x.n as f64).collect();
        let part = |f: fn(&(f64, compute::TrainedPart)) -> f64| -> Vec<f64> {
            trained
                .iter()
                .filter_map(|x| x.first.as_ref().map(f))
                .collect()
        };
        Self {
            lin: log_slope(&ns, &lin),
            lin_trained: log_slope(&tn, &part(|p| p.0)),
            trained: log_slope(&tn, &part(|p| p.1.dw_gd)),
            diff: log_slope(&tn, &part(|p| p.1.dw_diff)),
            loss_lin: log_slope(&ns, &sums.iter().map(|x| x.loss_lin).collect::<Vec<_>>()),
        }
    }
}

/// The slope of log |dW_lin|: against the main text's -0.5 (information) and the claim
/// that it is negative.
fn lin_slope_rows(s: &Setup, sl: &Slopes) -> [Row; 2] {
    [
        Row::new(
            "slope of log |dW_lin| against log N",
            "all N, geometric means",
            Some(-0.5),
            sl.lin,
            Check::Info,
        )
        .note("-0.5: the operator-norm argument of the main text (the exponent of Appendix 1 is lost from our copy of the text); see below"),
        claim_row(
            s.size,
            "slope of log |dW_lin| against log N",
            "all N, geometric means",
            sl.lin,
            Check::Below(0.0),
        )
        .note("claim: the lazy weight change shrinks with N; target < 0"),
    ]
}

/// The claim that the trained networks' |dW| at the largest trained N is within a factor 2
/// of |dW_lin| (geometric means over those networks; information in quick mode).
fn largest_trained_row(s: &Setup, trained: &[&Summary]) -> Option<Row> {
    let quick = s.size == Size::Quick;
    let target = |c: Check| if quick { Check::Info } else { c };
    let x = trained.last().filter(|x| !x.trained.is_empty())?;
    let at = match x.trained.len() {
        1 => format!("N = {}, largest trained", x.n),
        k => format!(
            "N = {}, largest trained ({k} networks, geometric means)",
            x.n
        ),
    };
    Some(
        Row::new(
            "|dW_trained|, compared with |dW_lin|",
            &at,
            Some(geometric_mean(x.trained.iter().map(|p| p.0))),
            Some(geometric_mean(x.trained.iter().map(|p| p.1))),
            target(Check::Factor(2.0)),
        )
        .note("claim: both solutions have similar norms; target within a factor 2"),
    )
}

/// The slopes of the trained networks and of the linearised loss, with the study's
/// claims about them.
fn trained_slope_rows(s: &Setup, sl: &Slopes) -> [Row; 3] {
    [
        Row::new(
            "slope of log |dW_trained| against log N",
            "trained networks",
            Some(-0.5),
            sl.trained,
            Check::Info,
        )
        .note("one network per N: the study says both solutions have similar norms"),
        // information, not a claim: with one trained network per N at N = 64-256 the
        // relative difference stays at 0.8-1.0 and this slope's sign follows the seed
        Row::new(
            "slope of log |dW_trained - dW_lin| minus slope of log |dW_lin|",
            "trained networks",
            Some(0.0),
            sl.diff.zip(sl.lin_trained).map(|(a, b)| a - b),
            Check::Info,
        )
        .note(
            "the study: the difference decays faster than the norms (< 0); one network per N, \
             relative difference 0.8-1.0 at N = 64-256: the sign follows the seed (seed 1 -0.14, \
             seed 2 +0.09), so not tested at this size",
        ),
        claim_row(
            s.size,
            "slope of log (training loss of W0 + dW_lin) against log N",
            "all N, means",
            sl.loss_lin,
            Check::Below(0.0),
        )
        .note(
            "the study: the linear solution fits the training points better as N grows; target < 0",
        ),
    ]
}

/// The report rows of Fig. 15: per trained network, then the scaling claims.
fn rows(s: &Setup, sums: &[Summary]) -> Vec<Row> {
    let trained: Vec<&Summary> = sums.iter().filter(|x| x.first.is_some()).collect();
    let sl = Slopes::of(sums, &trained);
    let mut rows = trained_norm_rows(&trained);
    rows.extend(lin_slope_rows(s, &sl));
    rows.extend(largest_trained_row(s, &trained));
    rows.extend(trained_slope_rows(s, &sl));
    rows
}

fn notes() -> Vec<String> {
    vec![
        "The data of the published Fig. 15 were never released (the generating notebook is missing), so \
         the rows test the study's statements about it (Appendix 1, A.1): the norms of the linearised \
         and trained weight changes decay like 1/sqrt(N), their difference decays faster, and the \
         linearised solution inserted into the nonlinear network fits the training points better as N \
         grows. The linearisation is the minimal-norm solution of Eq. 17 for the 21 targets \
         (theory/notes/linearised.md; oblique_validate::linearised, checked against central finite \
         differences and an SVD pseudo-inverse). The target at t = 0 cannot be met by any dW \
         (z_0 = w_out . h_0), so every loss has a floor of (w_out . h_0)^2 / 21: the linearised \
         prediction sits on that floor, and the nonlinear network with W0 + dW_lin above it."
            .to_string(),
        "The exponent. The kernel K of a chaotic network is ill-conditioned at small N (its smallest \
         eigenvalues set the minimal-norm solution), so |dW_lin| falls faster than 1/sqrt(N) from \
         N = 64 to 256; the CSV fig15_norms.csv holds every network. The published text available \
         to us states the scaling of the norms and of their difference only as formulas that were \
         lost, so the exponent is reported without a target; the claims tested are that the norm \
         shrinks, that the trained norm is close to the linearised one, and that the difference \
         shrinks faster than the norm."
            .to_string(),
        "The linearisation is cheap (one forward pass, one backward pass carrying the 21 adjoints, \
         and the 21 x 21 kernel), so it is averaged over several networks per N (|dW_lin| varies by \
         tens of per cent between networks, because the chaotic initial trajectory sets the \
         kernel); training is the costly part and is done for the first network at the smaller N \
         and the first three at N = 256, whose geometric means the factor-2 row compares (one \
         network's ratio |dW_lin| / |dW_trained| at N = 256 is 0.88-2.26 over master seeds 0-14 \
         and 42, above 2 at four of the 48 networks; the three's geometric mean 1.02-1.65). \
         The trained network uses the optimiser of Fig. 9C (Adam, lr0 = 1e-3), as the study's \
         comparison does. Adam does not follow the gradient flow of the linearised loss, so it \
         need not converge to the minimal-norm dW: the two differ by a large fraction of their \
         norm at these N, while their norms agree better."
            .to_string(),
    ]
}
