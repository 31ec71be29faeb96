//! Output of `oblique linear`: the JSON object, the side-by-side CSV rows and the table.

use super::inputs::Inputs;
use nalgebra::Matrix2;
use oblique_theory::linear::{BatchWindow, LearningCurves, SgdCurves, TwoPhaseCurves};
use std::io::{self, Write};

/// `--json` layout of the flow: both phases flattened, with a `phase` column.
#[derive(serde::Serialize)]
pub struct FlowJson {
    phase: Vec<&'static str>,
    #[serde(flatten)]
    curves: LearningCurves,
}

/// `--json` layout of the SGD moment theory: like the flow, with the predicted run-to-run
/// standard deviation of each entry of M and the training window.
#[derive(serde::Serialize)]
pub struct SgdJson {
    window: BatchWindow,
    #[serde(flatten)]
    mean: FlowJson,
    sd_m11: Vec<f64>,
    sd_m12: Vec<f64>,
    sd_m21: Vec<f64>,
    sd_m22: Vec<f64>,
}

impl SgdJson {
    pub fn new(window: BatchWindow, s: &SgdCurves) -> Self {
        let sd: Vec<&Matrix2<f64>> = s.fast_sd.iter().chain(&s.slow_sd).collect();
        let entry = |i: usize, j: usize| sd.iter().map(|m| m[(i, j)]).collect();
        SgdJson {
            window,
            mean: flatten(&s.mean),
            sd_m11: entry(0, 0),
            sd_m12: entry(0, 1),
            sd_m21: entry(1, 0),
            sd_m22: entry(1, 1),
        }
    }
}

#[derive(serde::Serialize)]
pub struct JsonOut<'a> {
    pub fast: &'a LearningCurves,
    pub slow: &'a LearningCurves,
    pub flow: FlowJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sgd: Option<SgdJson>,
}

pub fn flatten(flow: &TwoPhaseCurves) -> FlowJson {
    let mut curves = flow.fast.clone();
    let mut phase = vec!["fast"; flow.fast.len()];
    let s = &flow.slow;
    for (dst, src) in [
        (&mut curves.tau, &s.tau),
        (&mut curves.l, &s.l),
        (&mut curves.l_bias, &s.l_bias),
        (&mut curves.l_var, &s.l_var),
        (&mut curves.m11, &s.m11),
        (&mut curves.m12, &s.m12),
        (&mut curves.m21, &s.m21),
        (&mut curves.m22, &s.m22),
        (&mut curves.dx_norm, &s.dx_norm),
    ] {
        dst.extend_from_slice(src);
    }
    phase.extend(std::iter::repeat_n("slow", s.len()));
    FlowJson { phase, curves }
}

/// The curves' quantities, in CSV column order.
const QUANTITIES: [&str; 8] = [
    "l", "l_bias", "l_var", "m11", "m12", "m21", "m22", "dx_norm",
];

fn value(c: &LearningCurves, q: usize, i: usize) -> f64 {
    let col = match q {
        0 => &c.l,
        1 => &c.l_bias,
        2 => &c.l_var,
        3 => &c.m11,
        4 => &c.m12,
        5 => &c.m21,
        6 => &c.m22,
        _ => &c.dx_norm,
    };
    col.get(i).copied().unwrap_or(f64::NAN)
}

/// The CSV table: `phase, tau`, then `<quantity>_theory, <quantity>_flow` for each quantity,
/// then (with the SGD theory) `<quantity>_sgd` and `sd_<mij>_sgd`.
pub fn csv_table(
    theory: &TwoPhaseCurves,
    flow: &TwoPhaseCurves,
    sgd: Option<&SgdCurves>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec!["phase".to_string(), "tau".to_string()];
    for q in QUANTITIES {
        header.push(format!("{q}_theory"));
        header.push(format!("{q}_flow"));
    }
    if sgd.is_some() {
        header.extend(QUANTITIES.iter().map(|q| format!("{q}_sgd")));
        header.extend(["m11", "m12", "m21", "m22"].map(|m| format!("sd_{m}_sgd")));
    }
    let mut rows = Vec::new();
    for (k, (phase, t, f)) in [
        ("fast", &theory.fast, &flow.fast),
        ("slow", &theory.slow, &flow.slow),
    ]
    .into_iter()
    .enumerate()
    {
        for i in 0..t.len().min(f.len()) {
            let mut row = vec![phase.to_string(), t.tau[i].to_string()];
            for q in 0..QUANTITIES.len() {
                row.push(value(t, q, i).to_string());
                row.push(value(f, q, i).to_string());
            }
            if let Some(s) = sgd {
                let (c, sd) = if k == 0 {
                    (&s.mean.fast, &s.fast_sd)
                } else {
                    (&s.mean.slow, &s.slow_sd)
                };
                row.extend((0..QUANTITIES.len()).map(|q| value(c, q, i).to_string()));
                let d = sd
                    .get(i)
                    .copied()
                    .unwrap_or(Matrix2::from_element(f64::NAN));
                row.extend([d[(0, 0)], d[(0, 1)], d[(1, 0)], d[(1, 1)]].map(|v| v.to_string()));
            }
            rows.push(row);
        }
    }
    (header, rows)
}

