//! Output helpers shared by the subcommands: atomic file writes, CSV and JSON.
//!
//! Every file is written to a temporary file in the target directory and renamed into
//! place, so an error or an interrupt never leaves a half-written file.
#![allow(dead_code)]

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Writes `path` atomically: `write` fills a temporary file in the same directory, which is
/// then renamed over `path`. Parent directories are created.
pub fn write_atomic<F>(path: &Path, write: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut dyn Write) -> anyhow::Result<()>,
{
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf)?;
        buf.flush()?;
    }
    make_readable(tmp.path())?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
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
