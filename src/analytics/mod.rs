//! Counting over every matching article, not only a page of hits: the facets that come with
//! a search ([`facets`]) and attention over time ([`trend`]).
//!
//! Both run one pass of tantivy's collector machinery over the query's matches and read the
//! fast-field columns of sources, language and date, never the stored documents, so counts
//! are exact and cheap. The filters a user set (sources, languages, a period) are checked in
//! that pass per article ([`Scope`]) rather than added to the query: a facet can then ignore
//! its own dimension's filter (Elasticsearch's post-filter semantics) without a second
//! search. Days are UTC days, as the `--since`/`--until` filters read them.

pub mod facets;
pub mod trend;
pub mod warm;

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use jiff::Timestamp;
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocId, Searcher, SegmentReader};

use crate::agency::Registry;
use crate::counts::ValueCount;
use crate::schema;
use crate::search::filters::resolve_agencies;
use crate::store::NewsIndex;
use warm::{SegmentColumns, Warm};

/// A request that cannot be counted as asked (too many periods, a split of several
/// queries): the asker's mistake, not the index's failure.
#[derive(Debug)]
pub struct InvalidRequest(pub String);

impl std::fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidRequest {}

/// Seconds in a day.
const DAY_SECONDS: i64 = 86_400;

/// The filters of a request, resolved to what the index holds: which articles count.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Canonical source names; an article citing any of them passes. Empty: no filter.
    pub agencies: Vec<String>,
    /// ISO 639-1 codes; an article in any of them passes. Empty: no filter.
    pub languages: Vec<String>,
    /// Earliest publication instant, inclusive.
    pub since: Option<Timestamp>,
    /// Publication instant to stay before, exclusive.
    pub before: Option<Timestamp>,
}

impl Scope {
    /// Resolves the source names users typed (aliases, any case) as a search does, telling
    /// `warnings` about names that match nothing.
    pub fn resolve(
        searcher: &Searcher,
        index: &NewsIndex,
        agencies: &[String],
        agency_list: Option<&Path>,
        languages: &[String],
        period: (Option<Timestamp>, Option<Timestamp>),
        warnings: &mut Vec<String>,
    ) -> Result<Scope> {
        let agencies = if agencies.is_empty() {
            Vec::new()
        } else {
            let registry = Registry::for_index(&index.dir, agency_list)?;
            resolve_agencies(searcher, index, &registry, agencies, warnings)?
        };
        Ok(Scope {
            agencies,
            languages: languages.to_vec(),
            since: period.0,
            before: period.1,
        })
    }

    /// Whether a period is set (it leaves out the articles without a date).
    pub fn has_period(&self) -> bool {
        self.since.is_some() || self.before.is_some()
    }

    /// The scope's columns in one segment, read from `warm`'s arrays when it holds them.
    fn for_segment(
        &self,
        segment: &SegmentReader,
        warm: Option<&Warm>,
    ) -> tantivy::Result<SegmentScope> {
        let fast = segment.fast_fields();
        let agencies = fast.str(schema::fast::AGENCY)?;
        let languages = fast.str(schema::fast::LANG)?;
        let wanted = |column: &Option<StrColumn>, values: &[String]| -> tantivy::Result<_> {
            if values.is_empty() {
                return Ok(None);
            }
            let mut ords = Vec::new();
            if let Some(column) = column {
                for value in values {
                    if let Some(ord) = column.dictionary().term_ord(value.as_bytes())? {
                        ords.push(ord);
                    }
                }
            }
            Ok(Some(ords))
        };
        Ok(SegmentScope {
            wanted_agencies: wanted(&agencies, &self.agencies)?,
            wanted_languages: wanted(&languages, &self.languages)?,
            agencies,
            languages,
            dates: fast.column_opt::<DateTime>(schema::fast::DATE)?,
            warm: warm
                .and_then(|warm| warm.segment(segment.segment_id()))
                .map(|segment| Arc::clone(&segment.columns)),
            since: self.since.map(Timestamp::as_second),
            before: self.before.map(Timestamp::as_second),
        })
    }
}

