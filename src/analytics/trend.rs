//! Attention over time: for each day, week, month or year, how many articles match a query,
//! how many articles there are in all, and the share (the view Media Cloud shows by default).
//!
//! "All articles" are those passing the same filters (sources, languages) without the query,
//! so a share reads "of dpa's German articles that month, 4 % were about this". Split by
//! source (`by_agency`), each source's series is normalised by that source's own articles.
//! Periods run from the period's first day (or the first dated article) to its last (or the
//! last dated article), every period present, empty ones as zero. Articles without a date
//! are counted apart ([`Series::undated`]), never dropped silently. Weeks start on Monday
//! and are labelled by their ISO week (`2016-W18`); all days are UTC days.

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{AllQuery, Query};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::warm::Warm;
use super::{Days, Scope, SegmentScope, civil_from_days, collect, day_of, days_from_civil, named};
use crate::search::query::parse_query;
use crate::store::NewsIndex;

/// Most periods a trend may have: 20,000 days is 55 years.
pub const MAX_PERIODS: i64 = 20_000;

/// Length of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// One UTC day.
    Day,
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Interval {
    /// The name of the interval, as users type it.
    pub fn name(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }

    /// The number of the period holding `day`: consecutive periods have consecutive numbers.
    fn ordinal(self, day: i32) -> i64 {
        let day = i64::from(day);
        match self {
            Interval::Day => day,
            // 1970-01-01 was a Thursday; 1970-01-05, day 4, the first Monday.
            Interval::Week => (day + 3).div_euclid(7),
            Interval::Month => {
                let (year, month, _) = civil_from_days(day as i32);
                i64::from(year) * 12 + i64::from(month) - 1
            }
            Interval::Year => i64::from(civil_from_days(day as i32).0),
        }
    }

    /// The first day of period number `ordinal`.
    fn first_day(self, ordinal: i64) -> i32 {
        match self {
            Interval::Day => ordinal as i32,
            Interval::Week => (ordinal * 7 - 3) as i32,
            Interval::Month => days_from_civil(
                ordinal.div_euclid(12) as i32,
                (ordinal.rem_euclid(12) + 1) as u8,
                1,
            ),
            Interval::Year => days_from_civil(ordinal as i32, 1, 1),
        }
    }

    /// The period's label: `2016-05-03`, `2016-W18`, `2016-05`, `2016`.
    fn label(self, ordinal: i64) -> String {
        let first = self.first_day(ordinal);
        let (year, month, day) = civil_from_days(first);
        match self {
            Interval::Day => format!("{year:04}-{month:02}-{day:02}"),
            Interval::Week => {
                // The ISO week's year is the year of its Thursday.
                let thursday = first + 3;
                let iso_year = civil_from_days(thursday).0;
                let week = (thursday - days_from_civil(iso_year, 1, 1)) / 7 + 1;
                format!("{iso_year:04}-W{week:02}")
            }
            Interval::Month => format!("{year:04}-{month:02}"),
            Interval::Year => format!("{year:04}"),
        }
    }
}

/// What to count.
#[derive(Clone, Debug)]
pub struct TrendRequest {
    /// Query texts, one series each; `None` counts every article in scope.
    pub queries: Vec<Option<String>>,
    /// Length of a period.
    pub interval: Interval,
    /// Split the one query's counts by the sources its articles cite, keeping this many of
    /// the most citing ones.
    pub by_agency: Option<usize>,
    /// Which articles count at all: sources, languages, period.
    pub scope: Scope,
}

/// One period of a trend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Label: `2016-05-03`, `2016-W18`, `2016-05`, `2016`.
    pub label: String,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
}

/// The counts of one query (or of one source of a query) per period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Series {
    /// What the series shows: the query, a source, or "all articles".
    pub label: String,
    /// The query text, `None` for every article.
    pub query: Option<String>,
    /// The source, when split by source.
    pub agency: Option<String>,
    /// Matching articles per period.
    pub matching: Vec<u64>,
    /// All articles in scope per period (the share's denominator).
    pub all: Vec<u64>,
    /// Matching articles without a publication date (in no period).
    pub undated: u64,
    /// Articles in scope without a publication date.
    pub all_undated: u64,
}

impl Series {
    /// Share of all articles in period `index`; `None` when there were none.
    pub fn share(&self, index: usize) -> Option<f64> {
        let all = *self.all.get(index)?;
        (all > 0).then(|| self.matching[index] as f64 / all as f64)
    }

    /// Matching articles in every period.
    pub fn total(&self) -> u64 {
        self.matching.iter().sum()
    }
}

/// Attention over time: the periods and one series per query (or per source).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trend {
    /// Length of a period.
    pub interval: Interval,
    /// Every period in order, empty ones included.
    pub periods: Vec<Period>,
    /// One series per query, or per source.
    pub series: Vec<Series>,
}

