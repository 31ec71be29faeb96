//! Set-up of `reproduce flr`: network, directions, learning rates and simulation lengths
//! for the full and the quick run (`theory/notes/flr.md` section 7).

use oblique_validate::flr::{FlrNetworkSpec, LearningSim, SpontaneousSim, StudySetup};

/// Sizes and settings of one run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// quick variant
    pub quick: bool,
    /// master seed
    pub seed: u64,
    /// seeds of the directional test: the committed one first, then two others
    pub seeds: [u64; 3],
    /// the directional-test network (linear regime)
    pub base: StudySetup,
    /// target angles to mode 0 (degrees)
    pub angles_xi: Vec<f64>,
    /// input angles to mode 1 (degrees)
    pub angles_eta: Vec<f64>,
    /// learning rates of the epsilon study
    pub epsilons: Vec<f64>,
    /// the spontaneous simulation for measured fluctuations
    pub spont: SpontaneousSim,
    /// tasks per network in the measured-fluctuation study
    pub measured_pairs: usize,
    /// auto-associative angles (degrees)
    pub auto_angles: Vec<f64>,
    /// completion threshold on dm
    pub theta: f64,
    /// angular frequency of the time-series task
    pub omega: f64,
    /// gains of the gain sweep
    pub betas: Vec<f64>,
    /// memories of the memory sweep
    pub memories: Vec<usize>,
    /// pairs per sweep point
    pub sweep_pairs: usize,
    /// input amplitudes of the failure panel
    pub us: Vec<f64>,
}

impl Plan {
    /// The full (`quick = false`) or quick plan for `seed`.
    pub fn new(quick: bool, seed: u64) -> Self {
        let n = if quick { 60 } else { 100 };
        let sim = LearningSim {
            dt: 0.1,
            t_relax: 15.0,
            t_learn: if quick { 24.0 } else { 30.0 },
            trials: if quick { 4 } else { 8 },
            record_every: 5,
        };
        let base = StudySetup {
            spec: FlrNetworkSpec {
                n,
                g: 0.3,
                beta: 0.5,
                memories: 4,
                noise: 0.05,
            },
            network_seed: seed.wrapping_add(100),
            seed: seed.wrapping_add(200),
            u: 0.05,
            epsilon: 0.002,
            sim,
            fit: (sim.t_learn / 2.0, sim.t_learn),
        };
        let pick = |full: Vec<f64>, q: Vec<f64>| if quick { q } else { full };
        Self {
            quick,
            seed,
            seeds: [seed, seed.wrapping_add(1), seed.wrapping_add(2)],
            base,
            angles_xi: pick(vec![0.0, 40.0, 60.0, 90.0], vec![0.0, 90.0]),
            angles_eta: pick(vec![0.0, 45.0, 65.0, 90.0], vec![0.0, 60.0, 90.0]),
            epsilons: pick(vec![0.2, 0.05, 0.02, 0.005, 0.002], vec![0.2, 0.02, 0.002]),
            spont: SpontaneousSim {
                dt: 0.1,
                t_burn: 50.0,
                t_sample: if quick { 400.0 } else { 1500.0 },
                chains: 4,
                sample_every: 5,
                max_lag: 25.0,
            },
            measured_pairs: if quick { 3 } else { 5 },
            auto_angles: pick(
                vec![0.0, 20.0, 35.0, 50.0, 60.0, 70.0, 80.0, 90.0],
                vec![0.0, 50.0, 70.0, 90.0],
            ),
            theta: 0.5,
            omega: std::f64::consts::TAU / 40.0,
            betas: pick(vec![0.2, 0.3, 0.4, 0.5, 0.6, 0.7], vec![0.2, 0.4, 0.6]),
            memories: if quick {
                vec![0, 4, 8]
            } else {
                vec![0, 2, 4, 6, 8, 10]
            },
            sweep_pairs: if quick { 3 } else { 6 },
            us: pick(vec![0.05, 0.1, 0.2, 0.4, 0.8, 1.6], vec![0.1, 0.4, 1.6]),
        }
    }

    /// The directional set-up at another seed (network and directions redrawn).
    pub fn at_seed(&self, seed: u64) -> StudySetup {
        StudySetup {
            network_seed: seed.wrapping_add(100),
            seed: seed.wrapping_add(200),
            ..self.base
        }
    }

    /// The networks of the measured-fluctuation study: (label, spec, start at a memory).
    pub fn measured_cases(&self) -> Vec<(&'static str, FlrNetworkSpec, bool)> {
        let b = self.base.spec;
        vec![
            ("linear (g beta = 0.15)", b, false),
            (
                "near instability",
                FlrNetworkSpec { beta: 0.62, ..b },
                false,
            ),
            (
                "chaotic (g beta = 1.5)",
                FlrNetworkSpec {
                    g: 1.5,
                    beta: 1.0,
                    memories: 0,
                    ..b
                },
                false,
            ),
            (
                "attractor (beta = 2, at memory 0)",
                FlrNetworkSpec {
                    g: 0.2,
                    beta: 2.0,
                    memories: 3,
                    ..b
                },
                true,
            ),
        ]
    }
}
