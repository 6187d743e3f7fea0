//! Tables for programs: hits as CSV (RFC 4180: quoted where needed, CRLF line ends) or JSON
//! lines, one row per hit, for an export or a batch of queries; and trends as CSV or JSON.
//!
//! Every row is written as it comes, so an export of any size streams. Lists (sources,
//! authors) are joined with `; ` in CSV. Cells are written as the articles have them: a
//! spreadsheet that runs formulas from cells (`=…`) should import the file as text.

use std::io::{self, Write};

use serde::Serialize;

use super::{Format, JsonHit, write_json};
use crate::analytics::trend::Trend;
use crate::search::Hit;

/// Columns of a hit in CSV.
const HIT_COLUMNS: [&str; 10] = [
    "id", "path", "title", "date", "language", "agencies", "authors", "url", "score", "snippet",
];

/// Columns that come before a hit's in a batch of queries.
const QUERY_COLUMNS: [&str; 4] = ["line", "query", "total_hits", "rank"];

/// One query of a batch.
#[derive(Clone, Copy, Debug)]
pub struct BatchQuery<'a> {
    /// Line number in the queries file (from 1).
    pub line: usize,
    /// The query text.
    pub query: &'a str,
}

/// Writes hits as rows, CSV or JSON lines.
pub struct HitRows<'w> {
    /// CSV writer, for CSV.
    csv: Option<csv::Writer<&'w mut dyn Write>>,
    /// Output, for JSON lines.
    out: Option<&'w mut dyn Write>,
}

impl<'w> HitRows<'w> {
    /// Rows of hits in `format` (CSV or JSON lines) to `out`; `batch` adds the query columns.
    /// Writes the CSV header at once.
    pub fn new(out: &'w mut dyn Write, format: Format, batch: bool) -> io::Result<HitRows<'w>> {
        if format != Format::Csv {
            return Ok(HitRows {
                csv: None,
                out: Some(out),
            });
        }
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let mut header: Vec<&str> = Vec::new();
        if batch {
            header.extend(QUERY_COLUMNS);
        }
        header.extend(HIT_COLUMNS);
        if batch {
            header.push("error");
        }
        csv.write_record(&header).map_err(io::Error::from)?;
        Ok(HitRows {
            csv: Some(csv),
            out: None,
        })
    }

    /// Writes one hit of an export.
    pub fn hit(&mut self, hit: &Hit) -> io::Result<()> {
        match (&mut self.csv, &mut self.out) {
            (Some(csv), _) => csv.write_record(hit_cells(hit)).map_err(io::Error::from),
            (None, Some(out)) => write_json(*out, &JsonHit::new(hit)),
            (None, None) => Ok(()),
        }
    }

    /// Writes the result of one query of a batch: its hits (a row each in CSV, one object in
    /// JSON lines), or the error that stopped it.
    pub fn query(
        &mut self,
        query: BatchQuery,
        total_hits: usize,
        hits: &[Hit],
        error: Option<&str>,
    ) -> io::Result<()> {
        match (&mut self.csv, &mut self.out) {
            (Some(csv), _) => {
                let lead = |rank: String| {
                    vec![
                        query.line.to_string(),
                        query.query.to_owned(),
                        total_hits.to_string(),
                        rank,
                    ]
                };
                if hits.is_empty() {
                    let mut row = lead(String::new());
                    row.extend(std::iter::repeat_n(String::new(), HIT_COLUMNS.len()));
                    row.push(error.unwrap_or_default().to_owned());
                    return csv.write_record(row).map_err(io::Error::from);
                }
                for (rank, hit) in hits.iter().enumerate() {
                    let mut row = lead((rank + 1).to_string());
                    row.extend(hit_cells(hit));
                    row.push(String::new());
                    csv.write_record(row).map_err(io::Error::from)?;
                }
                Ok(())
            }
            (None, Some(out)) => write_json(
                *out,
                &JsonBatchQuery {
                    line: query.line,
                    query: query.query,
                    total_hits,
                    hits: hits.iter().map(JsonHit::new).collect(),
                    error,
                },
            ),
            (None, None) => Ok(()),
        }
    }

    /// Flushes what is buffered.
    pub fn finish(mut self) -> io::Result<()> {
        match (&mut self.csv, &mut self.out) {
            (Some(csv), _) => csv.flush(),
            (None, Some(out)) => out.flush(),
            (None, None) => Ok(()),
        }
    }
}

/// One query of a batch in JSON lines.
#[derive(Serialize)]
struct JsonBatchQuery<'a> {
    line: usize,
    query: &'a str,
    total_hits: usize,
    hits: Vec<JsonHit<'a>>,
    error: Option<&'a str>,
}

