//! A training run on disk: arrays as `.npy` (numpy loads them directly), curves as CSV with
//! a header, and `summary.json` (configuration, status and final numbers).
//!
//! Every file is written atomically ([`super::output::write_atomic`]), so a run that stops
//! (divergence, interrupt) leaves only complete files. `summary.json` carries
//! `"kind": "oblique-train-task"` and a `status` (`running`, `complete`, `diverged`), which
//! is how another run's directory is recognised and refused.

use super::output::{write_atomic, write_json};
use oblique_validate::rnn::network::TaskNetwork;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The value of `kind` in `summary.json` (the library's run summary sets it).
pub use oblique_validate::results::task::RUN_KIND;
/// The summary file of a run.
pub const SUMMARY: &str = "summary.json";

/// A problem with a run directory; messages name the directory or file.
#[derive(Debug, thiserror::Error)]
pub enum RunDirError {
    /// The output directory already holds a run (or other files).
    #[error(
        "output directory {0} already holds {1}: choose another -o or pass --force to replace it"
    )]
    Occupied(PathBuf, &'static str),
    /// The run directory does not exist.
    #[error("run directory {0} does not exist")]
    Missing(PathBuf),
    /// A file of the run is missing or unreadable.
    #[error("run directory {dir} is incomplete: {file} {why}")]
    Incomplete {
        /// the directory
        dir: PathBuf,
        /// the file
        file: String,
        /// what is wrong
        why: String,
    },
    /// Input/output error.
    #[error("{0}")]
    Io(String),
}

/// A run directory.
#[derive(Debug, Clone)]
pub struct RunDir {
    path: PathBuf,
}

