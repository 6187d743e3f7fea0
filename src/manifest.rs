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
//! ever held in memory whole, whatever the number of files.
//!
//! The index and its manifest change together. [`ManifestWriter`] writes the new manifest
//! beside the old one; its digest ([`ManifestWriter::seal`]) goes into the commit's payload,
//! and only then is the manifest renamed into place. A reader is given the digest the last
//! commit recorded: a manifest that does not match it (a run killed between its commit and
//! the rename) is replaced by the sealed new one when that matches, and is otherwise unusable,
//! so that the caller rebuilds the list of files from the index itself
//! ([`ManifestReader::from_keys`]) instead of trusting a list that does not describe it.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result};
use xxhash_rust::xxh3::Xxh3;

/// File name of the manifest inside the index directory.
pub const FILE_NAME: &str = "newsidx-files.tsv";

/// Where a new manifest is written before it is put in place (and where a sealed one that a
/// commit recorded waits if the run ended before the rename).
pub fn unsealed_path(dir: &Path) -> PathBuf {
    dir.join(format!("{FILE_NAME}.tmp"))
}

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
    /// The remaining entries; `None` when there is nothing (more) to read.
    entries: Option<Box<dyn Iterator<Item = (String, Entry)>>>,
    /// The next entry, read ahead for [`ManifestReader::peek`].
    next: Option<(String, Entry)>,
}

impl ManifestReader {
    /// Opens the manifest of the index in `dir`, which the last commit recorded with the
    /// digest `expected` (`None`: an index from before digests were recorded, or no commit).
    /// It is checked whole first (one sequential read): a manifest with a broken line, out of
    /// order, or not the one the commit recorded cannot be merge-joined, so it is unusable.
    /// A sealed new manifest that the commit did record (its run was killed before the rename)
    /// is put in place and used.
    pub fn open(dir: &Path, expected: Option<u128>) -> ManifestReader {
        let path = dir.join(FILE_NAME);
        let checked = check(&path);
        let matches = |checked: &Option<(u128, u128)>| {
            checked.is_some_and(|(_, digest)| expected.is_none_or(|expected| digest == expected))
        };
        let checked = if matches(&checked) {
            checked
        } else {
            let sealed = unsealed_path(dir);
            let recovered = check(&sealed);
            if expected.is_none()
                || !matches(&recovered)
                || std::fs::rename(&sealed, &path).is_err()
            {
                return ManifestReader::empty();
            }
            recovered
        };
        let Some((settings, _)) = checked else {
            return ManifestReader::empty();
        };
        let Ok(file) = File::open(&path) else {
            return ManifestReader::empty();
        };
        // Split as `check` reads: at newlines only (a path may end in a carriage return).
        let mut lines = BufReader::new(file).split(b'\n');
        lines.next(); // the settings line, read by `check`
        let entries = lines.map_while(|line| {
            let line = String::from_utf8(line.ok()?).ok()?;
            parse_line(&line)
        });
        ManifestReader::over(settings, Box::new(entries))
    }

    /// A stand-in for a lost or damaged manifest, made from the file keys the index holds
    /// (`keys`, any order): every file is known to have articles and nothing else, so each
    /// one walked is read and replaced, and each one gone is removed. Its settings match no
    /// run's, so every file is read again.
    pub fn from_keys(mut keys: Vec<String>) -> ManifestReader {
        keys.sort_by(|a, b| path_order(a, b));
        keys.dedup();
        let unknown = Entry {
            size: u64::MAX,
            mtime_ns: 0,
            hash: 0,
            articles: 1,
        };
        ManifestReader::over(0, Box::new(keys.into_iter().map(move |key| (key, unknown))))
    }

    /// A usable reader of `entries` (in [`path_order`]) read with `settings`.
    fn over(settings: u128, entries: Box<dyn Iterator<Item = (String, Entry)>>) -> ManifestReader {
        let mut reader = ManifestReader {
            settings,
            usable: true,
            entries: Some(entries),
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
            entries: None,
            next: None,
        }
    }

