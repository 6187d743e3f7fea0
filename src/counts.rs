//! Counting articles per value of a keyword field (agencies, languages) from its fast-field
//! column, over the live articles; listing the values a keyword field holds, from its term
//! dictionaries; and what the whole index holds ([`index_stats`]).

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::AllQuery;
use tantivy::schema::Field;
use tantivy::{DateTime, DocId, Order, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::analytics::{TermCounts, top_values};
use crate::schema;
use crate::store::NewsIndex;

/// One value and the number of articles holding it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValueCount {
    /// The value (a canonical agency name, a language code).
    pub value: String,
    /// Number of articles with that value.
    pub count: u64,
}

/// Every value of the keyword `field` in the index, sorted, read from the term dictionaries
/// (cheaper than counting; a value only deleted articles had may be listed until a merge).
pub fn indexed_values(searcher: &Searcher, field: Field) -> tantivy::Result<Vec<String>> {
    let mut values = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            if let Ok(value) = std::str::from_utf8(terms.key()) {
                values.insert(value.to_owned());
            }
        }
    }
    Ok(values.into_iter().collect())
}

/// Counts articles per value of `field`, most frequent first, ties by value: every value,
/// however many (tantivy's terms aggregation refuses more than 65,000 buckets, which a
/// million-article archive of many outlets exceeds).
pub fn count_values(searcher: &Searcher, field: &str) -> Result<Vec<ValueCount>> {
    let segments = searcher
        .search(&AllQuery, &ValueCounter { field })
        .with_context(|| format!("cannot count values of `{field}`"))?;
    let (values, _) = top_values(&segments, usize::MAX)
        .with_context(|| format!("cannot read the values of `{field}`"))?;
    Ok(values)
}

/// Counts the articles per term ordinal of a keyword field's column, per segment.
struct ValueCounter<'a> {
    field: &'a str,
}

impl Collector for ValueCounter<'_> {
    type Fruit = Vec<TermCounts>;
    type Child = SegmentValueCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentValueCounter> {
        let column = reader.fast_fields().str(self.field)?;
        let counts = vec![0; column.as_ref().map_or(0, |column| column.num_terms())];
        Ok(SegmentValueCounter { column, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<TermCounts>>) -> tantivy::Result<Vec<TermCounts>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

/// [`ValueCounter`] in one segment.
struct SegmentValueCounter {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl SegmentCollector for SegmentValueCounter {
    type Fruit = Vec<TermCounts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            for ord in column.ords().values_for_doc(doc) {
                self.counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self) -> Vec<TermCounts> {
        let counts = self.counts;
        self.column
            .map(|column| TermCounts { column, counts })
            .into_iter()
            .collect()
    }
}

/// The facts `stats` reports.
#[derive(Serialize)]
pub struct Stats {
    /// Index directory.
    pub index: String,
    /// Articles in the index.
    pub articles: u64,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// Earliest publication date (`YYYY-MM-DD`).
    pub earliest: Option<String>,
    /// Latest publication date (`YYYY-MM-DD`).
    pub latest: Option<String>,
    /// Articles per language code.
    pub languages: Vec<LanguageCount>,
    /// Time of the last commit (RFC 3339).
    pub last_indexed: Option<String>,
    /// newsidx version that made the last commit.
    pub indexed_by: Option<String>,
}

/// Articles in one language.
#[derive(Serialize)]
pub struct LanguageCount {
    /// ISO 639-1 code.
    pub language: String,
    /// Articles.
    pub count: u64,
}

/// What the index holds, as `newsidx stats` reports it.
pub fn index_stats(index: &NewsIndex, searcher: &Searcher) -> Result<Stats> {
    let commit = index.commit_info()?;
    Ok(Stats {
        index: index.dir.display().to_string(),
        articles: searcher.num_docs(),
        size_bytes: index.size_on_disk(),
        earliest: extreme_date(searcher, Order::Asc)?,
        latest: extreme_date(searcher, Order::Desc)?,
        languages: count_values(searcher, schema::fast::LANG)?
            .into_iter()
            .map(|ValueCount { value, count }| LanguageCount {
                language: value,
                count,
            })
            .collect(),
        last_indexed: commit.as_ref().map(|info| info.committed_at.clone()),
        indexed_by: commit.map(|info| info.newsidx_version),
    })
}

/// The earliest (`Asc`) or latest (`Desc`) publication day in the index.
fn extreme_date(searcher: &Searcher, order: Order) -> Result<Option<String>> {
    let top = TopDocs::with_limit(1).order_by((
        SortByStaticFastValue::<DateTime>::for_field(schema::fast::DATE),
        order,
    ));
    let hits = searcher
        .search(&AllQuery, &top)
        .context("cannot read publication dates")?;
    Ok(hits.into_iter().find_map(|(date, _)| date).map(|date| {
        let seconds = date.into_timestamp_secs();
        jiff::Timestamp::from_second(seconds)
            .map(|timestamp| {
                timestamp
                    .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                    .date()
                    .to_string()
            })
            .unwrap_or_else(|_| seconds.to_string())
    }))
}
