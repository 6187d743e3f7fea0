//! The indexing engine: walk the given paths, read what changed in parallel, write one commit.
//!
//! Paths are walked in sorted order ([`walk`]) and merge-joined with the last run's
//! [`ManifestReader`], which lists files in the same order: a file whose size and modification
//! time match costs one `stat`; one that differs is read and hashed, and parsed only when its
//! content changed. Its earlier articles are replaced, and the articles of files that
//! disappeared from the walked paths are removed. Neither the walk nor the manifest is held in
//! memory: files wait in a bounded batch, are read in parallel on rayon's pool, and their
//! reports are handled in path order, so messages and document order are deterministic while
//! tantivy's indexing threads work in the background. Memory stays within the configured
//! budget, shared out by [`Budget`], whatever the number of files.
//!
//! One commit at the end, recording the digest of the new manifest, which is renamed into
//! place only after it: a run interrupted before the commit leaves the previous commit as it
//! was, and one interrupted after it leaves a manifest the next run recognises as not the
//! commit's ([`ManifestReader::open`]). A manifest that is missing, damaged or not the
//! commit's is never trusted: the list of files is then rebuilt from the keys the index holds,
//! so that files deleted meanwhile lose their articles and none is added twice.
//!
//! [`run`] prints nothing: progress and per-file messages go to the caller's [`Reporter`], and
//! the counts come back as a [`Summary`].

pub mod walk;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::agency::Registry;
use crate::analysis::{self, Variant};
use crate::budget::Budget;
use crate::ingest::{FileRead, FileReport, Format, Ingestor, MessageKind, stream};
use crate::manifest::{Entry, ManifestReader, ManifestWriter, path_order};
use crate::store::{NewsIndex, Writer};
use walk::{SameDirectory, Walked, is_within, root_key};

/// Files read per batch: large enough to keep both pools busy, small enough to bound memory.
const CHUNK_FILES: usize = 256;

/// Files waiting in one batch at most, read or not (unchanged files only cost a line).
const MAX_PENDING: usize = 16 * CHUNK_FILES;

/// File in the index directory that an indexing run holds locked.
pub const LOCK_FILE: &str = "newsidx-index.lock";

/// What to index, where, and with which limits.
#[derive(Clone, Debug)]
pub struct Config {
    /// Directories or files to index.
    pub paths: Vec<PathBuf>,
    /// The index directory (created when missing).
    pub index_dir: PathBuf,
    /// An agency list besides the built-in one and the index's own.
    pub agency_list: Option<PathBuf>,
    /// Empty the index in this run's commit and read every file again.
    pub rebuild: bool,
    /// The German chain asked for; `None` keeps the index's (full for a new one).
    pub analysis: Option<Variant>,
    /// Threads reading files and indexing (0 counts as 1).
    pub threads: usize,
    /// The whole run's memory budget, in bytes ([`Budget`]).
    pub memory_bytes: usize,
    /// Files larger than this many bytes are skipped.
    pub max_file_bytes: u64,
}

/// How serious a [`Reporter::message`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Worth telling, not a failure: a file skipped with its reason.
    Note,
    /// Something was repaired or replaced, and the file was indexed.
    Warning,
    /// A file, an entry or a path could not be used: the run ends partial.
    Error,
}

/// What an indexing run tells its caller while it works. Every method has a default that does
/// nothing, so a library user implements only what it shows.
pub trait Reporter {
    /// The run is about to walk `roots` (existing paths, sorted, nested ones dropped).
    fn walking(&mut self, _roots: &[PathBuf]) {}

    /// One walked file has been handled (read, unchanged or failed).
    fn file_done(&mut self) {}

    /// A message for the user, one line: `path[:line]: what`.
    fn message(&mut self, _level: Level, _text: &str) {}

    /// Every file is handled; the run commits.
    fn committing(&mut self) {}
}

/// A [`Reporter`] that ignores everything.
pub struct Silent;