/// The compact table of `oblique linear` (closed form / integrated flow per cell).
pub fn write_table(
    w: &mut dyn Write,
    inputs: &Inputs,
    theory: &TwoPhaseCurves,
    flow: &TwoPhaseCurves,
    sgd: Option<&SgdCurves>,
) -> io::Result<()> {
    let t = &inputs.task;
    let s = &inputs.schedule;
    writeln!(
        w,
        "linear gradient flow: N = {}, rho sqrt(N) = {}, sigma = {}, z = {}, eta = {} ({} fast steps at eta/N, {} slow steps at eta)",
        t.n, t.rho_sqrt_n, t.sigma, t.target, s.lr, s.fast_steps, s.slow_steps
    )?;
    writeln!(w, "each cell: closed form / integrated flow")?;
    for (name, th, fl) in [
        ("fast phase (eta/N)", &theory.fast, &flow.fast),
        ("slow phase (eta)", &theory.slow, &flow.slow),
    ] {
        writeln!(w, "\n{name}")?;
        writeln!(
            w,
            "{:>9}  {:>17}  {:>17}  {:>17}  {:>17}  {:>17}  {:>17}",
            "tau", "L", "L_bias", "L_var", "M11", "M12", "|dx_bar|"
        )?;
        let k = th.len().min(fl.len());
        let rows = 10usize.min(k.saturating_sub(1)).max(1);
        let mut idx: Vec<usize> = (0..=rows).map(|r| r * (k - 1) / rows).collect();
        idx.dedup();
        for i in idx {
            let cell = |a: f64, b: f64| format!("{a:>8.4}/{b:<8.4}");
            writeln!(
                w,
                "{:>9.0}  {}  {}  {}  {}  {}  {}",
                th.tau[i],
                cell(th.l[i], fl.l[i]),
                cell(th.l_bias[i], fl.l_bias[i]),
                cell(th.l_var[i], fl.l_var[i]),
                cell(th.m11[i], fl.m11[i]),
                cell(th.m12[i], fl.m12[i]),
                cell(th.dx_norm[i], fl.dx_norm[i]),
            )?;
        }
    }
    if let (Some(s), Some(win)) = (sgd, &inputs.sgd) {
        writeln!(
        w,
            "\nSGD moment theory, batch {} (Euler step {}, {} steps per trial, scored from step {}): mean +- run-to-run SD at the end of each phase",
            win.batch, win.dt, win.steps, win.first_target
        )?;
        for (name, c, sd) in [
            ("fast", &s.mean.fast, &s.fast_sd),
            ("slow", &s.mean.slow, &s.slow_sd),
        ] {
            if let (Some(p), Some(d)) = (c.last(), sd.last()) {
                writeln!(
        w,
                    "  {name}: M11 {:.5} +- {:.5}, M12 {:.5} +- {:.5}, M22 {:.5} +- {:.5}, L_bias {:.5}, L_var {:.5}",
                    p.m[(0, 0)], d[(0, 0)], p.m[(0, 1)], d[(0, 1)], p.m[(1, 1)], d[(1, 1)], p.l_bias, p.l_var
                )?;
            }
        }
    }
    let d = flow.deviation(theory, t.sqrt_n());
    writeln!(
        w,
        "\nmax |flow - theory|: L {:.3e}, L_bias {:.3e}, L_var {:.3e}, M11 {:.3e}, sqrt(N) M12 {:.3e}, M21 {:.3e}, M22 {:.3e}, |dx_bar| {:.3e}",
        d.l, d.l_bias, d.l_var, d.m11, d.b, d.m21, d.m22, d.dx_norm
    )?;
    Ok(())
}