/// A [`Scope`] over the columns of one segment.
struct SegmentScope {
    /// Sources per article (term ordinals), absent when no article of the segment cites one.
    agencies: Option<StrColumn>,
    /// Ordinals of the wanted sources; `None`: no filter.
    wanted_agencies: Option<Vec<u64>>,
    /// Language per article.
    languages: Option<StrColumn>,
    /// Ordinals of the wanted languages; `None`: no filter.
    wanted_languages: Option<Vec<u64>>,
    /// Publication instants.
    dates: Option<Column<DateTime>>,
    /// The same columns copied into arrays, read instead when present.
    warm: Option<Arc<SegmentColumns>>,
    /// Period bounds in seconds: inclusive, exclusive.
    since: Option<i64>,
    before: Option<i64>,
}

impl SegmentScope {
    /// Whether `doc` passes the source filter.
    fn agency_passes(&self, doc: DocId) -> bool {
        let Some(wanted) = &self.wanted_agencies else {
            return true;
        };
        let mut passes = false;
        self.for_each_source(doc, |ord| passes |= wanted.contains(&ord));
        passes
    }

    /// Whether `doc` passes the language filter.
    fn language_passes(&self, doc: DocId) -> bool {
        match &self.wanted_languages {
            None => true,
            Some(wanted) => self.language(doc).is_some_and(|ord| wanted.contains(&ord)),
        }
    }

    /// The language term ordinal of `doc`.
    fn language(&self, doc: DocId) -> Option<u64> {
        match &self.warm {
            Some(warm) => warm.language(doc),
            None => self.languages.as_ref()?.ords().first(doc),
        }
    }

    /// Calls `each` with every source term ordinal of `doc`; false when it cites none.
    fn for_each_source(&self, doc: DocId, mut each: impl FnMut(u64)) -> bool {
        let mut cited = false;
        match (&self.warm, &self.agencies) {
            (Some(warm), _) => {
                for &ord in warm.sources(doc) {
                    each(u64::from(ord));
                    cited = true;
                }
            }
            (None, Some(column)) => {
                for ord in column.ords().values_for_doc(doc) {
                    each(ord);
                    cited = true;
                }
            }
            (None, None) => {}
        }
        cited
    }

    /// Publication instant of `doc` in seconds, `None` when it has no date.
    fn seconds(&self, doc: DocId) -> Option<i64> {
        if let Some(warm) = &self.warm {
            return warm.seconds(doc);
        }
        self.dates
            .as_ref()?
            .first(doc)
            .map(DateTime::into_timestamp_secs)
    }

    /// Publication instants of `docs` in seconds, into `out` (one batch read of the column).
    fn seconds_of(&self, docs: &[DocId], out: &mut Vec<Option<i64>>) {
        out.clear();
        if let Some(warm) = &self.warm {
            out.extend(docs.iter().map(|&doc| warm.seconds(doc)));
            return;
        }
        let Some(dates) = &self.dates else {
            out.resize(docs.len(), None);
            return;
        };
        let mut values = vec![None; docs.len()];
        dates.first_vals(docs, &mut values);
        out.extend(
            values
                .into_iter()
                .map(|date| date.map(DateTime::into_timestamp_secs)),
        );
    }

    /// The first and last UTC day of the segment's dates.
    fn day_range(&self) -> Option<(i32, i32)> {
        let dates = self.dates.as_ref()?;
        if dates.values.num_vals() == 0 {
            return None;
        }
        Some((
            day_of(dates.min_value().into_timestamp_secs()),
            day_of(dates.max_value().into_timestamp_secs()),
        ))
    }

    /// Whether an article published at `seconds` (or undated) passes the period filter.
    fn period_passes(&self, seconds: Option<i64>) -> bool {
        match seconds {
            None => self.since.is_none() && self.before.is_none(),
            Some(seconds) => {
                self.since.is_none_or(|since| seconds >= since)
                    && self.before.is_none_or(|before| seconds < before)
            }
        }
    }
}

/// Widest range of days counted in an array (274 years); wider ones go to a hash map.
const DENSE_DAYS: i64 = 100_000;

/// Articles per UTC day: an array over a segment's range of days, or a map when the range is
/// too wide (an archive with a date in year 1).
#[derive(Clone, Debug, PartialEq)]
enum Days {
    /// Counts of consecutive days from `first`.
    Dense { first: i32, counts: Vec<u64> },
    /// Counts by day.
    Sparse(rustc_hash::FxHashMap<i32, u64>),
}

