//! Tests of the grid plan: shards, task subsets, lr factors, per-task N.
use super::*;

#[test]
fn every_job_is_in_exactly_one_shard() {
    for size in [Size::Quick, Size::Default, Size::Paper] {
        let jobs = Plan::new(size, 7).jobs();
        for m in [1, 2, 3, 7, jobs.len(), jobs.len() + 5] {
            let mut seen = vec![0usize; jobs.len()];
            let mut sizes = Vec::new();
            for k in 1..=m {
                let part = shard_jobs(&jobs, k, m);
                sizes.push(part.len());
                for j in part {
                    seen[j.id] += 1;
                }
            }
            assert!(seen.iter().all(|&c| c == 1), "{size:?} m = {m}: {seen:?}");
            let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(hi - lo <= 1, "{size:?} m = {m}: unequal shards {sizes:?}");
        }
    }
}

#[test]
fn a_plan_of_fewer_tasks_trains_the_same_networks() {
    let full = Plan::new(Size::Default, 3);
    let part = full
        .clone()
        .select_tasks(&[TaskKind::ComplexSine, TaskKind::Romo]);
    assert_eq!(part.tasks, vec![TaskKind::Romo, TaskKind::ComplexSine]);
    assert_eq!(part.steps, full.steps[3..].to_vec());
    assert_eq!(part.lr_scale, full.lr_scale[3..].to_vec());
    let key = |j: &Job| (j.task, j.scale, j.g.to_bits(), j.sample, j.seed);
    let want: Vec<_> = full
        .jobs()
        .iter()
        .filter(|j| part.tasks.contains(&j.task))
        .map(key)
        .collect();
    let got: Vec<_> = part.jobs().iter().map(key).collect();
    assert_eq!(got, want);
    // two output scales x (networks at g = 1.5 + at g = 0.7), Romo 3 and complex sine 5
    let per = |t| 2 * (full.networks_of(t, 1.5) + full.seeds_decaying);
    assert_eq!(got.len(), per(TaskKind::Romo) + per(TaskKind::ComplexSine));
    assert_eq!(got.len(), 2 * (3 + 2) + 2 * (5 + 2));
}

#[test]
fn the_lr_factor_scales_the_published_lr0_but_mantes_large_chaotic_one() {
    let mut p = Plan::new(Size::Paper, 1);
    p.lr_scale = vec![2.0, 3.0, 8.0, 5.0, 7.0];
    for (ti, &task) in TASKS.iter().enumerate() {
        for scale in [OutputScale::Small, OutputScale::Large] {
            for g in [0.7, 1.5] {
                let job = Job {
                    id: 0,
                    task,
                    scale,
                    g,
                    sample: 0,
                    seed: 1,
                };
                let published = presets::paper(task, scale, g).lr0;
                let kept = task == TaskKind::Mante && scale == OutputScale::Large && g > 1.0;
                let want = if kept {
                    published
                } else {
                    published * p.lr_scale[ti]
                };
                assert_eq!(p.preset(&job).lr0, want, "{task:?} {scale:?} g = {g}");
            }
        }
    }
    // Mante's scaled lr0 (8 x 0.002) stays below the kept one (0.02)
    let mante = |scale, g| Job {
        id: 0,
        task: TaskKind::Mante,
        scale,
        g,
        sample: 0,
        seed: 1,
    };
    assert!((p.preset(&mante(OutputScale::Small, 0.7)).lr0 - 0.016).abs() < 1e-12);
    assert_eq!(p.preset(&mante(OutputScale::Large, 1.5)).lr0, 0.02);
}

#[test]
fn per_task_n_and_large_output_steps_and_lr_reach_the_preset() {
    let mut p = Plan::new(Size::Paper, 1).select_tasks(&[TaskKind::Cycling, TaskKind::Romo]);
    p.n = 128;
    p.steps = vec![300, 500];
    p.lr_scale = vec![1.0, 4.0];
    p.n_task = vec![128, 256];
    p.steps_large = vec![600, 500];
    p.lr_scale_large = vec![2.0, 4.0];
    let job = |task, scale| Job {
        id: 0,
        task,
        scale,
        g: 1.5,
        sample: 0,
        seed: 1,
    };
    let (s, l) = (OutputScale::Small, OutputScale::Large);
    let pre = |t, sc| p.preset(&job(t, sc));
    let cyc = presets::paper(TaskKind::Cycling, s, 1.5).lr0;
    assert_eq!(
        (pre(TaskKind::Cycling, s).n, pre(TaskKind::Cycling, s).steps),
        (128, 300)
    );
    assert_eq!(pre(TaskKind::Cycling, s).lr0, cyc);
    assert_eq!(pre(TaskKind::Cycling, l).steps, 600);
    assert_eq!(pre(TaskKind::Cycling, l).lr0, 2.0 * cyc);
    assert_eq!(
        (pre(TaskKind::Romo, l).n, pre(TaskKind::Romo, l).steps),
        (256, 500)
    );
    assert_eq!(p.n_summary(), "128 (romo 256)");
    let d = p.describe();
    assert!(d.contains("cycling 300 x1 (large output 600 x2)"), "{d}");
    assert!(d.contains("romo 500 x4 at N = 256"), "{d}");
    // the default grid states its Romo N; the paper grid is uniform
    assert_eq!(Plan::new(Size::Default, 1).n_of(TaskKind::Romo, 0.7), 256);
    assert_eq!(
        Plan::new(Size::Default, 1).n_of(TaskKind::ComplexSine, 1.5),
        256
    );
    assert_eq!(Plan::new(Size::Default, 1).n_of(TaskKind::Mante, 1.5), 128);
    assert_eq!(Plan::new(Size::Paper, 1).n_summary(), "512");
}

