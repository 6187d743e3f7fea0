//! `newsidx index`: walk the given paths, read what changed in parallel, write one commit.
//!
//! Paths are walked in sorted order (walkdir), hidden entries skipped, and merge-joined with
//! the last run's [`ManifestReader`], which lists files in the same order: a file whose size
//! and modification time match costs one `stat`; one that differs is read and hashed, and
//! parsed only when its content changed. Its earlier articles are replaced, and the articles
//! of files that disappeared from the walked paths are removed. Neither the walk nor the
//! manifest is held in memory: files wait in a bounded batch, are read in parallel on rayon's
//! pool, and their reports are handled in path order, so messages and document order are
//! deterministic while tantivy's indexing threads work in the background. Memory stays within
//! `--memory`, shared out by [`Budget`], whatever the number of files. One commit at the end, then
//! the new manifest: an interrupted run leaves the previous commit as it was.

use std::cmp::Ordering;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::{IndexWriter, Term};
use walkdir::WalkDir;

use crate::agency::Registry;
use crate::analysis::{self, Variant};
use crate::budget::Budget;
use crate::cli::IndexArgs;
use crate::cmd::{Outcome, load_registry};
use crate::ingest::{FileRead, Format, Ingestor};
use crate::manifest::{Entry, ManifestReader, ManifestWriter, modified_ns, path_order};
use crate::schema::ArticleDocument;
use crate::store::{self, FieldSet, NewsIndex};

/// Files read per batch: large enough to keep both pools busy, small enough to bound memory.
const CHUNK_FILES: usize = 256;

/// Files waiting in one batch at most, read or not (unchanged files only cost a line).
const MAX_PENDING: usize = 16 * CHUNK_FILES;

/// A file found by the walk, with what the last run knew of it.
struct Job {
    /// Index of the walked root (in [`Indexer::roots`]) that led to this file.
    root: usize,
    /// The file, as walked.
    path: PathBuf,
    /// Its absolute path: the key in the manifest and the index's `file` field.
    key: String,
    /// Size in bytes.
    size: u64,
    /// Modification time in nanoseconds since the epoch.
    mtime_ns: i128,
    /// The last run's entry for this file.
    previous: Option<Entry>,
    /// Whether the file must be read (new, changed size or time, or stale settings).
    read: bool,
}

/// Counters for the closing summary.
#[derive(Default)]
struct Summary {
    /// Articles added (from new and changed files).
    articles: usize,
    /// New files read.
    added: usize,
    /// Changed files read again.
    updated: usize,
    /// Files gone since the last run.
    removed: usize,
    /// Files unchanged since the last run.
    unchanged: usize,
    /// Files skipped with a reason.
    skipped: usize,
    /// Problems: files that could not be read or parsed, and broken entries.
    failed: usize,
}

/// Indexes the paths in `args`.
pub fn run(args: &IndexArgs) -> Result<Outcome> {
    let started = Instant::now();
    let index_dir = &args.location.index;
    // One writer per index: a second run is refused before it walks or reads anything.
    let _lock = lock(index_dir)?;
    on_interrupt(index_dir);
    // --rebuild empties a readable index inside the run's one commit, so that a run that dies
    // leaves the old articles; an index this build cannot read is removed first.
    let refill = if args.rebuild {
        NewsIndex::open_for_rebuild(index_dir, args.analysis)
    } else {
        None
    };
    if args.rebuild && refill.is_none() {
        NewsIndex::remove(index_dir)?;
    }
    let rebuilding = refill.is_some();
    let news_index = match refill {
        Some(index) => index,
        None => NewsIndex::open_or_create(index_dir, args.analysis)?,
    };
    let old = if rebuilding {
        ManifestReader::empty()
    } else {
        ManifestReader::open(index_dir)
    };
    // Without a manifest, an index that has articles may hold any file's: delete before adding.
    let trust_manifest =
        old.usable || rebuilding || news_index.reader()?.searcher().num_docs() == 0;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let registry = load_registry(index_dir, &args.agency_list)?;
    // Files read with other settings (another newsidx, agency list or analysis) are stale.
    let settings = settings_fingerprint(&news_index, &registry);
    let stale = old.settings != settings;

    let mut summary = Summary::default();
    let mut roots = Vec::new();
    for root in &args.paths {
        if root.exists() {
            roots.push((absolute(root), root.clone()));
        } else {
            // Its files may be on a drive that is not mounted: keep their articles.
            eprintln!("{}: no such file or directory", root.display());
            summary.failed += 1;
        }
    }
    // In manifest order, and a path inside another given path is walked once, with it.
    roots.sort_by(|(a, _), (b, _)| path_order(a, b));
    roots.dedup_by(|(inner, _), (outer, _)| is_within(inner, outer));

    let budget = Budget::new((args.memory * 1024 * 1024) as usize, threads);
    analysis::remember_at_most(budget.remembered_words);
    let progress = progress_bar(&roots);
    let mut indexer = Indexer {
        news_index: &news_index,
        threads,
        budget,
        writer: None,
        ingestor: Ingestor::new(&registry, args.max_file_size * 1024 * 1024),
        pool,
        progress,
        old,
        new: ManifestWriter::create(index_dir, settings)?,
        manifest_changed: stale,
        stale,
        trust_manifest,
        roots: roots.iter().map(|(_, path)| path.clone()).collect(),
        pending: Vec::new(),
        to_read: 0,
        to_read_bytes: 0,
        last_key: None,
        filled: FieldSet::default(),
        summary,
    };
    if rebuilding {
        indexer.writer()?.delete_all_documents()?;
        indexer.manifest_changed = true;
    }
    for (number, (key, path)) in roots.iter().enumerate() {
        indexer.copy_before(key)?;
        let errors = walk(number, path, |walked| indexer.add_walked(walked))?;
        indexer.summary.failed += errors;
        indexer.flush()?;
        indexer.remove_rest_within(key)?;
    }
    indexer.copy_before("")?;
    indexer.finish(index_dir, started)
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
    writer: Option<IndexWriter<ArticleDocument>>,
    /// Reads article files.
    ingestor: Ingestor<'a>,
    /// Threads reading files.
    pool: rayon::ThreadPool,
    /// Progress on a terminal.
    progress: ProgressBar,
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
    /// Fields the added documents filled, recorded at commit.
    filled: FieldSet,
    /// Counters for the summary.
    summary: Summary,
}

