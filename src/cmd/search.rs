//! `newsidx search`: resolve the flags into a [`SearchRequest`], run it (through the index's
//! search server when one runs), print the hits, their counts and the messages. `--all`
//! streams every hit from the index opened here; `--queries` runs a batch.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use tantivy::Searcher;

use crate::cli::{FormatArg, SearchArgs, SortArg};
use crate::cmd::output_style;
use crate::outcome::Outcome;
use crate::output::table::{BatchQuery, HitRows};
use crate::output::{
    Format, JsonSearch, Style, write_facets, write_hits, write_json, write_suggestion,
};
use crate::search::export::for_each_hit;
use crate::search::{QuerySyntax, SearchRequest, SortOrder, search_noting};
use crate::server::socket::{self, Answer, Request};
use crate::store::NewsIndex;

/// Runs a search as `args` describe and prints the hits: through the index's search server
/// when one runs ([`crate::server::socket`]), else with the index opened here.
pub fn run(args: &SearchArgs) -> Result<Outcome> {
    let request = resolve(args)?;
    let style = output_style(args.color);
    let format = format(args);
    if let Some(file) = &args.queries {
        return batch(args, &request, format, file);
    }
    if args.all {
        if format == Format::Json {
            bail!("--all streams one row per hit: use --format csv or jsonl, not json");
        }
        return export(args, &request, format, style);
    }
    if let Some(answer) = ask_server(&args.location.index, &request, style, format) {
        return replay(answer);
    }
    let index = NewsIndex::open(&args.location.index)?;
    let reader = index.reader()?;
    let mut out = super::stdout();
    let outcome = execute(
        &request,
        style,
        format,
        &index,
        &reader.searcher(),
        &mut out,
        &mut std::io::stderr(),
    )?;
    out.flush()?;
    Ok(outcome)
}

/// The output format `args` ask for.
fn format(args: &SearchArgs) -> Format {
    match (args.json, args.format) {
        (true, _) | (false, Some(FormatArg::Json)) => Format::Json,
        (false, Some(FormatArg::Csv)) => Format::Csv,
        (false, Some(FormatArg::Jsonl)) => Format::Jsonl,
        (false, Some(FormatArg::Text) | None) => Format::Text,
    }
}

/// The request `args` describe, checked before any index is opened: dates that are no dates
/// and a `--since` after `--until` are errors; the order is settled.
pub fn resolve(args: &SearchArgs) -> Result<SearchRequest> {
    let query = args.query.join(" ");
    let query = (!query.trim().is_empty()).then_some(query);
    let filters = super::resolve_filters(&args.filters)?;
    let sort = match (args.sort, &query) {
        (Some(SortArg::Relevance), _) | (None, Some(_)) => SortOrder::Relevance,
        (Some(SortArg::Newest), _) | (None, None) => SortOrder::Newest,
        (Some(SortArg::Oldest), _) => SortOrder::Oldest,
    };
    Ok(SearchRequest {
        query,
        syntax: QuerySyntax::Full,
        snippets: true,
        suggest: true,
        agencies: filters.agencies,
        agency_list: args.agency_list.agency_list.clone(),
        languages: filters.languages,
        since: filters.since,
        before: filters.before,
        limit: args.limit,
        offset: args.offset,
        sort,
        // Counts go with a page of hits for people and in JSON; rows of hits carry none.
        facets: (args.facets > 0
            && matches!(format(args), Format::Text | Format::Json)
            && !args.all
            && args.queries.is_none())
        .then_some(args.facets),
    })
}

