//! Parsers for CLI values: lists (`64,256,2048`), ranges (`start:stop:count`) and 2x2
//! matrices (`m11,m12,m21,m22`). Every error names the parameter and what is expected.
#![allow(dead_code)]

use anyhow::{bail, Context};

/// A finite float, or an error naming `name`.
pub fn finite(name: &str, text: &str) -> anyhow::Result<f64> {
    let v: f64 = text
        .trim()
        .parse()
        .with_context(|| format!("{name}: '{text}' is not a number"))?;
    if !v.is_finite() {
        bail!("{name}: '{text}' is not a finite number");
    }
    Ok(v)
}

/// A comma-separated list of finite floats, e.g. `-1,-2,-5`.
pub fn list_f64(name: &str, text: &str) -> anyhow::Result<Vec<f64>> {
    let items: Vec<&str> = text.split(',').collect();
    if items.iter().any(|s| s.trim().is_empty()) {
        bail!("{name}: '{text}' is not a comma-separated list of numbers");
    }
    items.into_iter().map(|s| finite(name, s)).collect()
}

/// A comma-separated list of integers at least `min`, e.g. `64,256,2048`.
pub fn list_usize(name: &str, text: &str, min: usize) -> anyhow::Result<Vec<usize>> {
    text.split(',')
        .map(|s| {
            let v: usize = s.trim().parse().with_context(|| {
                format!("{name}: '{s}' is not a whole number (expected a comma-separated list like 64,256)")
            })?;
            if v < min {
                bail!("{name}: {v} is too small; it must be at least {min}");
            }
            Ok(v)
        })
        .collect()
}

/// The most points of one range (800 MB of values): a parser never allocates more; the
/// commands' own resource checks set tighter limits from the whole grid.
pub const MAX_RANGE_POINTS: usize = 100_000_000;

/// `start:stop:count` (inclusive, `count` >= 1 points, evenly spaced) or a single number.
pub fn range(name: &str, text: &str) -> anyhow::Result<Vec<f64>> {
    let parts: Vec<&str> = text.split(':').collect();
    match parts.as_slice() {
        [single] => Ok(vec![finite(name, single)?]),
        [a, b, n] => {
            let a = finite(name, a)?;
            let b = finite(name, b)?;
            let n: usize = n.trim().parse().with_context(|| {
                format!("{name}: the count '{n}' in '{text}' is not a whole number (expected start:stop:count)")
            })?;
            if n == 0 {
                bail!(
                    "{name}: the count in '{text}' must be at least 1 (expected start:stop:count)"
                );
            }
            if n > MAX_RANGE_POINTS {
                bail!("{name}: the count {n} in '{text}' is more than {MAX_RANGE_POINTS} points");
            }
            if n == 1 {
                return Ok(vec![a]);
            }
            let step = (b - a) / (n - 1) as f64;
            if !step.is_finite() {
                bail!("{name}: '{text}' spans more than the largest finite number");
            }
            Ok((0..n).map(|i| a + step * i as f64).collect())
        }
        _ => {
            bail!("{name}: '{text}' is not a range (expected start:stop:count, e.g. 1.61:3.0:1000)")
        }
    }
}

/// A 2x2 matrix given row-major as `m11,m12,m21,m22`.
pub fn matrix2(name: &str, text: &str) -> anyhow::Result<[[f64; 2]; 2]> {
    let v = list_f64(name, text)?;
    if v.len() != 4 {
        bail!(
            "{name}: expected 4 comma-separated entries m11,m12,m21,m22, got {}",
            v.len()
        );
    }
    Ok([[v[0], v[1]], [v[2], v[3]]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_inclusive_and_evenly_spaced() {
        let r = range("--lambda-plus", "1:2:5").unwrap();
        assert_eq!(r, vec![1.0, 1.25, 1.5, 1.75, 2.0]);
    }

    #[test]
    fn malformed_inputs_name_the_parameter() {
        let e = range("--lambda-minus", "1:2").unwrap_err().to_string();
        assert_eq!(
            e,
            "--lambda-minus: '1:2' is not a range (expected start:stop:count, e.g. 1.61:3.0:1000)"
        );
        let e = matrix2("--m", "1,2,3").unwrap_err().to_string();
        assert_eq!(
            e,
            "--m: expected 4 comma-separated entries m11,m12,m21,m22, got 3"
        );
        let e = list_usize("--n", "64,1", 2).unwrap_err().to_string();
        assert_eq!(e, "--n: 1 is too small; it must be at least 2");
        let e = finite("--noise", "nan").unwrap_err().to_string();
        assert_eq!(e, "--noise: 'nan' is not a finite number");
    }

    #[test]
    fn ranges_too_long_or_too_wide_are_refused() {
        for (text, message) in [
            (
                "0:1:100000001",
                "--x: the count 100000001 in '0:1:100000001' is more than 100000000 points",
            ),
            (
                "-1e308:1e308:3",
                "--x: '-1e308:1e308:3' spans more than the largest finite number",
            ),
        ] {
            assert_eq!(range("--x", text).unwrap_err().to_string(), message);
        }
    }
}