impl Reporter for Silent {}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Articles added (from new and changed files).
    pub articles: usize,
    /// New files read.
    pub added: usize,
    /// Changed files read again.
    pub updated: usize,
    /// Files gone since the last run.
    pub removed: usize,
    /// Files unchanged since the last run.
    pub unchanged: usize,
    /// Files skipped with a reason.
    pub skipped: usize,
    /// Problems: files that could not be read or parsed, broken entries, paths not walked.
    pub failed: usize,
}

/// Indexes the paths `config` names into its index, telling `reporter` how it goes.
pub fn run(config: &Config, reporter: &mut dyn Reporter) -> Result<Summary> {
    // Nothing to index at all is an error, and creates no index.
    if !config.paths.is_empty() && config.paths.iter().all(|path| !path.exists()) {
        let missing: Vec<String> = config.paths.iter().map(|path| missing(path)).collect();
        bail!("{}", missing.join("; "));
    }
    // One writer per index: a second run is refused before it walks or reads anything.
    let _lock = lock(&config.index_dir)?;
    let result = run_locked(config, reporter);
    if result.is_err() {
        // What the failed run wrote (segments of a commit that never came) goes, so that a
        // full disk is not left fuller. Its writer is gone: nothing is being written.
        if let Ok(index) = NewsIndex::open(&config.index_dir) {
            let _ = index.remove_orphans();
        }
        let _ = std::fs::remove_file(crate::manifest::unsealed_path(&config.index_dir));
    }
    result
}

/// [`run`], with the index's write lock held.
fn run_locked(config: &Config, reporter: &mut dyn Reporter) -> Result<Summary> {
    let index_dir = &config.index_dir;
    // A rebuild empties a readable index inside the run's one commit, so that a run that dies
    // leaves the old articles; an index this build cannot read is removed first.
    let refill = if config.rebuild {
        NewsIndex::open_for_rebuild(index_dir, config.analysis)
    } else {
        None
    };
    if config.rebuild && refill.is_none() {
        NewsIndex::remove(index_dir)?;
    }
    let rebuilding = refill.is_some();
    let news_index = match refill {
        Some(index) => index,
        None => NewsIndex::open_or_create(index_dir, config.analysis)?,
    };
    // Segments a killed or failed run left behind.
    news_index.remove_orphans()?;
    let recorded = news_index
        .commit_info()?
        .and_then(|info| info.manifest_digest());
    let mut old = if rebuilding {
        ManifestReader::empty()
    } else {
        ManifestReader::open(index_dir, recorded)
    };
    if !old.usable && !rebuilding && news_index.reader()?.searcher().num_docs() > 0 {
        // No manifest describes the index: the index itself says which files it holds.
        old = ManifestReader::from_keys(news_index.file_keys()?);
    }
    let threads = config.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let registry = Registry::for_index(index_dir, config.agency_list.as_deref())?;
    // Files read with other settings (another newsidx, agency list or analysis) are stale.
    let settings = settings_fingerprint(&news_index, &registry);
    let stale = old.settings != settings;

    let mut summary = Summary::default();
    let mut roots = Vec::new();
    for root in &config.paths {
        if root.exists() {
            roots.push((root_key(root), root.clone()));
        } else {
            // Its files may be on a drive that is not mounted: keep their articles.
            reporter.message(Level::Error, &missing(root));
            summary.failed += 1;
        }
    }
    // In manifest order, and a path inside another given path is walked once, with it.
    roots.sort_by(|(a, _), (b, _)| path_order(a, b));
    roots.dedup_by(|(inner, _), (outer, _)| is_within(inner, outer));
    let walked_roots: Vec<PathBuf> = roots.iter().map(|(_, path)| path.clone()).collect();
    // An index kept inside the corpus is not read as articles.
    let index_itself = SameDirectory::new(index_dir);

    let budget = Budget::new(config.memory_bytes, threads);
    analysis::remember_at_most(budget.remembered_words);
    reporter.walking(&walked_roots);
    let mut indexer = Indexer {
        news_index: &news_index,
        threads,
        budget,
        writer: None,
        ingestor: Ingestor::new(&registry, config.max_file_bytes),
        pool,
        reporter,
        old,
        new: ManifestWriter::create(index_dir, settings)?,
        manifest_changed: stale,
        stale,
        // Every file the index may hold is in the manifest (or the index is empty), so a file
        // missing from it can be added without deleting first.
        trust_manifest: true,
        roots: walked_roots,
        pending: Vec::new(),
        to_read: 0,
        to_read_bytes: 0,
        last_key: None,
        summary,
        read_bytes: 0,
        free_at_start: None,
    };
    if rebuilding {
        indexer.writer()?.delete_all()?;
        indexer.manifest_changed = true;
    }
    for (number, (key, path)) in roots.iter().enumerate() {
        indexer.copy_before(key)?;
        walk::walk(path, key, index_itself.as_ref(), |walked| match walked {
            Ok(walked) => indexer.add_walked(number, walked),
            Err(message) => {
                indexer.reporter.message(Level::Error, &message);
                indexer.summary.failed += 1;
                Ok(())
            }
        })?;
        indexer.flush()?;
        indexer.remove_rest_within(key)?;
    }
    indexer.copy_before("")?;
    indexer.finish()
}