#[test]
fn a_chaotic_schedule_sets_the_g_1_5_scenarios_only() {
    let mut p = Plan::new(Size::Paper, 1).select_tasks(&[TaskKind::Cycling, TaskKind::Romo]);
    p.steps = vec![300, 500];
    p.lr_scale = vec![1.0, 4.0];
    p.chaotic = vec![
        None,
        Some(Schedule {
            steps: 1000,
            lr: 8.0,
            n: Some(128),
        }),
    ];
    let job = |task, scale, g| Job {
        id: 0,
        task,
        scale,
        g,
        sample: 0,
        seed: 1,
    };
    let romo = |sc| presets::paper(TaskKind::Romo, sc, 1.5).lr0;
    for sc in [OutputScale::Small, OutputScale::Large] {
        let chaotic = p.preset(&job(TaskKind::Romo, sc, 1.5));
        assert_eq!(
            (chaotic.steps, chaotic.lr0, chaotic.n),
            (1000, 8.0 * romo(sc), 128)
        );
        let decaying = p.preset(&job(TaskKind::Romo, sc, 0.7));
        let published = presets::paper(TaskKind::Romo, sc, 0.7).lr0;
        assert_eq!(
            (decaying.steps, decaying.lr0, decaying.n),
            (500, 4.0 * published, 512)
        );
        let cycling = p.preset(&job(TaskKind::Cycling, sc, 1.5));
        assert_eq!((cycling.steps, cycling.n), (300, 512));
    }
    let d = p.describe();
    assert!(
        d.contains("romo 500 x4 (g = 1.5: 1000 x8 at N = 128)"),
        "{d}"
    );
    assert_eq!(p.n_summary(), "512 (romo 128 at g = 1.5)");
    p.n_task = vec![512, 256];
    assert_eq!(p.n_summary(), "512 (romo 128 at g = 1.5, 256 at g = 0.7)");
    p.chaotic[1] = p.chaotic[1].map(|c| Schedule { n: None, ..c });
    assert_eq!(p.n_summary(), "512 (romo 256)");
    // the default grid gives Romo's g = 1.5 networks their own schedule, and the selected
    // plan keeps it
    let romo_only = Plan::new(Size::Default, 1).select_tasks(&[TaskKind::Romo]);
    assert_eq!(
        romo_only.steps_of(TaskKind::Romo, OutputScale::Large, 1.5),
        1000
    );
    assert_eq!(
        romo_only.steps_of(TaskKind::Romo, OutputScale::Large, 0.7),
        500
    );
}

#[test]
fn the_paper_grid_is_the_published_one() {
    let p = Plan::new(Size::Paper, 1);
    let jobs = p.jobs();
    // 5 networks x 4 scenarios x 5 tasks
    assert_eq!(jobs.len(), 100);
    assert_eq!(p.steps, vec![1000, 4000, 4000, 6000, 6000]);
    let mante_large = jobs
        .iter()
        .find(|j| j.task == TaskKind::Mante && j.scale == OutputScale::Large && j.g > 1.0)
        .unwrap();
    let pre = p.preset(mante_large);
    assert_eq!((pre.n, pre.steps, pre.lr0), (512, 4000, 0.02));
    // seeds differ between cells and are reproducible
    let mut seeds: Vec<u64> = jobs.iter().map(|j| j.seed).collect();
    seeds.sort_unstable();
    seeds.dedup();
    assert_eq!(seeds.len(), 100);
    assert_eq!(Plan::new(Size::Paper, 1).jobs(), jobs);
    assert_ne!(Plan::new(Size::Paper, 2).jobs()[0].seed, jobs[0].seed);
}

#[test]
fn cycling_has_its_own_count_of_networks_at_g_1_5_until_networks_sets_one() {
    let p = Plan::new(Size::Default, 1);
    let count = |p: &Plan, t: TaskKind, g: f64| {
        let jobs = p.jobs();
        let of = |s| {
            jobs.iter()
                .filter(|j| (j.task, j.scale, j.g) == (t, s, g))
                .count()
        };
        assert_eq!(of(OutputScale::Small), of(OutputScale::Large));
        of(OutputScale::Small)
    };
    assert_eq!(count(&p, TaskKind::Cycling, 1.5), 5);
    assert_eq!(count(&p, TaskKind::Cycling, 0.7), 2);
    assert_eq!(count(&p, TaskKind::Mante, 1.5), 3);
    assert_eq!(count(&p, TaskKind::Romo, 1.5), 3);
    assert_eq!(count(&p, TaskKind::ComplexSine, 1.5), 5);
    assert_eq!(p.jobs().len(), 2 * 2 * (5 + 2) + 3 * 2 * (3 + 2));
    // the first three cycling networks are those of a plan of three (same seeds)
    let mut three = p.clone();
    three.set_networks(3, 2);
    let cell = |j: &Job| (j.task, j.scale, j.g.to_bits(), j.sample, j.seed);
    let all: Vec<_> = p.jobs().iter().map(cell).collect();
    assert!(three.jobs().iter().all(|j| all.contains(&cell(j))));
    assert_eq!(count(&three, TaskKind::Cycling, 1.5), 3);
    let d = p.describe();
    assert!(
        d.contains(
            "3 networks per (task, output scale) at g = 1.5 (cycling and complex-sine 5) and 2 \
             at g = 0.7"
        ),
        "{d}"
    );
    assert!(three.describe().contains("at g = 1.5 and 2 at g = 0.7"));
    // a plan of cycling alone keeps its five
    let cycling = p.select_tasks(&[TaskKind::Cycling]);
    assert_eq!(count(&cycling, TaskKind::Cycling, 1.5), 5);
}
