//! The computations and reports behind the single commands of the `oblique` binary (`mft`,
//! `optimum`, `sweep`, `linear`, `flr`, `regime`, `simulate`, `train rank2|linear`): each
//! module takes typed inputs, calls `oblique-theory` / `oblique-validate`, and returns a
//! report that serialises to the command's `--json`, writes its CSV rows and its text
//! (`write_text`). The binary only parses the flags into these inputs and prints.

pub mod error;
pub mod flr;
pub mod limits;
pub mod linear;
pub mod mft;
pub mod optimum;
pub mod regime;
pub mod reproduce;
pub mod reproduce_json;
pub mod simulate;
pub mod simulate_task;
pub mod sweep;
pub mod train;
pub mod values;

pub use error::CommandError;