/// A file found by the walk, with what the last run knew of it.
struct Job {
    /// Index of the walked root (in [`Indexer::roots`]) that led to this file.
    root: usize,
    /// The file and its key, size and time.
    file: Walked,
    /// The last run's entry for this file.
    previous: Option<Entry>,
    /// Whether the file must be read (new, changed size or time, or stale settings).
    read: bool,
    /// Whether it is read record by record, on its own ([`Indexer::index_streamed`]).
    streamed: bool,
}

/// One indexing run: the writer, the old and new manifest, the batch of files waiting.
struct Indexer<'a> {
    /// The index written.
    news_index: &'a NewsIndex,
    /// Indexing threads.
    threads: usize,
    /// The shares of the memory budget.
    budget: Budget,
    /// The writer, opened once something changes (it takes the index's lock and threads).
    writer: Option<Writer<'a>>,
    /// Reads article files.
    ingestor: Ingestor<'a>,
    /// Threads reading files.
    pool: rayon::ThreadPool,
    /// Hears of progress and messages.
    reporter: &'a mut dyn Reporter,
    /// The last run's manifest, consumed in path order.
    old: ManifestReader,
    /// This run's manifest, written in path order.
    new: ManifestWriter,
    /// Whether the new manifest differs from the old one.
    manifest_changed: bool,
    /// Whether every file must be read again (settings changed).
    stale: bool,
    /// Whether a file missing from the manifest can be added without deleting first.
    trust_manifest: bool,
    /// The walked roots, as given.
    roots: Vec<PathBuf>,
    /// Walked files waiting for their batch, in path order.
    pending: Vec<Job>,
    /// How many of `pending` must be read.
    to_read: usize,
    /// Their bytes.
    to_read_bytes: u64,
    /// The last walked key, to catch a walk out of manifest order.
    last_key: Option<String>,
    /// Counters for the summary.
    summary: Summary,
    /// Bytes of files read so far.
    read_bytes: u64,
    /// Bytes free on the index's disk when the run first read files (`None`: not known).
    free_at_start: Option<u64>,
}

