//! `newsidx stats`: what the index holds.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::query::AllQuery;
use tantivy::{DateTime, Order, Searcher};

use crate::cli::StatsArgs;
use crate::counts::{ValueCount, count_values};
use crate::outcome::Outcome;
use crate::output::write_json;
use crate::schema;
use crate::store::NewsIndex;

/// The facts `stats` reports.
#[derive(Serialize)]
struct Stats {
    /// Index directory.
    index: String,
    /// Articles in the index.
    articles: u64,
    /// Bytes on disk.
    size_bytes: u64,
    /// Earliest publication date (`YYYY-MM-DD`).
    earliest: Option<String>,
    /// Latest publication date (`YYYY-MM-DD`).
    latest: Option<String>,
    /// Articles per language code.
    languages: Vec<LanguageCount>,
    /// Time of the last commit (RFC 3339).
    last_indexed: Option<String>,
    /// newsidx version that made the last commit.
    indexed_by: Option<String>,
}

/// Articles in one language.
#[derive(Serialize)]
struct LanguageCount {
    /// ISO 639-1 code.
    language: String,
    /// Articles.
    count: u64,
}

/// Prints what the index holds.
pub fn run(args: &StatsArgs) -> Result<Outcome> {
    let index = NewsIndex::open(&args.location.index)?;
    let searcher = index.reader()?.searcher();
    let commit = index.commit_info()?;
    let stats = Stats {
        index: index.dir.display().to_string(),
        articles: searcher.num_docs(),
        size_bytes: index.size_on_disk(),
        earliest: extreme_date(&searcher, Order::Asc)?,
        latest: extreme_date(&searcher, Order::Desc)?,
        languages: count_values(&searcher, schema::fast::LANG)?
            .into_iter()
            .map(|ValueCount { value, count }| LanguageCount {
                language: value,
                count,
            })
            .collect(),
        last_indexed: commit.as_ref().map(|info| info.committed_at.clone()),
        indexed_by: commit.map(|info| info.newsidx_version),
    };
    let mut out = super::stdout();
    if args.json {
        write_json(&mut out, &stats)?;
    } else {
        let languages: Vec<String> = stats
            .languages
            .iter()
            .map(|language| format!("{} {}", language.language, language.count))
            .collect();
        writeln!(out, "index:        {}", stats.index)?;
        writeln!(out, "articles:     {}", stats.articles)?;
        writeln!(out, "size on disk: {}", human_bytes(stats.size_bytes))?;
        writeln!(
            out,
            "dates:        {} to {}",
            stats.earliest.as_deref().unwrap_or("-"),
            stats.latest.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "languages:    {}", languages.join(", "))?;
        writeln!(
            out,
            "last indexed: {}",
            stats.last_indexed.as_deref().unwrap_or("never")
        )?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The earliest (`Asc`) or latest (`Desc`) publication day in the index.
fn extreme_date(searcher: &Searcher, order: Order) -> Result<Option<String>> {
    let top = TopDocs::with_limit(1).order_by((
        SortByStaticFastValue::<DateTime>::for_field(schema::fast::DATE),
        order,
    ));
    let hits = searcher
        .search(&AllQuery, &top)
        .context("cannot read publication dates")?;
    Ok(hits.into_iter().find_map(|(date, _)| date).map(|date| {
        let seconds = date.into_timestamp_secs();
        jiff::Timestamp::from_second(seconds)
            .map(|timestamp| {
                timestamp
                    .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                    .date()
                    .to_string()
            })
            .unwrap_or_else(|_| seconds.to_string())
    }))
}

/// Bytes as a short human figure (`1.4 MiB`).
fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 * 1024 * 1024), "3.0 MiB");
    }
}
