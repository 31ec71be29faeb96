//! Long computations off the Python thread: a worker thread does the work while the caller
//! waits with the GIL released and checks for Ctrl-C every 50 ms.
//!
//! On Ctrl-C the call sets the [`Cancel`] flag; the library's progress callbacks call
//! [`Cancel::check`], which unwinds the worker out of the computation at its next step. The
//! call waits for that (at most 2 s) and raises `KeyboardInterrupt`.

use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

/// The unwinding payload of a cancelled computation.
struct Cancelled;

/// Set when the caller was interrupted; checked by the progress callbacks.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Leaves the computation (by unwinding to [`interruptible`]) once the caller is gone.
    pub fn check(&self) {
        if self.0.load(Ordering::Relaxed) {
            std::panic::resume_unwind(Box::new(Cancelled));
        }
    }
}

/// Runs `work` on a worker thread (on `threads` rayon threads when given, checked against
/// the machine's cores, else rayon's global pool) and waits for it with the GIL released.
/// Errors (`Err(message)`) become `ValueError(message)`.
pub fn interruptible<T, F>(py: Python<'_>, threads: Option<usize>, work: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Cancel) -> Result<T, String> + Send + 'static,
{
    let pool = match threads {
        Some(t) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(crate::limits::threads(t).map_err(PyValueError::new_err)?)
                .build()
                .map_err(|e| {
                    PyRuntimeError::new_err(format!("could not start the thread pool: {e}"))
                })?,
        ),
        None => None,
    };
    let cancel = Cancel::default();
    let flag = cancel.clone();
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("oblique-worker".into())
        .spawn(move || {
            let job = || match &pool {
                Some(p) => p.install(|| work(&flag)),
                None => work(&flag),
            };
            let _ = tx.send(std::panic::catch_unwind(AssertUnwindSafe(job)));
        })
        .map_err(|e| PyRuntimeError::new_err(format!("could not start a worker thread: {e}")))?;
    let mut rx = rx;
    loop {
        // the receiver moves in and out: it is Send but not Sync
        let (received, back) = py.detach(move || (rx.recv_timeout(Duration::from_millis(50)), rx));
        rx = back;
        match received {
            Ok(Ok(result)) => return result.map_err(PyValueError::new_err),
            Ok(Err(payload)) if payload.is::<Cancelled>() => {
                return Err(PyKeyboardInterrupt::new_err("interrupted"))
            }
            Ok(Err(payload)) => {
                let text = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "unknown panic".into());
                return Err(PyRuntimeError::new_err(format!("internal error: {text}")));
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Err(e) = py.check_signals() {
                    cancel.0.store(true, Ordering::Relaxed);
                    // let the worker leave at its next step (milliseconds), so that no
                    // computation goes on behind the interpreter (or its shutdown); a step
                    // that takes longer is left to finish on its own
                    py.detach(move || rx.recv_timeout(Duration::from_secs(2)).ok());
                    return Err(e);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "the worker thread ended without a result",
                ))
            }
        }
    }
}