impl<'a> Indexer<'a> {
    /// The writer, opened on first use.
    fn writer(&mut self) -> Result<&mut Writer<'a>> {
        if self.writer.is_none() {
            self.writer = Some(self.news_index.writer(self.threads, &self.budget)?);
        }
        Ok(self.writer.as_mut().expect("opened above"))
    }

    /// Copies the old manifest's entries that sort before `key` (all of them for `""`):
    /// files outside the walked paths, kept as they are.
    fn copy_before(&mut self, key: &str) -> Result<()> {
        while self
            .old
            .next_is(|path| key.is_empty() || path_order(path, key) == Ordering::Less)
        {
            let (path, entry) = self.old.take().expect("peeked");
            self.new.write(&path, &entry)?;
        }
        Ok(())
    }

    /// Removes the articles of a file listed in the old manifest but no longer found.
    fn remove(&mut self, key: &str) -> Result<()> {
        self.writer()?.delete_file(key);
        self.summary.removed += 1;
        self.manifest_changed = true;
        Ok(())
    }

    /// Removes every remaining old entry below the walked root `key`: files that are gone.
    fn remove_rest_within(&mut self, key: &str) -> Result<()> {
        while self.old.next_is(|path| is_within(path, key)) {
            let (path, _) = self.old.take().expect("peeked");
            self.remove(&path)?;
        }
        Ok(())
    }

    /// Takes a file walked from root number `root`: matches it with the old manifest and
    /// queues it.
    fn add_walked(&mut self, root: usize, file: Walked) -> Result<()> {
        let streamed = file.size > stream_bytes()
            && Format::from_path(&file.path).is_some_and(Format::holds_many);
        let mut job = Job {
            root,
            file,
            previous: None,
            read: true,
            streamed,
        };
        let key = &job.file.key;
        let in_order = self
            .last_key
            .as_deref()
            .is_none_or(|last| path_order(last, key) == Ordering::Less);
        if in_order {
            // Old entries before this file (and after the previous one) are files now gone.
            while self
                .old
                .next_is(|path| path_order(path, key) == Ordering::Less)
            {
                let (path, _) = self.old.take().expect("peeked");
                self.remove(&path)?;
            }
            if self.old.next_is(|path| path == key) {
                job.previous = self.old.take().map(|(_, entry)| entry);
            }
        } else {
            // Two names that read the same (invalid UTF-8): the old entry went to the first;
            // this one replaces whatever the index holds under the name.
            self.trust_manifest = false;
        }
        let (size, mtime_ns) = (job.file.size, job.file.mtime_ns);
        job.read = self.stale
            || job
                .previous
                .is_none_or(|entry| entry.size != size || entry.mtime_ns != mtime_ns);
        self.last_key = Some(job.file.key.clone());
        if job.read && !job.streamed {
            self.to_read += 1;
            self.to_read_bytes += size;
        }
        self.pending.push(job);
        if self.to_read >= CHUNK_FILES
            || self.to_read_bytes >= self.budget.batch_bytes
            || self.pending.len() >= MAX_PENDING
        {
            self.flush()?;
        }
        Ok(())
    }

    /// Reads the batch's files in parallel, then indexes them and records them in path order.
    fn flush(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.to_read = 0;
        self.to_read_bytes = 0;
        let (ingestor, stale, roots) = (&self.ingestor, self.stale, &self.roots);
        let mut reads: Vec<Option<FileRead>> = self.pool.install(|| {
            pending
                .par_iter()
                .map(|job| {
                    (job.read && !job.streamed).then(|| {
                        let known = job.previous.filter(|_| !stale).map(|entry| entry.hash);
                        ingestor.read_if_changed(&roots[job.root], &job.file.path, known)
                    })
                })
                .collect()
        });
        let read_bytes: u64 = pending
            .iter()
            .filter(|job| job.read && !job.streamed)
            .map(|job| job.file.size)
            .sum();
        if read_bytes > 0 {
            self.check_free_space(read_bytes)?;
        }
        for (job, read) in pending.iter().zip(reads.drain(..)) {
            match read {
                None if job.read && job.streamed => self.index_streamed(job)?,
                None => {
                    self.summary.unchanged += 1;
                    let entry = job.previous.expect("unread files were in the manifest");
                    self.new.write(&job.file.key, &entry)?;
                }
                Some(read) => self.index_read(job, read)?,
            }
            self.reporter.file_done();
        }
        Ok(())
    }

    /// Stops the run, before it writes more, when the room its index will need no longer fits
    /// on the disk: the files read so far (`batch_bytes` more now) take about a quarter more
    /// than their size in index segments (1.18 times at 100,000 articles, BENCHMARKS.md), plus
    /// [`FREE_SPACE_RESERVE`]; the room is what was free when the run began. A full disk otherwise showed only at the commit or
    /// when tantivy's threads died, long after it filled.
    fn check_free_space(&mut self, batch_bytes: u64) -> Result<()> {
        self.read_bytes += batch_bytes;
        if self.free_at_start.is_none() {
            self.free_at_start = free_bytes(&self.news_index.dir);
        }
        let Some(free) = self.free_at_start else {
            return Ok(());
        };
        let needed = FREE_SPACE_RESERVE + self.read_bytes + self.read_bytes / 4;
        if free < needed {
            bail!(
                "{}: disk almost full: {} free, indexing the {} of files read so far needs about {}; nothing from this run was committed",
                self.news_index.dir.display(),
                mebibytes(free),
                mebibytes(self.read_bytes),
                mebibytes(needed)
            );
        }
        Ok(())
    }

    /// Indexes the large multi-article file of `job` record by record: batches of
    /// [`STREAM_BATCH_BYTES`] are parsed on every core and added in file order, so memory holds
    /// one batch whatever the file's size. A file only touched (same content hash) keeps its
    /// articles.
    fn index_streamed(&mut self, job: &Job) -> Result<()> {
        self.manifest_changed = true;
        let path = &job.file.path;
        let key = &job.file.key;
        let shown = path.display().to_string();
        let previous = job.previous;
        let format = Format::from_path(path).expect("streamed files have a format");
        if let Some(known) = previous.filter(|_| !self.stale) {
            match stream::hash_file(path) {
                Ok(hash) if hash == known.hash => {
                    self.summary.unchanged += 1;
                    return self.new.write(key, &entry(job, Some(hash), known.articles));
                }
                Ok(_) => {}
                Err(error) => return self.keep_unreadable(job, &shown, &error),
            }
        }
        let mut records = match stream::RecordReader::open(path, format) {
            Ok(records) => records,
            Err(error) => return self.keep_unreadable(job, &shown, &error),
        };
        if previous.is_some_and(|entry| entry.articles > 0)
            || (previous.is_none() && !self.trust_manifest)
        {
            self.writer()?.delete_file(key);
        }
        let mut added: usize = 0;
        let mut failed = false;
        loop {
            let batch = match records.next_batch(STREAM_BATCH_BYTES) {
                Ok(Some(batch)) => batch,
                Ok(None) => break,
                Err(error) => {
                    let text = format!("{shown}:{}: {error}", records.line());
                    self.reporter.message(Level::Error, &text);
                    self.summary.failed += 1;
                    failed = true;
                    break;
                }
            };
            let bytes: usize = batch.iter().map(|record| record.bytes.len()).sum();
            self.check_free_space(bytes as u64)?;
            let (ingestor, root) = (&self.ingestor, &self.roots[job.root]);
            let mut report = self
                .pool
                .install(|| ingestor.read_records(root, path, &batch));
            self.tell(&report);
            let writer = self.writer()?;
            for article in report.articles.drain(..) {
                writer
                    .add(article, key)
                    .with_context(|| format!("{shown}: cannot add to index"))?;
                added += 1;
            }
        }
        self.summary.articles += added;
        let articles = u32::try_from(added).unwrap_or(u32::MAX);
        if added > 0 {
            if previous.is_some() {
                self.summary.updated += 1;
            } else {
                self.summary.added += 1;
            }
        }
        if failed {
            // What was read is indexed; the next run reads the file again and replaces it.
            return self.new.write(key, &entry(job, None, articles.max(1)));
        }
        if added == 0 {
            self.reporter.message(
                Level::Note,
                &format!("{shown}: skipped: no articles in file"),
            );
            self.summary.skipped += 1;
        }
        self.new
            .write(key, &entry(job, Some(records.hash()), articles))
    }

    /// Tells the reporter what `report` says and counts its problems as failures.
    fn tell(&mut self, report: &FileReport) {
        for (kind, text) in report.messages() {
            let level = match kind {
                MessageKind::Skipped => Level::Note,
                MessageKind::Warning => Level::Warning,
                MessageKind::Problem => Level::Error,
            };
            self.reporter.message(level, &text);
        }
        self.summary.failed += report.problems.len();
    }

    /// Reports a file that could not be read and keeps what the index had of it.
    fn keep_unreadable(&mut self, job: &Job, shown: &str, error: &std::io::Error) -> Result<()> {
        self.reporter
            .message(Level::Error, &format!("{shown}: cannot read file: {error}"));
        self.summary.failed += 1;
        match job.previous {
            Some(previous) => self.new.write(&job.file.key, &previous),
            None => Ok(()),
        }
    }

    /// Indexes what was read from `job` and records it in the new manifest.
    fn index_read(&mut self, job: &Job, read: FileRead) -> Result<()> {
        self.manifest_changed = true;
        let previous = job.previous;
        let key = &job.file.key;
        let (report, hash) = match read {
            FileRead::Unchanged { hash } => {
                // Touched, not changed: remember the new time, keep the articles.
                self.summary.unchanged += 1;
                let articles = previous.map_or(0, |entry| entry.articles);
                return self.new.write(key, &entry(job, Some(hash), articles));
            }
            FileRead::Read { report, hash } => (report, hash),
        };
        let mut report = report;
        self.tell(&report);
        let hash = match hash {
            Some(hash) if !report.articles.is_empty() || report.skipped.is_some() => Some(hash),
            // Skipped before its bytes were read (over the size limit): it is skipped like any
            // other and its old articles go; no content hash is known, and the next run looks
            // at it again (the limit may be raised).
            None if report.skipped.is_some() => None,
            _ => {
                // Unreadable or wholly broken: keep what the index had, try again next run.
                if let Some(previous) = previous {
                    self.new.write(key, &previous)?;
                }
                return Ok(());
            }
        };
        let had_articles = previous.is_some_and(|entry| entry.articles > 0);
        // A file the index may hold articles of: replace them. Deleting costs work at every
        // commit, so new files skip it (unless there is no manifest to trust).
        if had_articles || (previous.is_none() && !self.trust_manifest) {
            self.writer()?.delete_file(key);
        }
        let added = report.articles.len();
        if added > 0 {
            let writer = self.writer()?;
            for article in report.articles.drain(..) {
                writer
                    .add(article, key)
                    .with_context(|| format!("{}: cannot add to index", report.path))?;
            }
        }
        self.summary.articles += added;
        if report.skipped.is_some() {
            self.summary.skipped += 1;
        } else if previous.is_some() {
            self.summary.updated += 1;
        } else {
            self.summary.added += 1;
        }
        let articles = u32::try_from(added).unwrap_or(u32::MAX);
        self.new.write(key, &entry(job, hash, articles))
    }

    /// Commits with the new manifest's digest, then puts the manifest in place.
    fn finish(mut self) -> Result<Summary> {
        if !self.manifest_changed {
            self.new.discard();
            return Ok(self.summary);
        }
        // Even a run that only saw touched files commits: the commit records the manifest.
        self.writer()?;
        let writer = self.writer.take().expect("opened above");
        self.reporter.committing();
        let sealed = self.new.seal()?;
        writer.commit(Some(sealed.digest))?;
        stop_point_after_commit();
        sealed.finish()?;
        Ok(self.summary)
    }
}

