//! Progress on stderr, one module for every command: an indicatif bar when stderr is a
//! terminal; otherwise (CI, `nohup`, `tee`) a plain line every few seconds with
//! step/total, elapsed time, rate and estimated time left, e.g.
//!
//! ```text
//! fig13: training: 1200/4000 (30%), elapsed 1m 04s, 18.7/s, eta 2m 29s
//! ```
//!
//! The interval of the plain lines is 5 s; the environment variable
//! `OBLIQUE_PROGRESS_SECS` sets another (seconds, e.g. `0.5`).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// The default interval of the plain progress lines.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// How often the reporter thread looks whether its bar has finished.
const POLL: Duration = Duration::from_millis(100);

/// A progress indicator of `len` steps labelled `msg`. With a terminal on stderr: a bar.
/// Without: a hidden bar whose state a background thread prints as a plain line every
/// interval until the bar is finished or dropped.
pub fn bar(len: u64, msg: &str) -> ProgressBar {
    if std::io::stderr().is_terminal() {
        let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{msg:>24} [{bar:40.cyan/blue}] {pos}/{len} ({elapsed}, eta {eta})",
        ) {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_message(msg.to_string());
        pb
    } else {
        let pb = ProgressBar::hidden();
        pb.set_length(len);
        pb.set_message(msg.to_string());
        spawn_reporter(&pb, interval());
        pb
    }
}

/// A one-line note on stderr (kept short; shown also when stderr is redirected, so logs
/// of long runs say what was done).
pub fn note(msg: &str) {
    eprintln!("{msg}");
}

/// The interval of the plain lines: `OBLIQUE_PROGRESS_SECS` if it is a positive number of
/// seconds, else 5 s.
fn interval() -> Duration {
    std::env::var("OBLIQUE_PROGRESS_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e6)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_INTERVAL)
}

/// Prints `pb`'s state every `every` on stderr from a background thread that ends when the
/// bar is finished or dropped.
fn spawn_reporter(pb: &ProgressBar, every: Duration) {
    let weak = pb.downgrade();
    let _ = std::thread::Builder::new()
        .name("oblique-progress".into())
        .spawn(move || {
            let poll = POLL.min(every);
            let mut waited = Duration::ZERO;
            loop {
                std::thread::sleep(poll);
                waited += poll;
                let Some(pb) = weak.upgrade() else { return };
                if pb.is_finished() {
                    return;
                }
                if waited >= every {
                    waited = Duration::ZERO;
                    eprintln!("{}", line(&pb));
                }
            }
        });
}

/// The plain progress line of `pb`.
pub fn line(pb: &ProgressBar) -> String {
    text(pb.message(), pb.position(), pb.length(), pb.elapsed())
}

/// `msg: pos/len (pct%), elapsed E, R/s, eta T` (or `, D each` below 0.1 per second).
fn text(msg: String, pos: u64, length: Option<u64>, elapsed: Duration) -> String {
    let mut s = msg;
    if !s.is_empty() {
        s.push_str(": ");
    }
    match length {
        Some(len) if len > 0 => {
            let pct = 100.0 * pos as f64 / len as f64;
            s.push_str(&format!("{pos}/{len} ({pct:.0}%)"));
        }
        _ => s.push_str(&pos.to_string()),
    }
    s.push_str(&format!(", elapsed {}", duration(elapsed)));
    // the mean rate since the start: indicatif's own estimate decays between ticks, which
    // for items of a minute each drove it to 0/s and the time left to hundreds of hours
    let rate = pos as f64 / elapsed.as_secs_f64();
    if pos > 0 && rate.is_finite() && rate > 0.0 {
        if rate >= 0.1 {
            s.push_str(&format!(", {}/s", rate_text(rate)));
        } else {
            s.push_str(&format!(", {} each", duration(elapsed / pos as u32)));
        }
        if let Some(left) = length.filter(|&len| len > pos).map(|len| len - pos) {
            let eta = std::time::Duration::from_secs_f64(left as f64 / rate);
            s.push_str(&format!(", eta {}", duration(eta)));
        }
    }
    s
}

/// A rate with three significant digits.
fn rate_text(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}")
    } else if r >= 10.0 {
        format!("{r:.1}")
    } else {
        format!("{r:.2}")
    }
}

/// `45s`, `2m 05s`, `1h 02m`.
fn duration(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_rates() {
        assert_eq!(duration(Duration::from_secs(45)), "45s");
        assert_eq!(duration(Duration::from_secs(125)), "2m 05s");
        assert_eq!(duration(Duration::from_secs(3720)), "1h 02m");
        assert_eq!(rate_text(1234.4), "1234");
        assert_eq!(rate_text(18.74), "18.7");
        assert_eq!(rate_text(0.456), "0.46");
    }

    #[test]
    fn rate_and_time_left_are_the_means_since_the_start() {
        let t = |pos, secs| text("grid".into(), pos, Some(10), Duration::from_secs(secs));
        assert_eq!(t(4, 20), "grid: 4/10 (40%), elapsed 20s, 0.20/s, eta 30s");
        // slow items: the time per item, and a finite time left however long a tick takes
        assert_eq!(
            t(4, 200),
            "grid: 4/10 (40%), elapsed 3m 20s, 50s each, eta 5m 00s"
        );
        assert_eq!(t(0, 20), "grid: 0/10 (0%), elapsed 20s");
        assert_eq!(t(10, 20), "grid: 10/10 (100%), elapsed 20s, 0.50/s");
    }

    #[test]
    fn plain_line_has_step_total_and_elapsed() {
        let pb = ProgressBar::hidden();
        pb.set_length(40);
        pb.set_message("fig13: training");
        pb.set_position(10);
        let l = line(&pb);
        assert!(
            l.starts_with("fig13: training: 10/40 (25%), elapsed 0s"),
            "{l}"
        );
    }
}
