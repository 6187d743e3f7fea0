//! The counts that come with a search: over every matching article, how many there are, which
//! sources they cite, their languages and their years.
//!
//! Each dimension's counts respect every filter except its own (Elasticsearch's post-filter
//! semantics): with `--agency dpa` the source counts still show the other sources of the
//! query's articles in the chosen languages and period, with `--lang de` the language counts
//! show English too, and with `--since 2016` the year counts show the earlier years. The hit
//! count respects all filters. Articles without a source, language or date are counted as
//! `missing` in that dimension.

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::{Days, Scope, SegmentScope, TermCounts, civil_from_days, collect, day_of, top_values};
use crate::counts::ValueCount;

/// Counts per value of one dimension.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Dimension {
    /// Values and their article counts: sources and languages most frequent first (ties by
    /// value), years in order; sources cut to the requested number.
    pub values: Vec<ValueCount>,
    /// How many distinct values there are (before any cut).
    pub distinct: usize,
    /// Articles with no value (no cited source, no language, no date).
    pub missing: u64,
}

/// The facets of a search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Articles matching the query and every filter (the search's hit count).
    pub hits: u64,
    /// Cited sources (agencies and outlets), ignoring the source filter.
    pub sources: Dimension,
    /// Languages, ignoring the language filter.
    pub languages: Dimension,
    /// Publication years (UTC), ignoring the period.
    pub years: Dimension,
}

/// Counts the facets of the articles `query` matches within `scope`, keeping the
/// `top_sources` most cited sources.
pub fn facets(
    searcher: &Searcher,
    query: &dyn Query,
    scope: &Scope,
    top_sources: usize,
) -> anyhow::Result<Facets> {
    let counts = collect(searcher, query, &FacetCollector { scope })?;
    let mut years: FxHashMap<i32, u64> = FxHashMap::default();
    for (day, count) in counts.days.iter() {
        *years.entry(civil_from_days(day).0).or_default() += count;
    }
    let mut years: Vec<(i32, u64)> = years.into_iter().collect();
    years.sort_unstable();
    let read = |error| anyhow::anyhow!("cannot read the value dictionary: {error}");
    let (sources, distinct_sources) = top_values(&counts.sources, top_sources).map_err(read)?;
    let (languages, distinct_languages) =
        top_values(&counts.languages, usize::MAX).map_err(read)?;
    Ok(Facets {
        hits: counts.hits,
        sources: Dimension {
            values: sources,
            distinct: distinct_sources,
            missing: counts.unsourced,
        },
        languages: Dimension {
            values: languages,
            distinct: distinct_languages,
            missing: counts.no_language,
        },
        years: Dimension {
            distinct: years.len(),
            values: years
                .into_iter()
                .map(|(year, count)| ValueCount {
                    value: year.to_string(),
                    count,
                })
                .collect(),
            missing: counts.undated,
        },
    })
}

/// Raw counts: by term ordinal per segment (named when the top ones are chosen), by day
/// merged over segments.
#[derive(Default)]
struct Counts {
    hits: u64,
    sources: Vec<TermCounts>,
    unsourced: u64,
    languages: Vec<TermCounts>,
    no_language: u64,
    days: Days,
    undated: u64,
}

impl Counts {
    /// Adds `other` to these counts.
    fn add(&mut self, other: Counts) {
        self.hits += other.hits;
        self.unsourced += other.unsourced;
        self.no_language += other.no_language;
        self.undated += other.undated;
        self.sources.extend(other.sources);
        self.languages.extend(other.languages);
        self.days.merge(other.days);
    }
}

/// Counts the facets in one pass over the matches.
struct FacetCollector<'a> {
    scope: &'a Scope,
}

impl Collector for FacetCollector<'_> {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let scope = self.scope.for_segment(reader)?;
        let terms = |column: &Option<StrColumn>| {
            vec![0; column.as_ref().map_or(0, |column| column.num_terms())]
        };
        Ok(SegmentFacets {
            hits: 0,
            sources: terms(&scope.agencies),
            unsourced: 0,
            languages: terms(&scope.languages),
            no_language: 0,
            days: Days::for_range(scope.day_range()),
            undated: 0,
            seconds: Vec::new(),
            scope,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged = Counts::default();
        for fruit in fruits {
            merged.add(fruit);
        }
        Ok(merged)
    }
}

/// [`FacetCollector`] in one segment: counts by term ordinal.
struct SegmentFacets {
    scope: SegmentScope,
    hits: u64,
    sources: Vec<u64>,
    unsourced: u64,
    languages: Vec<u64>,
    no_language: u64,
    days: Days,
    undated: u64,
    /// Dates of a block of documents, reused.
    seconds: Vec<Option<i64>>,
}

impl SegmentFacets {
    /// Counts `doc`, published at `seconds` (or undated).
    fn count(&mut self, doc: DocId, seconds: Option<i64>) {
        let scope = &self.scope;
        let by_agency = scope.agency_passes(doc);
        let by_language = scope.language_passes(doc);
        let by_period = scope.period_passes(seconds);
        if by_agency && by_language && by_period {
            self.hits += 1;
        }
        if by_language && by_period {
            let mut cited = false;
            if let Some(column) = &scope.agencies {
                for ord in column.ords().values_for_doc(doc) {
                    self.sources[ord as usize] += 1;
                    cited = true;
                }
            }
            if !cited {
                self.unsourced += 1;
            }
        }
        if by_agency && by_period {
            match scope
                .languages
                .as_ref()
                .and_then(|column| column.ords().first(doc))
            {
                Some(ord) => self.languages[ord as usize] += 1,
                None => self.no_language += 1,
            }
        }
        if by_agency && by_language {
            match seconds {
                Some(seconds) => self.days.add(day_of(seconds)),
                None => self.undated += 1,
            }
        }
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let seconds = self.scope.seconds(doc);
        self.count(doc, seconds);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut seconds = std::mem::take(&mut self.seconds);
        self.scope.seconds_of(docs, &mut seconds);
        for (&doc, &seconds) in docs.iter().zip(&seconds) {
            self.count(doc, seconds);
        }
        self.seconds = seconds;
    }

    fn harvest(self) -> Counts {
        let by_ordinal = |column: Option<StrColumn>, counts: Vec<u64>| {
            column
                .map(|column| TermCounts { column, counts })
                .into_iter()
                .collect()
        };
        Counts {
            hits: self.hits,
            sources: by_ordinal(self.scope.agencies, self.sources),
            unsourced: self.unsourced,
            languages: by_ordinal(self.scope.languages, self.languages),
            no_language: self.no_language,
            days: self.days,
            undated: self.undated,
        }
    }
}