/// Multi-article files (JSON, JSONL) larger than this are read record by record.
const STREAM_BYTES: u64 = 16 * 1024 * 1024;

/// [`STREAM_BYTES`], or in test builds `NEWSIDX_TEST_STREAM_BYTES`, so that tests stream
/// files of a few megabytes.
fn stream_bytes() -> u64 {
    #[cfg(debug_assertions)]
    if let Some(bytes) = std::env::var("NEWSIDX_TEST_STREAM_BYTES")
        .ok()
        .and_then(|text| text.parse().ok())
    {
        return bytes;
    }
    STREAM_BYTES
}

/// Bytes of records parsed together when streaming a file: enough for every core.
const STREAM_BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Room the index's disk must keep besides what a batch needs: a commit, the manifest.
const FREE_SPACE_RESERVE: u64 = 2 * 1024 * 1024;

/// `bytes` as `12.3 MiB`.
fn mebibytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Bytes free for this user on the file system holding `dir`; `None` where unknown.
fn free_bytes(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: statvfs only writes into the zeroed struct it is given, and `path` is a
        // NUL-terminated string that outlives the call.
        let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
            return None;
        }
        #[allow(clippy::unnecessary_cast)]
        Some(stat.f_bavail as u64 * stat.f_frsize as u64)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Test builds only: with `NEWSIDX_TEST_STOP_AFTER_COMMIT=PATH` set, a run that has committed
