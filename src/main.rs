//! The `newsidx` binary: parse arguments, run, print the error once, exit grep-style.

use std::process::ExitCode;

use clap::Parser;
use newsidx::cli::Cli;
use newsidx::cmd::{self, Outcome};

/// Runs the command line and maps the outcome to an exit code (0, 1, 2).
fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("newsidx: {error:#}");
            ExitCode::from(Outcome::Error.code())
        }
    }
}

/// True when the error is a closed stdout (`newsidx search … | head`): not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
