//! Every match of a search, in the search's order, handed over one hit at a time: for
//! exports of any size (`search --all`).
//!
//! Only the ranking keys of the matches are held (score, date and address: 32 bytes each, so
//! 32 MB for a million hits); articles are loaded, highlighted and passed on in chunks, on
//! all cores, and dropped. Matches equal in score and date come in index order (a page of
//! [`super::search`] puts them in id order).

use std::cmp::Ordering;

use anyhow::Result;
use rayon::prelude::*;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::highlight::Highlighter;
use super::{Hit, SearchRequest, SortOrder, load_hit, prepare};
use crate::schema;
use crate::store::NewsIndex;

/// Articles loaded at a time.
const CHUNK: usize = 256;

/// Runs `request` on `searcher` and gives `sink` every hit from the request's offset on (its
/// limit is ignored), in order; returns the number of matches. `warnings` hears what the user
/// should be told, as with [`super::search_noting`].
pub fn for_each_hit(
    searcher: &Searcher,
    index: &NewsIndex,
    request: &SearchRequest,
    warnings: &mut Vec<String>,
    sink: &mut dyn FnMut(Hit) -> Result<()>,
) -> Result<usize> {
    let prepared = prepare(searcher, index, request, warnings)?;
    let mut matches = searcher.search(
        &*prepared.query,
        &Matches {
            scores: request.sort == SortOrder::Relevance,
        },
    )?;
    let total = matches.len();
    // Undated matches come last in every order, as in a page of hits.
    let dates = |a: &Key, b: &Key, newest: bool| match (a.seconds, b.seconds) {
        (Some(x), Some(y)) if newest => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (x, y) => y.is_some().cmp(&x.is_some()),
    };
    let order = |a: &Key, b: &Key| -> Ordering {
        match request.sort {
            SortOrder::Relevance => b.score.total_cmp(&a.score).then(dates(a, b, true)),
            SortOrder::Newest => dates(a, b, true),
            SortOrder::Oldest => dates(a, b, false),
        }
        .then(a.address.cmp(&b.address))
    };
    matches.par_sort_unstable_by(order);
    let highlighter = if request.snippets {
        Some(Highlighter::new(searcher, index, &*prepared.text_query)?)
    } else {
        None
    };
    let scored = request.sort == SortOrder::Relevance;
    for chunk in matches
        .get(request.offset.min(total)..)
        .unwrap_or_default()
        .chunks(CHUNK)
    {
        let hits: Vec<Result<Hit>> = chunk
            .par_iter()
            .map(|key| {
                load_hit(
                    searcher,
                    index,
                    highlighter.as_ref(),
                    scored.then_some(key.score),
                    key.address,
                )
            })
            .collect();
        for hit in hits {
            sink(hit?)?;
        }
    }
    Ok(total)
}

/// What a match is ordered by.
#[derive(Clone, Copy, Debug)]
struct Key {
    score: Score,
    seconds: Option<i64>,
    address: DocAddress,
}

/// Collects the ranking keys of every match.
struct Matches {
    scores: bool,
}

impl Collector for Matches {
    type Fruit = Vec<Key>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            segment,
            dates: reader
                .fast_fields()
                .column_opt::<DateTime>(schema::fast::DATE)?,
            keys: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scores
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Key>>) -> tantivy::Result<Vec<Key>> {
        Ok(fruits.concat())
    }
}

/// [`Matches`] in one segment.
struct SegmentMatches {
    segment: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    keys: Vec<Key>,
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Key>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let seconds = self
            .dates
            .as_ref()
            .and_then(|dates| dates.first(doc))
            .map(DateTime::into_timestamp_secs);
        self.keys.push(Key {
            score,
            seconds,
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<Key> {
        self.keys
    }
}
