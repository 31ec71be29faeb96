//! Typed clap value parsers of the commands' flags: each returns the value or a message that says what the valid
//! range is (clap prefixes it with the flag: "invalid value '-1' for '--noise <SIGMA>':
//! ..."). Negative numbers reach these parsers because the commands set
//! `allow_negative_numbers`.

use nalgebra::Matrix2;
use oblique_theory::nonlinearity::Builtin;
use oblique_validate::optim::OptimizerKind;

fn number(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("'{text}' is not a finite number"))
    }
}

/// Any finite number.
pub fn finite(text: &str) -> Result<f64, String> {
    number(text)
}

/// A finite number `> 0`.
pub fn positive(text: &str) -> Result<f64, String> {
    let v = number(text)?;
    if v > 0.0 {
        Ok(v)
    } else {
        Err(format!(
            "{} is out of range: it must be a finite number > 0",
            oblique_theory::format::num(v)
        ))
    }
}

/// A finite number `>= 0`.
pub fn non_negative(text: &str) -> Result<f64, String> {
    let v = number(text)?;
    if v >= 0.0 {
        Ok(v)
    } else {
        Err(format!(
            "{} is out of range: it must be a finite number >= 0",
            oblique_theory::format::num(v)
        ))
    }
}

/// A whole number `>= min` (at most `u64::MAX`), also written as `1e3` or `1000.0`.
fn whole(text: &str, min: u64) -> Result<u64, String> {
    let t = text.trim();
    let v = match t.parse::<u64>() {
        Ok(v) => Some(v),
        Err(_) => match t.parse::<f64>() {
            Ok(f) if f.is_finite() && f.fract() == 0.0 && (0.0..=9.0e15).contains(&f) => {
                Some(f as u64)
            }
            _ => None,
        },
    };
    match v {
        Some(v) if v >= min => Ok(v),
        _ => Err(format!(
            "'{text}' is out of range: it must be a whole number >= {min}"
        )),
    }
}

/// A seed: a whole number from 0 to `u64::MAX`.
pub fn seed(text: &str) -> Result<u64, String> {
    whole(text, 0)
}

/// A count `>= 1` (`1e3` accepted).
pub fn count(text: &str) -> Result<usize, String> {
    whole(text, 1).and_then(to_usize)
}

/// A count `>= 0` (`1e3` accepted).
pub fn count0(text: &str) -> Result<usize, String> {
    whole(text, 0).and_then(to_usize)
}

/// Subsets per size of the subsampling analysis: a whole number from 1 to 100,000.
pub fn repeats(text: &str) -> Result<u32, String> {
    match whole(text, 1) {
        Ok(v) if v <= 100_000 => Ok(v as u32),
        _ => Err(format!(
            "'{text}' is out of range: it must be a whole number from 1 to 100000"
        )),
    }
}

/// A network size `N >= 2`.
pub fn neurons(text: &str) -> Result<usize, String> {
    whole(text, 2).and_then(to_usize)
}

fn to_usize(v: u64) -> Result<usize, String> {
    usize::try_from(v).map_err(|_| format!("{v} is too large for this machine"))
}

/// A 2x2 matrix given row-major as `m11,m12,m21,m22` (finite entries).
pub fn matrix2(text: &str) -> Result<Matrix2<f64>, String> {
    let items: Vec<&str> = text.split(',').collect();
    if items.len() != 4 {
        return Err(format!(
            "expected 4 comma-separated entries m11,m12,m21,m22, got {}",
            items.len()
        ));
    }
    let v = items
        .iter()
        .map(|s| number(s))
        .collect::<Result<Vec<f64>, String>>()?;
    Ok(Matrix2::new(v[0], v[1], v[2], v[3]))
}

/// A comma-separated list of network sizes, each `>= 2` (`64,256,2048`).
pub fn sizes(text: &str) -> Result<Sizes, String> {
    text.split(',')
        .map(|s| {
            let v: usize = s.trim().parse().map_err(|_| {
                format!("'{s}' is not a whole number (expected a comma-separated list like 64,256)")
            })?;
            if v < 2 {
                return Err(format!("{v} is too small; it must be at least 2"));
            }
            Ok(v)
        })
        .collect::<Result<Vec<usize>, String>>()
        .map(Sizes)
}

