//! Property tests of every parser of user input: command-line ranges, lists and matrices
//! (the clap value parsers of `oblique::commands::values`) and
//! the table reader of input files (`oblique::io::table`).
//! Arbitrary text or bytes never panic; well-formed input gives the values written.

use oblique::commands::values;
use oblique::io::table;
use proptest::prelude::*;

/// Runs every text parser on `text` (results ignored: only a panic fails).
fn every_parser(text: &str) {
    let _ = table::parse(text.as_bytes(), "t.csv");
    let _ = (
        values::finite(text),
        values::positive(text),
        values::non_negative(text),
    );
    let _ = (
        values::seed(text),
        values::count(text),
        values::neurons(text),
    );
    let _ = (values::size(text), values::steps(text), values::sizes(text));
    let _ = values::matrix2(text);
    if let Ok(r) = values::range(text) {
        // the count is bounded before expansion; expand only small ranges here
        if r.count <= 10_000 {
            assert!(r.values().iter().all(|v| v.is_finite()), "{text}: {r:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,64}") {
        every_parser(&text);
    }

    #[test]
    fn numeric_looking_text_never_panics(text in "[-+0-9.eE:, naif]{0,40}") {
        every_parser(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_table_reader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(t) = table::parse(&bytes[..], "t.csv") {
            prop_assert_eq!(t.data.len(), t.rows * t.cols);
        }
    }

    #[test]
    fn ranges_are_inclusive_and_evenly_spaced(a in -1e3f64..1e3, b in -1e3f64..1e3, n in 2usize..500) {
        let r = values::range(&format!("{a}:{b}:{n}")).unwrap().values();
        prop_assert!(r.iter().all(|v| v.is_finite()));
        prop_assert_eq!(r.len(), n);
        prop_assert_eq!(r[0], a);
        prop_assert!((r[n - 1] - b).abs() <= 1e-9 * (1.0 + b.abs()));
        let step = (b - a) / (n - 1) as f64;
        for w in r.windows(2) {
            prop_assert!((w[1] - w[0] - step).abs() <= 1e-9 * (1.0 + step.abs()));
        }
    }

    #[test]
    fn lists_and_matrices_read_back(v in proptest::collection::vec(-1e9f64..1e9, 1..20)) {
        let text: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        if v.len() == 4 {
            let m = values::matrix2(&text.join(",")).unwrap();
            prop_assert_eq!(m, nalgebra::Matrix2::new(v[0], v[1], v[2], v[3]));
        } else {
            prop_assert!(values::matrix2(&text.join(",")).is_err());
        }
    }

    #[test]
    fn usize_lists_read_back_and_respect_the_minimum(v in proptest::collection::vec(0usize..100_000, 1..20)) {
        let text: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        let r = values::sizes(&text.join(","));
        if v.iter().all(|&x| x >= 2) {
            prop_assert_eq!(r.unwrap().0, v);
        } else {
            prop_assert!(r.unwrap_err().contains("it must be at least 2"));
        }
    }
}
