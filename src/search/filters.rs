//! Filters: which articles may be hits besides the query text — cited agencies, languages
//! and a publication period — and how the names and dates users type become them.
//!
//! Agency names are resolved against the source registry and the index (an alias or a name
//! in another case finds the canonical name the index holds); a name nothing answers to is
//! kept, matches nothing, and comes back with a warning. Periods are whole days, months or
//! years in UTC ([`parse_period`]). Filters become required clauses of the query.

use std::ops::Bound;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use jiff::civil::Date;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::agency::Registry;
use crate::counts::indexed_values;
use crate::schema::index_date;
use crate::search::SearchRequest;
use crate::store::NewsIndex;

/// The filters users typed, checked: language codes, dates that are dates, a start not after
/// the end. Source names stay as typed (the library resolves them against the index).
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Source names as typed.
    pub agencies: Vec<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// First instant of the `since` period.
    pub since: Option<Timestamp>,
    /// First instant after the `until` period.
    pub before: Option<Timestamp>,
}

/// What a front end calls the period and language filters, for its messages.
pub struct FilterNames {
    /// The start of the period.
    pub since: &'static str,
    /// The end of the period.
    pub until: &'static str,
    /// The languages.
    pub lang: &'static str,
}

impl FilterNames {
    /// The command line's flags.
    pub const FLAGS: FilterNames = FilterNames {
        since: "--since",
        until: "--until",
        lang: "--lang",
    };
    /// The HTTP API's parameters.
    pub const PARAMETERS: FilterNames = FilterNames {
        since: "since",
        until: "until",
        lang: "lang",
    };
}

impl Filters {
    /// Checks filters as typed: periods (`2016`, `2016-05`, `2016-05-03`), language codes.
    /// Messages name the filters as `names` says.
    pub fn check(
        agencies: &[String],
        languages: &[String],
        since: Option<&str>,
        until: Option<&str>,
        names: &FilterNames,
    ) -> Result<Filters> {
        let period = |name: &str, text: Option<&str>| {
            text.map(|text| parse_period(text).with_context(|| name.to_owned()))
                .transpose()
        };
        let start = period(names.since, since)?;
        let end = period(names.until, until)?;
        if let (Some((start, _)), Some((_, end))) = (start, end)
            && start >= end
        {
            bail!(
                "{} {} is after {} {}",
                names.since,
                since.unwrap_or_default(),
                names.until,
                until.unwrap_or_default()
            );
        }
        let languages = languages
            .iter()
            .map(|code| {
                crate::ingest::language::code_for_filter(code).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: `{}` is not a language code: use an ISO 639-1 code such as de, en or fr",
                        names.lang,
                        code.trim()
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Filters {
            agencies: agencies.to_vec(),
            languages,
            since: start.map(|(start, _)| start),
            before: end.map(|(_, end)| end),
        })
    }
}

/// Adds the request's filters to `query` as required clauses; `agencies` are the request's,
/// resolved to the names the index holds.
pub(crate) fn with_filters(
    index: &NewsIndex,
    query: Box<dyn Query>,
    agencies: &[String],
    request: &SearchRequest,
) -> Box<dyn Query> {
    let fields = &index.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    for (field, values) in [
        (fields.agency, agencies),
        (fields.lang, request.languages.as_slice()),
    ] {
        if values.is_empty() {
            continue;
        }
        let any_value: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|value| {
                let term = Term::from_field_text(field, value);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_value))));
    }
    if request.since.is_some() || request.before.is_some() {
        // `--since 2` or `--until 9999` are bounds beyond every indexed date.
        let bound = |timestamp: Timestamp| {
            Term::from_field_date_for_search(fields.date, index_date(timestamp))
        };
        let lower = request
            .since
            .map_or(Bound::Unbounded, |t| Bound::Included(bound(t)));
        let upper = request
            .before
            .map_or(Bound::Unbounded, |t| Bound::Excluded(bound(t)));
        clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
    }
    if clauses.len() == 1 {
        return clauses.remove(0).1;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// `query` with the request's filters other than the period, for the articles that have no
/// publication date: those a period leaves out.
pub(crate) fn undated_matches(
    index: &NewsIndex,
    query: Box<dyn Query>,
    agencies: &[String],
    request: &SearchRequest,
) -> Box<dyn Query> {
    let without_period = SearchRequest {
        since: None,
        before: None,
        ..request.clone()
    };
    let filtered = with_filters(index, query, agencies, &without_period);
    let dated: Box<dyn Query> = Box::new(tantivy::query::ExistsQuery::new(
        crate::schema::fast::DATE.to_owned(),
        false,
    ));
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, filtered),
        (Occur::MustNot, dated),
    ]))
}

