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

/// The filters users typed, checked: language codes, dates that are dates, a `--since` not
/// after `--until`. Source names stay as typed (the library resolves them against the index).
pub struct Filters {
    /// Source names as typed.
    pub agencies: Vec<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// First instant of the `--since` period.
    pub since: Option<jiff::Timestamp>,
    /// First instant after the `--until` period.
    pub before: Option<jiff::Timestamp>,
}

/// Checks `args` into [`Filters`], before any index is opened.
pub fn resolve_filters(args: &crate::cli::FilterArgs) -> Result<Filters> {
    use anyhow::{Context, anyhow, bail};
    let period = |flag: &str, text: &Option<String>| {
        text.as_deref()
            .map(|text| crate::search::parse_period(text).with_context(|| flag.to_owned()))
            .transpose()
    };
    let since = period("--since", &args.since)?;
    let until = period("--until", &args.until)?;
    if let (Some((start, _)), Some((_, end))) = (since, until)
        && start >= end
    {
        bail!(
            "--since {} is after --until {}",
            args.since.as_deref().unwrap_or_default(),
            args.until.as_deref().unwrap_or_default()
        );
    }
    let languages = args
        .lang
        .iter()
        .map(|code| {
            crate::ingest::language::code_for_filter(code).ok_or_else(|| {
                anyhow!(
                    "--lang: `{}` is not a language code: use an ISO 639-1 code such as de, en or fr",
                    code.trim()
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Filters {
        agencies: args.agency.clone(),
        languages,
        since: since.map(|(start, _)| start),
        before: until.map(|(_, end)| end),
    })
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
