//! Searching: a request (query text and filters) -> tantivy query -> ranked hits with snippets.
//!
//! Query text goes through tantivy's query parser over title (boosted), body and tags, using
//! the same analyzer as the text, so `Anschläge` finds `Anschlag`. Terms are optional by
//! default (any may match; BM25 ranks articles matching more of them first), so a question in
//! natural language works; `+must`, `-exclude`, `AND`/`OR`/`NOT`, `"phrases"` and `field:`
//! prefixes work as users know them. Filters (agencies, date range) are required clauses.
//! Ties in score are broken by date (newest first), then id, so output is deterministic.

use std::collections::{BTreeMap, HashMap};
use std::ops::{Bound, Range};

use anyhow::{Context, Result, anyhow};
use jiff::Timestamp;
use ordered_float::OrderedFloat;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery,
    TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::Field;
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DateTime, DocAddress, Order, Score, Searcher, TantivyDocument, Term};

use crate::analysis::decompound;
use crate::analysis::lexicon::SortedLexicon;
use crate::analysis::{self, Variant};
use crate::article::Article;
use crate::schema::{self, Chain, index_date};
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
    /// ISO 639-1 codes; an article in any of them passes.
    pub languages: Vec<String>,
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

/// Runs `request` with `searcher`, a view of the index's last commit (one searcher can serve
/// many requests).
pub fn search(
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

    // Counting and ranking in one pass over the postings. An offset beyond the articles there
    // are is cut to their number, which keeps the ranking's memory bounded.
    // A limit beyond them likewise (the collector reserves room for the whole page).
    let articles = searcher.num_docs() as usize;
    let offset = request.offset.min(articles);
    let top = TopDocs::with_limit(request.limit.clamp(1, articles.max(1))).and_offset(offset);
    let (total_hits, ranked): (usize, Vec<(Option<f32>, DocAddress)>) = match request.sort {
        SortOrder::Relevance => {
            let (count, docs) = searcher
                .search(
                    &query,
                    &(
                        Count,
                        top.order_by((
                            (SortBySimilarityScore, Order::Desc),
                            (
                                SortByStaticFastValue::<DateTime>::for_field("date"),
                                Order::Desc,
                            ),
                        )),
                    ),
                )
                .context("search failed")?;
            let docs = docs
                .into_iter()
                .map(|((score, _), address)| (Some(score), address))
                .collect();
            (count, docs)
        }
        SortOrder::Newest | SortOrder::Oldest => {
            let order = if request.sort == SortOrder::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let (count, docs) = searcher
                .search(
                    &query,
                    &(
                        Count,
                        top.order_by((SortByStaticFastValue::<DateTime>::for_field("date"), order)),
                    ),
                )
                .context("search failed")?;
            (
                count,
                docs.into_iter()
                    .map(|(_, address)| (None, address))
                    .collect(),
            )
        }
    };
    if request.limit == 0 {
        return Ok(SearchResults {
            total_hits,
            hits: Vec::new(),
        });
    }

    let highlighter = if request.snippets {
        Some(Highlighter::new(searcher, index, &*text_query)?)
    } else {
        None
    };
    let load = |&(score, address): &(Option<f32>, DocAddress)| -> Result<Hit> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .with_context(|| format!("cannot load document {address:?}"))?;
        let article = index.fields.to_article(&doc)?;
        let (title, snippet) = match &highlighter {
            Some(highlighter) => {
                let language = article.language.as_deref();
                (
                    highlighter.title(&article.title, language),
                    highlighter.snippet(&article.body, language),
                )
            }
            None => Default::default(),
        };
        Ok(Hit {
            score,
            title,
            snippet,
            article,
        })
    };
    // Loading and highlighting a page of hits is a third of a search; a second thread halves
    // it (starting one costs a few hundredths of a millisecond).
    let hits: Vec<Hit> = if ranked.len() >= 4 {
        let (first, second) = ranked.split_at(ranked.len() / 2);
        std::thread::scope(|scope| -> Result<Vec<Hit>> {
            let helper = scope.spawn(|| first.iter().map(load).collect::<Result<Vec<Hit>>>());
            let mine = second.iter().map(load).collect::<Result<Vec<Hit>>>();
            let mut hits = helper
                .join()
                .map_err(|_| anyhow!("loading hits failed"))??;
            hits.extend(mine?);
            Ok(hits)
        })?
    } else {
        ranked.iter().map(load).collect::<Result<Vec<Hit>>>()?
    };
    let mut hits = hits;
    // Ties (equal score and date) are put in id order on the page. Breaking them in the
    // collector instead read a compressed string column for every candidate: a sixth of a
    // search's time.
    hits.sort_by(|a, b| {
        let score = |hit: &Hit| hit.score.unwrap_or(0.0);
        let time = |hit: &Hit| hit.article.published.map(|date| date.timestamp());
        // Undated articles come last in every order, as the collector puts them.
        let dates = match (time(a), time(b)) {
            (Some(x), Some(y)) if request.sort == SortOrder::Oldest => x.cmp(&y),
            (Some(x), Some(y)) => y.cmp(&x),
            (x, y) => y.is_some().cmp(&x.is_some()),
        };
        score(b)
            .total_cmp(&score(a))
            .then(dates)
            .then_with(|| a.article.id.cmp(&b.article.id))
    });
    Ok(SearchResults { total_hits, hits })
}

