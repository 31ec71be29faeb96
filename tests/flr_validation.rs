//! Theory against simulation for the fluctuation-learning relationship, on networks and
//! patterns drawn from seeds not used anywhere else (tolerances stated per assertion).

use oblique_theory::flr::{FlrTheory, LearningRule, LearningTask};
use oblique_validate::flr::{agreement, draw_pair, FlrNetworkSpec, LearningSim};

/// Linear regime (noise 0.1, u = 0.1, drive |beta r| < 0.3): measured initial speeds of
/// 12 tasks over 3 networks correlate with the linear-theory prediction (r >= 0.9) and
/// the regression slope is within 25% of one.
#[test]
fn measured_speed_follows_the_prediction_in_the_linear_regime() {
    let sim = LearningSim {
        dt: 0.1,
        t_relax: 10.0,
        t_learn: 20.0,
        trials: 4,
        record_every: 5,
    };
    let mut pts = Vec::new();
    for (i, (g, beta, p)) in [(0.0, 0.5, 4), (0.4, 0.4, 0), (0.3, 0.6, 3)]
        .iter()
        .enumerate()
    {
        let spec = FlrNetworkSpec {
            n: 60,
            g: *g,
            beta: *beta,
            memories: *p,
            noise: 0.1,
        };
        let s = spec.sample(777_001 + i as u64).unwrap();
        let th = FlrTheory::at_origin(&s.net).unwrap();
        for k in 0..4 {
            let (xi, eta) = draw_pair(&s.memories, 60, 0.25 * k as f64, 555, k);
            let rule = [LearningRule::HEBB, LearningRule::HEBB_TARGET][k as usize % 2];
            let task = LearningTask {
                xi,
                eta,
                u: 0.1,
                epsilon: 0.2,
                rule,
            };
            let pred = th.predict(&task).unwrap();
            assert!(
                pred.max_drive < 0.3,
                "not in the linear regime: {}",
                pred.max_drive
            );
            let run = sim.run(&s.net, &task, 9_000 + 10 * i as u64 + k);
            pts.push((pred.exact, run.slope(10.0, 20.0)));
        }
    }
    let a = agreement(&pts);
    assert!(a.pearson >= 0.9, "{a:?} {pts:?}");
    assert!((a.slope - 1.0).abs() < 0.25, "{a:?}");
}
