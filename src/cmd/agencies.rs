//! `newsidx agencies`: every cited agency or outlet with its article count.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::cli::AgenciesArgs;
use crate::cmd::Outcome;
use crate::counts::{ValueCount, count_values};
use crate::output::{sanitize, write_json};
use crate::store::NewsIndex;

/// The `--json` document.
#[derive(Serialize)]
struct JsonAgencies<'a> {
    /// Articles in the index.
    articles: u64,
    /// Agencies, most cited first.
    agencies: Vec<JsonAgency<'a>>,
}

/// One agency in `--json` output.
#[derive(Serialize)]
struct JsonAgency<'a> {
    /// Canonical name.
    name: &'a str,
    /// Articles citing it.
    count: u64,
}

/// Lists the agencies cited in the index, most cited first.
pub fn run(args: &AgenciesArgs) -> Result<Outcome> {
    let index = NewsIndex::open(&args.location.index)?;
    let searcher = index.reader()?.searcher();
    let counts = count_values(&searcher, "agency")?;
    let mut out = std::io::stdout().lock();
    if args.json {
        write_json(
            &mut out,
            &JsonAgencies {
                articles: searcher.num_docs(),
                agencies: counts
                    .iter()
                    .map(|ValueCount { value, count }| JsonAgency {
                        name: value,
                        count: *count,
                    })
                    .collect(),
            },
        )?;
    } else {
        let width = counts
            .first()
            .map_or(1, |first| first.count.to_string().len());
        for ValueCount { value, count } in &counts {
            writeln!(out, "{count:>width$}  {}", sanitize(value))?;
        }
        writeln!(
            out,
            "{} agencies cited in {} articles",
            counts.len(),
            searcher.num_docs()
        )?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
