//! One module per subcommand: each resolves its arguments into a configuration, does the work
//! through the library, and says how the run ended.

pub mod agencies;
pub mod eval;
pub mod index;
pub mod search;
pub mod serve;
pub mod stats;

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};

use crate::agency::Registry;
use crate::cli::{AgencyList, Cli, ColorChoice, Command};
use crate::output::Style;

/// Name of the agency list kept in an index directory.
pub const INDEX_AGENCY_LIST: &str = "agencies.toml";

/// The source registry: the built-in list, the index directory's `agencies.toml` if there is
/// one, and the file given with `--agency-list`.
pub fn load_registry(index_dir: &Path, list: &AgencyList) -> Result<Registry> {
    let kept = index_dir.join(INDEX_AGENCY_LIST);
    let mut paths: Vec<&Path> = Vec::new();
    if kept.is_file() {
        paths.push(&kept);
    }
    if let Some(given) = &list.agency_list {
        if !given.is_file() {
            bail!("{}: agency list not found", given.display());
        }
        paths.push(given);
    }
    Registry::load(&paths)
}

/// How a run ended; the process exit code, grep-style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// Search: hits found. Index: every file indexed or skipped with a reason.
    Success,
    /// Search: no hits. Index: done and committed, but some files or entries failed.
    Partial,
    /// Nothing useful was done (printed by `main`).
    Error,
}

impl Outcome {
    /// The process exit code: 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Partial => 1,
            Outcome::Error => 2,
        }
    }
}

/// Runs the subcommand `cli` names.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Agencies(args) => agencies::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Serve(args) => serve::run(&args),
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
    fn exit_codes_follow_grep() {
        assert_eq!(Outcome::Success.code(), 0);
        assert_eq!(Outcome::Partial.code(), 1);
        assert_eq!(Outcome::Error.code(), 2);
    }

    #[test]
    fn explicit_colour_choices_win() {
        assert_eq!(output_style(ColorChoice::Always), Style::Color);
        assert_eq!(output_style(ColorChoice::Never), Style::Plain);
    }
}