/// The network sizes of a `--n 64,256` list.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizes(pub Vec<usize>);

/// A range `start:stop:count` or a single number (checked, not expanded).
pub fn range(text: &str) -> Result<AxisRange, String> {
    AxisRange::parse(text)
}

/// A network size `N` as a whole number (`1e3` is not accepted); `N >= 2` is checked by
/// the theory, which names the size in its message.
pub fn size(text: &str) -> Result<usize, String> {
    text.trim().parse::<usize>().map_err(|_| {
        format!("'{text}' is not a whole number (N, the network size, must be at least 2)")
    })
}

/// A whole number `>= 0` ("1000", "1e3" and "1000.0" are accepted).
pub fn steps(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if let Ok(v) = t.parse::<u64>() {
        return Ok(v);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v < 0.0 => Err(format!(
            "'{text}' is negative; it must be a whole number >= 0"
        )),
        Ok(v) if v.is_finite() && v.fract() == 0.0 && v <= 9.0e15 => Ok(v as u64),
        _ => Err(format!("'{text}' is not a whole number >= 0")),
    }
}

/// `--nonlinearity` of the mean-field commands and `simulate`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phi {
    /// phi(x) = erf(sqrt(pi) x / 2), closed forms
    Erf,
    /// phi(x) = tanh(x), numerical Gaussian averages
    Tanh,
    /// phi(x) = x
    #[value(alias = "linear")]
    Identity,
}

impl From<Phi> for Builtin {
    fn from(p: Phi) -> Self {
        match p {
            Phi::Erf => Builtin::Erf,
            Phi::Tanh => Builtin::Tanh,
            Phi::Identity => Builtin::Identity,
        }
    }
}

/// `--optimizer` of `train rank2|linear`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Optimizer {
    /// Stochastic gradient descent.
    Sgd,
    /// Adam with PyTorch's defaults.
    Adam,
}

impl From<Optimizer> for OptimizerKind {
    fn from(o: Optimizer) -> Self {
        match o {
            Optimizer::Sgd => OptimizerKind::Sgd,
            Optimizer::Adam => OptimizerKind::Adam,
        }
    }
}

/// `--nonlinearity` of a trained rank-two network.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainedPhi {
    /// phi(x) = erf(sqrt(pi) x / 2)
    Erf,
    /// phi(x) = tanh(x)
    Tanh,
}

impl From<TrainedPhi> for Builtin {
    fn from(n: TrainedPhi) -> Self {
        match n {
            TrainedPhi::Erf => Builtin::Erf,
            TrainedPhi::Tanh => Builtin::Tanh,
        }
    }
}

/// The most points of one range (800 MB of values); the resource check of the whole grid
/// sets the tighter limit.
pub const MAX_RANGE_POINTS: usize = 100_000_000;

/// `start:stop:count` (inclusive, evenly spaced) or a single number, not yet expanded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisRange {
    /// first value
    pub start: f64,
    /// last value
    pub stop: f64,
    /// number of values (>= 1)
    pub count: usize,
}

impl AxisRange {
    /// Parses `start:stop:count` or a single number; the message says what is expected.
    pub fn parse(text: &str) -> Result<Self, String> {
        let parts: Vec<&str> = text.split(':').collect();
        let (start, stop, count) = match parts.as_slice() {
            [single] => {
                let v = number(single)?;
                (v, v, 1)
            }
            [a, b, n] => {
                let (a, b) = (number(a)?, number(b)?);
                let n: usize = n.trim().parse().map_err(|_| {
                    format!("the count '{n}' in '{text}' is not a whole number (expected start:stop:count)")
                })?;
                if n == 0 {
                    return Err(format!(
                        "the count in '{text}' must be at least 1 (expected start:stop:count)"
                    ));
                }
                if n > 1 && !((b - a) / (n - 1) as f64).is_finite() {
                    return Err(format!(
                        "'{text}' spans more than the largest finite number"
                    ));
                }
                (a, b, n)
            }
            _ => {
                return Err(format!(
                    "'{text}' is not a range (expected start:stop:count, e.g. 1.61:3.0:1000)"
                ))
            }
        };
        Ok(AxisRange { start, stop, count })
    }

