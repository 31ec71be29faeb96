//! Results as the command line and the Python package both report them: each command's
//! set-up checks, predictions and result structs are built here once, and the `oblique`
//! binary prints them while the Python extension converts them to dicts and numpy arrays.
//!
//! * [`naming`]: how an error names a parameter (`--t-max` on the command line, `t_max`
//!   in Python).
//! * [`simulate`]: `oblique simulate` / `oblique.simulate`: the fixed-`M` experiment from
//!   its parameters, the theory it is compared with (continuous time and the Euler map at
//!   the simulated `dt`), and the report.
//! * [`rank2`]: the mean-field prediction for a trained rank-two `M` (`train rank2`).
//! * [`task`]: a training run of the task network (`train task` / `oblique.train_task`):
//!   the initial and final evaluation trajectories, the curves and the summary.

pub mod naming;
pub mod rank2;
pub mod simulate;
pub mod task;

pub use naming::Naming;
