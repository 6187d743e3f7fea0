//! The walk: article files below the given roots, in the order the manifest lists them.
//!
//! Links are followed, hidden entries (names starting with a dot) and the index's own
//! directory skipped, and each directory is sorted by name as the manifest is, so that the
//! walk can be merge-joined with the last run's manifest without holding either in memory.
//! Paths that cannot be walked (unreadable directories, symbolic-link loops) come back as
//! messages, and the walk goes on.
//!
//! Every file has a key: its path below the root's canonical form ([`root_key`]), so that
//! `corpus`, `x/../corpus` and a link to it are one corpus, written losslessly ([`key`]), so
//! that two names that differ only in bytes that are not UTF-8 stay two files.

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

/// Walks `root`, whose key is `root_key`, in manifest order and hands each article file to
/// `found`, or, for a path that cannot be walked, the message `path: what failed`. The
/// directory `skip` (the index's own) is not entered. Stops at the first error `found`
/// returns.
pub fn walk<E>(
    root: &Path,
    root_key: &str,
    skip: Option<&SameDirectory>,
    mut found: impl FnMut(Result<Walked, String>) -> Result<(), E>,
) -> Result<(), E> {
    for entry in walker(root, skip) {
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
                let below = path.strip_prefix(root).unwrap_or(&path);
                found(Ok(Walked {
                    key: key_below(root_key, below),
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
        .flat_map(|root| walker(root, None))
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && Format::from_path(entry.path()).is_some())
        .count() as u64
}

/// The walk below `root`: links followed, hidden entries and the directory `skip` left out,
/// each directory sorted by name as the manifest is (names compared as their keys).
fn walker<'a>(
    root: &Path,
    skip: Option<&'a SameDirectory>,
) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> + 'a {
    WalkDir::new(root)
        .follow_links(true)
        .sort_by(|a, b| name_key(a.file_name()).cmp(&name_key(b.file_name())))
        .into_iter()
        .filter_entry(move |entry| {
            if entry.depth() > 0 && is_hidden(entry.file_name()) {
                return false;
            }
            !(entry.file_type().is_dir() && skip.is_some_and(|skip| skip.is(entry.path())))
        })
}

/// A directory recognised by identity (device and inode), whatever path leads to it.
pub struct SameDirectory {
    /// Device and inode of the directory.
    #[cfg(unix)]
    identity: (u64, u64),
    /// Its canonical path, where identities are not available.
    #[cfg(not(unix))]
    canonical: PathBuf,
}

impl SameDirectory {
    /// The directory at `path`; `None` when it cannot be read.
    pub fn new(path: &Path) -> Option<SameDirectory> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let metadata = std::fs::metadata(path).ok()?;
            Some(SameDirectory {
                identity: (metadata.dev(), metadata.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            Some(SameDirectory {
                canonical: std::fs::canonicalize(path).ok()?,
            })
        }
    }

    /// True when `path` is this directory.
    pub fn is(&self, path: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path)
                .is_ok_and(|metadata| (metadata.dev(), metadata.ino()) == self.identity)
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).is_ok_and(|canonical| canonical == self.canonical)
        }
    }
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

/// The key of a walked root: its canonical path (links and `..` resolved, so that every
/// spelling of one directory gives one key), or its absolute path when it cannot be resolved.
pub fn root_key(root: &Path) -> String {
    let resolved = std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_owned());
    key(&resolved)
}

/// The key of the file `below` (a path relative to the root) under the root key `root_key`.
fn key_below(root_key: &str, below: &Path) -> String {
    if below.as_os_str().is_empty() {
        // The root is the file itself.
        return root_key.to_owned();
    }
    let below = key(below);
    if root_key.ends_with(std::path::MAIN_SEPARATOR) {
        format!("{root_key}{below}")
    } else {
        format!("{root_key}{}{below}", std::path::MAIN_SEPARATOR)
    }
}

/// A file name as its key sorts: the name itself when it is UTF-8 without a backslash (no
/// copy: a sort compares names many times), else its [`key`].
fn name_key(name: &std::ffi::OsStr) -> std::borrow::Cow<'_, str> {
    match name.to_str() {
        Some(text) if !text.contains('\\') => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(key(Path::new(name))),
    }
}

/// `path` as a key: lossless text. UTF-8 stays as it is, a backslash is doubled, and every
/// byte that is not UTF-8 becomes `\xNN`, so that no two paths share a key.
///
/// ```
/// use std::path::Path;
/// use newsidx::indexer::walk::key;
/// assert_eq!(key(Path::new("/corpus/Müller.txt")), "/corpus/Müller.txt");
/// assert_eq!(key(Path::new(r"/corpus/a\b.txt")), r"/corpus/a\\b.txt");
/// ```
pub fn key(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut text = String::with_capacity(path.as_os_str().len());
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            text.push_str(&chunk.valid().replace('\\', "\\\\"));
            for byte in chunk.invalid() {
                text.push_str(&format!("\\x{byte:02x}"));
            }
        }
        text
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "\\\\")
    }
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

    #[cfg(unix)]
    #[test]
    fn keys_are_lossless() {
        use std::os::unix::ffi::OsStrExt;
        let latin1 = |bytes: &[u8]| key(Path::new(std::ffi::OsStr::from_bytes(bytes)));
        // Two Latin-1 names that read the same after a lossy conversion.
        assert_eq!(latin1(b"/c/M\xfcller.txt"), "/c/M\\xfcller.txt");
        assert_ne!(latin1(b"/c/M\xfcller.txt"), latin1(b"/c/M\xe4ller.txt"));
        // A name that spells such an escape is still another file.
        assert_ne!(latin1(b"/c/M\\xfcller.txt"), latin1(b"/c/M\xfcller.txt"));
        assert_eq!(key_below("/c", Path::new("a/b.txt")), "/c/a/b.txt");
        assert_eq!(key_below("/", Path::new("a.txt")), "/a.txt");
        assert_eq!(key_below("/c/a.txt", Path::new("")), "/c/a.txt");
    }
}