impl Indexer<'_> {
    /// The writer, opened on first use.
    fn writer(&mut self) -> Result<&IndexWriter<ArticleDocument>> {
        if self.writer.is_none() {
            self.writer = Some(self.news_index.writer(self.threads, &self.budget)?);
        }
        Ok(self.writer.as_ref().expect("opened above"))
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
        let term = Term::from_field_text(self.news_index.fields.file, key);
        self.writer()?.delete_term(term);
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

    /// Takes a walked file: matches it with the old manifest and queues it.
    fn add_walked(&mut self, mut job: Job) -> Result<()> {
        let in_order = self
            .last_key
            .as_deref()
            .is_none_or(|last| path_order(last, &job.key) == Ordering::Less);
        if in_order {
            // Old entries before this file (and after the previous one) are files now gone.
            while self
                .old
                .next_is(|path| path_order(path, &job.key) == Ordering::Less)
            {
                let (path, _) = self.old.take().expect("peeked");
                self.remove(&path)?;
            }
            if self.old.next_is(|path| path == job.key) {
                job.previous = self.old.take().map(|(_, entry)| entry);
            }
        } else {
            // Two names that read the same (invalid UTF-8): the old entry went to the first;
            // this one replaces whatever the index holds under the name.
            self.trust_manifest = false;
        }
        job.read = self.stale
            || job
                .previous
                .is_none_or(|entry| entry.size != job.size || entry.mtime_ns != job.mtime_ns);
        self.last_key = Some(job.key.clone());
        if job.read {
            self.to_read += 1;
            self.to_read_bytes += job.size;
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
                    job.read.then(|| {
                        let known = job.previous.filter(|_| !stale).map(|entry| entry.hash);
                        ingestor.read_if_changed(&roots[job.root], &job.path, known)
                    })
                })
                .collect()
        });
        for (job, read) in pending.iter().zip(reads.drain(..)) {
            self.progress.inc(1);
            match read {
                None => {
                    self.summary.unchanged += 1;
                    let entry = job.previous.expect("unread files were in the manifest");
                    self.new.write(&job.key, &entry)?;
                }
                Some(read) => self.index_read(job, read)?,
            }
        }
        Ok(())
    }

    /// Indexes what was read from `job` and records it in the new manifest.
    fn index_read(&mut self, job: &Job, read: FileRead) -> Result<()> {
        self.manifest_changed = true;
        let previous = job.previous;
        let (report, hash) = match read {
            FileRead::Unchanged { hash } => {
                // Touched, not changed: remember the new time, keep the articles.
                self.summary.unchanged += 1;
                let articles = previous.map_or(0, |entry| entry.articles);
                return self.new.write(&job.key, &entry(job, hash, articles));
            }
            FileRead::Read { report, hash } => (report, hash),
        };
        let mut report = report;
        if report.has_messages() {
            self.progress.suspend(|| eprint!("{report}"));
        }
        self.summary.failed += report.problems.len();
        let Some(hash) = hash.filter(|_| !report.articles.is_empty() || report.skipped.is_some())
        else {
            // Unreadable or wholly broken: keep what the index had, try again next run.
            if let Some(previous) = previous {
                self.new.write(&job.key, &previous)?;
            }
            return Ok(());
        };
        let had_articles = previous.is_some_and(|entry| entry.articles > 0);
        // A file the index may hold articles of: replace them. Deleting costs work at every
        // commit, so new files skip it (unless there is no manifest to trust).
        if had_articles || (previous.is_none() && !self.trust_manifest) {
            let term = Term::from_field_text(self.news_index.fields.file, &job.key);
            self.writer()?.delete_term(term);
        }
        let added = report.articles.len();
        if added > 0 {
            let index = self.news_index;
            let with_parts = index.variant == Variant::Full;
            let mut filled = self.filled;
            let writer = self.writer()?;
            for article in report.articles.drain(..) {
                let document = index.fields.to_document(article, &job.key, with_parts);
                filled.insert_fields_of(&document);
                writer
                    .add_document(document)
                    .with_context(|| format!("{}: cannot add to index", report.path))?;
            }
            self.filled = filled;
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
        self.new.write(&job.key, &entry(job, hash, articles))
    }

    /// Commits, puts the new manifest in place and prints the summary.
    fn finish(self, index_dir: &Path, started: Instant) -> Result<Outcome> {
        if let Some(mut writer) = self.writer {
            self.progress.set_message("committing");
            store::commit(&mut writer, self.news_index, self.filled)?;
            writer
                .wait_merging_threads()
                .context("cannot finish merging index segments")?;
        }
        if self.manifest_changed {
            self.new.finish()?;
        } else {
            self.new.discard();
        }
        self.progress.finish_and_clear();
        let summary = self.summary;
        print_summary(&summary, index_dir, started.elapsed())?;
        Ok(if summary.failed == 0 {
            Outcome::Success
        } else {
            Outcome::Partial
        })
    }
}

