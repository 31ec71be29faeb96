//! The errors of the rank-two mean-field solver, with messages that name the parameter.

use crate::lyapunov::LyapunovError;

pub use crate::format::num;

/// Why the rank-two mean-field theory has no (stable) answer at the requested point.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RankTwoError {
    /// The noise level is not a positive finite number.
    #[error("noise: sigma = {} must be a finite number > 0 (it is the standard deviation of a single unit's noise)", num(*.sigma))]
    NonPositiveNoise {
        /// The value given.
        sigma: f64,
    },
    /// A parameter is NaN or infinite.
    #[error("{name} = {value} is not a finite number")]
    NonFinite {
        /// The parameter's name (`"lambda+"`, `"target"`, `"M"`, ...).
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// Fewer than two units.
    #[error("N = {n} is too small: a rank-two network needs N >= 2")]
    TooFewUnits {
        /// The value given.
        n: usize,
    },
    /// `lambda+ <= lambda+min`: Eq. 43 has no solution with `|kappa_bar| > 0` (Eq. 44).
    #[error("no fixed point: lambda+ = {} must exceed lambda+min = {} for noise {}", num(*.lambda_plus), num(*.lambda_plus_min), num(*.sigma))]
    NoFixedPoint {
        /// The eigenvalue carrying the fixed point.
        lambda_plus: f64,
        /// `lambda+min = 1 / <phi'>_sigma` (Eq. 44).
        lambda_plus_min: f64,
        /// The noise level.
        sigma: f64,
    },
    /// `|kappa_bar| < z / sqrt(N)`: the bias-zero angle (Eq. 52) would need `rho > 1`.
    #[error("no bias-zero angle: rho = target/(sqrt(N) |kappa_bar|) = {} exceeds 1 because |kappa_bar| = {} is below target/sqrt(N) = {} for N = {n} and target {}; this needs lambda+ >= {} (noise {}), got lambda+ = {}",
        num(*.rho), num(*.kappa_norm), num(*.kappa_needed), num(*.target), num(*.lambda_plus_needed), num(*.sigma), num(*.lambda_plus))]
    RhoAboveOne {
        /// The rho that would be needed.
        rho: f64,
        /// `|kappa_bar|` at this lambda+.
        kappa_norm: f64,
        /// `|target| / sqrt(N)`.
        kappa_needed: f64,
        /// Network size.
        n: usize,
        /// Target output.
        target: f64,
        /// The smallest lambda+ with `rho <= 1`.
        lambda_plus_needed: f64,
        /// The lambda+ given.
        lambda_plus: f64,
        /// The noise level.
        sigma: f64,
    },
    /// The second Jacobian eigenvalue `lambda-/lambda+ - 1` is not negative (Eq. 45).
    #[error("unstable fixed point: the Jacobian eigenvalue lambda-/lambda+ - 1 = {} is not negative; lambda- = {} must be below lambda+ = {}", num(*.gamma_minus), num(*.lambda_minus), num(*.lambda_plus))]
    UnstableMinus {
        /// `lambda-/lambda+ - 1`.
        gamma_minus: f64,
        /// The other eigenvalue of M.
        lambda_minus: f64,
        /// The eigenvalue carrying the fixed point.
        lambda_plus: f64,
    },
    /// The fixed point's amplitude overflows floating point (couplings of about `1e300`), so
    /// `gamma+` (Eq. 46) is not a number.
    #[error("the mean field overflows floating point at lambda+ = {}, lambda- = {} (gamma+ = q |kappa_bar|^2 is not a number); lower |lambda+| and |lambda-|", num(*.lambda_plus), num(*.lambda_minus))]
    Overflow {
        /// The eigenvalue carrying the fixed point.
        lambda_plus: f64,
        /// The other eigenvalue of M.
        lambda_minus: f64,
    },
    /// The Jacobian eigenvalue along the fixed point, `gamma+ = q |kappa_bar|^2`, is not
    /// negative (Eq. 46), which happens only for nonlinearities with `<phi'''> >= 0`.
    #[error("unstable fixed point: the Jacobian eigenvalue gamma+ = q |kappa_bar|^2 = {} is not negative (q = <phi'''>/<phi'> = {} for phi = {phi}; it must be negative)", num(*.gamma_plus), num(*.q))]
    UnstablePlus {
        /// `gamma+`.
        gamma_plus: f64,
        /// `q = <phi'''>/<phi'>`.
        q: f64,
        /// Name of the nonlinearity.
        phi: String,
    },
    /// An explicit M has no real eigenvalue.
    #[error("M has complex eigenvalues {} +- {}i; a fixed point needs a real eigenvalue lambda+ of M above lambda+min", num(*.re), num(*.im))]
    ComplexEigenvalues {
        /// Real part.
        re: f64,
        /// Imaginary part (positive).
        im: f64,
    },
    /// Eq. 43 could not be solved for `s_x` with a user-supplied nonlinearity.
    #[error("cannot solve lambda+ <phi'>_s = 1 for phi = {phi}: {reason}")]
    NoRoot {
        /// Name of the nonlinearity.
        phi: String,
        /// What went wrong.
        reason: String,
    },
    /// The Euler step is outside `(0, 2)`, where the orthogonal part of the Euler map is a
    /// stable AR(1) process (theory/notes/rank-two.md section 8).
    #[error("Euler step: dt = {} must lie in (0, 2) (the orthogonal part x <- (1 - dt) x + noise must be stable)", num(*.dt))]
    EulerStep {
        /// The step given.
        dt: f64,
    },
    /// The latent Euler map `I + dt A` is unstable at this step.
    #[error("Euler step: dt = {} is too large for this fixed point: the latent map I + dt A has the eigenvalue {} outside (-1, 1); it needs dt < {}", num(*.dt), num(*.eigenvalue), num(*.dt_max))]
    EulerUnstable {
        /// The step given.
        dt: f64,
        /// The eigenvalue `1 + dt gamma` of modulus `>= 1`.
        eigenvalue: f64,
        /// `2 / max |gamma|`.
        dt_max: f64,
    },
    /// The Lyapunov equation (Eq. 48) failed.
    #[error("covariance (Eq. 48): {0}")]
    Lyapunov(#[from] LyapunovError),
}