/// Runs `request` on `searcher`, a view of `index`, and writes the hits to `out` in `format`
/// (text in `style`) and messages to `err`; the search server calls it too.
pub fn execute(
    request: &SearchRequest,
    style: Style,
    format: Format,
    index: &NewsIndex,
    searcher: &Searcher,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let mut warnings = Vec::new();
    let results = search_noting(searcher, index, request, &mut warnings);
    for warning in &warnings {
        writeln!(err, "newsidx: {warning}")?;
    }
    let results = results?;
    match format {
        Format::Json => write_json(out, &JsonSearch::new(request.query.as_deref(), &results))?,
        Format::Text => {
            write_hits(out, &results, request.offset, request.sort, style)?;
            if let Some(facets) = results.facets.as_ref().filter(|_| results.total_hits > 0) {
                write_facets(out, facets, style)?;
            }
            if let Some(suggestion) = &results.suggestion {
                write_suggestion(out, suggestion, style)?;
            }
        }
        Format::Csv | Format::Jsonl => {
            let mut rows = HitRows::new(out, format, false)?;
            for hit in &results.hits {
                rows.hit(hit)?;
            }
            rows.finish()?;
        }
    }
    Ok(if results.total_hits > 0 {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

/// The answer of the search server of the index in `index_dir` to `request`, if one runs.
fn ask_server(
    index_dir: &Path,
    request: &SearchRequest,
    style: Style,
    format: Format,
) -> Option<Answer> {
    // The server may run elsewhere: it gets absolute paths.
    let index_dir = std::path::absolute(index_dir).ok()?;
    let mut request = request.clone();
    if let Some(list) = &request.agency_list {
        request.agency_list = Some(std::path::absolute(list).ok()?);
    }
    let request = Request {
        version: socket::protocol_version(),
        style,
        format,
        search: request,
    };
    match socket::ask(&index_dir, &request) {
        Ok(answer) => answer,
        Err(error) => {
            eprintln!("newsidx: {error:#}; searching the index directly");
            None
        }
    }
}

/// Prints a server's answer as if the search had run here, and ends the same way.
fn replay(answer: Answer) -> Result<Outcome> {
    eprint!("{}", answer.stderr);
    let mut out = super::stdout();
    out.write_all(answer.stdout.as_bytes())?;
    out.flush()?;
    match answer.error {
        Some(error) => Err(anyhow!(error)),
        None => Ok(answer.outcome),
    }
}

/// `search --all`: every hit, streamed from the index opened here (a server would have to
/// hold the whole answer).
fn export(
    args: &SearchArgs,
    request: &SearchRequest,
    format: Format,
    style: Style,
) -> Result<Outcome> {
    let index = NewsIndex::open(&args.location.index)?;
    let searcher = index.reader()?.searcher();
    let mut out = super::stdout();
    let mut warnings = Vec::new();
    let total = match format {
        // One JSON document would have to hold every hit: `run` refuses `--all --format json`.
        Format::Csv | Format::Jsonl | Format::Json => {
            let mut rows = HitRows::new(&mut out, format, false)?;
            let total = for_each_hit(&searcher, &index, request, &mut warnings, &mut |hit| {
                Ok(rows.hit(&hit)?)
            });
            rows.finish()?;
            total
        }
        // Text: the hits as a page shows them, all of them.
        Format::Text => {
            let mut rank = request.offset;
            let sink = &mut |hit: crate::search::Hit| -> Result<()> {
                crate::output::write_hit_list(&mut out, std::slice::from_ref(&hit), rank, style)?;
                rank += 1;
                Ok(())
            };
            for_each_hit(&searcher, &index, request, &mut warnings, sink)
        }
    };
    for warning in &warnings {
        eprintln!("newsidx: {warning}");
    }
    let total = total?;
    out.flush()?;
    if format == Format::Text {
        eprintln!(
            "newsidx: {total} {}",
            if total == 1 { "hit" } else { "hits" }
        );
    }
    Ok(if total > 0 {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

/// `search --queries FILE`: one search per line, each line's hit count and top hits in one
/// output, a progress bar on a terminal. A query that fails is reported with its line and
/// the others still run.
fn batch(
    args: &SearchArgs,
    request: &SearchRequest,
    format: Format,
    file: &Path,
) -> Result<Outcome> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read queries", file.display()))?;
    let queries: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(number, line)| (number + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .collect();
    let index = NewsIndex::open(&args.location.index)?;
    let searcher = index.reader()?.searcher();
    let style = output_style(args.color);
    let progress = indicatif::ProgressBar::new(queries.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} queries {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut out = super::stdout();
    let mut rows = match format {
        Format::Csv => Some(HitRows::new(&mut out, Format::Csv, true)?),
        Format::Json | Format::Jsonl => Some(HitRows::new(&mut out, Format::Jsonl, true)?),
        Format::Text => None,
    };
    let mut text_out = Vec::new();
    let mut failed = 0;
    let mut matched = 0;
    for &(line, query) in &queries {
        let request = SearchRequest {
            query: Some(query.to_owned()),
            suggest: false,
            // Each line is a query: by relevance unless --sort says otherwise.
            sort: if args.sort.is_none() {
                SortOrder::Relevance
            } else {
                request.sort
            },
            ..request.clone()
        };
        let mut warnings = Vec::new();
        let result = search_noting(&searcher, &index, &request, &mut warnings);
        for warning in warnings {
            progress.suspend(|| eprintln!("newsidx: {}:{line}: {warning}", file.display()));
        }
        let (total, hits, error) = match result {
            Ok(results) => (results.total_hits, results.hits, None),
            Err(error) => {
                failed += 1;
                let message = format!("{error:#}");
                progress.suspend(|| {
                    eprintln!(
                        "newsidx: {}:{line}: query failed: {message}",
                        file.display()
                    )
                });
                (0, Vec::new(), Some(message))
            }
        };
        if total > 0 {
            matched += 1;
        }
        match &mut rows {
            Some(rows) => rows.query(BatchQuery { line, query }, total, &hits, error.as_deref())?,
            None => {
                text_out.clear();
                crate::output::write_batch_query(
                    &mut text_out,
                    BatchQuery { line, query },
                    total,
                    &hits,
                    error.as_deref(),
                    style,
                )?;
                progress.suspend(|| -> Result<()> {
                    use std::io::Write as _;
                    let mut stdout = super::stdout();
                    stdout.write_all(&text_out)?;
                    Ok(stdout.flush()?)
                })?;
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if let Some(rows) = rows {
        rows.finish()?;
    }
    eprintln!(
        "newsidx: {} queries, {matched} with hits{}",
        queries.len(),
        if failed > 0 {
            format!(", {failed} failed")
        } else {
            String::new()
        }
    );
    Ok(if failed > 0 {
        Outcome::Error
    } else if matched > 0 {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}
