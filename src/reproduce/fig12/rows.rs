//! The Fig. 12 rows and notes of the agreement report: at each simulated lambda+, the
//! measured L_var and |kappa_bar| against the theory of the simulated Euler map (the
//! target rows) and against the paper's continuous-time theory (Eqs. 44, 53).

use super::figure::{EulerPoint, PointTheory};
use super::setup::{Measured, Setup};
use crate::reproduce::report::{Check, Row};

/// lambda+ below this lies close to lambda+min, where trials switch between the two fixed
/// points and the linearised theory is not expected to hold.
const NEAR_CRITICAL: f64 = 1.8;

/// Where a pair of rows is taken and how its target row is checked.
struct Place {
    /// "lambda+ = ..."
    at: String,
    /// lambda+ below [`NEAR_CRITICAL`]: no target, a note instead
    near_critical: bool,
    /// the check of the Euler-map L_var row
    target: Check,
}

/// The two rows of one quantity at one step: the simulation against the theory of the
/// Euler map (the target for L_var) and against the paper's continuous-time theory.
fn row_pair(
    place: &Place,
    dt: f64,
    euler: Option<f64>,
    paper: Option<f64>,
    sim: Option<(f64, f64)>,
    what: &str,
) -> [Row; 2] {
    let critical_note =
        "near lambda+min: noise carries trials between the two fixed points (see below)";
    let euler_row = Row::new(
        &format!("{what}, Euler-map theory (dt = {dt})"),
        &place.at,
        euler,
        sim.map(|x| x.0),
        if what == "L_var" {
            place.target
        } else {
            Check::Info
        },
    )
    .band(sim.map(|x| x.1));
    let euler_row = if place.near_critical {
        euler_row.note(critical_note)
    } else {
        euler_row
            .note("the simulated map with finite-N noise (theory/notes/rank-two.md sections 7-8)")
    };
    let paper_row = Row::new(
        &format!("{what}, paper's theory (dt = {dt})"),
        &place.at,
        paper,
        sim.map(|x| x.0),
        Check::Info,
    )
    .band(sim.map(|x| x.1))
    .note(if what == "L_var" {
        "Eq. 53: continuous time, white noise only (see below)"
    } else {
        "Eq. 44: continuous time"
    });
    [euler_row, paper_row]
}

/// The report rows of one simulated lambda+.
pub fn point_rows(
    s: &Setup,
    lp: f64,
    th: Option<PointTheory>,
    meas: Option<Measured>,
    fine_meas: Option<Measured>,
    quick: bool,
) -> Vec<Row> {
    let near_critical = lp < NEAR_CRITICAL;
    let place = Place {
        at: format!("lambda+ = {lp}"),
        near_critical,
        target: if near_critical {
            Check::Info
        } else {
            Check::RelErr(if quick { 0.2 } else { 0.1 })
        },
    };
    let euler = th.and_then(|t| t.euler);
    let fine = th.and_then(|t| t.euler_fine);
    type Get = fn(&Measured) -> (f64, f64);
    let mut cases: Vec<(f64, Option<EulerPoint>, Option<Measured>, &str)> =
        vec![(s.dt, euler, meas, "L_var")];
    if let Some(dt) = s.fine_dt {
        cases.push((dt, fine, fine_meas, "L_var"));
    }
    cases.push((s.dt, euler, meas, "|kappa_bar|"));
    if let Some(dt) = s.fine_dt {
        cases.push((dt, fine, fine_meas, "|kappa_bar|"));
    }
    let mut rows = Vec::new();
    for (dt, e, m, what) in cases {
        let (get_e, get_m, paper): (fn(&EulerPoint) -> f64, Get, Option<f64>) = if what == "L_var" {
            (|e| e.l_var, |m| (m.l_var, m.se.1), th.map(|t| t.l_var))
        } else {
            (
                |e| e.kappa_norm,
                |m| (m.kappa_norm, m.se.0),
                th.map(|t| t.kappa_norm),
            )
        };
        let (e, m) = (e.map(|x| get_e(&x)), m.map(|x| get_m(&x)));
        rows.extend(row_pair(&place, dt, e, paper, m, what));
    }
    rows.push(Row::new(
        "rho",
        &place.at,
        th.map(|t| t.rho),
        meas.map(|m| m.rho),
        Check::Info,
    ));
    rows
}

/// The explanatory notes under the Fig. 12 table.
pub fn notes(s: &Setup) -> Vec<String> {
    let lp = 1.9;
    let rate = 1.0 - s.lambda_minus / lp;
    let f = |dt: f64| 1.0 / (1.0 - dt * rate / 2.0);
    let mut notes = vec![
        "At lambda+ = 1.7, just above lambda+min = 1.60, the two fixed points +-kappa_bar are close \
         to each other and to the origin, and the O(1/sqrt(N)) fluctuations are comparable to their \
         distance: noise carries trials from one fixed point to the other (panels E and H). The \
         mean-field theory assumes small fluctuations around one fixed point, so there the measured \
         |kappa_bar| falls short of the prediction and L_var exceeds it, as in the published figure. \
         This point is reported with no target."
            .to_string(),
    ];
    notes.push(format!(
        "Each simulated value is the mean over {} networks (independent draws of U, {} trials \
         each); the noise band is its standard error over the networks. At N = {} a single \
         network's fixed point moves by several per cent with the draw of U (the theory describes \
         the average over draws); panels E-J show the first network.",
        s.networks, s.batch, s.n
    ));
    notes.push(format!(
        "Which theory is compared. The paper's L_var (Eq. 53) is a continuous-time theory with white \
         noise only; the simulations, ours and the published ones, are Euler-Maruyama maps at \
         dt = {}. Two effects the paper leaves out make the simulated L_var larger. (1) The Euler \
         step: a mode relaxing at rate r has a stationary variance larger by 1/(1 - dt r/2); most \
         of the output variance lies along v- (rho is small), which relaxes at rate \
         1 - lambda-/lambda+ = {rate:.2} at lambda+ = {lp}: a factor {:.2} at dt = {}{}. The \
         orthogonal part of every unit also has variance sigma^2/(1 - dt/2), which shrinks \
         |kappa_bar|. (2) The finite-N fluctuations of the population average U^T phi(x)/N: they \
         are O(1/sqrt(N)) like the white noise, coloured, and enter along v- multiplied by lambda- \
         = {}; Eq. 47 keeps only the mean of their second Hermite order. The Euler-map theory \
         (`rank_two::euler_statistics`) is the stationary covariance of the linearised Euler map \
         with all Hermite orders of that fluctuation (a Stein equation; theory/notes/rank-two.md \
         sections 7-8). It contains no fitted parameter, and it is the target row. The published \
         histograms (Fig. 12I-J) are as wide as ours (standard deviation near 0.7 by eye) while \
         the published theory gives L_var = 0.29 and 0.34; the article notes the 'slightly wider \
         histograms'. Panels H-J draw both theories: the paper's (black) and the Euler map's (red).",
        s.dt,
        f(s.dt),
        s.dt,
        s.fine_dt
            .map(|d| format!(" and {:.2} at dt = {d}", f(d)))
            .unwrap_or_default(),
        s.lambda_minus,
    ));
    notes
}
