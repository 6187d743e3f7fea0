//! `newsidx search`: resolve filters, run the search, print hits.

use std::io::Write;

use anyhow::{Context, Result, anyhow, bail};
use jiff::Timestamp;
use jiff::civil::Date;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::agency::Registry;
use crate::cli::{SearchArgs, SortArg};
use crate::cmd::{Outcome, load_registry, output_style};
use crate::output::{JsonSearch, Style, write_hits, write_json, write_suggestion};
use crate::search::{QuerySyntax, SearchRequest, SortOrder, plain_words, search};
use crate::server::{self, Answer, Request};
use crate::store::NewsIndex;
use crate::suggest::suggest;

/// Runs a search as `args` describe and prints the hits: through the index's search server
/// when one runs ([`crate::server`]), else with the index opened here.
pub fn run(args: &SearchArgs) -> Result<Outcome> {
    let plan = Plan::new(args)?;
    let style = output_style(args.color);
    if let Some(answer) = ask_server(args, style) {
        return replay(answer);
    }
    let index = NewsIndex::open(&args.location.index)?;
    let reader = index.reader()?;
    let mut out = std::io::stdout().lock();
    let outcome = execute(
        args,
        &plan,
        &index,
        &reader.searcher(),
        style,
        &mut out,
        &mut std::io::stderr(),
    )?;
    out.flush()?;
    Ok(outcome)
}

/// What `args` ask, checked before any index is opened: the query, the period and the order.
pub struct Plan {
    /// The query text, if there are words.
    query: Option<String>,
    /// Start and end of `--since`'s period.
    since: Option<(Timestamp, Timestamp)>,
    /// Start and end of `--until`'s period.
    until: Option<(Timestamp, Timestamp)>,
    /// Order of hits.
    sort: SortOrder,
}

impl Plan {
    /// Checks `args`: dates that are no dates and a `--since` after `--until` are errors.
    pub fn new(args: &SearchArgs) -> Result<Plan> {
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
        Ok(Plan {
            query,
            since,
            until,
            sort,
        })
    }
}

