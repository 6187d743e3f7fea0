//! The counts that come with a search: over every matching article, how many there are, which
//! sources they cite, their languages and their years.
//!
//! Each dimension's counts respect every filter except its own (Elasticsearch's post-filter
//! semantics): with `--agency dpa` the source counts still show the other sources of the
//! query's articles in the chosen languages and period, with `--lang de` the language counts
//! show English too, and with `--since 2016` the year counts show the earlier years. The hit
//! count respects all filters. Articles without a source, language or date are counted as
//! `missing` in that dimension.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::warm::Warm;
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
    warm: Option<Arc<Warm>>,
) -> anyhow::Result<Facets> {
    let collector = FacetCollector {
        scope,
        warm: warm.clone(),
    };
    let counts = collect(searcher, query, &collector)?;
    let mut years: FxHashMap<i32, u64> = FxHashMap::default();
    for (day, count) in counts.days.iter() {
        *years.entry(civil_from_days(day).0).or_default() += count;
    }
    let mut years: Vec<(i32, u64)> = years.into_iter().collect();
    years.sort_unstable();
    let read = |error| anyhow::anyhow!("cannot read the value dictionary: {error}");
    let (sources, distinct_sources) = match &warm {
        Some(warm) => top_global(warm, &counts.global_sources, top_sources),
        None => top_values(&counts.sources, top_sources).map_err(read)?,
    };
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

/// The `keep` sources with the most articles in `counts` (global ordinals and counts, an
/// ordinal more than once when several segments hold it), most first and ties by name, and
/// how many sources have any.
fn top_global(warm: &Warm, counts: &[(u32, u64)], keep: usize) -> (Vec<ValueCount>, usize) {
    let mut totals = vec![0_u64; warm.source_count()];
    for &(ord, count) in counts {
        totals[ord as usize] += count;
    }
    // Global ordinals follow the names' order, so a smaller ordinal is the earlier name.
    let mut kept: BinaryHeap<(Reverse<u64>, u32)> = BinaryHeap::new();
    let mut distinct = 0;
    for (ord, &total) in totals.iter().enumerate() {
        if total == 0 {
            continue;
        }
        distinct += 1;
        let candidate = (Reverse(total), ord as u32);
        if kept.len() < keep {
            kept.push(candidate);
        } else if kept.peek().is_some_and(|worst| candidate < *worst) {
            kept.pop();
            kept.push(candidate);
        }
    }
    let values = kept
        .into_sorted_vec()
        .into_iter()
        .map(|(Reverse(count), ord)| ValueCount {
            value: warm.source_name(ord).to_owned(),
            count,
        })
        .collect();
    (values, distinct)
}

/// Raw counts: by term ordinal per segment (named when the top ones are chosen), by day
/// merged over segments.
#[derive(Default)]
struct Counts {
    hits: u64,
    /// Sources by segment term ordinal, when counted without copied columns.
    sources: Vec<TermCounts>,
    /// Sources by global ordinal, when counted with copied columns.
    global_sources: Vec<(u32, u64)>,
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
        self.global_sources.extend(other.global_sources);
        self.languages.extend(other.languages);
        self.days.merge(other.days);
    }
}

/// Counts the facets in one pass over the matches.
struct FacetCollector<'a> {
    scope: &'a Scope,
    /// The searcher's copied columns, if kept.
    warm: Option<Arc<Warm>>,
}

impl Collector for FacetCollector<'_> {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let scope = self.scope.for_segment(reader, self.warm.as_deref())?;
        let global_sources = match &self.warm {
            None => None,
            Some(warm) => match warm.segment(reader.segment_id()) {
                Some(segment) => Some(Arc::clone(&segment.global_sources)),
                None => {
                    return Err(tantivy::TantivyError::InternalError(
                        "the copied columns miss a segment of the searcher".to_owned(),
                    ));
                }
            },
        };
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
            global_sources,
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
    /// Global ordinals of the segment's sources, when its columns are copied.
    global_sources: Option<Arc<[u32]>>,
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
            let sources = &mut self.sources;
            if !scope.for_each_source(doc, |ord| sources[ord as usize] += 1) {
                self.unsourced += 1;
            }
        }
        if by_agency && by_period {
            match scope.language(doc) {
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
        let (sources, global_sources) = match self.global_sources {
            None => (by_ordinal(self.scope.agencies, self.sources), Vec::new()),
            Some(global) => (
                Vec::new(),
                self.sources
                    .iter()
                    .enumerate()
                    .filter(|(_, count)| **count > 0)
                    .map(|(ord, count)| (global[ord], *count))
                    .collect(),
            ),
        };
        Counts {
            hits: self.hits,
            sources,
            global_sources,
            unsourced: self.unsourced,
            languages: by_ordinal(self.scope.languages, self.languages),
            no_language: self.no_language,
            days: self.days,
            undated: self.undated,
        }
    }
}