/// Maps the names given to `--agency` to the names stored in the index: known aliases to
/// their canonical name, other names to an indexed name equal to them ignoring case. A name
/// that is neither known nor cited in the index is reported (it matches nothing), and so is a
/// known one that no indexed article cites: each adds a line to `warnings`.
pub(crate) fn resolve_agencies(
    searcher: &Searcher,
    index: &NewsIndex,
    registry: &Registry,
    names: &[String],
    warnings: &mut Vec<String>,
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
                None => indexed
                    .insert(indexed_values(searcher, field).context("cannot read agency names")?),
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
                warnings.push(if known.is_some() {
                    format!("no indexed article cites {wanted}")
                } else {
                    format!(
                        "agency `{name}` is not known and no indexed article cites it (see `newsidx agencies` and `newsidx agencies --known`)"
                    )
                });
                resolved.push(wanted);
            }
        }
    }
    resolved.sort();
    resolved.dedup();
    Ok(resolved)
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or the day as German-speaking users write it
/// (`D.M.YYYY`, `D.M.YY`), into the period it names: its first instant and the first instant
/// after it (UTC).
///
/// ```
/// use newsidx::search::parse_period;
/// let (start, end) = parse_period("2024-02").unwrap();
/// assert_eq!(start.to_string(), "2024-02-01T00:00:00Z");
/// assert_eq!(end.to_string(), "2024-03-01T00:00:00Z");
/// assert!(parse_period("2024-02-30").is_err());
/// let (day, next) = parse_period("15.3.2016").unwrap();
/// assert_eq!((day.to_string(), next.to_string()), ("2016-03-15T00:00:00Z".into(), "2016-03-16T00:00:00Z".into()));
/// ```
pub fn parse_period(text: &str) -> Result<(Timestamp, Timestamp)> {
    let text = text.trim();
    let number = |part: &str, what: &str| -> Result<i16> {
        if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
            bail!(
                "`{text}` is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY, D.M.YYYY or D.M.YY ({what} `{part}`)"
            );
        }
        part.parse()
            .with_context(|| format!("`{text}` is not a date: {what} `{part}` is out of range"))
    };
    // The day first, as German and Austrian users write it: 15.3.2016, 15.3.16.
    if text.contains('.') {
        let parts: Vec<&str> = text.split('.').collect();
        let [day, month, year] = parts.as_slice() else {
            bail!("`{text}` is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY, D.M.YYYY or D.M.YY");
        };
        let year = match number(year, "year")? {
            // Two digits, as strptime reads them: 00-68 in this century, 69-99 in the last.
            short if year.len() == 2 && short < 69 => 2000 + short,
            short if year.len() == 2 => 1900 + short,
            year => year,
        };
        let day = date(
            year,
            number(month, "month")? as i8,
            number(day, "day")? as i8,
            text,
        )?;
        return whole_days(day, day);
    }
    let parts: Vec<&str> = text.split('-').collect();
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
        _ => {
            bail!("`{text}` is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY, D.M.YYYY or D.M.YY")
        }
    };
    whole_days(start, end)
}

/// The period from the start of `start` to the end of `end` (UTC).
fn whole_days(start: Date, end: Date) -> Result<(Timestamp, Timestamp)> {
    // 9999-12-31 is a date, but its midnight in UTC lies past the last instant jiff (and any
    // indexed date) has: such a bound is that last instant.
    let utc = |day: Date| -> Result<Timestamp> {
        Ok(day
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_or(Timestamp::MAX, |zoned| zoned.timestamp()))
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
    fn days_as_german_speakers_write_them() {
        assert_eq!(
            period("15.3.2016"),
            ("2016-03-15T00:00:00Z".into(), "2016-03-16T00:00:00Z".into())
        );
        assert_eq!(period("1.12.99").0, "1999-12-01T00:00:00Z");
        assert_eq!(period("29.02.24").0, "2024-02-29T00:00:00Z");
        for text in ["30.2.2024", "15.3", "15.3.2016.", "a.b.c"] {
            assert!(parse_period(text).is_err(), "{text}");
        }
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
