//! What the last committed run read: for every file, its size, modification time, content
//! hash and number of articles. It lets `newsidx index` skip unchanged files at the cost of a
//! `stat`, confirm a changed size or time with the content hash, and find files that are gone.
//!
//! Stored next to the index as `newsidx-files.tsv`: a `#settings` line with the fingerprint of
//! the settings files were read with, then one file per line:
//! `size<TAB>mtime-ns<TAB>hash<TAB>articles<TAB>path` (path last, with `\`, tab and newline
//! escaped), and replaced atomically after each commit. A manifest older than the index (a run
//! killed between commit and manifest) only costs work: changed-looking files are re-read and
//! their articles replaced, never duplicated.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// File name of the manifest inside the index directory.
pub const FILE_NAME: &str = "newsidx-files.tsv";

/// What is known about one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i128,
    /// xxh3-128 hash of the content.
    pub hash: u128,
    /// Articles indexed from it (0 for skipped files).
    pub articles: u32,
}

/// Every file of the last run, by absolute path, and the settings they were read with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    /// Fingerprint of what reading depends on besides the file (newsidx version, agency
    /// lists, analysis): when it changes, every file must be read again.
    pub settings: u128,
    /// Path -> entry.
    pub files: HashMap<String, Entry>,
}

impl Manifest {
    /// Reads the manifest of the index in `dir`; an absent or unreadable manifest is empty
    /// (everything is then read again, which is slow but right).
    pub fn load(dir: &Path) -> Manifest {
        let Ok(text) = std::fs::read_to_string(dir.join(FILE_NAME)) else {
            return Manifest::default();
        };
        let settings = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("#settings\t"))
            .and_then(|hex| u128::from_str_radix(hex, 16).ok())
            .unwrap_or_default();
        let files = text.lines().filter_map(parse_line).collect();
        Manifest { settings, files }
    }

    /// Writes the manifest into `dir`, atomically (temporary file, then rename).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = dir.join(FILE_NAME);
        let temporary = dir.join(format!("{FILE_NAME}.tmp"));
        let write = || -> std::io::Result<()> {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
            writeln!(out, "#settings\t{:032x}", self.settings)?;
            let mut paths: Vec<&String> = self.files.keys().collect();
            paths.sort();
            for path in paths {
                let entry = &self.files[path];
                writeln!(
                    out,
                    "{}\t{}\t{:032x}\t{}\t{}",
                    entry.size,
                    entry.mtime_ns,
                    entry.hash,
                    entry.articles,
                    escape(path)
                )?;
            }
            out.into_inner()?.sync_all()?;
            std::fs::rename(&temporary, &path)
        };
        write().with_context(|| format!("{}: cannot write file manifest", path.display()))
    }
}

/// Parses one manifest line.
fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.splitn(5, '\t');
    let size = fields.next()?.parse().ok()?;
    let mtime_ns = fields.next()?.parse().ok()?;
    let hash = u128::from_str_radix(fields.next()?, 16).ok()?;
    let articles = fields.next()?.parse().ok()?;
    let path = unescape(fields.next()?);
    Some((
        path,
        Entry {
            size,
            mtime_ns,
            hash,
            articles,
        },
    ))
}

/// Escapes `\`, tab and newline so a path fits on one line.
fn escape(path: &str) -> String {
    path.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

/// Reverses [`escape`].
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The content hash newsidx records.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_odd_paths() {
        let dir = tempfile::tempdir().unwrap();
        let mut manifest = Manifest {
            settings: 42,
            ..Manifest::default()
        };
        for (index, path) in ["/a/b.txt", "/a/with\ttab.txt", "/a/new\nline\\x.md"]
            .iter()
            .enumerate()
        {
            manifest.files.insert(
                (*path).to_owned(),
                Entry {
                    size: index as u64 * 10,
                    mtime_ns: 1_700_000_000_123_456_789,
                    hash: hash(path.as_bytes()),
                    articles: index as u32,
                },
            );
        }
        manifest.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()), manifest);
    }

    #[test]
    fn a_missing_or_broken_manifest_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::load(dir.path()).files.is_empty());
        std::fs::write(dir.path().join(FILE_NAME), "garbage\n1\t2\n").unwrap();
        assert!(Manifest::load(dir.path()).files.is_empty());
    }
}
