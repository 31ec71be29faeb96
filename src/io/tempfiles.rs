//! Temporary files that never outlive the run: every temporary output file is listed in a
//! process-wide registry while it exists, and a SIGINT/SIGTERM handler removes the listed
//! files before the process exits with 130 (SIGINT) or 143 (SIGTERM).
//!
//! On an ordinary error the file is removed by its destructor ([`tempfile::TempPath`]); the
//! errors returned here never own the file, so a caller that exits at once
//! (`std::process::exit`) does not leave it behind either.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// The live temporary files, by registration number.
fn registry() -> &'static Mutex<BTreeMap<u64, PathBuf>> {
    static REGISTRY: OnceLock<Mutex<BTreeMap<u64, PathBuf>>> = OnceLock::new();
    REGISTRY.get_or_init(|| Mutex::new(BTreeMap::new()))
}

/// Installs the SIGINT/SIGTERM handler once per process. If it cannot be installed (no
/// signal support), the files are still removed on errors, only not on signals.
fn install_handler() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("oblique-signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    remove_all();
                    eprintln!("interrupted: temporary files removed");
                    std::process::exit(128 + sig);
                }
            });
    });
}

/// Removes every registered file (the signal path; errors are ignored: a file may be in the
/// middle of its rename).
fn remove_all() {
    let map = match registry().lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    for p in map.values() {
        let _ = std::fs::remove_file(p);
    }
}

/// A temporary file registered for removal on SIGINT/SIGTERM; removed on drop unless
/// persisted.
pub struct TempFile {
    path: Option<tempfile::TempPath>,
    id: u64,
}

impl TempFile {
    /// Creates an empty temporary file in `dir` whose name ends with `suffix` (e.g. ".png",
    /// which picks the image format of the plotting backends).
    pub fn new_in(dir: &Path, suffix: &str) -> std::io::Result<TempFile> {
        install_handler();
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = tempfile::Builder::new()
            .prefix(".oblique-")
            .suffix(suffix)
            .tempfile_in(dir)?
            .into_temp_path();
        lock().insert(id, tmp.to_path_buf());
        Ok(TempFile {
            path: Some(tmp),
            id,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        self.path.as_deref().expect("present until persisted")
    }

    /// Renames the file to `target` (same file system). On failure the temporary file is
    /// removed and the returned error does not hold it.
    pub fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let tmp = self.path.take().expect("present until persisted");
        let result = tmp.persist(target).map_err(|e| {
            drop(e.path); // removes the temporary file now
            e.error
        });
        lock().remove(&self.id);
        result
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // The TempPath (if still held) removes the file when this struct's fields drop.
        if let Some(p) = self.path.take() {
            drop(p);
        }
        lock().remove(&self.id);
    }
}

fn lock() -> std::sync::MutexGuard<'static, BTreeMap<u64, PathBuf>> {
    match registry().lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_and_failed_files_are_removed_and_unregistered() {
        let dir = tempfile::tempdir().unwrap();
        let t = TempFile::new_in(dir.path(), ".csv").unwrap();
        let p = t.path().to_path_buf();
        assert!(p.exists());
        assert!(p.file_name().unwrap().to_str().unwrap().ends_with(".csv"));
        drop(t);
        assert!(!p.exists());

        // Renaming over a directory fails: the error is returned, the file is gone.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("x"), b"x").unwrap();
        let t = TempFile::new_in(dir.path(), "").unwrap();
        let p = t.path().to_path_buf();
        assert!(t.persist(&sub).is_err());
        assert!(!p.exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only sub/ remains");
    }

    #[test]
    fn persisted_file_takes_the_target_name() {
        let dir = tempfile::tempdir().unwrap();
        let t = TempFile::new_in(dir.path(), "").unwrap();
        std::fs::write(t.path(), b"data").unwrap();
        let target = dir.path().join("out.csv");
        t.persist(&target).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"data");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