/// Counts `request` on `searcher`.
pub fn trend(searcher: &Searcher, index: &NewsIndex, request: &TrendRequest) -> Result<Trend> {
    if request.by_agency.is_some() && request.queries.len() > 1 {
        bail!(super::InvalidRequest(format!(
            "splitting by source takes one query, not {}",
            request.queries.len()
        )));
    }
    let by_agency = request.by_agency.is_some();
    let queries: Vec<Box<dyn Query>> = request
        .queries
        .iter()
        .map(|text| {
            parse_query(index, searcher, text.as_deref()).with_context(|| match text {
                Some(text) => format!("query `{text}`"),
                None => "query".to_owned(),
            })
        })
        .collect::<Result<_>>()?;
    let warm = index.columns.warm(searcher)?;
    let tally = |query: &dyn Query| {
        collect(
            searcher,
            query,
            &Tally {
                scope: &request.scope,
                by_agency,
                warm: warm.clone(),
            },
        )
    };
    let all = tally(&AllQuery)?;
    let matching: Vec<Groups> = queries
        .iter()
        .map(|query| tally(query.as_ref()))
        .collect::<Result<_>>()?;

    // Periods: the scope's, else from the first to the last dated article in scope.
    let interval = request.interval;
    let known_days = || {
        all.values()
            .flat_map(|counts| counts.days.iter().map(|(day, _)| day))
    };
    let first = match request.scope.since {
        Some(since) => Some(day_of(since.as_second())),
        None => known_days().min(),
    };
    let last = match request.scope.before {
        Some(before) => Some(day_of(before.as_second() - 1)),
        None => known_days().max(),
    };
    let ordinals = match (first, last) {
        (Some(first), Some(last)) if first <= last => {
            let (first, last) = (interval.ordinal(first), interval.ordinal(last));
            if last - first + 1 > MAX_PERIODS {
                bail!(super::InvalidRequest(format!(
                    "{} {}s are too many to count (at most {MAX_PERIODS}): choose a longer period or a shorter range",
                    last - first + 1,
                    interval.name()
                )));
            }
            first..=last
        }
        _ => {
            #[allow(clippy::reversed_empty_ranges)]
            let empty = 1..=0;
            empty
        }
    };
    let periods: Vec<Period> = ordinals
        .clone()
        .map(|ordinal| {
            let (year, month, day) = civil_from_days(interval.first_day(ordinal));
            Period {
                label: interval.label(ordinal),
                start: format!("{year:04}-{month:02}-{day:02}"),
            }
        })
        .collect();
    let first_ordinal = *ordinals.start();
    let per_period = |counts: Option<&DayCounts>| -> (Vec<u64>, u64) {
        let mut series = vec![0; periods.len()];
        let Some(counts) = counts else {
            return (series, 0);
        };
        for (day, count) in counts.days.iter() {
            let slot = interval.ordinal(day) - first_ordinal;
            if let Some(cell) = usize::try_from(slot).ok().and_then(|i| series.get_mut(i)) {
                *cell += count;
            }
        }
        (series, counts.undated)
    };

    let mut series = Vec::new();
    if by_agency {
        let groups = &matching[0];
        let mut sources: Vec<(&String, u64)> = groups
            .iter()
            .filter_map(|(group, counts)| Some((group.as_ref()?, counts.total())))
            .collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        sources.truncate(request.by_agency.unwrap_or(usize::MAX));
        for (source, _) in sources {
            let key = Some(source.clone());
            let (counts, undated) = per_period(groups.get(&key));
            let (totals, all_undated) = per_period(all.get(&key));
            series.push(Series {
                label: source.clone(),
                query: request.queries[0].clone(),
                agency: Some(source.clone()),
                matching: counts,
                all: totals,
                undated,
                all_undated,
            });
        }
    } else {
        let (totals, all_undated) = per_period(all.get(&None));
        for (text, groups) in request.queries.iter().zip(&matching) {
            let (counts, undated) = per_period(groups.get(&None));
            series.push(Series {
                label: text.clone().unwrap_or_else(|| "all articles".to_owned()),
                query: text.clone(),
                agency: None,
                matching: counts,
                all: totals.clone(),
                undated,
                all_undated,
            });
        }
    }
    Ok(Trend {
        interval,
        periods,
        series,
    })
}

/// Articles per UTC day, and those without a date.
#[derive(Default, Debug, PartialEq)]
struct DayCounts {
    days: Days,
    undated: u64,
}

impl DayCounts {
    /// Articles counted, dated or not.
    fn total(&self) -> u64 {
        self.days.iter().map(|(_, count)| count).sum::<u64>() + self.undated
    }

    /// Adds `other` to these counts.
    fn add(&mut self, other: DayCounts) {
        self.undated += other.undated;
        self.days.merge(other.days);
    }
}

/// Day counts per source (`None`: not split by source).
type Groups = FxHashMap<Option<String>, DayCounts>;