/// `text` with every character that has a meaning in the query language replaced by a space,
/// and the operator words lowercased, so that only words remain.
pub fn plain_words(text: &str) -> String {
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
///
/// The text is parsed into tantivy's query AST, user field names are mapped to indexed
/// fields ([`schema::user_field`]), and the query is built over every language's fields, each
/// analysing the words with its own chain.
fn parse_query(index: &NewsIndex, text: Option<&str>) -> Result<Box<dyn Query>> {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(Box::new(AllQuery));
    };
    // A query of German function words only (`der die das`) looks for nothing, even though
    // the English fields would take `die` for a verb.
    if !text.contains(':') && analysis::german_terms(&plain_words(text)).is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    let defaults: Vec<(Field, f32)> = index
        .fields
        .default_search()
        .into_iter()
        .filter(|(field, _)| index.may_have_terms(*field))
        .collect();
    if defaults.is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    let mut parser = QueryParser::new(
        index.index.schema(),
        defaults.iter().map(|(field, _)| *field).collect(),
        analysis::query_tokenizers(index.variant),
    );
    for (field, boost) in defaults {
        parser.set_field_boost(field, boost);
    }
    let split_compounds = index.variant == Variant::Full;
    let build = |text: &str| -> Result<Box<dyn Query>, QueryParserError> {
        let ast = query_grammar::parse_query(text)
            .map_err(|_| QueryParserError::SyntaxError(text.to_owned()))?;
        let ast = expand_fields(ast, &|name| {
            let schema = index.index.schema();
            schema
                .get_field(name)
                .map_or(true, |field| index.may_have_terms(field))
        })?;
        let ast = if split_compounds {
            expand_compounds(ast)
        } else {
            ast
        };
        parser.build_query_from_user_input_ast(ast)
    };
    match build(text) {
        Ok(query) => Ok(query),
        // Only exclusions left: either the user wrote only `-word`s (meaning "all but"), or
        // every word was a stop word (nothing to look for).
        Err(QueryParserError::AllButQueryForbidden) => {
            let excludes = text
                .split_whitespace()
                .any(|word| word.starts_with('-') || word == "NOT");
            if excludes {
                build(&format!("* {text}")).map_err(|error| query_error(text, error))
            } else {
                Ok(Box::new(EmptyQuery))
            }
        }
        Err(error) => Err(query_error(text, error)),
    }
}

/// The message for a query tantivy refused: the query (shortened) and what is wrong with it.
fn query_error(text: &str, error: QueryParserError) -> anyhow::Error {
    match error {
        QueryParserError::SyntaxError(_) => {
            anyhow!("invalid query `{}`: {}", shorten(text), syntax_hint(text))
        }
        error => anyhow!("invalid query `{}`: {error}", shorten(text)),
    }
}

/// What is most likely wrong with a query tantivy's grammar refused.
fn syntax_hint(text: &str) -> &'static str {
    let mut depth = 0i64;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return "a `)` has no `(`";
                }
            }
            _ => {}
        }
    }
    if quoted {
        "a quotation mark is not closed"
    } else if depth > 0 {
        "a `(` is not closed"
    } else {
        "syntax error (AND, OR, NOT, `:`, `^` and `\\` have a meaning; put words with them in quotes)"
    }
}

/// `text` cut to 200 characters for a message (a pasted paragraph would fill the screen).
pub fn shorten(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Replaces the field names users write (`title:`, `body:`) by the indexed fields they stand
/// for that pass `searched` (fields known to be empty are left out); an unknown name is an
/// error listing the known ones.
fn expand_fields(
    ast: UserInputAst,
    searched: &dyn Fn(&str) -> bool,
) -> Result<UserInputAst, QueryParserError> {
    let fields_of = |name: &str| {
        let fields = schema::user_field(name).ok_or_else(|| {
            QueryParserError::FieldDoesNotExist(format!(
                "{name} (fields are title, body, tags, author)"
            ))
        })?;
        Ok::<_, QueryParserError>(fields.into_iter().filter(|field| searched(field)).collect())
    };
    Ok(match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| Ok((occur, expand_fields(clause, searched)?)))
                .collect::<Result<_, QueryParserError>>()?,
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(expand_fields(*inner, searched)?), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => match literal.field_name.clone() {
                Some(name) => any_of(fields_of(&name)?, |field| {
                    UserInputLeaf::Literal(UserInputLiteral {
                        field_name: Some(field),
                        ..literal.clone()
                    })
                }),
                None => UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
            },
            UserInputLeaf::Range {
                field: Some(name),
                lower,
                upper,
            } => any_of(fields_of(&name)?, |field| UserInputLeaf::Range {
                field: Some(field),
                lower: lower.clone(),
                upper: upper.clone(),
            }),
            UserInputLeaf::Set {
                field: Some(name),
                elements,
            } => any_of(fields_of(&name)?, |field| UserInputLeaf::Set {
                field: Some(field),
                elements: elements.clone(),
            }),
            UserInputLeaf::Exists { field } => {
                any_of(fields_of(&field)?, |field| UserInputLeaf::Exists { field })
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    })
}

