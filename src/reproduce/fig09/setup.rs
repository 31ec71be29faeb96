//! The Fig. 9 / Fig. 23 set-up at the three sizes of `reproduce` (paper-methods 5).

use oblique_validate::rnn::presets::{fig9, Preset, SineScenario};

pub use crate::reproduce::config::Size;

/// The four solutions, in the order of the figure.
pub const SCENARIOS: [SineScenario; 4] = [
    SineScenario::Aligned,
    SineScenario::Marginal,
    SineScenario::Lazy,
    SineScenario::Oblique,
];

/// Name of a scenario.
pub fn name(s: SineScenario) -> &'static str {
    match s {
        SineScenario::Aligned => "aligned",
        SineScenario::Marginal => "marginal",
        SineScenario::Lazy => "lazy",
        SineScenario::Oblique => "oblique",
    }
}

/// `|dW|` after 1000 steps read off Fig. 23B (paper-methods 5), N = 512.
pub fn published_dw(s: SineScenario) -> f64 {
    match s {
        SineScenario::Aligned => 1.7,
        SineScenario::Marginal => 1.3,
        SineScenario::Lazy => 0.15,
        SineScenario::Oblique => 4.4,
    }
}

/// Neurons of the published networks.
pub const PUBLISHED_N: usize = 512;
/// Training steps of each published network.
pub const PUBLISHED_STEPS: usize = 1000;

/// The Fig. 9 run.
#[derive(Debug, Clone)]
pub struct Setup {
    /// size
    pub size: Size,
    /// neurons
    pub n: usize,
    /// training steps of the noise-free scenarios (aligned, marginal, lazy)
    pub steps: usize,
    /// training steps of the noisy (oblique) scenario
    pub steps_noisy: usize,
    /// evaluation length in steps (t_max = 63)
    pub eval_steps: usize,
    /// trials of the noisy evaluation
    pub eval_trials: usize,
}

impl Setup {
    /// The set-up of `size`. The default has the published N = 512 (at N = 256 the oblique
    /// network's loss under its training noise, the claim's measure, ends above the 0.5 of a
    /// zero output at two master seeds of 18) and trains the noisy network 700 of the
    /// published 1000 steps (batch 64 makes it the costly one).
    pub fn new(size: Size) -> Self {
        let (n, steps, steps_noisy) = match size {
            Size::Quick => (48, 150, 60),
            Size::Default => (PUBLISHED_N, PUBLISHED_STEPS, 700),
            Size::Paper => (PUBLISHED_N, PUBLISHED_STEPS, PUBLISHED_STEPS),
        };
        Setup {
            size,
            n,
            steps,
            steps_noisy,
            eval_steps: 315,
            eval_trials: 32,
        }
    }

    /// Whether scenario `s` trains as published (N = 512, 1000 steps), which the note of its
    /// `|dW|` row says.
    pub fn as_published(&self, s: SineScenario) -> bool {
        self.n == PUBLISHED_N && self.preset(s).steps == PUBLISHED_STEPS
    }

    /// The training preset of one scenario at this size.
    pub fn preset(&self, s: SineScenario) -> Preset {
        let mut p = fig9(s);
        p.n = self.n;
        p.steps = if s == SineScenario::Oblique {
            self.steps_noisy
        } else {
            self.steps
        };
        if s == SineScenario::Marginal {
            p.h0_std = 1.0 / (self.n as f64).sqrt();
        }
        p
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        format!(
            "sine task (t_dec = 21, f = 0.1), tanh, only W trained with Adam (lr = lr0/N), N = {}; \
             aligned (small output, g = 1.5, lr0 5e-3), marginal (large, g = 0.7, h_0 std 1/sqrt(N), \
             lr0 2e-3), lazy (large, g = 1.5, lr0 1e-3), all noise-free with batch 1 for {} steps; \
             oblique (large, g = 1.5, sigma_init = sigma_hid = 1, batch 64, lr0 5e-2) for {} steps; \
             evaluation t_max = 63, noisy evaluation with {} trials at sigma_init = sigma_hid = 1",
            self.n, self.steps, self.steps_noisy, self.eval_trials
        )
    }
}