    /// Refuses more than [`MAX_RANGE_POINTS`] values (`name` is the axis).
    pub fn check(&self, name: &str) -> Result<(), crate::commands::CommandError> {
        if self.count > MAX_RANGE_POINTS {
            return Err(crate::commands::CommandError::TooManyPoints {
                flag: name.to_string(),
                count: self.count,
            });
        }
        Ok(())
    }

    /// The values `start + i (stop - start) / (count - 1)`.
    pub fn values(&self) -> Vec<f64> {
        if self.count == 1 {
            return vec![self.start];
        }
        let step = (self.stop - self.start) / (self.count - 1) as f64;
        (0..self.count)
            .map(|i| self.start + step * i as f64)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_named_in_the_messages() {
        assert_eq!(positive("0.5"), Ok(0.5));
        assert_eq!(
            positive("-1").unwrap_err(),
            "-1 is out of range: it must be a finite number > 0"
        );
        assert_eq!(
            non_negative("-1").unwrap_err(),
            "-1 is out of range: it must be a finite number >= 0"
        );
        assert_eq!(
            positive("-1e300").unwrap_err(),
            "-1.0000e300 is out of range: it must be a finite number > 0"
        );
        assert_eq!(finite("nan").unwrap_err(), "'nan' is not a finite number");
        assert_eq!(finite("x").unwrap_err(), "'x' is not a number");
        assert_eq!(seed("1e3"), Ok(1000));
        assert_eq!(
            seed("-1").unwrap_err(),
            "'-1' is out of range: it must be a whole number >= 0"
        );
        assert_eq!(
            count("0").unwrap_err().split(':').next(),
            Some("'0' is out of range")
        );
        assert_eq!(repeats("20"), Ok(20));
        for bad in ["0", "-1", "100001", "1e300", "x"] {
            assert_eq!(
                repeats(bad).unwrap_err(),
                format!("'{bad}' is out of range: it must be a whole number from 1 to 100000")
            );
        }
        assert_eq!(neurons("2"), Ok(2));
        assert_eq!(
            neurons("1").unwrap_err(),
            "'1' is out of range: it must be a whole number >= 2"
        );
        assert_eq!(
            matrix2("1,2,3").unwrap_err(),
            "expected 4 comma-separated entries m11,m12,m21,m22, got 3"
        );
        assert_eq!(matrix2("1,-2,3,4"), Ok(Matrix2::new(1.0, -2.0, 3.0, 4.0)));
    }

    #[test]
    fn whole_numbers_of_steps_say_what_is_wrong() {
        assert_eq!(steps("1000"), Ok(1000));
        assert_eq!(steps("1e3"), Ok(1000));
        assert_eq!(
            steps("10.5").unwrap_err(),
            "'10.5' is not a whole number >= 0"
        );
        assert_eq!(
            steps("-3").unwrap_err(),
            "'-3' is negative; it must be a whole number >= 0"
        );
        assert_eq!(
            steps("abc").unwrap_err(),
            "'abc' is not a whole number >= 0"
        );
        assert_eq!(sizes("64,256"), Ok(Sizes(vec![64, 256])));
        assert_eq!(
            sizes("64,1").unwrap_err(),
            "1 is too small; it must be at least 2"
        );
        assert_eq!(
            range("1:2").unwrap_err(),
            "'1:2' is not a range (expected start:stop:count, e.g. 1.61:3.0:1000)"
        );
        assert_eq!(
            range("1:2:5").unwrap().values(),
            vec![1.0, 1.25, 1.5, 1.75, 2.0]
        );
    }
}