impl Default for Days {
    fn default() -> Days {
        Days::Sparse(Default::default())
    }
}

impl Days {
    /// Counts for days in `range` (first and last, inclusive).
    fn for_range(range: Option<(i32, i32)>) -> Days {
        match range {
            Some((first, last)) if i64::from(last) - i64::from(first) < DENSE_DAYS => Days::Dense {
                first,
                counts: vec![0; (last - first + 1) as usize],
            },
            _ => Days::default(),
        }
    }

    /// Counts one article on `day`.
    fn add(&mut self, day: i32) {
        match self {
            Days::Dense { first, counts } => {
                match usize::try_from(day - *first)
                    .ok()
                    .and_then(|i| counts.get_mut(i))
                {
                    Some(count) => *count += 1,
                    None => {
                        let mut sparse: rustc_hash::FxHashMap<i32, u64> = self.iter().collect();
                        *sparse.entry(day).or_default() += 1;
                        *self = Days::Sparse(sparse);
                    }
                }
            }
            Days::Sparse(map) => *map.entry(day).or_default() += 1,
        }
    }

    /// The days with articles and their counts.
    fn iter(&self) -> Box<dyn Iterator<Item = (i32, u64)> + '_> {
        match self {
            Days::Dense { first, counts } => Box::new(
                counts
                    .iter()
                    .enumerate()
                    .filter(|(_, count)| **count > 0)
                    .map(move |(i, count)| (*first + i as i32, *count)),
            ),
            Days::Sparse(map) => Box::new(map.iter().map(|(day, count)| (*day, *count))),
        }
    }

    /// Adds `other`'s counts to these.
    fn merge(&mut self, other: Days) {
        if matches!(self, Days::Sparse(map) if map.is_empty()) {
            *self = other;
            return;
        }
        if let (
            Days::Dense { first, counts },
            Days::Dense {
                first: f2,
                counts: c2,
            },
        ) = (&mut *self, &other)
            && *first == *f2
            && counts.len() == c2.len()
        {
            for (count, more) in counts.iter_mut().zip(c2) {
                *count += more;
            }
            return;
        }
        let mut map: rustc_hash::FxHashMap<i32, u64> = match std::mem::take(self) {
            Days::Sparse(map) => map,
            dense => dense.iter().collect(),
        };
        for (day, count) in other.iter() {
            *map.entry(day).or_default() += count;
        }
        *self = Days::Sparse(map);
    }
}

/// The UTC day (days since 1970-01-01) of an instant in seconds.
fn day_of(seconds: i64) -> i32 {
    seconds.div_euclid(DAY_SECONDS) as i32
}

/// The calendar date (year, month 1-12, day 1-31) of a day number, in the proleptic
/// Gregorian calendar: Howard Hinnant's `civil_from_days`, exact for every `i32` day.
fn civil_from_days(day: i32) -> (i32, u8, u8) {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day_of_month = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u8;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month, day_of_month)
}

/// The day number of a calendar date (the inverse of [`civil_from_days`]).
fn days_from_civil(year: i32, month: u8, day: u8) -> i32 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era - 719_468) as i32
}

/// Names the non-zero `counts` of a segment, indexed by the term ordinals of `column`: one
/// pass over its dictionary (looking each ordinal up on its own costs a block decode each,
/// which made facets over thousands of distinct sources slow).
fn named<T: Default + PartialEq>(
    column: Option<&StrColumn>,
    counts: Vec<T>,
) -> rustc_hash::FxHashMap<String, T> {
    let mut named = rustc_hash::FxHashMap::default();
    let Some(column) = column else {
        return named;
    };
    let Ok(mut terms) = column.dictionary().stream() else {
        return named;
    };
    let mut counts: Vec<Option<T>> = counts.into_iter().map(Some).collect();
    while terms.advance() {
        let Some(count) = counts
            .get_mut(terms.term_ord() as usize)
            .and_then(Option::take)
            .filter(|count| *count != T::default())
        else {
            continue;
        };
        if let Ok(name) = std::str::from_utf8(terms.key()) {
            named.insert(name.to_owned(), count);
        }
    }
    named
}

