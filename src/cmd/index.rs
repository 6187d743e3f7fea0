//! `newsidx index`: walk the given paths, read what changed in parallel, write one commit.
//!
//! Paths are walked in sorted order (walkdir), hidden entries skipped. A file whose size and
//! modification time match the [`Manifest`] of the last run costs one `stat`; one that differs
//! is read and hashed, and parsed only when its content changed. Its earlier articles are
//! replaced, and the articles of files that disappeared from the walked paths are removed.
//! Files are read in chunks on rayon's pool; each chunk's reports are then handled in path
//! order, so messages and document order are deterministic while tantivy's indexing threads
//! work in the background. One commit at the end, then the manifest: an interrupted run
//! leaves the previous commit as it was.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::{IndexWriter, TantivyDocument, Term};
use walkdir::WalkDir;

use crate::agency::Registry;
use crate::analysis::Variant;
use crate::cli::IndexArgs;
use crate::cmd::{Outcome, load_registry};
use crate::ingest::{FileRead, Format, Ingestor};
use crate::manifest::{Entry, Manifest};
use crate::store::{self, NewsIndex};

/// Files read per batch: large enough to keep both pools busy, small enough to bound memory.
const CHUNK_FILES: usize = 256;

/// A file found by the walk.
struct Job {
    /// The path given on the command line that led to this file.
    root: PathBuf,
    /// The file, as walked.
    path: PathBuf,
    /// Its absolute path: the key in the manifest and the index's `file` field.
    key: String,
    /// Size in bytes.
    size: u64,
    /// Modification time in nanoseconds since the epoch.
    mtime_ns: i128,
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
    if args.rebuild {
        NewsIndex::remove(index_dir)?;
    }
    let news_index = NewsIndex::open_or_create(index_dir, args.analysis)?;
    let with_parts = news_index.variant == Variant::Full;
    let mut manifest = Manifest::load(index_dir);
    // Without a manifest, an index that has articles may hold any file's: delete before adding.
    let trust_manifest =
        !manifest.files.is_empty() || news_index.reader()?.searcher().num_docs() == 0;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let memory = (args.memory * 1024 * 1024) as usize;
    // The writer (and its lock and threads) is only opened once something changes.
    let mut writer: Option<IndexWriter<TantivyDocument>> = None;
    let open_writer = |writer: &mut Option<IndexWriter<TantivyDocument>>| -> Result<()> {
        if writer.is_none() {
            *writer = Some(news_index.writer(threads, memory)?);
        }
        Ok(())
    };

    let mut summary = Summary::default();
    let (jobs, walk_errors) = walk(&args.paths);
    for error in &walk_errors {
        eprintln!("{error}");
    }
    summary.failed += walk_errors.len();

    let fields = news_index.fields;
    let seen: HashSet<&str> = jobs.iter().map(|job| job.key.as_str()).collect();
    let roots: Vec<String> = args.paths.iter().map(|root| absolute(root)).collect();
    let gone: Vec<String> = manifest
        .files
        .keys()
        .filter(|key| !seen.contains(key.as_str()) && roots.iter().any(|root| is_within(key, root)))
        .cloned()
        .collect();
    for key in gone {
        open_writer(&mut writer)?;
        if let Some(writer) = &writer {
            writer.delete_term(Term::from_field_text(fields.file, &key));
        }
        manifest.files.remove(&key);
        summary.removed += 1;
    }

    let registry = load_registry(index_dir, &args.agency_list)?;
    // Files read with other settings (another newsidx, agency list or analysis) are stale.
    let settings = settings_fingerprint(&news_index, &registry);
    let stale = manifest.settings != settings;
    manifest.settings = settings;
    let (todo, unchanged): (Vec<&Job>, Vec<&Job>) = jobs.iter().partition(|job| {
        stale
            || manifest
                .files
                .get(&job.key)
                .is_none_or(|entry| entry.size != job.size || entry.mtime_ns != job.mtime_ns)
    });
    summary.unchanged += unchanged.len();

