//! Output helpers shared by the subcommands: safe file writes, CSV and JSON.
//!
//! Every regular file is written to a temporary file in the target directory and renamed
//! into place, so an error or an interrupt never leaves a half-written or leftover file;
//! special files and standard output are written in place (see [`crate::io::target`]).
#![allow(dead_code)]

use crate::io::target::{classify, parent_dir, Target};
use crate::io::tempfiles::TempFile;
use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Whether `path` names standard output (`-`, `/dev/stdout`): a command then prints its
/// own messages on stderr, so that the data on stdout stays clean.
pub fn is_stdout(path: &Path) -> bool {
    classify(path).is_ok_and(|t| t == Target::Stdout)
}

/// Writes `path` safely (see [`crate::io::target`]): a regular file or a new path through a
/// temporary file in the same directory, renamed into place (parent directories are created;
/// a symbolic link is followed and survives); a special file such as `/dev/null` or a FIFO
/// in place; `-` to standard output. On an error or an interrupt no temporary file remains.
pub fn write_atomic<F>(path: &Path, write: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut dyn Write) -> anyhow::Result<()>,
{
    match classify(path)? {
        Target::Stdout => {
            let stdout = std::io::stdout();
            let mut buf = std::io::BufWriter::new(stdout.lock());
            write(&mut buf)?;
            buf.flush().context("cannot write to standard output")?;
        }
        Target::Direct(p) => {
            let file = open_in_place(&p)?;
            let mut buf = std::io::BufWriter::new(file);
            write(&mut buf)?;
            buf.flush()
                .with_context(|| format!("cannot write {}", p.display()))?;
        }
        Target::Atomic(p) => {
            let tmp = new_temp(&p, "")?;
            {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(tmp.path())
                    .with_context(|| format!("cannot open {}", tmp.path().display()))?;
                let mut buf = std::io::BufWriter::new(file);
                write(&mut buf)?;
                buf.flush()
                    .with_context(|| format!("cannot write {}", p.display()))?;
            }
            finish(tmp, &p)?;
        }
    }
    Ok(())
}

/// Writes `path` safely, as [`write_atomic`], for writers that need a file name (the
/// plotting backends): `render` fills a temporary file whose name ends with `suffix`, which
/// is renamed into place, or copied into a special file or standard output.
pub fn write_via_path<F>(path: &Path, suffix: &str, render: F) -> anyhow::Result<()>
where
    F: FnOnce(&Path) -> anyhow::Result<()>,
{
    match classify(path)? {
        Target::Atomic(p) => {
            let tmp = new_temp(&p, suffix)?;
            render(tmp.path())?;
            finish(tmp, &p)
        }
        _ => {
            let tmp = TempFile::new_in(&std::env::temp_dir(), suffix).with_context(|| {
                format!(
                    "cannot create a temporary file in {}",
                    std::env::temp_dir().display()
                )
            })?;
            render(tmp.path())?;
            let mut from = std::fs::File::open(tmp.path())?;
            write_atomic(path, |w| {
                std::io::copy(&mut from, w)?;
                Ok(())
            })
        }
    }
}

/// A registered temporary file next to `file` (parent directories created).
fn new_temp(file: &Path, suffix: &str) -> anyhow::Result<TempFile> {
    let dir = parent_dir(file);
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    TempFile::new_in(dir, suffix)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))
}

/// Gives the finished temporary file the permissions of the file it replaces (a new file:
/// those of [`make_readable`]) and renames it to `file`.
fn finish(tmp: TempFile, file: &Path) -> anyhow::Result<()> {
    match std::fs::metadata(file) {
        Ok(old) => std::fs::set_permissions(tmp.path(), old.permissions())
            .with_context(|| format!("cannot set permissions of {}", tmp.path().display()))?,
        Err(_) => make_readable(tmp.path())?,
    }
    tmp.persist(file)
        .with_context(|| format!("cannot write {}", file.display()))
}

/// Opens a special file (device, FIFO, descriptor link) for writing, in place. A regular
/// file reached through a descriptor link is truncated, as the shell's `>` does.
fn open_in_place(path: &Path) -> anyhow::Result<std::fs::File> {
    let regular = std::fs::metadata(path)
        .map(|m| m.is_file())
        .unwrap_or(false);
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(regular)
        .open(path)
        .with_context(|| format!("cannot open {} for writing", path.display()))
}

/// Gives a finished temporary file the usual permissions of a new file (0644 on Unix):
/// `tempfile` creates it private (0600), and the rename would keep that.
pub fn make_readable(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("cannot set permissions of {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes serialisable rows as CSV with a header, atomically.
pub fn write_csv<T: serde::Serialize>(path: &Path, rows: &[T]) -> anyhow::Result<()> {
    write_atomic(path, |w| {
        let mut wtr = csv::Writer::from_writer(w);
        for r in rows {
            wtr.serialize(r)?;
        }
        wtr.flush()?;
        Ok(())
    })
}

/// Keeps the work done before a failure (a divergence, an interrupt of the computation):
/// writes `rows`, the rows computed so far, to `path` as CSV with a header, and returns
/// `failure` with a note that says where they are. With no rows, `failure` is returned as
/// it is; if the rows cannot be written, the note says why.
pub fn save_partial<T: serde::Serialize>(
    path: &Path,
    rows: &[T],
    failure: anyhow::Error,
) -> anyhow::Error {
    if rows.is_empty() {
        return failure;
    }
    match write_csv(path, rows) {
        Ok(()) => failure.context(format!(
            "the {} rows computed before the failure were written to {}",
            rows.len(),
            path.display()
        )),
        Err(e) => failure.context(format!(
            "the {} rows computed before the failure could not be written: {e:#}",
            rows.len()
        )),
    }
}

/// Writes a CSV table from a header and string records, atomically (a temporary file, then
/// rename), for tables whose columns are known only at run time.
pub fn write_table(path: &Path, header: &[String], rows: &[Vec<String>]) -> anyhow::Result<()> {
    write_atomic(path, |w| {
        let mut wtr = csv::Writer::from_writer(w);
        wtr.write_record(header)?;
        for r in rows {
            wtr.write_record(r)?;
        }
        wtr.flush()?;
        Ok(())
    })
}

/// Writes a value as pretty JSON, atomically.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> anyhow::Result<()> {
    write_atomic(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        writeln!(w)?;
        Ok(())
    })
}

/// Prints a value as one JSON object on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}

#[cfg(test)]
mod tests;
