//! Messages for the user on standard error: warnings and per-file errors, one line each.
//!
//! Lines go out through the progress bar when one is drawn, so that a message never tears it
//! (the bar is taken away, the line printed, the bar drawn again), and every error is counted,
//! so that the command can end with the right exit code however many were printed.

use std::io::Write;

use indicatif::ProgressBar;

use crate::output::sanitize;

/// Prints messages without tearing the progress bar and remembers whether any was an error.
pub struct Messages {
    /// The bar drawn on standard error (a hidden one off a terminal).
    progress: ProgressBar,
    /// Errors printed so far.
    errors: usize,
}

impl Messages {
    /// Messages printed around `progress`.
    pub fn new(progress: ProgressBar) -> Messages {
        Messages {
            progress,
            errors: 0,
        }
    }

    /// Draws `progress` from now on, the messages around it.
    pub fn show_progress(&mut self, progress: ProgressBar) {
        self.progress = progress;
    }

    /// The progress bar the messages are printed around.
    pub fn progress(&self) -> &ProgressBar {
        &self.progress
    }

    /// Prints `line` as a warning or note: something worth telling that is no failure.
    pub fn warn(&mut self, line: &str) {
        self.print(line);
    }

    /// Prints `line` as an error and counts it.
    pub fn error(&mut self, line: &str) {
        self.errors += 1;
        self.print(line);
    }

    /// True when any error was printed.
    pub fn errored(&self) -> bool {
        self.errors > 0
    }

    /// Writes `line` to standard error with the bar out of the way, sanitised: messages name
    /// files, and a file name must not move the cursor or retitle the terminal.
    fn print(&self, line: &str) {
        let line = sanitize(line);
        self.progress.suspend(|| {
            // Standard error gone: there is nobody left to tell.
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        });
    }
}
