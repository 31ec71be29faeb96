//! Input and output: safe writing of CSV, JSON and tables (special files in place, temporary
//! files cleaned up on errors and signals), output-path checks, input readers (text tables,
//! `.npy` and CSV matrices) and progress on stderr.

pub mod csv_matrix;
pub mod matrix;
pub mod new_dirs;
pub mod npy;
pub mod output;
pub mod progress;
pub mod run_dir;
pub mod table;
pub mod target;
pub mod tempfiles;
