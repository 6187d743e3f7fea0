//! Searching: a request (query text and filters) -> tantivy query -> ranked hits with snippets.
//!
//! Query text goes through tantivy's query parser over title (boosted), body and tags, using
//! the same analyzer as the text, so `Anschläge` finds `Anschlag`. Terms are optional by
//! default (any may match; BM25 ranks articles matching more of them first), so a question in
//! natural language works; `+must`, `-exclude`, `AND`/`OR`/`NOT`, `"phrases"` and `field:`
//! prefixes work as users know them. Filters (agencies, date range) are required clauses.
//! Ties in score are broken by date (newest first), then id, so output is deterministic.

use std::ops::{Bound, Range};

use anyhow::{Context, Result, anyhow};
use jiff::Timestamp;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::article::Article;
use crate::schema::DEFAULT_SEARCH_BOOSTS;
use crate::store::NewsIndex;

/// How hits are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first (ties: newer first).
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// How query text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuerySyntax {
    /// The query language: `+must`, `-not`, `AND`/`OR`/`NOT`, `"phrases"`, `field:`.
    Full,
    /// Words only: every operator character is taken as a space (for questions in natural
    /// language, such as evaluation queries).
    Plain,
}

/// What the user asked for.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    /// Query text; `None` lists every article passing the filters.
    pub query: Option<String>,
    /// How to read the query text.
    pub syntax: QuerySyntax,
    /// Whether hits get highlighted titles and snippets (evaluation needs only ids).
    pub snippets: bool,
    /// Canonical agency names; an article citing any of them passes.
    pub agencies: Vec<String>,
    /// Earliest publication instant, inclusive.
    pub since: Option<Timestamp>,
    /// Publication instant to stay before, exclusive.
    pub before: Option<Timestamp>,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Order of the hits.
    pub sort: SortOrder,
}

/// Highlighted text: the text and the byte ranges of the matched words in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlighted {
    /// The text, on one line.
    pub text: String,
    /// Byte ranges of matched words in `text`, ordered, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

/// One ranked hit.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The stored article.
    pub article: Article,
    /// BM25 score, when the order is by relevance.
    pub score: Option<f32>,
    /// The title with matched words marked.
    pub title: Highlighted,
    /// A passage of the body around the matches (the start of the body without a query).
    pub snippet: Highlighted,
}

/// The result of a search.
#[derive(Clone, Debug)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total_hits: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
}

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

/// Runs `request` against the last commit of `index`.
pub fn search(index: &NewsIndex, request: &SearchRequest) -> Result<SearchResults> {
    let reader = index.reader()?;
    search_with(&reader.searcher(), index, request)
}

