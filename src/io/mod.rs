//! Input and output helpers: safe (atomic) writing of CSV, JSON and tables, the parsers
//! of command-line values, and matrix readers (`.npy`, CSV) for recorded data.

pub mod csv_matrix;
pub mod matrix;
pub mod npy;
pub mod output;
pub mod parse;
