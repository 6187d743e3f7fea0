//! Highlighting: the query's words marked in titles, and a passage of the body around them.
//!
//! tantivy's [`SnippetGenerator`] picks the best passage with the analysis chain of each
//! article's language, so an inflected form (`Anschlägen` for `Anschlag`) is marked too, and
//! for German the parts of compounds (`Brand**anschlag**`). The passage is then widened to
//! whole words around the first match and flattened to one line, and every match in it is
//! marked with byte ranges ([`Highlighted`]) that renderers turn into colour or markers.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use anyhow::{Context, Result};
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{Score, Searcher, Term};

use crate::analysis;
use crate::schema::Chain;
use crate::store::NewsIndex;

/// Highlighted text: the text and the byte ranges of the matched words in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlighted {
    /// The text, on one line.
    pub text: String,
    /// Byte ranges of matched words in `text`, ordered, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

/// Marks the query's words in titles and cuts body snippets around them, with the chain of
/// each article's language.
pub(crate) struct Highlighter {
    /// Title and body generators per chain, in [`Chain::ALL`] order; `None` for a chain whose
    /// fields hold no terms (no article is in it).
    chains: Vec<Option<(SnippetGenerator, SnippetGenerator)>>,
}

impl Highlighter {
    /// Prepares highlighting of `query`'s terms: per chain, the terms the query has in that
    /// chain's fields, and for German also its compound-part terms, which are marked inside
    /// compounds ([`analysis::ContainedTerms`]).
    pub(crate) fn new(
        searcher: &Searcher,
        index: &NewsIndex,
        query: &dyn Query,
    ) -> Result<Highlighter> {
        Highlighter::with_passage(searcher, index, query, SNIPPET_CHARS)
    }

    /// Like [`Highlighter::new`], with body passages of up to `passage_chars` (tantivy counts
    /// them in bytes): [`Highlighter::text`] marks matches in that much of a text.
    pub(crate) fn with_passage(
        searcher: &Searcher,
        index: &NewsIndex,
        query: &dyn Query,
        passage_chars: usize,
    ) -> Result<Highlighter> {
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| terms.push(term.clone()));
        let mut weights: HashMap<Field, BTreeMap<String, Score>> = HashMap::new();
        for term in &terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let doc_freq = searcher.doc_freq(term).context("cannot prepare snippets")?;
            if doc_freq > 0 {
                weights
                    .entry(term.field())
                    .or_default()
                    .insert(text.to_owned(), 1.0 / (1.0 + doc_freq as Score));
            }
        }
        let parts = weights
            .get(&index.fields.parts)
            .cloned()
            .unwrap_or_default();
        let chains = Chain::ALL
            .iter()
            .map(|&chain| {
                let fields = index.fields.chain(chain);
                if !index.may_have_terms(fields.body) && !index.may_have_terms(fields.title) {
                    return None;
                }
                let mut title_terms = weights.get(&fields.title).cloned().unwrap_or_default();
                let mut body_terms = weights.get(&fields.body).cloned().unwrap_or_default();
                let analyzer = match chain {
                    Chain::German => {
                        let wanted: Vec<String> = title_terms
                            .keys()
                            .chain(body_terms.keys())
                            .cloned()
                            .collect();
                        title_terms.extend(parts.clone());
                        body_terms.extend(parts.clone());
                        analysis::german_highlighting(
                            index.variant,
                            wanted,
                            parts.keys().cloned().collect(),
                        )
                    }
                    Chain::English => analysis::english(),
                    Chain::Neutral => analysis::neutral(),
                };
                let title =
                    SnippetGenerator::new(title_terms, analyzer.clone(), fields.title, 10_000);
                let body = SnippetGenerator::new(body_terms, analyzer, fields.body, passage_chars);
                Some((title, body))
            })
            .collect();
        Ok(Highlighter { chains })
    }

    /// The generators for an article in `language` (another chain's if the index recorded
    /// none of its language: highlighting then only misses inflected forms).
    fn generators(&self, language: Option<&str>) -> Option<&(SnippetGenerator, SnippetGenerator)> {
        let chain = Chain::for_language(language);
        let position = Chain::ALL.iter().position(|c| *c == chain).unwrap_or(0);
        self.chains[position]
            .as_ref()
            .or_else(|| self.chains.iter().flatten().next())
    }

    /// The title with its matched words.
    pub(crate) fn title(&self, title: &str, language: Option<&str>) -> Highlighted {
        let Some((generator, _)) = self.generators(language) else {
            return one_line(title, &[]);
        };
        let snippet = generator.snippet(title);
        one_line(title, &matches_in_text(&snippet, 0))
    }

    /// `text` as it is, its matched words marked (in the first passage's worth of characters:
    /// make the highlighter [`Highlighter::with_passage`] as long as the text).
    pub(crate) fn text(&self, text: &str, language: Option<&str>) -> Highlighted {
        let highlights = match self.generators(language) {
            Some((_, generator)) => matches_in_text(&generator.snippet(text), 0),
            None => Vec::new(),
        };
        Highlighted {
            text: text.to_owned(),
            highlights,
        }
    }

    /// The best passage of `body`, or its beginning when nothing in it matches.
    pub(crate) fn snippet(&self, body: &str, language: Option<&str>) -> Highlighted {
        let Some((_, generator)) = self.generators(language) else {
            return one_line(&leading_chars(body, SNIPPET_CHARS), &[]);
        };
        let snippet = generator.snippet(body);
        if snippet.is_empty() || snippet.highlighted().is_empty() {
            return one_line(&leading_chars(body, SNIPPET_CHARS), &[]);
        }
        // The generator picked the best passage; the words around it are taken from the text
        // (the highlighting chain only sees candidate words, so its fragment is tight).
        let window = context_window(body, &matches_in_text(&snippet, 0));
        // Mark cut ends so a reader knows the passage goes on.
        let prefix = if window.start > 0 { "… " } else { "" };
        let suffix = if window.end < body.len() { " …" } else { "" };
        // Every match in the window is marked, not only those in the generator's fragment.
        let text = &body[window.clone()];
        let marked = generator.snippet(text);
        one_line(
            &format!("{prefix}{text}{suffix}"),
            &matches_in_text(&marked, prefix.len()),
        )
    }
}

