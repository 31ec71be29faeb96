//! Every regime measure of a recording (methods 3.5, 3.9; `comp_ridge`,
//! `comp_dim_var_fit`): activity X (samples x neurons), behaviour Y (samples x outputs).

use nalgebra::DMatrix;

use super::check::{check_matrix, check_pair, check_samples};
use super::corr::ratio;
use super::dfit::{d_fit, fit_curve};
use super::error::RegimeError;
use super::pca::{centre_columns, d_x, gram, Spectrum};
use super::ridge::{default_alphas, Basis, BasisFit};
use super::score::r2_uniform;
use super::subsample::{subsample, SubsampleOptions, SubsampleRow};

/// What to measure, and the names used in error messages (e.g. the file names).
#[derive(Debug, Clone)]
pub struct RecordingOptions {
    /// A fixed readout (outputs x neurons, or its transpose), e.g. a BCI decoder: the
    /// correlation uses it instead of the fitted ridge weights.
    pub weights: Option<DMatrix<f64>>,
    /// Pair output sample `t` with activity sample `t - delay` (activity leads).
    pub delay: usize,
    pub subsample: Option<SubsampleOptions>,
    pub alphas: Vec<f64>,
    pub states_name: String,
    pub output_name: String,
    pub weights_name: String,
}

impl Default for RecordingOptions {
    fn default() -> Self {
        RecordingOptions {
            weights: None,
            delay: 0,
            subsample: None,
            alphas: default_alphas(),
            states_name: "states".into(),
            output_name: "output".into(),
            weights_name: "weights".into(),
        }
    }
}

/// The measures of one recording.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RegimeReport {
    pub n_samples: usize,
    pub n_neurons: usize,
    pub n_outputs: usize,
    pub delay: usize,
    /// `R^2` of the full ridge fit on the same data, averaged over outputs.
    pub r2: f64,
    /// The penalty chosen by leave-one-out for the full fit.
    pub alpha: f64,
    /// `rho_data` (methods 3.1b) with the given weights, or the fitted ones.
    pub corr: f64,
    /// `rho_data` with the fitted ridge weights (equal to `corr` without `--weights`).
    pub corr_fit: f64,
    pub weights_given: bool,
    pub participation_ratio: f64,
    /// RMS activity times `sqrt(N)` (methods 3.2), after centring over samples.
    pub state_norm: f64,
    pub d_x: Option<usize>,
    pub d_fit: Option<usize>,
    pub d_fit_rel: Option<f64>,
    /// `cevr_k` for k = 1 ... rank.
    pub cumulative_variance: Vec<f64>,
    /// `R^2_k` of the fit on the top-k PCs, k = 1 ... rank.
    pub fit_r2: Vec<f64>,
    pub fit_alpha: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsample: Option<Vec<SubsampleRow>>,
}

/// Weights as outputs x neurons: accepted as given or transposed, otherwise an error.
fn orient_weights(
    w: &DMatrix<f64>,
    n_outputs: usize,
    n_neurons: usize,
    name: &str,
) -> Result<DMatrix<f64>, RegimeError> {
    if w.is_empty() {
        return Err(RegimeError::Empty {
            what: name.into(),
            rows: w.nrows(),
            cols: w.ncols(),
        });
    }
    if let Some((row, col, &value)) = (0..w.nrows())
        .flat_map(|r| (0..w.ncols()).map(move |c| (r, c)))
        .map(|(r, c)| (r, c, &w[(r, c)]))
        .find(|(_, _, v)| !v.is_finite())
    {
        return Err(RegimeError::NonFinite {
            what: name.into(),
            row,
            col,
            value,
        });
    }
    if w.shape() == (n_outputs, n_neurons) {
        Ok(w.clone())
    } else if w.shape() == (n_neurons, n_outputs) {
        Ok(w.transpose())
    } else {
        Err(RegimeError::WeightsShape {
            what: name.into(),
            rows: w.nrows(),
            cols: w.ncols(),
            n_outputs,
            n_neurons,
        })
    }
}

/// Checks the input, applies the delay and returns the aligned (X, Y).
fn align(
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    o: &RecordingOptions,
) -> Result<(DMatrix<f64>, DMatrix<f64>), RegimeError> {
    check_pair(x, &o.states_name, y, &o.output_name)?;
    if o.delay == 0 {
        return Ok((x.clone(), y.clone()));
    }
    let n = x.nrows();
    let left = n.saturating_sub(o.delay);
    let detail = format!(" left after a delay of {} samples", o.delay);
    check_samples(left, &o.states_name, &detail)?;
    let xs = x.rows(0, left).into_owned();
    let ys = y.rows(o.delay, left).into_owned();
    check_matrix(
        &xs,
        &format!("{} (after a delay of {})", o.states_name, o.delay),
    )?;
    check_matrix(
        &ys,
        &format!("{} (after a delay of {})", o.output_name, o.delay),
    )?;
    Ok((xs, ys))
}

/// Every measure of methods 3.5 (and 3.9 with `opts.subsample`): the full `RidgeCV` fit
/// (`R^2` averaged over outputs, `alpha`), `rho_data`, PR, `D_x` (first `k` with
/// `cevr_k > 0.9`), the fit curve on the top-`k` PCs and `D_fit` (first `k` with
/// `R^2_k > 0.9 R^2_full`), `D_fit / D_x`.
pub fn analyse_recording(
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    opts: &RecordingOptions,
) -> Result<RegimeReport, RegimeError> {
    let (x, y) = align(x, y, opts)?;
    let weights = match &opts.weights {
        Some(w) => Some(orient_weights(w, y.ncols(), x.ncols(), &opts.weights_name)?),
        None => None,
    };
    let xc = centre_columns(&x);
    let yc = centre_columns(&y);
    let g = gram(&xc);
    let spectrum = Spectrum::from_gram(&g);
    let basis = Basis::new(&xc, &spectrum);
    let fit = BasisFit::new(&basis, &yc, &opts.alphas);
    let r2 = r2_uniform(&yc, &fit.fitted_centred);
    let corr_fit = ratio(
        fit.fitted_centred.norm(),
        (spectrum.total() * fit.coefficient_norm2(&basis)).sqrt(),
    );
    let corr = match &weights {
        Some(w) => ratio((&xc * w.transpose()).norm(), xc.norm() * w.norm()),
        None => corr_fit,
    };
    let mut cumulative = spectrum.cumulative_ratio();
    cumulative.truncate(basis.s2.len());
    let dx = d_x(&cumulative, 0.9, x.ncols());
    let curve = fit_curve(&basis, &yc, &opts.alphas);
    let dfit = d_fit(&curve.r2, 0.9 * r2);
    let sub = match &opts.subsample {
        Some(s) => Some(subsample(&xc, &g, &yc, s, &opts.alphas)?),
        None => None,
    };
    Ok(RegimeReport {
        n_samples: x.nrows(),
        n_neurons: x.ncols(),
        n_outputs: y.ncols(),
        delay: opts.delay,
        r2,
        alpha: fit.alpha,
        corr,
        corr_fit,
        weights_given: weights.is_some(),
        participation_ratio: spectrum.participation_ratio(),
        state_norm: super::norms::state_norm(&xc),
        d_x: dx,
        d_fit: dfit,
        d_fit_rel: dfit.zip(dx).map(|(f, d)| f as f64 / d as f64),
        cumulative_variance: cumulative,
        fit_r2: curve.r2,
        fit_alpha: curve.alpha,
        subsample: sub,
    })
}
