//! The published training protocols (theory notes section 6) with per-step records.
//!
//! * [`RankTwoProtocol`]: Fig. 13 ([`RankTwoProtocol::fig13`]) and Fig. 28
//!   ([`RankTwoProtocol::fig28`]): only `M` trained on the pulse task.
//! * [`LinearProtocol`]: Fig. 10 ([`LinearProtocol::fig10`]): the full `W` of a linear
//!   network, a fast phase at learning rate `lr / N` and a slow phase at `lr`.

mod divergence;
mod linear;
mod rank2;

pub use linear::{LinearProtocol, LinearRecord, LinearRun, LinearSummary};
pub use rank2::{RankTwoProtocol, RankTwoRecord, RankTwoRun, RankTwoSummary};
