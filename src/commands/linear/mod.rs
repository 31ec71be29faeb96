//! `oblique linear`: closed-form two-phase learning curves of a noisy linear RNN against the
//! integrated exact gradient flow (theory notes, section 5; Fig. 10), and optionally the
//! SGD moment theory.

pub mod inputs;
pub mod output;

use crate::command_figures::linear::{LinearFigure, Overlay};
use crate::commands::CommandError;
use inputs::flag_error;
pub use inputs::{Inputs, LinearSpec, SgdSpec, DEFAULT_SAMPLES};
use oblique_theory::linear::{
    closed_form, integrate_flow, sgd_moments, BatchWindow, SgdCurves, TwoPhaseCurves,
};
use output::{csv_table, flatten, write_table, JsonOut, SgdJson};
use std::io::{self, Write};

/// The three predictions of `oblique linear`.
pub struct LinearResult {
    /// the checked inputs
    pub inputs: Inputs,
    /// the closed form
    pub theory: TwoPhaseCurves,
    /// the integrated flow
    pub flow: TwoPhaseCurves,
    /// the SGD moment theory (`--batch`)
    pub sgd: Option<(BatchWindow, SgdCurves)>,
}

/// Computes the closed form, the flow (with a progress bar) and the SGD theory.
pub fn compute(inputs: Inputs) -> Result<LinearResult, CommandError> {
    let theory = closed_form(&inputs.task, &inputs.schedule).map_err(flag_error)?;
    let bar = crate::io::progress::bar(1000, "flow (per mille)");
    let flow = integrate_flow(&inputs.task, &inputs.schedule, &inputs.options, &mut |f| {
        bar.set_position((f * 1000.0) as u64)
    })
    .map_err(flag_error)?;
    bar.finish_and_clear();
    let sgd = match &inputs.sgd {
        Some(w) => Some((
            *w,
            sgd_moments(&inputs.task, &inputs.schedule, inputs.options.m0, w, 10)
                .map_err(flag_error)?,
        )),
        None => None,
    };
    Ok(LinearResult {
        inputs,
        theory,
        flow,
        sgd,
    })
}

impl LinearResult {
    /// The `--json` object {"fast", "slow", "flow"[, "sgd"]}.
    pub fn json(&self) -> JsonOut<'_> {
        JsonOut {
            fast: &self.theory.fast,
            slow: &self.theory.slow,
            flow: flatten(&self.flow),
            sgd: self.sgd.as_ref().map(|(w, s)| SgdJson::new(*w, s)),
        }
    }

    /// The CSV header and rows (closed form and flow side by side).
    pub fn csv(&self) -> (Vec<String>, Vec<Vec<String>>) {
        csv_table(&self.theory, &self.flow, self.sgd.as_ref().map(|s| &s.1))
    }

    /// The compact table.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let sgd = self.sgd.as_ref().map(|s| &s.1);
        write_table(w, &self.inputs, &self.theory, &self.flow, sgd)
    }

    /// The Fig. 10 layout: the closed form dashed, the flow (and the SGD mean) solid.
    pub fn figure(&self) -> LinearFigure {
        let flow = Overlay {
            curves: self.flow.clone(),
            label: "flow".into(),
        };
        let sgd = self.sgd.as_ref().map(|(w, s)| Overlay {
            curves: s.mean.clone(),
            label: format!("SGD, batch {}", w.batch),
        });
        let overlays = std::iter::once(flow).chain(sgd).collect();
        LinearFigure::new(self.theory.clone(), overlays, self.inputs.schedule.lr)
    }
}
