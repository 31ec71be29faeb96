//! Progress on stderr: indicatif bars when stderr is a terminal, one-line notes always.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar of `len` steps labelled `msg`; hidden when stderr is not a terminal.
pub fn bar(len: u64, msg: &str) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(
        Some(len),
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template(
        "{msg:>24} [{bar:40.cyan/blue}] {pos}/{len} ({elapsed}, eta {eta})",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(msg.to_string());
    pb
}

/// A one-line note on stderr (kept short; shown also when stderr is redirected, so logs
/// of long runs say what was done).
pub fn note(msg: &str) {
    eprintln!("{msg}");
}