/// File in the index directory that an indexing run holds locked.
const LOCK_FILE: &str = "newsidx-index.lock";

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

/// On Ctrl-C, stops the run at once without committing: the index stays as the last run
/// left it, and the next run reads again what this one had not committed.
fn on_interrupt(index_dir: &Path) {
    let shown = index_dir.display().to_string();
    // Without a handler (one is already set) Ctrl-C still ends the run the same way.
    let _ = ctrlc::set_handler(move || {
        eprintln!(
            "\ninterrupted: nothing from this run was committed; {shown} is as the last completed run left it"
        );
        std::process::exit(130);
    });
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

/// The manifest entry for `job` with content `hash` and `articles` articles.
fn entry(job: &Job, hash: u128, articles: u32) -> Entry {
    Entry {
        size: job.size,
        mtime_ns: job.mtime_ns,
        hash,
        articles,
    }
}

/// True when `key` is the file `root` or lies below the directory `root`.
fn is_within(key: &str, root: &str) -> bool {
    key == root
        || key.strip_prefix(root).is_some_and(|rest| {
            rest.starts_with(std::path::MAIN_SEPARATOR) || root.ends_with(std::path::MAIN_SEPARATOR)
        })
}

/// Walks `root` (number `number` of the walked roots) in manifest order and hands each
/// article file to `found`; paths that cannot be walked (unreadable, symlink loops) are
/// reported on stderr and counted by `found`'s owner through the returned count.
fn walk(number: usize, root: &Path, mut found: impl FnMut(Job) -> Result<()>) -> Result<usize> {
    let mut errors = 0;
    for entry in walker(root) {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if Format::from_path(entry.path()).is_none() {
                    continue;
                }
                let metadata = match entry.metadata() {
                    Ok(metadata) => metadata,
                    Err(error) => {
                        eprintln!("{}", walk_error(&error));
                        errors += 1;
                        continue;
                    }
                };
                let mtime_ns = modified_ns(&metadata).unwrap_or(0);
                let path = entry.into_path();
                found(Job {
                    root: number,
                    key: absolute(&path),
                    path,
                    size: metadata.len(),
                    mtime_ns,
                    previous: None,
                    read: true,
                })?;
            }
            Ok(_) => {}
            Err(error) => {
                eprintln!("{}", walk_error(&error));
                errors += 1;
            }
        }
    }
    Ok(errors)
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

/// `path: cannot read directory: cause` for a walk error.
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
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .to_string_lossy()
        .into_owned()
}

/// A progress bar on stderr when it is a terminal; hidden otherwise. Its length comes from a
/// quick walk that only lists names (no `stat`), done only when the bar is shown.
fn progress_bar(roots: &[(String, PathBuf)]) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let files = roots
        .iter()
        .flat_map(|(_, root)| walker(root))
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && Format::from_path(entry.path()).is_some())
        .count() as u64;
    let bar = ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} files (eta {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Prints the closing summary on stdout.
fn print_summary(summary: &Summary, index_dir: &Path, elapsed: Duration) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "indexed {} articles from {} files ({} added, {} updated, {} removed, {} unchanged) into {} in {:.2} s; skipped {} files; {} failed",
        summary.articles,
        summary.added + summary.updated,
        summary.added,
        summary.updated,
        summary.removed,
        summary.unchanged,
        index_dir.display(),
        elapsed.as_secs_f64(),
        summary.skipped,
        summary.failed
    )?;
    out.flush()?;
    Ok(())
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
