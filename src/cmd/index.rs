//! `newsidx index`: walk the given paths, parse files in parallel, write one commit.
//!
//! Paths are walked in sorted order (walkdir), hidden entries skipped. Files are parsed in
//! chunks on rayon's pool; each chunk's reports are then handled in path order, so messages
//! and document order are deterministic while tantivy's indexing threads work in the
//! background. A file's earlier articles are deleted before its new ones are added, so running
//! the command again does not duplicate anything. One commit at the end: an interrupted run
//! leaves the previous commit as it was.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tantivy::Term;
use walkdir::WalkDir;

use crate::analysis::Variant;
use crate::cli::IndexArgs;
use crate::cmd::{Outcome, load_registry};
use crate::ingest::{FileReport, Format, Ingestor};
use crate::store::{self, NewsIndex};

/// Files parsed per batch: large enough to keep both pools busy, small enough to bound memory.
const CHUNK_FILES: usize = 256;

/// A file to index and the root it was found under.
struct Job {
    /// The path given on the command line that led to this file.
    root: PathBuf,
    /// The file.
    path: PathBuf,
}

/// Counters for the closing summary.
#[derive(Default)]
struct Summary {
    /// Files that gave at least one article.
    files: usize,
    /// Articles added.
    articles: usize,
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
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let mut writer = news_index.writer(threads, (args.memory * 1024 * 1024) as usize)?;

    let mut summary = Summary::default();
    let (jobs, walk_errors) = walk(&args.paths);
    for error in &walk_errors {
        eprintln!("{error}");
    }
    summary.failed += walk_errors.len();

    let progress = progress_bar(jobs.len() as u64);
    let registry = load_registry(index_dir, &args.agency_list)?;
    let ingestor = Ingestor::new(&registry, args.max_file_size * 1024 * 1024);
    let fields = news_index.fields;
    for chunk in jobs.chunks(CHUNK_FILES) {
        let reports: Vec<(FileReport, String)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|job| (ingestor.read(&job.root, &job.path), absolute(&job.path)))
                .collect()
        });
        for (report, file) in reports {
            progress.inc(1);
            if report.skipped.is_some() || !report.problems.is_empty() {
                progress.suspend(|| eprint!("{report}"));
            }
            if report.skipped.is_some() {
                summary.skipped += 1;
            }
            summary.failed += report.problems.len();
            // Replace whatever an earlier run indexed from this file.
            writer.delete_term(Term::from_field_text(fields.file, &file));
            if !report.articles.is_empty() {
                summary.files += 1;
            }
            for article in &report.articles {
                writer
                    .add_document(fields.to_document(article, &file, with_parts))
                    .with_context(|| format!("{}: cannot add to index", report.path))?;
                summary.articles += 1;
            }
        }
    }
    progress.set_message("committing");
    store::commit(&mut writer, news_index.variant)?;
    writer
        .wait_merging_threads()
        .context("cannot finish merging index segments")?;
    progress.finish_and_clear();

    print_summary(&summary, index_dir, started.elapsed())?;
    Ok(if summary.failed == 0 {
        Outcome::Success
    } else {
        Outcome::Partial
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
                    if Format::from_path(entry.path()).is_some() {
                        jobs.push(Job {
                            root: root.clone(),
                            path: entry.into_path(),
                        });
                    }
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

/// The absolute form of `path`, used to find a file's articles again on the next run.
fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
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
        "indexed {} articles from {} files into {} in {:.2} s; skipped {} files; {} failed",
        summary.articles,
        summary.files,
        index_dir.display(),
        elapsed.as_secs_f64(),
        summary.skipped,
        summary.failed
    )?;
    out.flush()?;
    Ok(())
}
