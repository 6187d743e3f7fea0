//! Counting articles per value of a keyword field (agencies, languages) from its fast-field
//! column, over the live articles; and listing the values a keyword field holds, from its
//! term dictionaries.

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::AllQuery;
use tantivy::schema::Field;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::analytics::{TermCounts, top_values};

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
