//! `newsidx trend`: resolve the flags into a [`TrendRequest`], count through the library, and
//! print a chart, CSV or JSON.

use std::io::Write;

use anyhow::{Context, Result, bail};

use crate::analytics::Scope;
use crate::analytics::trend::{Interval, TrendRequest, trend};
use crate::cli::{IntervalArg, TrendArgs};
use crate::cmd::output_style;
use crate::outcome::Outcome;
use crate::output::chart::write_chart;
use crate::output::table::{write_trend_csv, write_trend_json};
use crate::store::NewsIndex;

/// Counts attention over time as `args` describe and prints it.
pub fn run(args: &TrendArgs) -> Result<Outcome> {
    let mut queries: Vec<Option<String>> = Vec::new();
    let positional = args.query.join(" ");
    if !positional.trim().is_empty() {
        queries.push(Some(positional.trim().to_owned()));
    }
    queries.extend(
        args.queries
            .iter()
            .map(|query| query.trim())
            .filter(|query| !query.is_empty())
            .map(|query| Some(query.to_owned())),
    );
    if let Some(file) = &args.queries_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read queries", file.display()))?;
        queries.extend(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(|line| Some(line.to_owned())),
        );
    }
    if queries.is_empty() {
        queries.push(None);
    }
    if args.by_agency.is_some() && queries.len() > 1 {
        bail!(
            "--by-agency splits one query by source, and {} were given",
            queries.len()
        );
    }
    if args.by_agency == Some(0) {
        bail!("--by-agency: the number of sources must be at least 1");
    }
    let filters = super::resolve_filters(&args.filters)?;
    let interval = match args.by {
        IntervalArg::Day => Interval::Day,
        IntervalArg::Week => Interval::Week,
        IntervalArg::Month => Interval::Month,
        IntervalArg::Year => Interval::Year,
    };

    let index = NewsIndex::open(&args.location.index)?;
    let searcher = index.reader()?.searcher();
    let mut warnings = Vec::new();
    let scope = Scope::resolve(
        &searcher,
        &index,
        &filters.agencies,
        args.agency_list.agency_list.as_deref(),
        &filters.languages,
        (filters.since, filters.before),
        &mut warnings,
    );
    for warning in &warnings {
        eprintln!("newsidx: {warning}");
    }
    let request = TrendRequest {
        queries,
        interval,
        by_agency: args.by_agency,
        scope: scope?,
    };
    let trend = trend(&searcher, &index, &request)?;
    let mut out = super::stdout();
    if args.json {
        write_trend_json(&mut out, &trend)?;
    } else if args.csv {
        write_trend_csv(&mut out, &trend)?;
    } else {
        write_chart(&mut out, &trend, args.raw, output_style(args.color))?;
    }
    out.flush()?;
    let matched = trend
        .series
        .iter()
        .any(|series| series.total() + series.undated > 0);
    Ok(if matched {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}
