//! Optimisers for training: SGD and Adam with PyTorch's defaults.
//!
//! Both work on a flat parameter slice and its gradient, so one implementation serves the
//! rank-two coefficients `M` (4 numbers) and a full `N x N` matrix alike.

/// Which optimiser to use.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent, `theta -= lr * grad`.
    Sgd,
    /// Adam (Kingma and Ba 2014) with PyTorch's defaults.
    Adam,
}

impl std::str::FromStr for OptimizerKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sgd" => Ok(Self::Sgd),
            "adam" => Ok(Self::Adam),
            other => Err(format!("unknown optimizer '{other}': expected sgd or adam")),
        }
    }
}

/// A stateful optimiser over `len` parameters.
#[derive(Debug, Clone)]
pub enum Optimizer {
    /// SGD with learning rate `lr`.
    Sgd {
        /// learning rate
        lr: f64,
    },
    /// Adam with PyTorch's defaults: `beta1 = 0.9`, `beta2 = 0.999`, `eps = 1e-8`, no weight decay.
    Adam {
        /// learning rate
        lr: f64,
        /// first-moment estimate
        m: Vec<f64>,
        /// second-moment estimate
        v: Vec<f64>,
        /// steps taken
        t: i32,
    },
}

const BETA1: f64 = 0.9;
const BETA2: f64 = 0.999;
const EPS: f64 = 1e-8;

impl Optimizer {
    /// A new optimiser of `kind` for `len` parameters.
    pub fn new(kind: OptimizerKind, lr: f64, len: usize) -> Self {
        match kind {
            OptimizerKind::Sgd => Optimizer::Sgd { lr },
            OptimizerKind::Adam => Optimizer::Adam {
                lr,
                m: vec![0.0; len],
                v: vec![0.0; len],
                t: 0,
            },
        }
    }

    /// Changes the learning rate, keeping any moment estimates.
    pub fn set_lr(&mut self, new_lr: f64) {
        match self {
            Optimizer::Sgd { lr } | Optimizer::Adam { lr, .. } => *lr = new_lr,
        }
    }

    /// One update of `params` along `grad` (same length).
    ///
    /// Adam follows `torch.optim.Adam`: `m <- b1 m + (1-b1) g`, `v <- b2 v + (1-b2) g^2`,
    /// `theta <- theta - lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)`.
    pub fn step(&mut self, params: &mut [f64], grad: &[f64]) {
        assert_eq!(
            params.len(),
            grad.len(),
            "parameter and gradient lengths differ"
        );
        match self {
            Optimizer::Sgd { lr } => {
                for (p, g) in params.iter_mut().zip(grad) {
                    *p -= *lr * g;
                }
            }
            Optimizer::Adam { lr, m, v, t } => {
                assert_eq!(m.len(), params.len(), "Adam was built for another size");
                *t += 1;
                let bc1 = 1.0 - BETA1.powi(*t);
                let bc2 = 1.0 - BETA2.powi(*t);
                for i in 0..params.len() {
                    m[i] = BETA1 * m[i] + (1.0 - BETA1) * grad[i];
                    v[i] = BETA2 * v[i] + (1.0 - BETA2) * grad[i] * grad[i];
                    let denom = (v[i] / bc2).sqrt() + EPS;
                    params[i] -= *lr * (m[i] / bc1) / denom;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgd_steps_against_the_gradient() {
        let mut o = Optimizer::new(OptimizerKind::Sgd, 0.1, 2);
        let mut p = [1.0, -1.0];
        o.step(&mut p, &[2.0, -4.0]);
        assert_eq!(p, [0.8, -0.6]);
    }

    #[test]
    fn adam_first_step_moves_each_parameter_by_lr() {
        // After one step the bias-corrected ratio m/sqrt(v) is sign(g) (up to eps).
        let mut o = Optimizer::new(OptimizerKind::Adam, 0.01, 2);
        let mut p = [0.0, 0.0];
        o.step(&mut p, &[3.0, -0.5]);
        assert!((p[0] + 0.01).abs() < 1e-9 && (p[1] - 0.01).abs() < 1e-9);
        // Second step with the same gradient: exactly the same move again.
        o.step(&mut p, &[3.0, -0.5]);
        assert!((p[0] + 0.02).abs() < 1e-9);
    }
}