/// How much a part of a compound in the query counts, relative to the compound itself. On
/// XQuAD-de, 0.2 to 1.0 all score MRR@10 0.941 to 0.943; 0.5 scored best.
const QUERY_PART_BOOST: f64 = 0.5;

/// Lets a compound in the query also find its parts: the word `Gletscherabfluss` becomes
/// `Gletscherabfluss OR (gletscher OR abfluss)^0.5`, so that an article about the
/// `Abfluss der Gletscher` is found, below one that has the compound itself. Only plain words searched in the default fields are expanded, not phrases, prefixes
/// or field-specific words.
fn expand_compounds(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, expand_compounds(clause)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(expand_compounds(*inner)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal)
                if literal.field_name.is_none()
                    && literal.delimiter == Delimiter::None
                    && !literal.prefix =>
            {
                let Some(split) = decompound::split(&literal.phrase.to_lowercase(), &SortedLexicon)
                else {
                    return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
                };
                let parts = any_of(
                    split.parts.iter().map(|part| (*part).to_owned()).collect(),
                    |word| {
                        UserInputLeaf::Literal(UserInputLiteral {
                            phrase: word,
                            ..literal.clone()
                        })
                    },
                );
                UserInputAst::Clause(vec![
                    (
                        Some(Occur::Should),
                        UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
                    ),
                    (
                        Some(Occur::Should),
                        UserInputAst::Boost(Box::new(parts), OrderedFloat(QUERY_PART_BOOST)),
                    ),
                ])
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// One leaf per value (field name, word), any of which may match.
fn any_of(values: Vec<String>, leaf: impl Fn(String) -> UserInputLeaf) -> UserInputAst {
    let mut clauses: Vec<(Option<Occur>, UserInputAst)> = values
        .into_iter()
        .map(|value| {
            (
                Some(Occur::Should),
                UserInputAst::Leaf(Box::new(leaf(value))),
            )
        })
        .collect();
    if clauses.len() == 1 {
        return clauses.remove(0).1;
    }
    UserInputAst::Clause(clauses)
}

/// Adds the request's filters to `query` as required clauses.
fn with_filters(
    index: &NewsIndex,
    query: Box<dyn Query>,
    request: &SearchRequest,
) -> Box<dyn Query> {
    let fields = &index.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    for (field, values) in [
        (fields.agency, &request.agencies),
        (fields.lang, &request.languages),
    ] {
        if values.is_empty() {
            continue;
        }
        let any_value: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|value| {
                let term = Term::from_field_text(field, value);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_value))));
    }
    if request.since.is_some() || request.before.is_some() {
        // `--since 2` or `--until 9999` are bounds beyond every indexed date.
        let bound = |timestamp: Timestamp| {
            Term::from_field_date_for_search(fields.date, index_date(timestamp))
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

/// Marks the query's words in titles and cuts body snippets around them, with the chain of
/// each article's language.
struct Highlighter {
    /// Title and body generators per chain, in [`Chain::ALL`] order; `None` for a chain whose
    /// fields hold no terms (no article is in it).
    chains: Vec<Option<(SnippetGenerator, SnippetGenerator)>>,
}

impl Highlighter {
    /// Prepares highlighting of `query`'s terms: per chain, the terms the query has in that
    /// chain's fields, and for German also its compound-part terms, which are marked inside
    /// compounds ([`analysis::ContainedTerms`]).
    fn new(searcher: &Searcher, index: &NewsIndex, query: &dyn Query) -> Result<Highlighter> {
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
                let body = SnippetGenerator::new(body_terms, analyzer, fields.body, SNIPPET_CHARS);
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
    fn title(&self, title: &str, language: Option<&str>) -> Highlighted {
        let Some((generator, _)) = self.generators(language) else {
            return one_line(title, &[]);
        };
        let snippet = generator.snippet(title);
        one_line(title, &matches_in_text(&snippet, 0))
    }

    /// The best passage of `body`, or its beginning when nothing in it matches.
    fn snippet(&self, body: &str, language: Option<&str>) -> Highlighted {
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
fn matches_in_text(snippet: &Snippet, shift: usize) -> Vec<Range<usize>> {
    let start = snippet.fragment_range().start + shift;
    snippet
        .highlighted()
        .iter()
        .map(|matched| matched.start + start..matched.end + start)
        .collect()
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
    fn plain_words_drop_operators() {
        assert_eq!(
            plain_words("Wer gewann 2016? (Super-Bowl) \"AND\" title:x OR +y -z"),
            "Wer gewann 2016 Super Bowl and title x or y z"
        );
    }

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
