//! What an output path names, and whether it can be written, decided before any work.
//!
//! A regular file (or a new path) is written through a temporary file and a rename, so it is
//! never half-written. Anything else is written in place and never renamed over: character
//! and block devices (`/dev/null`), FIFOs, sockets, and the process's own descriptors
//! (`/dev/stdout`, `/dev/fd/N`). Symbolic links are followed to their target, which is the
//! file written (the link survives). `-` is standard output.

use std::path::{Path, PathBuf};

/// How an output path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// standard output (`-`, `/dev/stdout`)
    Stdout,
    /// a special file, opened and written in place
    Direct(PathBuf),
    /// a regular file or a new path (symbolic links resolved): temporary file + rename
    Atomic(PathBuf),
}

/// Why an output path cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("{0} is a directory; give a file name")]
    IsDirectory(PathBuf),
    #[error("{path}: the directory {dir} is in the way (it is a file, not a directory)")]
    NotADirectory { path: PathBuf, dir: PathBuf },
    #[error("{path}: the directory {dir} is not writable: {source}")]
    NotWritable {
        path: PathBuf,
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: too many levels of symbolic links")]
    LinkLoop(PathBuf),
    #[error("{path}: {source}")]
    Inspect {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} exists and is not a directory")]
    NotADirectoryOut(PathBuf),
    #[error("the path is empty; give a {0} name")]
    Empty(&'static str),
}

/// Follows at most this many symbolic links (as Linux does).
const MAX_LINKS: usize = 40;

/// Decides how `path` is written (see the module documentation).
pub fn classify(path: &Path) -> Result<Target, TargetError> {
    let stdout_names = ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];
    if stdout_names.iter().any(|s| path == Path::new(s)) {
        return Ok(Target::Stdout);
    }
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&p) {
            Ok(m) => m,
            // a new path, or one below a file (reported by the checks as "in the way")
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(Target::Atomic(p))
            }
            Err(source) => return Err(TargetError::Inspect { path: p, source }),
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            if p.starts_with("/proc") || p.starts_with("/dev/fd") {
                // A descriptor link of the kernel ("pipe:[123]"): let open(2) follow it.
                return classify_opened(path);
            }
            let link = std::fs::read_link(&p).map_err(|source| TargetError::Inspect {
                path: p.clone(),
                source,
            })?;
            p = match p.parent() {
                Some(dir) if link.is_relative() => dir.join(link),
                _ => link,
            };
        } else if ft.is_file() {
            return Ok(Target::Atomic(p));
        } else if ft.is_dir() {
            return Err(TargetError::IsDirectory(path.to_path_buf()));
        } else {
            return Ok(Target::Direct(p));
        }
    }
    Err(TargetError::LinkLoop(path.to_path_buf()))
}

/// A path through the kernel's descriptor links: written in place unless a directory.
fn classify_opened(path: &Path) -> Result<Target, TargetError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(TargetError::IsDirectory(path.to_path_buf())),
        Ok(_) => Ok(Target::Direct(path.to_path_buf())),
        Err(source) => Err(TargetError::Inspect {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The directory that will hold the temporary file of an atomic write to `file`.
pub fn parent_dir(file: &Path) -> &Path {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Checks, before any work, that `path` can be written as an output file: it is not a
/// directory, and for a regular file or a new path, the nearest existing ancestor of its
/// directory is a directory in which a file can be created (missing directories are created
/// at write time). Special files and standard output are accepted as they are.
pub fn check_file(path: &Path) -> Result<Target, TargetError> {
    if path.as_os_str().is_empty() {
        return Err(TargetError::Empty("file"));
    }
    let target = classify(path)?;
    if let Target::Atomic(file) = &target {
        check_dir_writable(file, parent_dir(file))?;
    }
    Ok(target)
}

/// Checks, before any work, that `dir` can be an output directory: it is a directory, or
/// it does not exist and can be created.
pub fn check_dir(dir: &Path) -> Result<(), TargetError> {
    if dir.as_os_str().is_empty() {
        return Err(TargetError::Empty("directory"));
    }
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => check_dir_writable(dir, dir),
        Ok(_) => Err(TargetError::NotADirectoryOut(dir.to_path_buf())),
        Err(_) => check_dir_writable(dir, dir),
    }
}

/// The nearest existing ancestor of `dir` (itself included) must be a directory in which a
/// file can be created; tried by creating and removing a temporary file.
fn check_dir_writable(path: &Path, dir: &Path) -> Result<(), TargetError> {
    let mut d: PathBuf = dir.to_path_buf();
    loop {
        match std::fs::metadata(&d) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                return Err(TargetError::NotADirectory {
                    path: path.to_path_buf(),
                    dir: d,
                })
            }
            Err(_) => match d.parent() {
                Some(up) if !up.as_os_str().is_empty() => d = up.to_path_buf(),
                _ => {
                    d = PathBuf::from(".");
                    break;
                }
            },
        }
    }
    // a registered temporary file, so that SIGINT/SIGTERM in this moment removes it too
    // (an unregistered `.oblique-check-*` file was left behind by a signal here)
    crate::io::tempfiles::TempFile::new_in(&d, "")
        .map(drop)
        .map_err(|source| TargetError::NotWritable {
            path: path.to_path_buf(),
            dir: d,
            source,
        })
}

/// clap value parser for an output file (`-o`, `--plot`): the path is checked when the
/// arguments are parsed, so a bad path fails before any computation.
pub fn output_file(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    check_file(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// clap value parser for an output directory (`--out`).
pub fn output_dir(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    check_dir(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_new_and_special_paths() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.csv");
        assert_eq!(classify(&f).unwrap(), Target::Atomic(f.clone()));
        std::fs::write(&f, b"x").unwrap();
        assert_eq!(classify(&f).unwrap(), Target::Atomic(f.clone()));
        assert_eq!(classify(Path::new("-")).unwrap(), Target::Stdout);
        let e = classify(dir.path()).unwrap_err().to_string();
        assert!(e.ends_with("is a directory; give a file name"), "{e}");
        assert_eq!(
            output_file("").unwrap_err(),
            "the path is empty; give a file name"
        );
        assert_eq!(
            output_dir("").unwrap_err(),
            "the path is empty; give a directory name"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_resolve_to_their_target() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        // dangling link: the target is a new path
        assert_eq!(classify(&link).unwrap(), Target::Atomic(real.clone()));
        std::fs::write(&real, b"x").unwrap();
        assert_eq!(classify(&link).unwrap(), Target::Atomic(real));
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let e = classify(&a).unwrap_err().to_string();
        assert!(e.contains("too many levels of symbolic links"), "{e}");
    }

    #[test]
    fn checks_name_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        let e = check_file(&file.join("out.csv")).unwrap_err().to_string();
        assert!(
            e.contains("is in the way (it is a file, not a directory)"),
            "{e}"
        );
        let e = check_dir(&file).unwrap_err().to_string();
        assert!(e.ends_with("exists and is not a directory"), "{e}");
        // missing directories are fine (created at write time) and nothing is left behind
        check_file(&dir.path().join("new/sub/out.csv")).unwrap();
        check_dir(&dir.path().join("new/figs")).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