/// creates `PATH` and waits, before it puts the manifest in place, until `PATH.go` exists (at
/// most a minute), so that a test can kill or interrupt it at that very point.
fn stop_point_after_commit() {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("NEWSIDX_TEST_STOP_AFTER_COMMIT") {
        let path = PathBuf::from(path);
        let go = path.with_extension("go");
        let _ = std::fs::write(&path, b"committed\n");
        let started = std::time::Instant::now();
        while !go.exists() && started.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// Takes the index's write lock, or says that another process holds it. The lock is an
/// advisory lock the system drops with the process, however it ends (even `kill -9`).
fn lock(index_dir: &Path) -> Result<std::fs::File> {
    let shown = index_dir.display();
    std::fs::create_dir_all(index_dir)
        .with_context(|| format!("{shown}: cannot create index directory"))?;
    let path = index_dir.join(LOCK_FILE);
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("{}: cannot open lock file", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "{shown}: the index is being written by another newsidx process; wait for it to finish"
        ),
        Err(std::fs::TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("{}: cannot lock", path.display()))
        }
    }
}

/// A fingerprint of everything besides a file's bytes that decides what is read from it:
/// the newsidx version, the analysis variant and the source registry.
fn settings_fingerprint(index: &NewsIndex, registry: &Registry) -> u128 {
    let mut text = format!("{}\n{:?}\n", env!("CARGO_PKG_VERSION"), index.variant);
    for source in registry.sources() {
        text.push_str(&format!(
            "{}\t{:?}\t{}\t{}\n",
            source.name,
            source.kind,
            source.country,
            source.aliases.join("\t")
        ));
    }
    crate::manifest::hash(text.as_bytes())
}