/// Runs the search `args` and `plan` describe on `searcher`, a view of `index`, and writes
/// the hits to `out` and messages to `err`; the search server calls it too.
pub fn execute(
    args: &SearchArgs,
    plan: &Plan,
    index: &NewsIndex,
    searcher: &Searcher,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let agencies = if args.agency.is_empty() {
        Vec::new()
    } else {
        let registry = load_registry(&args.location.index, &args.agency_list)?;
        resolve_agencies(searcher, index, &registry, &args.agency, err)?
    };
    let query = &plan.query;
    let request = SearchRequest {
        query: query.clone(),
        syntax: QuerySyntax::Full,
        snippets: true,
        agencies,
        languages: args
            .lang
            .iter()
            .map(|code| code.trim().to_lowercase())
            .collect(),
        since: plan.since.map(|(start, _)| start),
        before: plan.until.map(|(_, end)| end),
        limit: args.limit,
        offset: args.offset,
        sort: plan.sort,
    };
    let results = search(searcher, index, &request)?;
    let suggestion = match query {
        Some(text) if results.total_hits == 0 => suggest(searcher, index, &plain_words(text))?,
        _ => None,
    };

    if args.json {
        write_json(
            out,
            &JsonSearch::new(query.as_deref(), &results, suggestion.as_ref()),
        )?;
    } else {
        write_hits(out, &results, args.offset, plan.sort, style)?;
        if let Some(suggestion) = &suggestion {
            write_suggestion(out, suggestion, style)?;
        }
    }
    Ok(if results.total_hits > 0 {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

/// The answer of the index's search server to `args`, if one runs.
fn ask_server(args: &SearchArgs, style: Style) -> Option<Answer> {
    // The server may run elsewhere: it gets absolute paths.
    let mut args = args.clone();
    args.location.index = std::path::absolute(&args.location.index).ok()?;
    if let Some(list) = &args.agency_list.agency_list {
        args.agency_list.agency_list = Some(std::path::absolute(list).ok()?);
    }
    let request = Request {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        style,
        args,
    };
    server::ask(&request.args.location.index, &request)
}

/// Prints a server's answer as if the search had run here, and ends the same way.
fn replay(answer: Answer) -> Result<Outcome> {
    eprint!("{}", answer.stderr);
    let mut out = std::io::stdout().lock();
    out.write_all(answer.stdout.as_bytes())?;
    out.flush()?;
    match answer.error {
        Some(error) => Err(anyhow!(error)),
        None => Ok(answer.outcome),
    }
}

/// Maps the names given to `--agency` to the names stored in the index: known aliases to
/// their canonical name, other names to an indexed name equal to them ignoring case. A name
/// that is neither known nor cited in the index is reported (it matches nothing), and so is a
/// known one that no indexed article cites.
fn resolve_agencies(
    searcher: &Searcher,
    index: &NewsIndex,
    registry: &Registry,
    names: &[String],
    err: &mut dyn Write,
) -> Result<Vec<String>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let field = index.fields.agency;
    let mut indexed: Option<Vec<String>> = None;
    let mut resolved = Vec::new();
    for name in names {
        let known = registry.resolve(name);
        let wanted = known.map_or_else(|| name.trim().to_owned(), |source| source.name.clone());
        // The exact name is one term lookup; only a name in another case needs the list of
        // every agency in the index.
        let cited = searcher
            .doc_freq(&Term::from_field_text(field, &wanted))
            .context("cannot read agency names")?
            > 0;
        let found = if cited {
            Some(wanted.clone())
        } else {
            let values = match &mut indexed {
                Some(values) => values,
                None => indexed.insert(indexed_values(searcher, field)?),
            };
            let wanted_lower = wanted.to_lowercase();
            values
                .iter()
                .find(|value| value.to_lowercase() == wanted_lower)
                .cloned()
        };
        match found {
            Some(value) => resolved.push(value),
            None => {
                if known.is_some() {
                    writeln!(err, "newsidx: no indexed article cites {wanted}")?;
                } else {
                    writeln!(
                        err,
                        "newsidx: agency `{name}` is not known and no indexed article cites it (see `newsidx agencies` and `newsidx agencies --known`)"
                    )?;
                }
                resolved.push(wanted);
            }
        }
    }
    resolved.sort();
    resolved.dedup();
    Ok(resolved)
}

/// Every value of the keyword `field` in the index, read from the term dictionaries (a few
/// hundred agency names: cheaper than counting them).
fn indexed_values(searcher: &Searcher, field: Field) -> Result<Vec<String>> {
    let mut values = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(field)
            .context("cannot read agency names")?;
        let mut terms = inverted
            .terms()
            .stream()
            .context("cannot read agency names")?;
        while terms.advance() {
            if let Ok(value) = std::str::from_utf8(terms.key()) {
                values.insert(value.to_owned());
            }
        }
    }
    Ok(values.into_iter().collect())
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` into the period it names: its first instant and
/// the first instant after it (UTC).
pub fn parse_period(text: &str) -> Result<(Timestamp, Timestamp)> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, what: &str| -> Result<i16> {
        if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
            bail!("`{text}` is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY ({what} `{part}`)");
        }
        part.parse()
            .with_context(|| format!("`{text}` is not a date: {what} `{part}` is out of range"))
    };
    let (start, end) = match parts.as_slice() {
        [year] => {
            let year = number(year, "year")?;
            (date(year, 1, 1, text)?, date(year, 12, 31, text)?)
        }
        [year, month] => {
            let start = date(
                number(year, "year")?,
                number(month, "month")? as i8,
                1,
                text,
            )?;
            (start, start.last_of_month())
        }
        [year, month, day] => {
            let start = date(
                number(year, "year")?,
                number(month, "month")? as i8,
                number(day, "day")? as i8,
                text,
            )?;
            (start, start)
        }
        _ => bail!("`{text}` is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY"),
    };
    let utc = |day: Date| -> Result<Timestamp> {
        Ok(day.to_zoned_datetime(jiff::tz::TimeZone::UTC)?.timestamp())
    };
    // The period ends where its last day does; 9999-12-31 has no next day to start.
    let end = match end.tomorrow() {
        Ok(next) => utc(next)?,
        Err(_) => Timestamp::MAX,
    };
    Ok((utc(start)?, end))
}

/// A valid calendar date, or an error naming `text`.
fn date(year: i16, month: i8, day: i8, text: &str) -> Result<Date> {
    Date::new(year, month, day).with_context(|| format!("`{text}` is not a valid date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> (String, String) {
        let (start, end) = parse_period(text).unwrap();
        (start.to_string(), end.to_string())
    }

    #[test]
    fn periods() {
        assert_eq!(
            period("2024-02-29"),
            ("2024-02-29T00:00:00Z".into(), "2024-03-01T00:00:00Z".into())
        );
        assert_eq!(
            period("2024-02"),
            ("2024-02-01T00:00:00Z".into(), "2024-03-01T00:00:00Z".into())
        );
        assert_eq!(
            period("2023"),
            ("2023-01-01T00:00:00Z".into(), "2024-01-01T00:00:00Z".into())
        );
    }

    #[test]
    fn impossible_dates_are_errors() {
        for text in [
            "2024-02-30",
            "2023-13",
            "24-1-1x",
            "gestern",
            "2024-01-01-01",
            "",
        ] {
            let error = parse_period(text).err().unwrap();
            assert!(format!("{error:#}").contains("date"), "{text}: {error:#}");
        }
    }
}
