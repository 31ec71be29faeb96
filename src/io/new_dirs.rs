//! Output directories that a failed run takes back: [`NewDirs`] creates a directory and
//! its missing parents, and unless the run [keeps](NewDirs::keep) them, removes again the
//! ones it created that are still empty, so a command that fails before writing anything
//! leaves no empty folder behind. A directory with anything in it is never removed.

use anyhow::Context;
use std::path::{Path, PathBuf};

/// The directories one [`NewDirs::create`] made, deepest first.
#[derive(Debug)]
#[must_use = "dropped without keep(), the new directories are removed again at once"]
pub struct NewDirs {
    made: Vec<PathBuf>,
}

impl NewDirs {
    /// Creates `dir` and its missing parents (as `create_dir_all`), remembering which ones
    /// did not exist before.
    pub fn create(dir: &Path) -> anyhow::Result<Self> {
        let made: Vec<PathBuf> = dir
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .take_while(|a| std::fs::symlink_metadata(a).is_err())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
        Ok(NewDirs { made })
    }

    /// Keeps the directories: the run that wrote into them succeeded.
    pub fn keep(mut self) {
        self.made.clear();
    }
}

impl Drop for NewDirs {
    /// Removes the new directories that are still empty, deepest first, and stops at the
    /// first that is not (`remove_dir` refuses a directory with anything in it).
    fn drop(&mut self) {
        for d in &self.made {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_run_takes_back_only_the_empty_directories_it_made() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("a/b/c");
        drop(NewDirs::create(&out).unwrap());
        assert!(!root.path().join("a").exists());
        assert!(root.path().exists());

        // a file written below: the directories holding it stay, the empty one above
        // them is not reached
        let dirs = NewDirs::create(&out).unwrap();
        std::fs::write(root.path().join("a/b/keep.txt"), "x").unwrap();
        drop(dirs);
        assert!(!out.exists());
        assert!(root.path().join("a/b/keep.txt").exists());
    }

    #[test]
    fn kept_or_existing_directories_stay() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("new");
        NewDirs::create(&out).unwrap().keep();
        assert!(out.is_dir());
        // it existed before: nothing is made, nothing removed
        drop(NewDirs::create(&out).unwrap());
        assert!(out.is_dir());
    }

    #[test]
    fn a_path_below_a_file_is_an_error_and_leaves_the_file() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("f");
        std::fs::write(&file, "data").unwrap();
        let sub = file.join("sub");
        let err = NewDirs::create(&sub).unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            format!(
                "cannot create directory {}: Not a directory (os error 20)",
                sub.display()
            )
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "data");
    }
}
