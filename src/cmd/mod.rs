//! One module per subcommand: each resolves its arguments into a configuration, does the work
//! through the library, prints the result, and says how the run ended. Only argument
//! conversion, terminal concerns and printing live here; nothing outside `cmd/` and `main.rs`
//! imports from it.

pub mod agencies;
pub mod eval;
pub mod index;
pub mod messages;
pub mod search;
pub mod serve;
pub mod stats;
pub mod trend;

use std::io::IsTerminal;

use anyhow::Result;

use crate::cli::{Cli, ColorChoice, Command};
use crate::outcome::Outcome;
use crate::output::Style;
use crate::search::filters::{FilterNames, Filters};

/// Runs the subcommand `cli` names.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Agencies(args) => agencies::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Trend(args) => trend::run(&args),
        Command::Serve(args) => serve::run(&args),
    }
}

/// Checks the filter flags of `args` (dates that are dates, language codes, a `--since` not
/// after `--until`), before any index is opened.
pub fn resolve_filters(args: &crate::cli::FilterArgs) -> Result<Filters> {
    Filters::check(
        &args.agency,
        &args.lang,
        args.since.as_deref(),
        args.until.as_deref(),
        &FilterNames::FLAGS,
    )
}

/// Standard output, locked, whose errors say that writing to it failed (`newsidx search >
/// /dev/full` said only "No space left on device").
pub fn stdout() -> Stdout {
    Stdout(std::io::stdout().lock())
}

/// Standard output with its errors labelled; see [`stdout`].
pub struct Stdout(std::io::StdoutLock<'static>);

impl Stdout {
    /// `error` with what failed in front, of the same kind (a closed pipe stays one).
    fn label(error: std::io::Error) -> std::io::Error {
        std::io::Error::new(
            error.kind(),
            format!("cannot write to standard output: {error}"),
        )
    }
}

impl std::io::Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes).map_err(Stdout::label)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().map_err(Stdout::label)
    }
}

/// Decides once whether stdout gets colour: `always`, `never`, or (auto) a terminal without
/// `NO_COLOR` set and with a `TERM` other than `dumb`.
pub fn output_style(choice: ColorChoice) -> Style {
    let colour = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::env::var("TERM").map_or(true, |term| term != "dumb")
        }
    };
    if colour { Style::Color } else { Style::Plain }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_colour_choices_win() {
        assert_eq!(output_style(ColorChoice::Always), Style::Color);
        assert_eq!(output_style(ColorChoice::Never), Style::Plain);
    }
}
