//! Input and output: safe output writing, input readers, progress on stderr.

pub mod progress;
pub mod table;
pub mod target;
pub mod tempfiles;
