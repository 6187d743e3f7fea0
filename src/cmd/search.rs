//! `newsidx search`: resolve the flags into a [`SearchRequest`], run it (through the index's
//! search server when one runs), print the hits and the messages.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use tantivy::Searcher;

use crate::cli::{SearchArgs, SortArg};
use crate::cmd::output_style;
use crate::ingest::language::code_for_filter;
use crate::outcome::Outcome;
use crate::output::{JsonSearch, Style, write_hits, write_json, write_suggestion};
use crate::search::{QuerySyntax, SearchRequest, SortOrder, parse_period, search_noting};
use crate::server::socket::{self, Answer, Request};
use crate::store::NewsIndex;

/// Runs a search as `args` describe and prints the hits: through the index's search server
/// when one runs ([`crate::server::socket`]), else with the index opened here.
pub fn run(args: &SearchArgs) -> Result<Outcome> {
    let request = resolve(args)?;
    let style = output_style(args.color);
    if let Some(answer) = ask_server(&args.location.index, &request, style, args.json) {
        return replay(answer);
    }
    let index = NewsIndex::open(&args.location.index)?;
    let reader = index.reader()?;
    let mut out = super::stdout();
    let outcome = execute(
        &request,
        style,
        args.json,
        &index,
        &reader.searcher(),
        &mut out,
        &mut std::io::stderr(),
    )?;
    out.flush()?;
    Ok(outcome)
}

/// The request `args` describe, checked before any index is opened: dates that are no dates
/// and a `--since` after `--until` are errors; the order is settled.
pub fn resolve(args: &SearchArgs) -> Result<SearchRequest> {
    let query = args.query.join(" ");
    let query = (!query.trim().is_empty()).then_some(query);
    let since = args
        .since
        .as_deref()
        .map(|text| parse_period(text).context("--since"))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|text| parse_period(text).context("--until"))
        .transpose()?;
    if let (Some((since_start, _)), Some((_, until_end))) = (since, until)
        && since_start >= until_end
    {
        bail!(
            "--since {} is after --until {}",
            args.since.as_deref().unwrap_or_default(),
            args.until.as_deref().unwrap_or_default()
        );
    }
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
        agencies: args.agency.clone(),
        agency_list: args.agency_list.agency_list.clone(),
        languages: args
            .lang
            .iter()
            .map(|code| {
                code_for_filter(code).ok_or_else(|| {
                    anyhow!(
                        "--lang: `{}` is not a language code: use an ISO 639-1 code such as de, en or fr",
                        code.trim()
                    )
                })
            })
            .collect::<Result<_>>()?,
        since: since.map(|(start, _)| start),
        before: until.map(|(_, end)| end),
        limit: args.limit,
        offset: args.offset,
        sort,
    })
}

/// Runs `request` on `searcher`, a view of `index`, and writes the hits to `out` (as JSON
/// with `json`, else in `style`) and messages to `err`; the search server calls it too.
pub fn execute(
    request: &SearchRequest,
    style: Style,
    json: bool,
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
    if json {
        write_json(out, &JsonSearch::new(request.query.as_deref(), &results))?;
    } else {
        write_hits(out, &results, request.offset, request.sort, style)?;
        if let Some(suggestion) = &results.suggestion {
            write_suggestion(out, suggestion, style)?;
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
    json: bool,
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
        json,
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