/// Counts matching articles in scope per day, optionally per cited source.
struct Tally<'a> {
    scope: &'a Scope,
    by_agency: bool,
    /// The searcher's copied columns, if kept.
    warm: Option<Arc<Warm>>,
}

impl Collector for Tally<'_> {
    type Fruit = Groups;
    type Child = SegmentTally;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        let scope = self.scope.for_segment(reader, self.warm.as_deref())?;
        let groups = if self.by_agency {
            scope
                .agencies
                .as_ref()
                .map_or(0, |column| column.num_terms())
        } else {
            1
        };
        // One group is counted in an array over the segment's days; many groups (sources)
        // each in a map, which holds only the days a source has.
        let range = if self.by_agency {
            None
        } else {
            scope.day_range()
        };
        Ok(SegmentTally {
            groups: (0..groups)
                .map(|_| DayCounts {
                    days: Days::for_range(range),
                    undated: 0,
                })
                .collect(),
            seconds: Vec::new(),
            ords: Vec::new(),
            by_agency: self.by_agency,
            scope,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Groups>) -> tantivy::Result<Groups> {
        let mut merged = Groups::default();
        for fruit in fruits {
            for (group, counts) in fruit {
                merged.entry(group).or_default().add(counts);
            }
        }
        Ok(merged)
    }
}

/// [`Tally`] in one segment: groups by term ordinal.
struct SegmentTally {
    scope: SegmentScope,
    by_agency: bool,
    groups: Vec<DayCounts>,
    /// Dates of a block of documents, reused.
    seconds: Vec<Option<i64>>,
    /// Sources of one document, reused.
    ords: Vec<u64>,
}

impl SegmentTally {
    /// Counts `doc`, published at `seconds` or undated, in group `group`.
    fn count(&mut self, group: usize, seconds: Option<i64>) {
        let counts = &mut self.groups[group];
        match seconds {
            Some(seconds) => counts.days.add(day_of(seconds)),
            None => counts.undated += 1,
        }
    }
}

impl SegmentTally {
    /// Counts `doc`, published at `seconds` (or undated), if it is in scope.
    fn tally(&mut self, doc: DocId, seconds: Option<i64>) {
        if !self.scope.agency_passes(doc) || !self.scope.language_passes(doc) {
            return;
        }
        // Undated articles are counted apart whatever the period; dated ones only in it.
        if seconds.is_some() && !self.scope.period_passes(seconds) {
            return;
        }
        if !self.by_agency {
            self.count(0, seconds);
            return;
        }
        let mut ords = std::mem::take(&mut self.ords);
        ords.clear();
        self.scope.for_each_source(doc, |ord| ords.push(ord));
        for &ord in &ords {
            self.count(ord as usize, seconds);
        }
        self.ords = ords;
    }
}

impl SegmentCollector for SegmentTally {
    type Fruit = Groups;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let seconds = self.scope.seconds(doc);
        self.tally(doc, seconds);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut seconds = std::mem::take(&mut self.seconds);
        self.scope.seconds_of(docs, &mut seconds);
        for (&doc, &seconds) in docs.iter().zip(&seconds) {
            self.tally(doc, seconds);
        }
        self.seconds = seconds;
    }

    fn harvest(self) -> Groups {
        let mut groups = Groups::default();
        if !self.by_agency {
            groups.insert(None, self.groups.into_iter().next().unwrap_or_default());
            return groups;
        }
        named(self.scope.agencies.as_ref(), self.groups)
            .into_iter()
            .map(|(name, counts)| (Some(name), counts))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_numbered_and_labelled() {
        let day = |y, m, d| days_from_civil(y, m, d);
        // 2016-05-02 is a Monday: it starts ISO week 18.
        let week = Interval::Week.ordinal(day(2016, 5, 2));
        assert_eq!(Interval::Week.ordinal(day(2016, 5, 8)), week);
        assert_eq!(Interval::Week.ordinal(day(2016, 5, 9)), week + 1);
        assert_eq!(Interval::Week.first_day(week), day(2016, 5, 2));
        assert_eq!(Interval::Week.label(week), "2016-W18");
        // 2021-01-01 (a Friday) belongs to week 53 of 2020; 2024-12-30 to week 1 of 2025.
        assert_eq!(
            Interval::Week.label(Interval::Week.ordinal(day(2021, 1, 1))),
            "2020-W53"
        );
        assert_eq!(
            Interval::Week.label(Interval::Week.ordinal(day(2024, 12, 30))),
            "2025-W01"
        );
        let month = Interval::Month.ordinal(day(2024, 2, 29));
        assert_eq!(Interval::Month.ordinal(day(2024, 3, 1)), month + 1);
        assert_eq!(Interval::Month.label(month), "2024-02");
        assert_eq!(Interval::Month.first_day(month + 11), day(2025, 1, 1));
        assert_eq!(Interval::Year.label(2016), "2016");
        assert_eq!(Interval::Day.label(day(2000, 2, 29) as i64), "2000-02-29");
    }
}
