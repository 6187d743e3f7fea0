//! `newsidx index`: resolve the flags into an [`indexer::Config`], run the indexing engine with
//! a progress bar and messages on standard error, print the summary.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::IndexArgs;
use crate::cmd::messages::Messages;
use crate::indexer::{self, Config, Level, Reporter, Summary};
use crate::outcome::Outcome;

/// Indexes the paths in `args`.
pub fn run(args: &IndexArgs) -> Result<Outcome> {
    let started = Instant::now();
    let index_dir = &args.location.index;
    let config = Config {
        paths: args.paths.clone(),
        index_dir: index_dir.clone(),
        agency_list: args.agency_list.agency_list.clone(),
        rebuild: args.rebuild,
        analysis: args.analysis,
        // `-j 0`, like no `-j`, means every core.
        threads: args
            .threads
            .filter(|&threads| threads > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        memory_bytes: (args.memory * 1024 * 1024) as usize,
        max_file_bytes: args.max_file_size * 1024 * 1024,
    };
    on_interrupt(index_dir);
    let mut terminal = Terminal {
        messages: Messages::new(ProgressBar::hidden()),
    };
    let summary = indexer::run(&config, &mut terminal)?;
    terminal.messages.progress().finish_and_clear();
    print_summary(&summary, index_dir, started.elapsed())?;
    if PHASE.load(Ordering::SeqCst) == INTERRUPTED_WHILE_COMMITTING {
        eprintln!(
            "interrupted while committing: the commit was finished first; {} holds everything this run read",
            index_dir.display()
        );
        std::process::exit(130);
    }
    Ok(if !terminal.messages.errored() {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

/// What a run shows on a terminal: a progress bar on standard error (when it is a terminal)
/// and the messages around it.
struct Terminal {
    /// Messages, printed around the progress bar.
    messages: Messages,
}

impl Reporter for Terminal {
    fn walking(&mut self, roots: &[PathBuf]) {
        self.messages.show_progress(progress_bar(roots));
    }

    fn file_done(&mut self) {
        self.messages.progress().inc(1);
    }

    fn message(&mut self, level: Level, text: &str) {
        match level {
            Level::Note | Level::Warning => self.messages.warn(text),
            Level::Error => self.messages.error(text),
        }
    }

    fn committing(&mut self) {
        if PHASE
            .compare_exchange(READING, COMMITTING, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            // Ctrl-C came first and the process is ending: commit nothing.
            loop {
                std::thread::park();
            }
        }
        self.messages.progress().set_message("committing");
    }
}

/// Where the run is, for the Ctrl-C handler: reading files (nothing committed yet).
const READING: u8 = 0;
/// Committing: Ctrl-C waits for the commit to finish.
const COMMITTING: u8 = 1;
/// Ctrl-C came while committing: the run ends after the commit.
const INTERRUPTED_WHILE_COMMITTING: u8 = 2;
/// Ctrl-C came while reading: the process is ending without a commit.
const STOPPING: u8 = 3;

/// The run's phase, shared with the Ctrl-C handler.
static PHASE: AtomicU8 = AtomicU8::new(READING);

/// On Ctrl-C while files are read, stops the run at once without committing: the index stays
/// as the last run left it, and the next run reads again what this one had not committed.
/// Once the commit has begun it is finished first (a second or two), so that what is printed
/// is true; the run then ends with the same exit code.
fn on_interrupt(index_dir: &Path) {
    let shown = index_dir.display().to_string();
    // Without a handler (one is already set) Ctrl-C still ends the run the same way.
    let _ = ctrlc::set_handler(move || {
        match PHASE.compare_exchange(READING, STOPPING, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => {
                eprintln!(
                    "\ninterrupted: nothing from this run was committed; {shown} is as the last completed run left it"
                );
                std::process::exit(130);
            }
            Err(_) => {
                let _ = PHASE.compare_exchange(
                    COMMITTING,
                    INTERRUPTED_WHILE_COMMITTING,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                );
            }
        }
    });
}

/// A progress bar on stderr when it is a terminal; hidden otherwise. Its length comes from a
/// quick walk that only lists names, done only when the bar is shown.
fn progress_bar(roots: &[PathBuf]) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let files = indexer::walk::count_files(roots);
    let bar = ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} files (eta {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// `count` and `noun`, plural unless the count is one (`1 file`, `0 files`).
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Prints the closing summary on stdout.
fn print_summary(summary: &Summary, index_dir: &Path, elapsed: Duration) -> Result<()> {
    let mut out = super::stdout();
    writeln!(
        out,
        "indexed {} from {} ({} added, {} updated, {} removed, {} unchanged) into {} in {:.2} s; skipped {}; {} failed",
        counted(summary.articles, "article"),
        counted(summary.added + summary.updated, "file"),
        summary.added,
        summary.updated,
        summary.removed,
        summary.unchanged,
        index_dir.display(),
        elapsed.as_secs_f64(),
        counted(summary.skipped, "file"),
        summary.failed
    )?;
    out.flush()?;
    Ok(())
}
