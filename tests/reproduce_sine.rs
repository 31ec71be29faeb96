//! `reproduce fig9` and `reproduce fig15` from the library at the quick size: every piece is
//! produced, and the numbers of the report agree with the CSVs behind the figures and with
//! an independent recomputation (the linearised solution's loss floor set by the t = 0
//! target, from the network's own initial weights).

use oblique::reproduce::{self, report::Section, Config, Target};
use oblique_validate::rnn::init::{init_network, InitSpec, OutputScale};
use oblique_validate::rnn::presets::{fig9, SineScenario};
use oblique_validate::rnn::train::TrainConfig;

fn cfg(dir: &std::path::Path) -> Config {
    Config::quick(dir, "reproduce_sine test")
}

fn files_exist(dir: &std::path::Path, sec: &Section) {
    assert!(sec.missing.is_empty(), "{:?}", sec.missing);
    for f in &sec.files {
        let len = std::fs::metadata(dir.join(f)).unwrap().len();
        assert!(len > 100, "{f}: {len} bytes");
    }
}

#[test]
fn quick_fig9_and_fig15_agree_with_their_csvs() {
    let dir = tempfile::tempdir().unwrap();
    let c = cfg(dir.path());
    let secs = reproduce::run(&[Target::Fig9, Target::Fig15], &c).unwrap();
    assert_eq!(secs.len(), 2);
    for s in &secs {
        files_exist(dir.path(), s);
    }
    reproduce::check(&secs).unwrap();
    let d = dir.path();
    fig23_dw_ends_at_the_report(d, &secs[0]);
    fig23_noise_free_loss_ends_at_the_report(d, &secs[0]);
    fig9_neurons_start_at_h0(d, &c);
    fig15_prediction_sits_on_its_floor(d, &c);
}

/// Fig. 23: the last |dW| of each training curve is the report's |dW|.
fn fig23_dw_ends_at_the_report(dir: &std::path::Path, sec: &Section) {
    let mut rdr = csv::Reader::from_path(dir.join("fig23_training.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (sc, dw) = (col("scenario"), col("dw_norm"));
    let mut last = std::collections::HashMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        last.insert(r[sc].to_string(), r[dw].parse::<f64>().unwrap());
    }
    for row in sec
        .rows
        .iter()
        .filter(|r| r.quantity == "|dW| after training")
    {
        // the record holds |W - W0| before the last update: within one Adam step of the end
        let curve = last[&row.at];
        let sim = row.simulation.unwrap();
        assert!(
            (sim - curve).abs() < 0.05 * sim + 1e-3,
            "{}: {sim} vs {curve}",
            row.at
        );
    }
}

/// Fig. 23A's noise-free probe of the oblique network: its last value (after the last
/// step) is the report's "loss without noise", measured on the same trial.
fn fig23_noise_free_loss_ends_at_the_report(dir: &std::path::Path, sec: &Section) {
    let mut rdr = csv::Reader::from_path(dir.join("fig23_training.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    let (sc, lnf) = (
        head.iter().position(|h| h == "scenario").unwrap(),
        head.iter().position(|h| h == "loss_noise_free").unwrap(),
    );
    let probes: Vec<(String, f64)> = rdr
        .records()
        .map(Result::unwrap)
        .filter(|r| !r[lnf].is_empty())
        .map(|r| (r[sc].to_string(), r[lnf].parse().unwrap()))
        .collect();
    assert!(
        probes.iter().all(|p| p.0 == "oblique"),
        "only the oblique network is probed"
    );
    let last = probes.last().expect("probes").1;
    let table = sec.extra_markdown.as_deref().expect("the measured table");
    let want: f64 = table
        .lines()
        .find_map(|l| l.strip_prefix("| loss without noise | oblique | "))
        .and_then(|rest| rest.trim_end_matches(" |").parse().ok())
        .expect("the oblique network's loss without noise");
    // the table prints four significant digits
    assert!((last - want).abs() < 5e-4 * want + 1e-9, "{last} vs {want}");
}

/// Fig. 9's neurons: the noise-free runs start at the network's h_0 (only W is trained),
/// rebuilt here from the preset and seed; the oblique row holds only its noisy trial.
fn fig9_neurons_start_at_h0(dir: &std::path::Path, c: &Config) {
    let mut rdr = csv::Reader::from_path(dir.join("fig9_neurons.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let setup =
        oblique::reproduce::fig09::setup::Setup::new(oblique::reproduce::fig09::setup::Size::Quick);
    let seed = c.sub_seed(900);
    for sc in [
        SineScenario::Aligned,
        SineScenario::Marginal,
        SineScenario::Lazy,
    ] {
        let p = setup.preset(sc);
        let spec = InitSpec {
            n: p.n,
            d_in: 1,
            d_out: 1,
            g: p.g,
            output_scale: p.output_scale,
            h0_std: p.h0_std,
        };
        let net = init_network(&spec, TrainConfig::new(p).nonlinearity, seed).unwrap();
        let name = oblique::reproduce::fig09::setup::name(sc);
        let mine: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == name).collect();
        assert_eq!(
            mine.len(),
            setup.eval_steps,
            "{name}: one row per evaluation step"
        );
        for i in 0..4 {
            let x0: f32 = mine[0][col(&format!("x{}", i + 1))].parse().unwrap();
            assert_eq!(x0, net.h0[i] as f32, "{name}: x{} at t = 0", i + 1);
            let noisy = &mine[0][col(&format!("x{}_noisy_trial", i + 1))];
            assert!(
                noisy.is_empty(),
                "{name}: only the oblique row has a noisy trial"
            );
            let initial = &mine[0][col(&format!("x{}_initial", i + 1))];
            if sc == SineScenario::Lazy {
                assert_eq!(
                    initial.parse::<f32>().unwrap(),
                    x0,
                    "lazy: x{} initial",
                    i + 1
                );
            } else {
                assert!(
                    initial.is_empty(),
                    "{name}: the initial run is drawn for lazy only"
                );
            }
        }
    }
    let oblique = rows.iter().find(|r| &r[0] == "oblique").unwrap();
    assert!(oblique[col("x1")].is_empty() && !oblique[col("x1_noisy_trial")].is_empty());
}

/// Fig. 15: the linearised prediction sits on the floor (w_out . h_0)^2 / 21 of the t = 0
/// target, recomputed here from the initial network of each size.
fn fig15_prediction_sits_on_its_floor(dir: &std::path::Path, c: &Config) {
    let mut rdr = csv::Reader::from_path(dir.join("fig15_norms.csv")).unwrap();
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (cn, cs, cl) = (col("n"), col("sample"), col("loss_lin_prediction"));
    let mut checked = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        let (n, sample): (usize, u64) = (r[cn].parse().unwrap(), r[cs].parse().unwrap());
        let seed = c.sub_seed(1500 + 7919 * n as u64 + sample);
        let p = fig9(SineScenario::Lazy);
        let spec = InitSpec {
            n,
            d_in: 1,
            d_out: 1,
            g: p.g,
            output_scale: OutputScale::Large,
            h0_std: p.h0_std,
        };
        let net = init_network(&spec, TrainConfig::new(p).nonlinearity, seed).unwrap();
        let z0: f64 = net.w_out.iter().zip(&net.h0).map(|(a, b)| a * b).sum();
        let floor = z0 * z0 / 21.0;
        let got: f64 = r[cl].parse().unwrap();
        assert!(
            (got - floor).abs() < 1e-6 * (1.0 + floor),
            "N = {n}: {got} vs {floor}"
        );
        checked += 1;
    }
    assert_eq!(checked, 4);
}