/// One segment's counts by the term ordinals of a keyword column.
pub(crate) struct TermCounts {
    /// The column, whose dictionary names the ordinals.
    pub(crate) column: StrColumn,
    /// Counts, indexed by ordinal.
    pub(crate) counts: Vec<u64>,
}

/// A value's total while choosing the top ones: the greatest is the worst kept (lower
/// count, then later value), so a max-heap of these has the one to drop on top.
#[derive(PartialEq, Eq)]
struct Kept(u64, Vec<u8>);

impl Ord for Kept {
    fn cmp(&self, other: &Kept) -> std::cmp::Ordering {
        other.0.cmp(&self.0).then_with(|| self.1.cmp(&other.1))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Kept) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The `keep` values with the highest totals over `segments` (most first, ties by value)
/// and how many values have a total above zero. The segments' dictionaries are sorted, so
/// one merge of their streams sums each value without naming any but the ones kept.
pub(crate) fn top_values(
    segments: &[TermCounts],
    keep: usize,
) -> std::io::Result<(Vec<ValueCount>, usize)> {
    let mut streams = Vec::with_capacity(segments.len());
    for segment in segments {
        let mut stream = segment.column.dictionary().stream()?;
        if stream.advance() {
            streams.push((stream, &segment.counts));
        }
    }
    let mut kept: std::collections::BinaryHeap<Kept> = std::collections::BinaryHeap::new();
    let mut distinct = 0;
    let mut at_least = Vec::with_capacity(streams.len());
    while !streams.is_empty() {
        // The smallest current value and every stream standing on it.
        let mut smallest = 0;
        for i in 1..streams.len() {
            if streams[i].0.key() < streams[smallest].0.key() {
                smallest = i;
            }
        }
        at_least.clear();
        let mut total = 0;
        for i in 0..streams.len() {
            if streams[i].0.key() == streams[smallest].0.key() {
                let (stream, counts) = &streams[i];
                total += counts.get(stream.term_ord() as usize).copied().unwrap_or(0);
                at_least.push(i);
            }
        }
        if total > 0 {
            distinct += 1;
            let better = kept.len() < keep || kept.peek().is_some_and(|worst| total > worst.0);
            if better && keep > 0 {
                if kept.len() == keep {
                    kept.pop();
                }
                kept.push(Kept(total, streams[smallest].0.key().to_vec()));
            }
        }
        for &i in at_least.iter().rev() {
            if !streams[i].0.advance() {
                streams.swap_remove(i);
            }
        }
    }
    let values = kept
        .into_sorted_vec()
        .into_iter()
        .filter_map(|Kept(count, value)| {
            Some(ValueCount {
                value: String::from_utf8(value).ok()?,
                count,
            })
        })
        .collect();
    Ok((values, distinct))
}

/// Runs `collector` over the matches of `query`, labelling a failure.
fn collect<C: tantivy::collector::Collector>(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    collector: &C,
) -> Result<C::Fruit> {
    searcher.search(query, collector).context("counting failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_days_round_trip_through_leap_years() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        // 1900 and 2100 are no leap years; 2000 and 2024 are.
        assert_eq!(
            civil_from_days(days_from_civil(1900, 2, 28) + 1),
            (1900, 3, 1)
        );
        assert_eq!(
            civil_from_days(days_from_civil(2100, 2, 28) + 1),
            (2100, 3, 1)
        );
        assert_eq!(
            civil_from_days(days_from_civil(2024, 2, 28) + 1),
            (2024, 2, 29)
        );
        // Against jiff, over four centuries.
        let epoch = jiff::civil::date(1970, 1, 1);
        for day in (-150_000..150_000).step_by(7) {
            let date = epoch
                .checked_add(jiff::Span::new().days(i64::from(day)))
                .unwrap();
            let expected = (i32::from(date.year()), date.month() as u8, date.day() as u8);
            assert_eq!(civil_from_days(day), expected, "{day}");
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), day);
        }
    }

    #[test]
    fn days_are_utc_days() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(86_399), 0);
        assert_eq!(day_of(86_400), 1);
        assert_eq!(day_of(-1), -1);
    }
}
