//! Spelling help: for a query without hits, the closest words the index does hold.
//!
//! Each query word that matches nothing is analysed like the text, and the index's terms
//! within a small edit distance of it (1 for words of up to five letters, else 2; tantivy's
//! Levenshtein automaton walks the term dictionary) are candidates; the nearest, then the most
//! frequent, wins. Terms are stems (`anschlag`), so the suggestion shows the word as an article
//! wrote it: the first word of a matching article whose analysed form is that term. The
//! suggestion says "meinten Sie" when it comes from German text and "did you mean" otherwise.

use std::collections::HashMap;

use anyhow::{Context, Result};
use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::analysis;
use crate::schema::Chain;
use crate::store::NewsIndex;

/// A corrected query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The query with misspelt words replaced.
    pub query: String,
    /// Whether the corrections come from German text (else English or other).
    pub german: bool,
}

/// A candidate correction of one word.
#[derive(Clone, Debug)]
struct Candidate {
    /// The indexed term.
    term: String,
    /// Field it was found in.
    field: Field,
    /// Its chain.
    chain: Chain,
    /// Edit distance to the query word's term.
    distance: u8,
    /// Documents holding it (summed over segments, deletions included).
    doc_freq: u64,
}

/// Suggests a corrected version of `query` (plain words), or `None` when no word needs or has
/// a correction.
pub fn suggest(searcher: &Searcher, index: &NewsIndex, query: &str) -> Result<Option<Suggestion>> {
    // A pasted paragraph is not a misspelt query; correcting it would only echo it back.
    if query.split_whitespace().nth(MAX_WORDS).is_some() {
        return Ok(None);
    }
    let mut corrected = Vec::new();
    let mut changed = false;
    let mut german = false;
    for word in query.split_whitespace() {
        match correct(searcher, index, word)? {
            Some((replacement, chain)) if replacement.to_lowercase() != word.to_lowercase() => {
                german |= chain == Chain::German;
                changed = true;
                corrected.push(replacement);
            }
            _ => corrected.push(word.to_owned()),
        }
    }
    Ok(changed.then(|| Suggestion {
        query: corrected.join(" "),
        german,
    }))
}

/// Queries with more words than this get no suggestion.
const MAX_WORDS: usize = 12;

/// The analyzer of `chain`'s fields, as the index uses it.
fn analyzer(index: &NewsIndex, chain: Chain) -> TextAnalyzer {
    match chain {
        Chain::German => analysis::german(index.variant),
        Chain::English => analysis::english(),
        Chain::Neutral => analysis::neutral(),
    }
}

/// The best replacement for `word` and the chain it comes from; `None` when the word is
/// found as it is, is a stop word, or has no close term.
fn correct(searcher: &Searcher, index: &NewsIndex, word: &str) -> Result<Option<(String, Chain)>> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return Ok(None);
    }
    let distance: u8 = if letters <= 5 { 1 } else { 2 };
    let mut best: Option<Candidate> = None;
    for chain in Chain::ALL {
        let Some(term) = analysis::terms(&mut analyzer(index, chain), word)
            .into_iter()
            .next()
        else {
            continue;
        };
        let fields = index.fields.chain(chain);
        // Title first: on a tie its spelling is shown (headlines use the base form more).
        for field in [fields.title, fields.body] {
            if doc_freq(searcher, field, &term)? > 0 {
                return Ok(None);
            }
            for candidate in near_terms(searcher, field, chain, &term, distance)? {
                let better = best.as_ref().is_none_or(|best| {
                    (candidate.distance, std::cmp::Reverse(candidate.doc_freq))
                        < (best.distance, std::cmp::Reverse(best.doc_freq))
                });
                if better {
                    best = Some(candidate);
                }
            }
        }
    }
    let Some(best) = best else {
        return Ok(None);
    };
    let surface = surface_form(searcher, index, &best)?.unwrap_or(best.term.clone());
    Ok(Some((surface, best.chain)))
}

/// Documents holding `term` in `field`.
fn doc_freq(searcher: &Searcher, field: Field, term: &str) -> Result<u64> {
    searcher
        .doc_freq(&Term::from_field_text(field, term))
        .context("cannot read term frequencies")
}

/// Terms of `field` (of `chain`) within `distance` edits of `term` (itself excluded), with
/// their document frequencies.
fn near_terms(
    searcher: &Searcher,
    field: Field,
    chain: Chain,
    term: &str,
    distance: u8,
) -> Result<Vec<Candidate>> {
    let automaton = FuzzyTermQuery::new(Term::from_field_text(field, term), distance, true)
        .automaton()
        .context("cannot build spelling automaton")?;
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(field)
            .context("cannot read term dictionary")?;
        let mut stream = inverted
            .terms()
            .search(&automaton)
            .into_stream()
            .context("cannot read term dictionary")?;
        while stream.advance() {
            let Ok(key) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if key != term {
                *found.entry(key.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|(candidate, doc_freq)| Candidate {
            distance: edit_distance(term, &candidate),
            term: candidate,
            field,
            chain,
            doc_freq,
        })
        .collect())
}

/// Levenshtein distance with adjacent transpositions (optimal string alignment, as the
/// automaton counts), capped at 255.
fn edit_distance(a: &str, b: &str) -> u8 {
    u8::try_from(strsim::osa_distance(a, b)).unwrap_or(u8::MAX)
}

/// The word as an article wrote it: the first word in a document holding `candidate.term`
/// whose analysed form is that term.
fn surface_form(
    searcher: &Searcher,
    index: &NewsIndex,
    candidate: &Candidate,
) -> Result<Option<String>> {
    let query = TermQuery::new(
        Term::from_field_text(candidate.field, &candidate.term),
        IndexRecordOption::Basic,
    );
    let top = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .context("cannot look up a spelling")?;
    let Some((_, address)) = top.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*address).context("cannot load document")?;
    let stored = if candidate.field == index.fields.chain(candidate.chain).title {
        index.fields.title
    } else {
        index.fields.body
    };
    let Some(text) = doc
        .get_first(stored)
        .and_then(|value| value.as_str().map(str::to_owned))
    else {
        return Ok(None);
    };
    let mut analyzer = analyzer(index, candidate.chain);
    let mut stream = analyzer.token_stream(&text);
    while stream.advance() {
        let token = stream.token();
        if token.text == candidate.term {
            return Ok(text
                .get(token.offset_from..token.offset_to)
                .map(str::to_owned));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("anschlag", "anschlag"), 0);
        assert_eq!(edit_distance("anschlg", "anschlag"), 1);
        assert_eq!(edit_distance("ansclhag", "anschlag"), 1);
        assert_eq!(edit_distance("kontrole", "kontroll"), 1);
        assert_eq!(edit_distance("abc", "xyz"), 3);
    }
}