impl RunDir {
    /// Creates `path` for a new run. An existing non-empty directory is refused unless
    /// `force`, in which case the files of a previous run in it are removed first.
    pub fn create(path: &Path, force: bool) -> Result<Self, RunDirError> {
        if path.exists() {
            let what = if path.join(SUMMARY).exists() {
                Some("another run")
            } else if std::fs::read_dir(path).map_err(io)?.next().is_some() {
                Some("other files")
            } else {
                None
            };
            if let Some(what) = what {
                if !force {
                    return Err(RunDirError::Occupied(path.to_path_buf(), what));
                }
                remove_run_files(path)?;
            }
        }
        std::fs::create_dir_all(path).map_err(io)?;
        Ok(RunDir {
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing run; it must have a summary of kind [`RUN_KIND`].
    pub fn open(path: &Path) -> Result<Self, RunDirError> {
        if !path.is_dir() {
            return Err(RunDirError::Missing(path.to_path_buf()));
        }
        let dir = RunDir {
            path: path.to_path_buf(),
        };
        let s = dir.summary()?;
        if s.get("kind").and_then(|k| k.as_str()) != Some(RUN_KIND) {
            return Err(
                dir.incomplete(SUMMARY, "is not the summary of an `oblique train task` run")
            );
        }
        Ok(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn incomplete(&self, file: &str, why: impl Into<String>) -> RunDirError {
        RunDirError::Incomplete {
            dir: self.path.clone(),
            file: file.to_string(),
            why: why.into(),
        }
    }

    /// The parsed `summary.json`.
    pub fn summary(&self) -> Result<serde_json::Value, RunDirError> {
        let text = std::fs::read_to_string(self.path.join(SUMMARY))
            .map_err(|e| self.incomplete(SUMMARY, format!("cannot be read ({e})")))?;
        serde_json::from_str(&text)
            .map_err(|e| self.incomplete(SUMMARY, format!("is not valid JSON ({e})")))
    }

    /// Writes `summary.json`.
    pub fn write_summary<T: serde::Serialize>(&self, s: &T) -> anyhow::Result<()> {
        write_json(&self.path.join(SUMMARY), s)
    }

    /// Writes `name.npy` (`f64`, C order, `shape`).
    pub fn write_f64(&self, name: &str, shape: &[usize], data: &[f64]) -> anyhow::Result<()> {
        self.write_npy(name, shape, data.iter().copied())
    }

    /// Writes `name.npy` in `f32` (for large trajectories).
    pub fn write_f32(&self, name: &str, shape: &[usize], data: &[f64]) -> anyhow::Result<()> {
        self.write_npy(name, shape, data.iter().map(|&v| v as f32))
    }

    fn write_npy<T, I>(&self, name: &str, shape: &[usize], data: I) -> anyhow::Result<()>
    where
        T: npyz::Serialize + npyz::AutoSerialize,
        I: Iterator<Item = T>,
    {
        use npyz::WriterBuilder;
        let shape: Vec<u64> = shape.iter().map(|&s| s as u64).collect();
        write_atomic(
            &self.path.join(format!("{name}.npy")),
            |f: &mut dyn Write| {
                let mut w = npyz::WriteOptions::new()
                    .default_dtype()
                    .shape(&shape)
                    .writer(f)
                    .begin_nd()?;
                w.extend(data)?;
                w.finish()?;
                Ok(())
            },
        )
    }

    /// Reads `name.npy` as `f64` with its shape.
    pub fn read(&self, name: &str) -> Result<(Vec<usize>, Vec<f64>), RunDirError> {
        let file = format!("{name}.npy");
        let bytes = std::fs::read(self.path.join(&file))
            .map_err(|e| self.incomplete(&file, format!("cannot be read ({e})")))?;
        super::npy::check_header_shape(&bytes[..bytes.len().min(1 << 16)])
            .map_err(|why| self.incomplete(&file, why))?;
        let npy =
            npyz::NpyFile::new(&bytes[..]).map_err(|e| self.incomplete(&file, e.to_string()))?;
        let width = match npy.dtype() {
            npyz::DType::Plain(t) => t.size_field().max(1),
            _ => 1,
        };
        let entries = npy
            .shape()
            .iter()
            .try_fold(1u64, |acc, &s| acc.checked_mul(s))
            .filter(|&e| {
                e <= super::npy::MAX_ENTRIES && e.saturating_mul(width) <= bytes.len() as u64
            });
        if entries.is_none() {
            let why = format!(
                "its shape {:?} holds more values than the file",
                npy.shape()
            );
            return Err(self.incomplete(&file, why));
        }
        let shape = npy.shape().iter().map(|&s| s as usize).collect();
        let data = npy
            .into_vec::<f64>()
            .map_err(|e| self.incomplete(&file, e.to_string()))?;
        Ok((shape, data))
    }

    /// Writes the weights and `h_0` of `net` as `w{suffix}.npy`, `w_in{suffix}.npy`,
    /// `w_out{suffix}.npy`, `h0{suffix}.npy`.
    pub fn write_network(&self, suffix: &str, net: &TaskNetwork) -> anyhow::Result<()> {
        let n = net.n;
        self.write_f64(&format!("w{suffix}"), &[n, n], &net.w)?;
        self.write_f64(&format!("w_in{suffix}"), &[n, net.d_in], &net.w_in)?;
        self.write_f64(&format!("w_out{suffix}"), &[net.d_out, n], &net.w_out)?;
        self.write_f64(&format!("h0{suffix}"), &[n], &net.h0)
    }

    /// Reads a network written by [`Self::write_network`] with the same `suffix`, with `phi` and `dt` given.
    pub fn read_network(
        &self,
        suffix: &str,
        nonlinearity: oblique_theory::nonlinearity::Builtin,
        dt: f64,
    ) -> Result<TaskNetwork, RunDirError> {
        let (sw, w) = self.read(&format!("w{suffix}"))?;
        let (si, w_in) = self.read(&format!("w_in{suffix}"))?;
        let (so, w_out) = self.read(&format!("w_out{suffix}"))?;
        let (_, h0) = self.read(&format!("h0{suffix}"))?;
        let bad = |f: &str| self.incomplete(&format!("{f}{suffix}.npy"), "has the wrong shape");
        if sw.len() != 2 || sw[0] != sw[1] {
            return Err(bad("w"));
        }
        if si.len() != 2 || si[0] != sw[0] {
            return Err(bad("w_in"));
        }
        if so.len() != 2 || so[1] != sw[0] {
            return Err(bad("w_out"));
        }
        let net = TaskNetwork {
            n: sw[0],
            d_in: si[1],
            d_out: so[0],
            w,
            w_in,
            w_out,
            h0,
            nonlinearity,
            dt,
        };
        net.validate()
            .map_err(|e| self.incomplete(&format!("*{suffix}.npy"), e.to_string()))?;
        Ok(net)
    }
}

/// Removes the files a run writes (`*.npy`, `*.csv`, `summary.json`); other files stay.
fn remove_run_files(path: &Path) -> Result<(), RunDirError> {
    for entry in std::fs::read_dir(path).map_err(io)? {
        let p = entry.map_err(io)?.path();
        let ours = p.extension().is_some_and(|e| e == "npy" || e == "csv")
            || p.file_name().is_some_and(|f| f == SUMMARY);
        if ours && p.is_file() {
            std::fs::remove_file(&p).map_err(io)?;
        }
    }
    Ok(())
}

fn io(e: std::io::Error) -> RunDirError {
    RunDirError::Io(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_round_trip_and_other_runs_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("run");
        let dir = RunDir::create(&p, false).unwrap();
        dir.write_f64("a", &[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.5])
            .unwrap();
        assert_eq!(
            dir.read("a").unwrap(),
            (vec![2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.5])
        );
        // the header numpy reads: magic, version, dict with descr '<f8' and shape (2, 3)
        let bytes = std::fs::read(p.join("a.npy")).unwrap();
        assert_eq!(&bytes[..6], b"\x93NUMPY");
        let header = String::from_utf8_lossy(&bytes[10..80]);
        assert!(
            header.contains("'descr': '<f8'") && header.contains("'shape': (2, 3"),
            "{header}"
        );
        assert!(matches!(
            RunDir::open(&p),
            Err(RunDirError::Incomplete { .. })
        ));
        dir.write_summary(&serde_json::json!({"kind": RUN_KIND, "status": "complete"}))
            .unwrap();
        assert!(RunDir::open(&p).is_ok());
        let e = RunDir::create(&p, false).unwrap_err().to_string();
        assert!(e.contains("another run") && e.contains("--force"), "{e}");
        RunDir::create(&p, true).unwrap();
        assert!(!p.join("a.npy").exists() && !p.join(SUMMARY).exists());
        assert!(matches!(
            RunDir::open(&tmp.path().join("nope")),
            Err(RunDirError::Missing(_))
        ));
    }
}
