//! The `newsidx` binary: parse arguments, run, print the error once, exit grep-style.

use std::process::ExitCode;

use clap::Parser;
use newsidx::cli::Cli;
use newsidx::cmd;
use newsidx::outcome::Outcome;

/// Runs the command line and maps the outcome to an exit code (0, 1, 2).
fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version go to stdout as clap writes them.
        Err(error) if !error.use_stderr() => {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        // No subcommand: the help, as clap lays it out, on stderr.
        Err(error)
            if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            eprint!("{}", error.render());
            return ExitCode::from(Outcome::Error.code());
        }
        Err(error) => {
            eprintln!("newsidx: {}", one_line(&error.render().to_string()));
            return ExitCode::from(Outcome::Error.code());
        }
    };
    match cmd::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("newsidx: {error:#}");
            ExitCode::from(Outcome::Error.code())
        }
    }
}

/// A clap usage error as newsidx prints errors: its message and tips on one line, then clap's
/// usage line, so the user sees how the command is called.
fn one_line(rendered: &str) -> String {
    let mut usage = None;
    let message = rendered
        .lines()
        .map(str::trim)
        .filter(|line| {
            if line.starts_with("Usage:") {
                usage = Some(format!("{line} (see --help)"));
            }
            !line.is_empty()
                && !line.starts_with("Usage:")
                && !line.starts_with("For more information")
        })
        .map(|line| match line.strip_prefix("tip: ") {
            Some(tip) => format!("({tip})"),
            None => line.strip_prefix("error: ").unwrap_or(line).to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    match usage {
        Some(usage) => format!("{message}\n{usage}"),
        None => message,
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
