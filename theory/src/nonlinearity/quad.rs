//! Numerical Gaussian averages `<f>_s = integral Dy f(s y)` by a trapezoidal rule after a
//! sinh change of variables (`theory/notes/gaussian-averages.md`, Eqs. G4-G9).
//!
//! With `y = c sinh(u)` and `c = 1 / max(1, s)`,
//!
//! ```text
//! <f>_s = integral du  f(s c sinh u) phi_N(c sinh u) c cosh u,   phi_N(y) = exp(-y^2/2)/sqrt(2 pi)
//! ```
//!
//! The nodes are spaced `c` near `y = 0`, where `f(s y)` varies on the scale `1/s`, and grow
//! geometrically out to the Gaussian's tail at `|y| ~ 9`, so one rule resolves both scales
//! for any `s`. The integrand decays double-exponentially in `u` and is analytic in a strip
//! for analytic `f`, so the trapezoidal rule converges geometrically: halving the step
//! squares the error. Levels `h = 1/2, 1/4, ..., 1/256` share nodes; the rule stops once
//! the change between two levels is below `1e-8` of the integral of `|integrand|` and
//! shrinking fast (then the error of the finer level is about the square of that, Eq. G8);
//! if it is not shrinking geometrically (a non-smooth `f`), it refines until the change is
//! below `1e-13` of that scale or the finest level is reached. A kink at `x = 0` (ReLU,
//! `|x|`) converges only like `h^2`: expect about `1e-6` relative there.

use std::sync::OnceLock;

/// Finest step in `u`.
const LEVELS: usize = 8;
const H0: f64 = 0.5;
/// Largest `u` tabulated: covers `c sinh u = 9.5` down to `c = 1e-9` (`s = 1e9`).
const U_MAX: f64 = 23.7;
/// `|y|` beyond which `exp(-y^2/2) < 2e-20`: nodes there are dropped.
const Y_CUT: f64 = 9.5;

struct Table {
    sinh: Vec<f64>,
    cosh: Vec<f64>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let h = H0 / (1u64 << LEVELS) as f64;
        let count = (U_MAX / h).ceil() as usize + 1;
        let u = (0..count).map(|k| k as f64 * h);
        Table {
            sinh: u.clone().map(f64::sinh).collect(),
            cosh: u.map(f64::cosh).collect(),
        }
    })
}

/// `<f>_s = integral Dy f(s y)`, `Dy` the standard normal measure (theory notes, section 2;
/// `theory/notes/gaussian-averages.md`, Eq. G1). `s` may be negative (only `|s|` matters);
/// `s = 0` gives `f(0)`; a non-finite `s` gives NaN.
///
/// Accurate to about `1e-13` relative to `<|f|>_s` for analytic `f` (tanh, erf, ...), in
/// about 60 to 140 evaluations of `f`; see the module docs for non-smooth `f`.
///
/// ```
/// use oblique_theory::nonlinearity::gaussian_average;
/// // <y^2> over N(0, s^2) is s^2
/// let v = gaussian_average(|x| x * x, 3.0);
/// assert!((v - 9.0).abs() < 1e-12);
/// ```
pub fn gaussian_average<F: Fn(f64) -> f64>(f: F, s: f64) -> f64 {
    gaussian_averages(|x| [f(x)], s)[0]
}

/// Several averages `<f_k>_s` of one vector-valued `f` in a single pass over the nodes
/// (Eq. G4); the refinement stops when every component has converged.
///
/// ```
/// use oblique_theory::nonlinearity::gaussian_averages;
/// let [m2, m4] = gaussian_averages(|x| [x * x, x.powi(4)], 2.0);
/// assert!((m2 - 4.0).abs() < 1e-12 && (m4 - 48.0).abs() < 1e-10);
/// ```
pub fn gaussian_averages<const K: usize, F: Fn(f64) -> [f64; K]>(f: F, s: f64) -> [f64; K] {
    if !s.is_finite() {
        return [f64::NAN; K];
    }
    let s = s.abs();
    if s == 0.0 {
        return f(0.0);
    }
    let tab = table();
    let c = 1.0 / s.max(1.0);
    let norm = c / (2.0 * std::f64::consts::PI).sqrt();
    // last table index with c sinh u <= Y_CUT
    let kmax = {
        let u_cut = (Y_CUT / c).asinh();
        ((u_cut / (H0 / (1u64 << LEVELS) as f64)) as usize).min(tab.sinh.len() - 1)
    };
    // sums over the nodes of weight * f (with sign) and weight * |f|
    let mut sum = [0.0; K];
    let mut abs_sum = [0.0; K];
    let add = |k: usize, sum: &mut [f64; K], abs_sum: &mut [f64; K]| {
        let y = c * tab.sinh[k];
        let w = norm * tab.cosh[k] * (-0.5 * y * y).exp();
        let fp = f(s * y);
        if k == 0 {
            for i in 0..K {
                sum[i] += w * fp[i];
                abs_sum[i] += w * fp[i].abs();
            }
        } else {
            let fm = f(-s * y);
            for i in 0..K {
                sum[i] += w * (fp[i] + fm[i]);
                abs_sum[i] += w * (fp[i].abs() + fm[i].abs());
            }
        }
    };
    // level 0: every 2^LEVELS-th table entry
    let stride0 = 1usize << LEVELS;
    let mut k = 0;
    while k <= kmax {
        add(k, &mut sum, &mut abs_sum);
        k += stride0;
    }
    let mut h = H0;
    let mut prev: [f64; K] = std::array::from_fn(|i| h * sum[i]);
    let mut prev_change = [f64::INFINITY; K];
    for level in 1..=LEVELS {
        let stride = 1usize << (LEVELS - level);
        h *= 0.5;
        let mut k = stride;
        while k <= kmax {
            add(k, &mut sum, &mut abs_sum);
            k += 2 * stride;
        }
        let cur: [f64; K] = std::array::from_fn(|i| h * sum[i]);
        // at least two refinements, so that two coarse rules cannot agree by accident
        let mut done = level >= 2;
        for i in 0..K {
            let scale = (h * abs_sum[i]).max(f64::MIN_POSITIVE);
            let change = (cur[i] - prev[i]).abs();
            // geometric convergence: error of `cur` ~ change^2 / scale (Eq. G8)
            let geometric = change <= 1e-8 * scale && change <= 1e-2 * prev_change[i];
            if !(geometric || change <= 1e-13 * scale) {
                done = false;
            }
            prev_change[i] = change;
        }
        prev = cur;
        if done {
            break;
        }
    }
    prev
}
