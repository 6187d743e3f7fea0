//! `newsidx agencies`: every cited agency or outlet with its article count, or (`--known`)
//! every agency and outlet newsidx knows.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::agency::{Kind, Registry, Source};
use crate::cli::AgenciesArgs;
use crate::counts::{ValueCount, count_values};
use crate::outcome::Outcome;
use crate::output::{sanitize, write_json};
use crate::schema;
use crate::store::NewsIndex;

/// The `--json` document of cited agencies.
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

/// The `--known --json` document.
#[derive(Serialize)]
struct JsonKnown<'a> {
    /// Every known source.
    sources: &'a [Source],
}

/// Lists the agencies cited in the index, most cited first, or every known one.
pub fn run(args: &AgenciesArgs) -> Result<Outcome> {
    if args.known {
        let registry = Registry::for_index(
            &args.location.index,
            args.agency_list.agency_list.as_deref(),
        )?;
        return list_known(&registry, args.json);
    }
    let index = NewsIndex::open(&args.location.index)?;
    let searcher = index.reader()?.searcher();
    let counts = count_values(&searcher, schema::fast::AGENCY)?;
    let mut out = super::stdout();
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

/// Prints every known source: name, kind, country, aliases.
fn list_known(registry: &Registry, json: bool) -> Result<Outcome> {
    let mut out = super::stdout();
    let sources = registry.sources();
    if json {
        write_json(&mut out, &JsonKnown { sources })?;
    } else {
        let width = sources
            .iter()
            .map(|source| source.name.chars().count())
            .max()
            .unwrap_or(0)
            .max("name".len());
        writeln!(
            out,
            "{:width$}  {:6}  {:7}  aliases",
            "name", "kind", "country"
        )?;
        for source in sources {
            let kind = match source.kind {
                Kind::Agency => "agency",
                Kind::Outlet => "outlet",
            };
            let country = if source.country.is_empty() {
                "--"
            } else {
                &source.country
            };
            let name = sanitize(&source.name);
            let padding = width.saturating_sub(source.name.chars().count());
            writeln!(
                out,
                "{name}{:padding$}  {kind:6}  {country:7}  {}",
                "",
                sanitize(&source.aliases.join(", "))
            )?;
        }
        let agencies = sources.iter().filter(|s| s.kind == Kind::Agency).count();
        writeln!(
            out,
            "{} sources known: {agencies} agencies, {} outlets",
            sources.len(),
            sources.len() - agencies
        )?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