/// The message for a given path that does not exist.
fn missing(path: &Path) -> String {
    format!("{}: no such file or directory", path.display())
}

/// The manifest entry for `job` with content `hash` (`None`: not known, so the file is read
/// again next run) and `articles` articles.
fn entry(job: &Job, hash: Option<u128>, articles: u32) -> Entry {
    Entry {
        size: job.file.size,
        // Without a content hash, a time no file has: the next run reads the file again.
        mtime_ns: if hash.is_some() {
            job.file.mtime_ns
        } else {
            i128::MIN
        },
        hash: hash.unwrap_or(0),
        articles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The engine as a library user drives it: no terminal, a summary back.
    #[test]
    fn a_library_run_indexes_and_then_finds_everything_unchanged() {
        let corpus = tempfile::tempdir().unwrap();
        let index = tempfile::tempdir().unwrap();
        std::fs::write(
            corpus.path().join("a.txt"),
            "Hochwasser an der Elbe\n\nDie Pegel steigen weiter, meldete die dpa.\n",
        )
        .unwrap();
        std::fs::write(corpus.path().join("b.txt"), "").unwrap();
        let config = Config {
            paths: vec![corpus.path().to_owned()],
            index_dir: index.path().to_owned(),
            agency_list: None,
            rebuild: false,
            analysis: None,
            threads: 1,
            memory_bytes: 128 << 20,
            max_file_bytes: 1 << 20,
        };
        let first = run(&config, &mut Silent).unwrap();
        assert_eq!((first.articles, first.added, first.skipped), (1, 1, 1));
        let second = run(&config, &mut Silent).unwrap();
        assert_eq!(
            second,
            Summary {
                unchanged: 2,
                ..Summary::default()
            }
        );
    }
}
