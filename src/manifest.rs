//! What the last committed run read: for every file, its size, modification time, content
//! hash and number of articles. It lets `newsidx index` skip unchanged files at the cost of a
//! `stat`, confirm a changed size or time with the content hash, and find files that are gone.
//!
//! Stored next to the index as `newsidx-files.tsv`: a `#settings` line with the fingerprint of
//! the settings files were read with, then one file per line:
//! `size<TAB>mtime-ns<TAB>hash<TAB>articles<TAB>path` (path last, with `\`, tab and newline
//! escaped), sorted by [`path_order`], the order of a sorted directory walk. Both sides are
//! streamed: [`ManifestReader`] hands out the last run's entries in that order while the walk
//! produces this run's files in the same order, so the two are merge-joined and neither is
//! ever held in memory whole, whatever the number of files. [`ManifestWriter`] writes the new
//! manifest beside the old one and replaces it atomically after the commit. A manifest older
//! than the index (a run killed between commit and manifest) only costs work: changed-looking
//! files are re-read and their articles replaced, never duplicated.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

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

/// A file's modification time in nanoseconds since the epoch, as the manifest records it;
/// `None` when the file system does not say.
pub fn modified_ns(metadata: &std::fs::Metadata) -> Option<i128> {
    let since = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(since.as_nanos() as i128)
}

/// The order of files in the manifest and of a walk that sorts each directory by name:
/// component by component, so `a/z` comes before `a-b` (a plain string order would not).
pub fn path_order(a: &str, b: &str) -> Ordering {
    Path::new(a).cmp(Path::new(b))
}

/// The last run's manifest, read line by line in [`path_order`].
pub struct ManifestReader {
    /// Fingerprint of what reading depended on (newsidx version, agency lists, analysis):
    /// when it differs from this run's, every file must be read again.
    pub settings: u128,
    /// False when there was no usable manifest (absent, unreadable, damaged or unsorted).
    pub usable: bool,
    /// The remaining lines; `None` when there is nothing (more) to read.
    lines: Option<std::io::Lines<BufReader<File>>>,
    /// The next entry, read ahead for [`ManifestReader::peek`].
    next: Option<(String, Entry)>,
}

impl ManifestReader {
    /// Opens the manifest of the index in `dir`. It is checked whole first (one sequential
    /// read): a manifest with a broken line or out of order cannot be merge-joined, so it is
    /// treated as absent, which makes the run read every file again (slow but right).
    pub fn open(dir: &Path) -> ManifestReader {
        let path = dir.join(FILE_NAME);
        let Some(settings) = check(&path) else {
            return ManifestReader::empty();
        };
        let Ok(file) = File::open(&path) else {
            return ManifestReader::empty();
        };
        let mut lines = BufReader::new(file).lines();
        lines.next(); // the settings line, read by `check`
        let mut reader = ManifestReader {
            settings,
            usable: true,
            lines: Some(lines),
            next: None,
        };
        reader.advance();
        reader
    }

    /// A reader with no entries.
    pub fn empty() -> ManifestReader {
        ManifestReader {
            settings: 0,
            usable: false,
            lines: None,
            next: None,
        }
    }

    /// Reads the next entry into `self.next`.
    fn advance(&mut self) {
        self.next = self
            .lines
            .as_mut()
            .and_then(|lines| lines.next())
            .and_then(|line| line.ok())
            .and_then(|line| parse_line(&line));
        if self.next.is_none() {
            self.lines = None;
        }
    }

    /// The next entry without taking it.
    pub fn peek(&self) -> Option<(&str, &Entry)> {
        self.next
            .as_ref()
            .map(|(path, entry)| (path.as_str(), entry))
    }

    /// Takes the next entry.
    pub fn take(&mut self) -> Option<(String, Entry)> {
        let taken = self.next.take();
        if taken.is_some() {
            self.advance();
        }
        taken
    }

    /// True when the next entry exists and satisfies `predicate`.
    pub fn next_is(&self, predicate: impl Fn(&str) -> bool) -> bool {
        self.peek().is_some_and(|(path, _)| predicate(path))
    }
}

/// Reads the manifest at `path` through once and returns its settings fingerprint when every
/// line parses and the paths are in strictly increasing [`path_order`].
fn check(path: &Path) -> Option<u128> {
    let mut lines = BufReader::new(File::open(path).ok()?).lines();
    let settings = lines
        .next()?
        .ok()?
        .strip_prefix("#settings\t")
        .and_then(|hex| u128::from_str_radix(hex, 16).ok())?;
    let mut previous: Option<String> = None;
    for line in lines {
        let (path, _) = parse_line(&line.ok()?)?;
        if previous
            .as_deref()
            .is_some_and(|before| path_order(before, &path) != Ordering::Less)
        {
            return None;
        }
        previous = Some(path);
    }
    Some(settings)
}

