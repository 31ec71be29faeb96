//! The published training set-ups: the neuroscience tasks in the four scenarios
//! (paper-methods 1.5), the Fig. 2 cycling networks (4.3) and the Fig. 9 sine networks (5).

use super::grad::Trained;
use super::init::OutputScale;
use super::network::Noise;
use super::tasks::TaskKind;

/// Everything a training run needs besides its seed and threads.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Preset {
    /// task
    pub task: TaskKind,
    /// initial output-weight scale
    pub output_scale: OutputScale,
    /// gain of the initial `W`
    pub g: f64,
    /// neurons
    pub n: usize,
    /// trials per step
    pub batch: usize,
    /// training steps
    pub steps: usize,
    /// `lr = lr0 / N`
    pub lr0: f64,
    /// noise during training (and for the noisy evaluation)
    pub noise: Noise,
    /// std of the fixed initial state `h_0`
    pub h0_std: f64,
    /// which weights are trained
    pub trained: Trained,
    /// the loss is taken every `mask_step` steps
    pub mask_step: usize,
}

/// `lr0` of the neuroscience tasks for scenarios 0-3 = (large, 0.7), (large, 1.5),
/// (small, 0.7), (small, 1.5) (paper-methods 1.5).
fn lr0_table(task: TaskKind) -> [f64; 4] {
    match task {
        TaskKind::Cycling => [0.02, 0.02, 0.02, 0.02],
        TaskKind::Flipflop => [0.01, 0.01, 0.005, 0.005],
        TaskKind::Mante => [0.002, 0.02, 0.002, 0.002],
        TaskKind::Romo => [0.01, 0.01, 0.01, 0.005],
        TaskKind::ComplexSine => [0.01, 0.005, 0.005, 0.005],
        TaskKind::Sine => [0.002, 0.05, 0.005, 0.005],
    }
}

fn steps_table(task: TaskKind) -> usize {
    match task {
        TaskKind::Cycling => 1000,
        TaskKind::Flipflop | TaskKind::Mante => 4000,
        TaskKind::Romo | TaskKind::ComplexSine => 6000,
        TaskKind::Sine => 1000,
    }
}

/// The scenario index of paper-methods section 0 (`g < 1` counts as 0.7, else 1.5).
pub fn scenario(scale: OutputScale, g: f64) -> usize {
    let chaotic = usize::from(g >= 1.0);
    match scale {
        OutputScale::Large => chaotic,
        OutputScale::Small => 2 + chaotic,
    }
}

/// The paper's set-up of `task` with output scale `scale` and gain `g`.
///
/// Neuroscience tasks: N = 512, batch 32, all weights trained, `sigma_init = 1`,
/// `sigma_hid = 0.2` (Mante 0.05), steps and `lr0` of the table (paper-methods 1.5). The sine
/// task follows Fig. 9 (section 5): only `W` trained, `h_0 ~ N(0, 1)`; small output is the
/// noise-free "aligned" network (batch 1, `lr0 = 5e-3`), large output with `g < 1` the
/// "marginal" one (`h_0` std `1/sqrt(N)`, `lr0 = 2e-3`), large with `g >= 1` the noisy
/// "oblique" one (`sigma_init = sigma_hid = 1`, batch 64, `lr0 = 5e-2`).
pub fn paper(task: TaskKind, scale: OutputScale, g: f64) -> Preset {
    let n = 512;
    let s = scenario(scale, g);
    let mut p = Preset {
        task,
        output_scale: scale,
        g,
        n,
        batch: 32,
        steps: steps_table(task),
        lr0: lr0_table(task)[s],
        noise: Noise {
            sigma_hid: if task == TaskKind::Mante { 0.05 } else { 0.2 },
            sigma_init: 1.0,
        },
        h0_std: 0.0,
        trained: Trained::ALL,
        mask_step: task.mask_step(),
    };
    if task == TaskKind::Sine {
        p.trained = Trained::W_ONLY;
        p.h0_std = 1.0;
        p.noise = Noise::NONE;
        p.batch = 1;
        if s == 0 {
            p.h0_std = 1.0 / (n as f64).sqrt();
        } else if s == 1 {
            p.noise = Noise {
                sigma_hid: 1.0,
                sigma_init: 1.0,
            };
            p.batch = 64;
        }
    }
    p
}

/// The Fig. 2 cycling networks (paper-methods 4.3): N = 256, only `W`, `g = 1.5`,
/// `h_0 ~ N(0, 1)`, `lr0 = 0.1`, 5000 steps, `sigma_init = 1`, `sigma_hid = 0.2`.
pub fn fig2(scale: OutputScale) -> Preset {
    Preset {
        task: TaskKind::Cycling,
        output_scale: scale,
        g: 1.5,
        n: 256,
        batch: 32,
        steps: 5000,
        lr0: 0.1,
        noise: Noise {
            sigma_hid: 0.2,
            sigma_init: 1.0,
        },
        h0_std: 1.0,
        trained: Trained::W_ONLY,
        mask_step: 5,
    }
}

/// The Fig. 9 sine scenarios (paper-methods 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SineScenario {
    /// small output, g = 1.5, no noise
    Aligned,
    /// large output, g = 0.7, `h_0` std `1/sqrt(N)`, no noise
    Marginal,
    /// large output, g = 1.5, no noise, `lr0 = 1e-3`
    Lazy,
    /// large output, g = 1.5, with noise
    Oblique,
}

/// The Fig. 9 set-up of `scenario`.
pub fn fig9(scenario: SineScenario) -> Preset {
    match scenario {
        SineScenario::Aligned => paper(TaskKind::Sine, OutputScale::Small, 1.5),
        SineScenario::Marginal => paper(TaskKind::Sine, OutputScale::Large, 0.7),
        SineScenario::Oblique => paper(TaskKind::Sine, OutputScale::Large, 1.5),
        SineScenario::Lazy => Preset {
            lr0: 1e-3,
            noise: Noise::NONE,
            batch: 1,
            ..paper(TaskKind::Sine, OutputScale::Large, 1.5)
        },
    }
}
