//! Input and output helpers: safe (atomic) writing of CSV, JSON and tables, and the parsers
//! of command-line values.

pub mod output;
pub mod parse;
pub mod run_dir;
