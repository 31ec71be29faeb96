//! Learning rules `dJ/dt = (epsilon/N) f(x) h(x)^T` (theory notes section 7,
//! `theory/notes/flr.md` Eq. F3).
//!
//! The post-synaptic factor `f` and the pre-synaptic factor `h` are element-wise functions
//! of the state `x`, the target `xi` and the rate `phi(x)`. Each factor knows its value and
//! its diagonal Jacobian, which the linear theory needs (Eq. F9).

use nalgebra::DVector;

/// The post-synaptic factor `f(x)` of a learning rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PostFactor {
    /// `f = xi` (plain Hebbian: the target is imposed on the post-synaptic side).
    Target,
    /// `f = xi - x` (Hebbian with target / error-driven on the state).
    TargetMinusState,
    /// `f = xi - phi(x)` (delta rule on the rates).
    TargetMinusRate,
}

/// The pre-synaptic factor `h(x)` of a learning rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PreFactor {
    /// `h = phi(x)` (the rate).
    Rate,
    /// `h = x` (the state).
    State,
}

/// A rule `dJ/dt = (epsilon/N) f(x) h(x)^T` (Eq. F3).
///
/// ```
/// use oblique_theory::flr::{LearningRule, PostFactor, PreFactor};
/// let r: LearningRule = "hebb-target".parse().unwrap();
/// assert_eq!(r, LearningRule::HEBB_TARGET);
/// assert_eq!(r.post, PostFactor::TargetMinusState);
/// let g: LearningRule = "f=xi-phi,h=x".parse().unwrap();
/// assert_eq!((g.post, g.pre), (PostFactor::TargetMinusRate, PreFactor::State));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LearningRule {
    /// post-synaptic factor `f`
    pub post: PostFactor,
    /// pre-synaptic factor `h`
    pub pre: PreFactor,
}

impl LearningRule {
    /// Hebbian with target, `dJ/dt = (epsilon/N)(xi - x) phi(x)^T`.
    pub const HEBB_TARGET: Self = Self {
        post: PostFactor::TargetMinusState,
        pre: PreFactor::Rate,
    };
    /// Plain Hebbian, `dJ/dt = (epsilon/N) xi phi(x)^T`.
    pub const HEBB: Self = Self {
        post: PostFactor::Target,
        pre: PreFactor::Rate,
    };
    /// Delta rule on rates, `dJ/dt = (epsilon/N)(xi - phi(x)) phi(x)^T`.
    pub const DELTA: Self = Self {
        post: PostFactor::TargetMinusRate,
        pre: PreFactor::Rate,
    };

    /// Short name: `hebb-target`, `hebb`, `delta`, or `f=..,h=..` for the others.
    pub fn name(&self) -> String {
        match *self {
            Self::HEBB_TARGET => "hebb-target".into(),
            Self::HEBB => "hebb".into(),
            Self::DELTA => "delta".into(),
            r => format!("f={},h={}", r.post.name(), r.pre.name()),
        }
    }

    /// `f(x) h(x)^T` is formed by the caller; this returns the pair `(f(x), h(x))` given the
    /// state `x`, its rate `phi(x)` and the target `xi` (Eq. F3).
    pub fn factors(
        &self,
        x: &DVector<f64>,
        rate: &DVector<f64>,
        xi: &DVector<f64>,
    ) -> (DVector<f64>, DVector<f64>) {
        let f = match self.post {
            PostFactor::Target => xi.clone(),
            PostFactor::TargetMinusState => xi - x,
            PostFactor::TargetMinusRate => xi - rate,
        };
        let h = match self.pre {
            PreFactor::Rate => rate.clone(),
            PreFactor::State => x.clone(),
        };
        (f, h)
    }

    /// Diagonal Jacobians `(F, H)` of `f` and `h` with respect to `x`, given the slope
    /// `phi'(x)` (Eq. F9).
    pub fn jacobians(&self, slope: &DVector<f64>) -> (DVector<f64>, DVector<f64>) {
        let n = slope.len();
        let f = match self.post {
            PostFactor::Target => DVector::zeros(n),
            PostFactor::TargetMinusState => DVector::from_element(n, -1.0),
            PostFactor::TargetMinusRate => -slope,
        };
        let h = match self.pre {
            PreFactor::Rate => slope.clone(),
            PreFactor::State => DVector::from_element(n, 1.0),
        };
        (f, h)
    }
}

impl PostFactor {
    /// `xi`, `xi-x` or `xi-phi`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Target => "xi",
            Self::TargetMinusState => "xi-x",
            Self::TargetMinusRate => "xi-phi",
        }
    }
}

impl PreFactor {
    /// `phi` or `x`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Rate => "phi",
            Self::State => "x",
        }
    }
}

impl std::str::FromStr for LearningRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "unknown learning rule '{s}': expected hebb-target, hebb, delta, or f=<xi|xi-x|xi-phi>,h=<phi|x>"
            )
        };
        match s.trim() {
            "hebb-target" => return Ok(Self::HEBB_TARGET),
            "hebb" => return Ok(Self::HEBB),
            "delta" => return Ok(Self::DELTA),
            _ => {}
        }
        let mut post = None;
        let mut pre = None;
        for part in s.split(',') {
            let (k, v) = part.split_once('=').ok_or_else(bad)?;
            match (k.trim(), v.trim()) {
                ("f", "xi") => post = Some(PostFactor::Target),
                ("f", "xi-x") => post = Some(PostFactor::TargetMinusState),
                ("f", "xi-phi") => post = Some(PostFactor::TargetMinusRate),
                ("h", "phi") => pre = Some(PreFactor::Rate),
                ("h", "x") => pre = Some(PreFactor::State),
                _ => return Err(bad()),
            }
        }
        match (post, pre) {
            (Some(post), Some(pre)) => Ok(Self { post, pre }),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in [
            LearningRule::HEBB_TARGET,
            LearningRule::HEBB,
            LearningRule::DELTA,
            LearningRule {
                post: PostFactor::Target,
                pre: PreFactor::State,
            },
        ] {
            assert_eq!(r.name().parse::<LearningRule>().unwrap(), r);
        }
        assert_eq!(
            "oja".parse::<LearningRule>().unwrap_err(),
            "unknown learning rule 'oja': expected hebb-target, hebb, delta, or f=<xi|xi-x|xi-phi>,h=<phi|x>"
        );
    }

    #[test]
    fn jacobians_match_finite_differences() {
        let beta = 0.7;
        let x = DVector::from_vec(vec![0.3, -0.8, 1.1]);
        let xi = DVector::from_vec(vec![1.0, -1.0, 1.0]);
        let rate = |x: &DVector<f64>| x.map(|v| (beta * v).tanh());
        let slope = x.map(|v| beta * (1.0 - (beta * v).tanh().powi(2)));
        for rule in [
            LearningRule::HEBB_TARGET,
            LearningRule::HEBB,
            LearningRule::DELTA,
            "f=xi-x,h=x".parse().unwrap(),
        ] {
            let (fj, hj) = rule.jacobians(&slope);
            let d = 1e-6;
            for i in 0..3 {
                let mut xp = x.clone();
                xp[i] += d;
                let mut xm = x.clone();
                xm[i] -= d;
                let (fp, hp) = rule.factors(&xp, &rate(&xp), &xi);
                let (fm, hm) = rule.factors(&xm, &rate(&xm), &xi);
                assert!(((fp[i] - fm[i]) / (2.0 * d) - fj[i]).abs() < 1e-8);
                assert!(((hp[i] - hm[i]) / (2.0 * d) - hj[i]).abs() < 1e-8);
            }
        }
    }
}
