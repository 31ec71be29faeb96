//! The published values of the neuroscience-task figures, read off the figures
//! (paper-methods section 4.2, about 10% precise), per task in [`super::plan::TASKS`] order.

use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;

/// A measure of the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// `gen_corr` (Fig. 3A, 16A)
    Corr,
    /// `|w_out|` (Fig. 3A, 16B)
    WOut,
    /// `|x|` (Fig. 3A, 16C)
    X,
    /// `D_x,90` (Fig. 3C)
    Dx,
    /// `D_fit,90` (Fig. 3C, R^2 on all trials)
    Dfit,
    /// `D_fit,90` with R^2 on the held-out trials (Fig. 16F)
    DfitTest,
    /// dissimilarity between learners (Fig. 4C)
    Dissim,
    /// output / random noise variance (Fig. 6, 16H)
    Noise,
    /// relative susceptibility (Fig. 5, 16G)
    Susc,
}

fn index(t: TaskKind) -> Option<usize> {
    super::plan::TASKS.iter().position(|&x| x == t)
}

/// The published value (`None` where the figure does not give one).
pub fn value(m: Measure, task: TaskKind, scale: OutputScale, g: f64) -> Option<f64> {
    use Measure::*;
    use OutputScale::*;
    let i = index(task)?;
    let row: [f64; 5] = if g > 1.0 {
        match (m, scale) {
            (Corr, Small) => [0.50, 0.57, 0.50, 0.42, 0.18],
            (Corr, Large) => [0.054, 0.079, 0.044, 0.051, 0.028],
            (WOut, Small) => [0.096, 0.13, 0.066, 0.10, 0.14],
            (WOut, Large) => [0.93, 0.93, 0.82, 0.93, 0.93],
            (X, _) => [25.0, 24.0, 30.0, 25.0, 32.0],
            (Dx, Small) => [4.4, 4.0, 5.0, 3.4, 3.6],
            (Dx, Large) => [4.8, 4.4, 6.0, 5.0, 4.4],
            (Dfit, Small) => [3.4, 3.0, 1.0, 1.0, 4.0],
            (Dfit, Large) => [8.2, 3.0, 3.6, 5.8, 7.6],
            (Dissim, Small) => [0.22, 0.33, 0.16, 0.21, 0.16],
            (Dissim, Large) => [1.0, 0.44, 0.28, 0.33, 0.22],
            (Noise, Small) => [11.0, 6.0, 7.5, 7.5, 10.0],
            (Noise, Large) => [0.69, 0.53, 0.33, 0.63, 0.78],
            (Susc, Small) => [0.94, 0.83, 0.65, 0.9, 1.0],
            (Susc, Large) => [0.45, 0.27, 0.11, 0.45, 0.70],
            (DfitTest, _) => return None,
        }
    } else {
        match (m, scale) {
            (Corr, Small) => [0.7, 0.62, 0.47, 0.43, 0.2],
            (Corr, Large) => [0.09, 0.12, 0.048, 0.062, 0.038],
            (Noise, Small) => [15.0, 6.0, 12.0, 10.0, 10.0],
            (Noise, Large) => [0.9, 0.85, 1.0, 0.9, 0.9],
            (Susc, Small) => [1.0, 0.77, 0.82, 0.9, 0.9],
            (Susc, Large) => [0.48, 0.3, 0.15, 0.2, 0.55],
            _ => return None,
        }
    };
    Some(row[i])
}

/// The tasks on which the paper shows `D_fit` larger for large output weights (Fig. 3C:
/// all but the flip-flop, where both are 3).
pub fn dfit_claim(task: TaskKind) -> bool {
    task != TaskKind::Flipflop
}