/// The CSV cells of a hit, in [`HIT_COLUMNS`] order.
fn hit_cells(hit: &Hit) -> Vec<String> {
    let article = &hit.article;
    vec![
        article.id.clone(),
        article.path.clone(),
        article.title.clone(),
        article
            .published
            .map(|date| date.to_string())
            .unwrap_or_default(),
        article.language.clone().unwrap_or_default(),
        article.agencies.join("; "),
        article.authors.join("; "),
        article.url.clone().unwrap_or_default(),
        hit.score.map(|score| score.to_string()).unwrap_or_default(),
        hit.snippet.text.clone(),
    ]
}

/// Writes `trend` as CSV: one row per period and series (`period`, `start`, `series`,
/// `query`, `agency`, `matching`, `all`, `share`), then per series a row of its undated
/// articles with the period `undated`.
pub fn write_trend_csv(out: &mut dyn Write, trend: &Trend) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record([
        "period", "start", "series", "query", "agency", "matching", "all", "share",
    ])?;
    let share = |matching: u64, all: u64| {
        if all == 0 {
            String::new()
        } else {
            format!("{:.6}", matching as f64 / all as f64)
        }
    };
    for series in &trend.series {
        let query = series.query.clone().unwrap_or_default();
        let agency = series.agency.clone().unwrap_or_default();
        for (index, period) in trend.periods.iter().enumerate() {
            let (matching, all) = (series.matching[index], series.all[index]);
            csv.write_record([
                period.label.clone(),
                period.start.clone(),
                series.label.clone(),
                query.clone(),
                agency.clone(),
                matching.to_string(),
                all.to_string(),
                share(matching, all),
            ])?;
        }
        csv.write_record([
            "undated".to_owned(),
            String::new(),
            series.label.clone(),
            query,
            agency,
            series.undated.to_string(),
            series.all_undated.to_string(),
            share(series.undated, series.all_undated),
        ])?;
    }
    csv.flush()
}

/// Writes `trend` as one JSON object ([`JsonTrend`]).
pub fn write_trend_json(out: &mut dyn Write, trend: &Trend) -> io::Result<()> {
    write_json(out, &JsonTrend::new(trend))
}

/// The JSON form of a trend: `interval`, `periods` (label and first day), and per series its
/// counts per period, shares (null where there were no articles) and undated articles.
#[derive(Serialize)]
pub struct JsonTrend<'a> {
    /// `day`, `week`, `month` or `year`.
    pub interval: &'a str,
    /// Every period in order.
    pub periods: &'a [crate::analytics::trend::Period],
    /// One per query or source.
    pub series: Vec<JsonSeries<'a>>,
}

/// One series of a [`JsonTrend`].
#[derive(Serialize)]
pub struct JsonSeries<'a> {
    /// What the series shows.
    pub label: &'a str,
    /// The query, null for every article.
    pub query: Option<&'a str>,
    /// The source, when split by source.
    pub agency: Option<&'a str>,
    /// Matching articles in every period.
    pub total: u64,
    /// Matching articles without a date.
    pub undated: u64,
    /// Articles in scope without a date.
    pub all_undated: u64,
    /// Matching articles per period.
    pub matching: &'a [u64],
    /// Articles in scope per period.
    pub all: &'a [u64],
    /// `matching / all` per period, null where `all` is 0.
    pub share: Vec<Option<f64>>,
}

impl<'a> JsonTrend<'a> {
    /// The JSON form of `trend`.
    pub fn new(trend: &'a Trend) -> JsonTrend<'a> {
        JsonTrend {
            interval: trend.interval.name(),
            periods: &trend.periods,
            series: trend
                .series
                .iter()
                .map(|series| JsonSeries {
                    label: &series.label,
                    query: series.query.as_deref(),
                    agency: series.agency.as_deref(),
                    total: series.total(),
                    undated: series.undated,
                    all_undated: series.all_undated,
                    matching: &series.matching,
                    all: &series.all,
                    share: (0..trend.periods.len())
                        .map(|index| series.share(index))
                        .collect(),
                })
                .collect(),
        }
    }
}
