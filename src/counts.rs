//! Counting articles per value of a keyword field (agencies, languages) with tantivy's terms
//! aggregation, which reads the fast-field columns and honours deletions; and listing the
//! values a keyword field holds, from its term dictionaries.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::Searcher;
use tantivy::aggregation::AggregationCollector;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::query::AllQuery;
use tantivy::schema::Field;

/// Largest number of distinct values reported.
const MAX_VALUES: u32 = 100_000;

/// One value and the number of articles holding it (read from tantivy's aggregation result,
/// written as `value` and `count`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct ValueCount {
    /// The value (a canonical agency name, a language code).
    #[serde(rename(deserialize = "key"))]
    pub value: String,
    /// Number of articles with that value.
    #[serde(rename(deserialize = "doc_count"))]
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

/// Counts articles per value of `field`, most frequent first, ties by value.
pub fn count_values(searcher: &Searcher, field: &str) -> Result<Vec<ValueCount>> {
    let request: Aggregations = serde_json::from_value(serde_json::json!({
        "values": { "terms": { "field": field, "size": MAX_VALUES, "min_doc_count": 1 } }
    }))
    .context("cannot build terms aggregation")?;
    let collector = AggregationCollector::from_aggs(request, Default::default());
    let results = searcher
        .search(&AllQuery, &collector)
        .with_context(|| format!("cannot count values of `{field}`"))?;
    let json = serde_json::to_value(results).context("cannot read aggregation")?;
    let mut counts: Vec<ValueCount> = serde_json::from_value(json["values"]["buckets"].clone())
        .context("unexpected aggregation result")?;
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    Ok(counts)
}
