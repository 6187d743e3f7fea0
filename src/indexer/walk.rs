//! The walk: article files below the given roots, in the order the manifest lists them.
//!
//! Links are followed, hidden entries (names starting with a dot) skipped, and each directory
//! is sorted by name as the manifest is, so that the walk can be merge-joined with the last
//! run's manifest without holding either in memory. Paths that cannot be walked (unreadable
//! directories, symbolic-link loops) come back as messages, and the walk goes on.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::ingest::Format;
use crate::manifest::modified_ns;

/// An article file found by the walk.
pub struct Walked {
    /// The file, as walked (below the root as the user named it).
    pub path: PathBuf,
    /// Its absolute path: the key in the manifest and the index's `file` field.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime_ns: i128,
}

/// Walks `root` in manifest order and hands each article file to `found`, or, for a path that
/// cannot be walked, the message `path: what failed`. Stops at the first error `found`
/// returns.
pub fn walk<E>(
    root: &Path,
    mut found: impl FnMut(Result<Walked, String>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in walker(root) {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if Format::from_path(entry.path()).is_none() {
                    continue;
                }
                let metadata = match entry.metadata() {
                    Ok(metadata) => metadata,
                    Err(error) => {
                        found(Err(walk_error(&error)))?;
                        continue;
                    }
                };
                let mtime_ns = modified_ns(&metadata).unwrap_or(0);
                let path = entry.into_path();
                found(Ok(Walked {
                    key: absolute(&path),
                    path,
                    size: metadata.len(),
                    mtime_ns,
                }))?;
            }
            Ok(_) => {}
            Err(error) => found(Err(walk_error(&error)))?,
        }
    }
    Ok(())
}

/// How many article files lie below `roots`, from a quick walk that only lists names (no
/// `stat`): the length of a progress bar.
pub fn count_files(roots: &[PathBuf]) -> u64 {
    roots
        .iter()
        .flat_map(|root| walker(root))
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && Format::from_path(entry.path()).is_some())
        .count() as u64
}

/// The walk below `root`: links followed, hidden entries skipped, each directory sorted by
/// name as the manifest is (names compared as the text they are stored as).
fn walker(root: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(root)
        .follow_links(true)
        .sort_by(|a, b| {
            a.file_name()
                .to_string_lossy()
                .cmp(&b.file_name().to_string_lossy())
        })
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()))
}

/// `path: cannot read: cause` for a walk error.
fn walk_error(error: &walkdir::Error) -> String {
    let path = error
        .path()
        .map_or_else(|| "?".to_owned(), |path| path.display().to_string());
    if let Some(ancestor) = error.loop_ancestor() {
        return format!(
            "{path}: symbolic link loop back to {}: not followed",
            ancestor.display()
        );
    }
    match error.io_error() {
        Some(io) => format!("{path}: cannot read: {io}"),
        None => format!("{path}: cannot read: {error}"),
    }
}

/// True for names starting with a dot (`.git`, `.DS_Store`).
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

/// The absolute form of `path`, made lexically (no `stat` per path component): the key under
/// which a file's articles are found again on the next run.
pub fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .to_string_lossy()
        .into_owned()
}

/// True when `key` is the file `root` or lies below the directory `root`.
///
/// ```
/// use newsidx::indexer::walk::is_within;
/// assert!(is_within("/data/corpus/a.txt", "/data/corpus"));
/// assert!(!is_within("/data/corpus2/a.txt", "/data/corpus"));
/// ```
pub fn is_within(key: &str, root: &str) -> bool {
    key == root
        || key.strip_prefix(root).is_some_and(|rest| {
            rest.starts_with(std::path::MAIN_SEPARATOR) || root.ends_with(std::path::MAIN_SEPARATOR)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_means_below_a_directory_or_the_file_itself() {
        assert!(is_within("/data/corpus/a.txt", "/data/corpus"));
        assert!(is_within("/data/corpus/a.txt", "/data/corpus/a.txt"));
        assert!(!is_within("/data/corpus2/a.txt", "/data/corpus"));
        assert!(is_within("/a.txt", "/"));
    }
}