/// Writes a new manifest beside the current one; [`ManifestWriter::finish`] puts it in place.
pub struct ManifestWriter {
    /// The manifest's final path.
    path: PathBuf,
    /// The temporary file being written.
    temporary: PathBuf,
    /// Buffered output to `temporary`.
    out: BufWriter<File>,
}

impl ManifestWriter {
    /// Starts a manifest for the index in `dir`, recording `settings`.
    pub fn create(dir: &Path, settings: u128) -> Result<ManifestWriter> {
        let path = dir.join(FILE_NAME);
        let temporary = dir.join(format!("{FILE_NAME}.tmp"));
        let start = || -> std::io::Result<BufWriter<File>> {
            let mut out = BufWriter::new(File::create(&temporary)?);
            writeln!(out, "#settings\t{settings:032x}")?;
            Ok(out)
        };
        let out = start().with_context(|| format!("{}: cannot write", temporary.display()))?;
        Ok(ManifestWriter {
            path,
            temporary,
            out,
        })
    }

    /// Appends the entry for `path`; entries must come in [`path_order`].
    pub fn write(&mut self, path: &str, entry: &Entry) -> Result<()> {
        writeln!(
            self.out,
            "{}\t{}\t{:032x}\t{}\t{}",
            entry.size,
            entry.mtime_ns,
            entry.hash,
            entry.articles,
            escape(path)
        )
        .with_context(|| format!("{}: cannot write", self.temporary.display()))
    }

    /// Flushes the new manifest to disk and replaces the old one with it, atomically.
    pub fn finish(self) -> Result<()> {
        let ManifestWriter {
            path,
            temporary,
            out,
        } = self;
        let write = || -> std::io::Result<()> {
            out.into_inner()
                .map_err(|error| error.into_error())?
                .sync_all()?;
            std::fs::rename(&temporary, &path)
        };
        write().with_context(|| format!("{}: cannot write file manifest", path.display()))
    }

    /// Drops the new manifest, leaving the old one in place (nothing changed).
    pub fn discard(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.temporary);
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

    /// Writes `entries` (already in order) as a manifest in `dir`.
    fn write_all(dir: &Path, settings: u128, entries: &[(&str, Entry)]) {
        let mut writer = ManifestWriter::create(dir, settings).unwrap();
        for (path, entry) in entries {
            writer.write(path, entry).unwrap();
        }
        writer.finish().unwrap();
    }

    /// Reads every entry of the manifest in `dir`.
    fn read_all(dir: &Path) -> (ManifestReader, Vec<(String, Entry)>) {
        let mut reader = ManifestReader::open(dir);
        let mut entries = Vec::new();
        while let Some(entry) = reader.take() {
            entries.push(entry);
        }
        (reader, entries)
    }

    fn entry(n: u32) -> Entry {
        Entry {
            size: u64::from(n) * 10,
            mtime_ns: 1_700_000_000_123_456_789,
            hash: hash(&n.to_le_bytes()),
            articles: n,
        }
    }

    #[test]
    fn round_trips_with_odd_paths_in_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        let paths = [
            "/a/b.txt",
            "/a/new\nline\\x.md",
            "/a/with\ttab.txt",
            "/a/z/c.txt",
            "/a-b.txt",
        ];
        let entries: Vec<(&str, Entry)> = paths
            .iter()
            .enumerate()
            .map(|(n, path)| (*path, entry(n as u32)))
            .collect();
        write_all(dir.path(), 42, &entries);
        let (reader, read) = read_all(dir.path());
        assert!(reader.usable);
        assert_eq!(reader.settings, 42);
        let read: Vec<(&str, Entry)> = read.iter().map(|(p, e)| (p.as_str(), *e)).collect();
        assert_eq!(read, entries);
    }

    #[test]
    fn component_order_differs_from_string_order() {
        assert_eq!(path_order("/a/z.txt", "/a-b.txt"), Ordering::Less);
        assert_eq!("/a/z.txt".cmp("/a-b.txt"), Ordering::Greater);
    }

    #[test]
    fn a_missing_broken_or_unsorted_manifest_is_unusable() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!ManifestReader::open(dir.path()).usable);
        std::fs::write(dir.path().join(FILE_NAME), "garbage\n1\t2\n").unwrap();
        assert!(!ManifestReader::open(dir.path()).usable);
        write_all(dir.path(), 1, &[("/b.txt", entry(1)), ("/a.txt", entry(2))]);
        let (reader, read) = read_all(dir.path());
        assert!(!reader.usable);
        assert!(read.is_empty());
    }

    #[test]
    fn a_discarded_manifest_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), 7, &[("/a.txt", entry(1))]);
        let mut writer = ManifestWriter::create(dir.path(), 8).unwrap();
        writer.write("/b.txt", &entry(2)).unwrap();
        writer.discard();
        let (reader, read) = read_all(dir.path());
        assert_eq!(reader.settings, 7);
        assert_eq!(read.len(), 1);
        assert!(!dir.path().join(format!("{FILE_NAME}.tmp")).exists());
    }
}
