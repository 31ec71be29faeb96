//! Progress on stderr: the project's one progress module, [`crate::io::progress`].

pub use crate::io::progress::{bar, note};