    /// Reads the next entry into `self.next`.
    fn advance(&mut self) {
        self.next = self.entries.as_mut().and_then(|entries| entries.next());
        if self.next.is_none() {
            self.entries = None;
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

/// Reads the manifest at `path` through once and returns its settings fingerprint and its
/// digest when every line parses and the paths are in strictly increasing [`path_order`].
fn check(path: &Path) -> Option<(u128, u128)> {
    let mut input = BufReader::new(File::open(path).ok()?);
    let mut digest = Xxh3::new();
    let mut line = Vec::new();
    let mut next_line = |line: &mut Vec<u8>| -> Option<bool> {
        line.clear();
        let read = input.read_until(b'\n', line).ok()?;
        digest.update(line);
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        Some(read > 0)
    };
    if !next_line(&mut line)? {
        return None;
    }
    let settings = std::str::from_utf8(&line)
        .ok()?
        .strip_prefix("#settings\t")
        .and_then(|hex| u128::from_str_radix(hex, 16).ok())?;
    let mut previous: Option<String> = None;
    while next_line(&mut line)? {
        let (path, _) = parse_line(std::str::from_utf8(&line).ok()?)?;
        if previous
            .as_deref()
            .is_some_and(|before| path_order(before, &path) != Ordering::Less)
        {
            return None;
        }
        previous = Some(path);
    }
    Some((settings, digest.digest128()))
}

/// Writes a new manifest beside the current one; [`ManifestWriter::seal`], then [`Sealed::finish`],
/// put it in place.
pub struct ManifestWriter {
    /// The manifest's final path.
    path: PathBuf,
    /// The temporary file being written.
    temporary: PathBuf,
    /// Buffered output to `temporary`.
    out: BufWriter<File>,
    /// Digest of everything written.
    digest: Xxh3,
}

impl ManifestWriter {
    /// Starts a manifest for the index in `dir`, recording `settings`.
    pub fn create(dir: &Path, settings: u128) -> Result<ManifestWriter> {
        let path = dir.join(FILE_NAME);
        let temporary = unsealed_path(dir);
        let out = File::create(&temporary)
            .map(BufWriter::new)
            .with_context(|| format!("{}: cannot write", temporary.display()))?;
        let mut writer = ManifestWriter {
            path,
            temporary,
            out,
            digest: Xxh3::new(),
        };
        writer.line(format!("#settings\t{settings:032x}\n"))?;
        Ok(writer)
    }

    /// Writes one whole line, counting it into the digest.
    fn line(&mut self, line: String) -> Result<()> {
        self.digest.update(line.as_bytes());
        self.out
            .write_all(line.as_bytes())
            .with_context(|| format!("{}: cannot write", self.temporary.display()))
    }

    /// Appends the entry for `path`; entries must come in [`path_order`].
    pub fn write(&mut self, path: &str, entry: &Entry) -> Result<()> {
        self.line(format!(
            "{}\t{}\t{:032x}\t{}\t{}\n",
            entry.size,
            entry.mtime_ns,
            entry.hash,
            entry.articles,
            escape(path)
        ))
    }

    /// Writes the new manifest to disk whole and returns its digest, to be recorded with the
    /// commit; [`Sealed::finish`] then puts it in place.
    pub fn seal(self) -> Result<Sealed> {
        let ManifestWriter {
            path,
            temporary,
            out,
            digest,
        } = self;
        let write = || -> std::io::Result<()> {
            out.into_inner()
                .map_err(|error| error.into_error())?
                .sync_all()
        };
        write().with_context(|| format!("{}: cannot write file manifest", temporary.display()))?;
        Ok(Sealed {
            path,
            temporary,
            digest: digest.digest128(),
        })
    }

    /// Drops the new manifest, leaving the old one in place (nothing changed).
    pub fn discard(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// A new manifest written whole beside the old one, waiting for its commit.
pub struct Sealed {
    /// The manifest's final path.
    path: PathBuf,
    /// Where it was written.
    temporary: PathBuf,
    /// Its digest, as [`ManifestReader::open`] expects it.
    pub digest: u128,
}

impl Sealed {
    /// Replaces the old manifest with this one, atomically: to be called once the commit that
    /// recorded [`Sealed::digest`] is done.
    pub fn finish(self) -> Result<()> {
        std::fs::rename(&self.temporary, &self.path)
            .with_context(|| format!("{}: cannot write file manifest", self.path.display()))
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
        writer.seal().unwrap().finish().unwrap();
    }

    /// Reads every entry of the manifest in `dir`.
    fn read_all(dir: &Path) -> (ManifestReader, Vec<(String, Entry)>) {
        let mut reader = ManifestReader::open(dir, None);
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
        assert!(!ManifestReader::open(dir.path(), None).usable);
        std::fs::write(dir.path().join(FILE_NAME), "garbage\n1\t2\n").unwrap();
        assert!(!ManifestReader::open(dir.path(), None).usable);
        write_all(dir.path(), 1, &[("/b.txt", entry(1)), ("/a.txt", entry(2))]);
        let (reader, read) = read_all(dir.path());
        assert!(!reader.usable);
        assert!(read.is_empty());
    }

    #[test]
    fn a_manifest_the_commit_did_not_record_is_unusable_unless_the_sealed_one_is() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), 7, &[("/a.txt", entry(1))]);
        let (_, digest) = check(&dir.path().join(FILE_NAME)).unwrap();
        assert!(ManifestReader::open(dir.path(), Some(digest)).usable);
        // The commit recorded a newer manifest, sealed but not renamed: it is put in place.
        let mut writer = ManifestWriter::create(dir.path(), 7).unwrap();
        writer.write("/a.txt", &entry(1)).unwrap();
        writer.write("/b.txt", &entry(2)).unwrap();
        let sealed = writer.seal().unwrap();
        let newer = sealed.digest;
        assert_ne!(newer, digest);
        let (reader, read) = {
            let mut reader = ManifestReader::open(dir.path(), Some(newer));
            let mut read = Vec::new();
            while let Some(entry) = reader.take() {
                read.push(entry);
            }
            (reader, read)
        };
        assert!(reader.usable);
        assert_eq!(read.len(), 2);
        assert!(!dir.path().join(format!("{FILE_NAME}.tmp")).exists());
        // A digest nothing matches: unusable.
        assert!(!ManifestReader::open(dir.path(), Some(newer ^ 1)).usable);
    }

    #[test]
    fn a_reader_from_index_keys_lists_them_in_walk_order() {
        let mut reader = ManifestReader::from_keys(vec![
            "/a-b.txt".into(),
            "/a/z.txt".into(),
            "/a/z.txt".into(),
        ]);
        assert!(reader.usable);
        assert_eq!(reader.take().unwrap().0, "/a/z.txt");
        assert_eq!(reader.take().unwrap().0, "/a-b.txt");
        assert!(reader.take().is_none());
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