/// Runs `request` with `searcher` (one searcher can serve many requests).
pub fn search_with(
    searcher: &Searcher,
    index: &NewsIndex,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let text = request.query.as_deref().map(|text| match request.syntax {
        QuerySyntax::Full => text.to_owned(),
        QuerySyntax::Plain => plain_words(text),
    });
    let text_query = parse_query(index, text.as_deref())?;
    let query = with_filters(index, text_query.box_clone(), request);

    let total_hits = searcher.search(&query, &Count).context("search failed")?;
    if request.limit == 0 || request.offset >= total_hits {
        return Ok(SearchResults {
            total_hits,
            hits: Vec::new(),
        });
    }
    let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
    let ranked: Vec<(Option<f32>, DocAddress)> = match request.sort {
        SortOrder::Relevance => searcher
            .search(
                &query,
                &top.order_by((
                    (SortBySimilarityScore, Order::Desc),
                    (
                        SortByStaticFastValue::<DateTime>::for_field("date"),
                        Order::Desc,
                    ),
                    (SortByString::for_field("id"), Order::Asc),
                )),
            )
            .context("search failed")?
            .into_iter()
            .map(|((score, _, _), address)| (Some(score), address))
            .collect(),
        SortOrder::Newest | SortOrder::Oldest => {
            let order = if request.sort == SortOrder::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            searcher
                .search(
                    &query,
                    &top.order_by((
                        (SortByStaticFastValue::<DateTime>::for_field("date"), order),
                        (SortByString::for_field("id"), Order::Asc),
                    )),
                )
                .context("search failed")?
                .into_iter()
                .map(|(_, address)| (None, address))
                .collect()
        }
    };

    let highlighter = if request.snippets {
        Some(Highlighter::new(searcher, index, &*text_query)?)
    } else {
        None
    };
    let hits = ranked
        .into_iter()
        .map(|(score, address)| {
            let doc: TantivyDocument = searcher
                .doc(address)
                .with_context(|| format!("cannot load document {address:?}"))?;
            let article = index.fields.to_article(&doc)?;
            let (title, snippet) = match &highlighter {
                Some(highlighter) => (
                    highlighter.title(&article.title),
                    highlighter.snippet(&article.body),
                ),
                None => Default::default(),
            };
            Ok(Hit {
                score,
                title,
                snippet,
                article,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(SearchResults { total_hits, hits })
}

/// `text` with every character that has a meaning in the query language replaced by a space,
/// and the operator words lowercased, so that only words remain.
fn plain_words(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .map(|word| match word {
            "AND" | "OR" | "NOT" | "IN" => word.to_lowercase(),
            _ => word.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses the user's query text; no text means every article.
fn parse_query(index: &NewsIndex, text: Option<&str>) -> Result<Box<dyn Query>> {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(Box::new(AllQuery));
    };
    let schema = index.index.schema();
    let mut fields = Vec::new();
    let mut parser_fields = Vec::new();
    for (name, boost) in DEFAULT_SEARCH_BOOSTS {
        let field = schema
            .get_field(name)
            .map_err(|_| anyhow!("the index has no field `{name}`"))?;
        fields.push((field, boost));
        parser_fields.push(field);
    }
    let mut parser = QueryParser::for_index(&index.index, parser_fields);
    for (field, boost) in fields {
        parser.set_field_boost(field, boost);
    }
    match parser.parse_query(text) {
        Ok(query) => Ok(query),
        // Only exclusions left: either the user wrote only `-word`s (meaning "all but"), or
        // every word was a stop word (nothing to look for).
        Err(QueryParserError::AllButQueryForbidden) => {
            let excludes = text
                .split_whitespace()
                .any(|word| word.starts_with('-') || word == "NOT");
            if excludes {
                parser
                    .parse_query(&format!("* {text}"))
                    .map_err(|error| anyhow!("invalid query `{text}`: {error}"))
            } else {
                Ok(Box::new(EmptyQuery))
            }
        }
        Err(error) => Err(anyhow!("invalid query `{text}`: {error}")),
    }
}

/// Adds the request's filters to `query` as required clauses.
fn with_filters(
    index: &NewsIndex,
    query: Box<dyn Query>,
    request: &SearchRequest,
) -> Box<dyn Query> {
    let fields = &index.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    if !request.agencies.is_empty() {
        let any_agency: Vec<(Occur, Box<dyn Query>)> = request
            .agencies
            .iter()
            .map(|name| {
                let term = Term::from_field_text(fields.agency, name);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_agency))));
    }
    if request.since.is_some() || request.before.is_some() {
        let bound = |timestamp: Timestamp| {
            Term::from_field_date_for_search(
                fields.date,
                DateTime::from_timestamp_secs(timestamp.as_second()),
            )
        };
        let lower = request
            .since
            .map_or(Bound::Unbounded, |t| Bound::Included(bound(t)));
        let upper = request
            .before
            .map_or(Bound::Unbounded, |t| Bound::Excluded(bound(t)));
        clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
    }
    if clauses.len() == 1 {
        return clauses.remove(0).1;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Marks the query's words in titles and cuts body snippets around them.
struct Highlighter {
    /// Highlights whole titles.
    title: SnippetGenerator,
    /// Picks and highlights the best body passage.
    body: SnippetGenerator,
}

impl Highlighter {
    /// Prepares highlighting of `query`'s terms with the index's analyzers.
    fn new(searcher: &Searcher, index: &NewsIndex, query: &dyn Query) -> Result<Highlighter> {
        let mut title = SnippetGenerator::create(searcher, query, index.fields.title)
            .context("cannot prepare title highlighting")?;
        title.set_max_num_chars(10_000);
        let mut body = SnippetGenerator::create(searcher, query, index.fields.body)
            .context("cannot prepare snippets")?;
        body.set_max_num_chars(SNIPPET_CHARS);
        Ok(Highlighter { title, body })
    }

    /// The title with its matched words.
    fn title(&self, title: &str) -> Highlighted {
        let snippet = self.title.snippet(title);
        // Ranges are relative to the fragment, which may start after leading punctuation.
        let start = snippet.fragment_range().start;
        let ranges: Vec<Range<usize>> = snippet
            .highlighted()
            .iter()
            .map(|range| range.start + start..range.end + start)
            .collect();
        one_line(title, &ranges)
    }

    /// The best passage of `body`, or its beginning when nothing in it matches.
    fn snippet(&self, body: &str) -> Highlighted {
        let snippet = self.body.snippet(body);
        if snippet.is_empty() || snippet.highlighted().is_empty() {
            return one_line(&leading_chars(body, SNIPPET_CHARS), &[]);
        }
        // Mark cut ends so a reader knows the passage goes on.
        let range = snippet.fragment_range();
        let prefix = if range.start > 0 { "… " } else { "" };
        let suffix = if range.end < body.len() { " …" } else { "" };
        let ranges: Vec<Range<usize>> = snippet
            .highlighted()
            .iter()
            .map(|matched| matched.start + prefix.len()..matched.end + prefix.len())
            .collect();
        one_line(&format!("{prefix}{}{suffix}", snippet.fragment()), &ranges)
    }
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
    fn plain_words_drop_operators() {
        assert_eq!(
            plain_words("Wer gewann 2016? (Super-Bowl) \"AND\" title:x OR +y -z"),
            "Wer gewann 2016 Super Bowl and title x or y z"
        );
    }

    #[test]
    fn leading_chars_cuts_at_words() {
        assert_eq!(leading_chars("kurz", 10), "kurz");
        assert_eq!(leading_chars("eins zwei drei vier", 12), "eins zwei …");
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
