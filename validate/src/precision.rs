//! Single or double precision: one name for the arithmetic of the task networks' passes
//! ([`crate::rnn::train`]) and for the Gaussian transform of the training noise
//! ([`crate::train::noise`]).

/// Single or double precision arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// single precision (`sgemm` in the task networks; the eight-lane `f32` Box-Muller
    /// transform of the noise)
    F32,
    /// double precision (`dgemm`; the `f64` Box-Muller transform)
    F64,
}