/// The byte ranges of `snippet`'s matches in the text it was cut from, moved by `shift`:
/// the generator gives them relative to its fragment, which may start after leading
/// punctuation or further into the text.
/// Overlapping and repeated ranges (a compound matched as a word and through its parts, or
/// by several words of one prefix) are merged, so each match is marked once.
fn matches_in_text(snippet: &Snippet, shift: usize) -> Vec<Range<usize>> {
    let start = snippet.fragment_range().start + shift;
    merge_ranges(
        snippet
            .highlighted()
            .iter()
            .map(|matched| matched.start + start..matched.end + start)
            .collect(),
    )
}

/// `ranges` sorted, with repeated and overlapping ones merged.
fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start < last.end || range == *last => {
                last.end = last.end.max(range.end);
            }
            _ => merged.push(range),
        }
    }
    merged
}

/// `text` on one line: every run of white space (line and paragraph breaks included) becomes
/// one space, ends are trimmed, and the byte `ranges` are moved to match.
fn one_line(text: &str, ranges: &[Range<usize>]) -> Highlighted {
    let mut flat = String::with_capacity(text.len());
    // new_offset[i] = where byte i of `text` lands in `flat` (white space: where the previous
    // character ended).
    let mut new_offset = vec![0; text.len() + 1];
    let mut pending_space = false;
    for (index, c) in text.char_indices() {
        if c.is_whitespace() {
            pending_space = !flat.is_empty();
        } else {
            if pending_space {
                flat.push(' ');
                pending_space = false;
            }
            for offset in &mut new_offset[index..index + c.len_utf8()] {
                *offset = flat.len();
            }
            flat.push(c);
            continue;
        }
        for offset in &mut new_offset[index..index + c.len_utf8()] {
            *offset = flat.len();
        }
    }
    new_offset[text.len()] = flat.len();
    // A range starts on a word and ends after one, so both ends map exactly: a following space
    // or punctuation sits where the word ended.
    let highlights = ranges
        .iter()
        .filter(|range| range.start < range.end && range.end <= text.len())
        .map(|range| new_offset[range.start]..new_offset[range.end])
        .collect();
    Highlighted {
        text: flat,
        highlights,
    }
}

/// About [`SNIPPET_CHARS`] characters of `text` around `matches` (byte ranges, ordered):
/// starting a few words before the first match, cut at white space.
fn context_window(text: &str, matches: &[Range<usize>]) -> Range<usize> {
    const BEFORE: usize = 60;
    let first = matches.first().map_or(0, |matched| matched.start);
    let back = text[..first]
        .char_indices()
        .rev()
        .nth(BEFORE)
        .map_or(0, |(index, _)| index);
    let start = if back == 0 {
        0
    } else {
        text[back..first]
            .find(char::is_whitespace)
            .map_or(first, |space| back + space + 1)
    };
    let end = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(index, _)| start + index);
    let end = if end >= text.len() {
        text.len()
    } else {
        text[..end]
            .rfind(char::is_whitespace)
            .filter(|&space| space > start)
            .unwrap_or(end)
    };
    // Never cut the first match.
    let end = end.max(matches.first().map_or(0, |matched| matched.end));
    start..end
}

/// The first `count` characters of `text`, cut at a word boundary when possible.
fn leading_chars(text: &str, count: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(count) else {
        return text.to_owned();
    };
    let head = &text[..cut];
    let at_word = head.rfind(char::is_whitespace).filter(|&i| i > cut / 2);
    format!("{} …", head[..at_word.unwrap_or(cut)].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_window_surrounds_the_first_match_at_word_boundaries() {
        let text = format!("{} Anschlag {}", "wort ".repeat(40), "rest ".repeat(80));
        let position = text.find("Anschlag").unwrap();
        let matched = position..position + "Anschlag".len();
        let window = context_window(&text, std::slice::from_ref(&matched));
        assert!(window.start > 0 && window.start < position);
        assert!(text[window.clone()].starts_with("wort"));
        assert!(text[window.clone()].contains("Anschlag"));
        assert!(window.end < text.len());
        assert!(text[window.clone()].chars().count() <= SNIPPET_CHARS);
        assert_eq!(
            context_window("kurz Anschlag", std::slice::from_ref(&(5..13))),
            0..13
        );
    }

    #[test]
    fn leading_chars_cuts_at_words() {
        assert_eq!(leading_chars("kurz", 10), "kurz");
        assert_eq!(leading_chars("eins zwei drei vier", 12), "eins zwei …");
    }

    #[test]
    fn repeated_and_overlapping_matches_are_marked_once() {
        assert_eq!(
            merge_ranges(vec![19..35, 4..15, 19..35, 20..25, 35..40]),
            [4..15, 19..35, 35..40]
        );
    }

    #[test]
    fn one_line_collapses_white_space_and_moves_ranges() {
        let text = "Der Anschlag.\n\n  Die Straße   war gesperrt. ";
        let flat = one_line(text, &[4..12, 21..28]);
        assert_eq!(flat.text, "Der Anschlag. Die Straße war gesperrt.");
        let marked: Vec<&str> = flat
            .highlights
            .iter()
            .map(|r| &flat.text[r.clone()])
            .collect();
        assert_eq!(marked, ["Anschlag", "Straße"]);
    }
}