    let progress = progress_bar(todo.len() as u64);
    let ingestor = Ingestor::new(&registry, args.max_file_size * 1024 * 1024);
    let mut manifest_changed = summary.removed > 0 || stale;
    for chunk in todo.chunks(CHUNK_FILES) {
        let reads: Vec<FileRead> = pool.install(|| {
            chunk
                .par_iter()
                .map(|job| {
                    let known = manifest
                        .files
                        .get(&job.key)
                        .filter(|_| !stale)
                        .map(|entry| entry.hash);
                    ingestor.read_if_changed(&job.root, &job.path, known)
                })
                .collect()
        });
        for (job, read) in chunk.iter().zip(reads) {
            progress.inc(1);
            let previous = manifest.files.get(&job.key).copied();
            let (report, hash) = match read {
                FileRead::Unchanged { hash } => {
                    // Touched, not changed: remember the new time, keep the articles.
                    let articles = previous.map_or(0, |entry| entry.articles);
                    manifest
                        .files
                        .insert(job.key.clone(), entry(job, hash, articles));
                    manifest_changed = true;
                    summary.unchanged += 1;
                    continue;
                }
                FileRead::Read { report, hash } => (report, hash),
            };
            if report.skipped.is_some() || !report.problems.is_empty() {
                progress.suspend(|| eprint!("{report}"));
            }
            summary.failed += report.problems.len();
            let Some(hash) =
                hash.filter(|_| !report.articles.is_empty() || report.skipped.is_some())
            else {
                // Unreadable or wholly broken: keep what the index had, try again next run.
                continue;
            };
            let had_articles = previous.is_some_and(|entry| entry.articles > 0);
            if !report.articles.is_empty() || had_articles {
                open_writer(&mut writer)?;
            }
            if let Some(writer) = &writer {
                // A file the index may hold articles of: replace them. Deleting costs work at
                // every commit, so new files skip it (unless there is no manifest to trust).
                if previous.is_some() || !trust_manifest {
                    writer.delete_term(Term::from_field_text(fields.file, &job.key));
                }
                for article in &report.articles {
                    writer
                        .add_document(fields.to_document(article, &job.key, with_parts))
                        .with_context(|| format!("{}: cannot add to index", report.path))?;
                }
            }
            summary.articles += report.articles.len();
            if report.skipped.is_some() {
                summary.skipped += 1;
            } else if previous.is_some() {
                summary.updated += 1;
            } else {
                summary.added += 1;
            }
            let articles = u32::try_from(report.articles.len()).unwrap_or(u32::MAX);
            manifest
                .files
                .insert(job.key.clone(), entry(job, hash, articles));
            manifest_changed = true;
        }
    }
    if let Some(mut writer) = writer {
        progress.set_message("committing");
        store::commit(&mut writer, news_index.variant)?;
        writer
            .wait_merging_threads()
            .context("cannot finish merging index segments")?;
    }
    if manifest_changed {
        manifest.save(index_dir)?;
    }
    progress.finish_and_clear();

    print_summary(&summary, index_dir, started.elapsed())?;
    Ok(if summary.failed == 0 {
        Outcome::Success
    } else {
        Outcome::Partial
    })
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

/// Walks `paths` in sorted order and returns the article files found, and messages for paths
/// that could not be walked (missing, unreadable, symlink loops).
fn walk(paths: &[PathBuf]) -> (Vec<Job>, Vec<String>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if !root.exists() {
            errors.push(format!("{}: no such file or directory", root.display()));
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    if Format::from_path(entry.path()).is_none() {
                        continue;
                    }
                    let metadata = match entry.metadata() {
                        Ok(metadata) => metadata,
                        Err(error) => {
                            errors.push(walk_error(&error));
                            continue;
                        }
                    };
                    let mtime_ns = metadata
                        .modified()
                        .ok()
                        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
                        .map_or(0, |since| since.as_nanos() as i128);
                    let path = entry.into_path();
                    jobs.push(Job {
                        root: root.clone(),
                        key: absolute(&path),
                        path,
                        size: metadata.len(),
                        mtime_ns,
                    });
                }
                Ok(_) => {}
                Err(error) => errors.push(walk_error(&error)),
            }
        }
    }
    (jobs, errors)
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

/// A progress bar on stderr when it is a terminal; hidden otherwise.
fn progress_bar(files: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
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
