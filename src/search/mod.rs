//! Searching: a [`SearchRequest`] (query text and filters) -> tantivy query -> ranked hits
//! with snippets, and a spelling suggestion when nothing matched.
//!
//! Query text goes through tantivy's query parser over title (boosted), body and tags, using
//! the same analyzer as the text, so `Anschläge` finds `Anschlag` ([`query`]). Terms are
//! optional by default (any may match; BM25 ranks articles matching more of them first), so a
//! question in natural language works. Filters (agencies, languages, date range) are required
//! clauses ([`filters`]). Ties in score are broken by date (newest first), then id, so output
//! is deterministic. Hits carry their title and a passage of the body with the matched words
//! marked ([`highlight`]).
//!
//! A request is resolved once from what the user typed (the command line, the socket
//! protocol) and carries no front end's types; [`search`] prints nothing, and what a front end
//! should tell the user comes back in [`SearchResults::warnings`].

pub mod article;
pub mod export;
pub mod filters;
pub mod highlight;
pub mod query;

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

use crate::analytics::Scope;
use crate::analytics::facets::{Facets, facets};
use crate::article::Article;
use crate::schema;
use crate::store::NewsIndex;
use crate::suggest::{Suggestion, suggest};

pub use filters::parse_period;
pub use highlight::Highlighted;
pub use query::{plain_words, shorten};

/// How hits are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    /// Best match first (ties: newer first).
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// How query text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuerySyntax {
    /// The query language: `+must`, `-not`, `AND`/`OR`/`NOT`, `"phrases"`, `field:`.
    Full,
    /// Words only: every operator character is taken as a space (for questions in natural
    /// language, such as evaluation queries).
    Plain,
}

/// What the user asked for, resolved from what they typed: checked dates, a settled order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SearchRequest {
    /// Query text; `None` lists every article passing the filters.
    pub query: Option<String>,
    /// How to read the query text.
    pub syntax: QuerySyntax,
    /// Whether hits get highlighted titles and snippets (evaluation needs only ids).
    pub snippets: bool,
    /// Whether a search without hits looks for a spelling suggestion.
    pub suggest: bool,
    /// Agencies and outlets as the user named them (canonical names, aliases, any case); an
    /// article citing any of them passes (resolved as [`filters`] says).
    pub agencies: Vec<String>,
    /// An agency list besides the built-in one and the index's own, for resolving
    /// `agencies` (an absolute path when the request is sent to a server).
    pub agency_list: Option<PathBuf>,
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
    /// Count facets over every match, keeping this many of the most cited sources; `None`
    /// counts none.
    #[serde(default)]
    pub facets: Option<usize>,
}

impl Default for SearchRequest {
    /// Every article by relevance (which, without a query, is newest first, with scores), ten
    /// hits with snippets, no filters and no spelling suggestion. Front ends settle the order
    /// themselves (the command line lists newest first, without scores, when there is no
    /// query).
    fn default() -> SearchRequest {
        SearchRequest {
            query: None,
            syntax: QuerySyntax::Full,
            snippets: true,
            suggest: false,
            agencies: Vec::new(),
            agency_list: None,
            languages: Vec::new(),
            since: None,
            before: None,
            limit: 10,
            offset: 0,
            sort: SortOrder::Relevance,
            facets: None,
        }
    }
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
    /// A corrected query, when there were no hits and the request asked for one.
    pub suggestion: Option<Suggestion>,
    /// Counts over every match, when the request asked for them.
    pub facets: Option<Facets>,
    /// What the user should be told: agency names that match nothing.
    pub warnings: Vec<String>,
}

/// Runs `request` with `searcher`, a view of the index's last commit (one searcher can serve
/// many requests).
pub fn search(
    searcher: &Searcher,
    index: &NewsIndex,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let mut warnings = Vec::new();
    let mut results = search_noting(searcher, index, request, &mut warnings)?;
    results.warnings = warnings;
    Ok(results)
}

/// [`search`], telling `warnings` what the user should hear even when the search then fails
/// (an unknown agency before a query that does not parse); the results' own
/// [`SearchResults::warnings`] stay empty.
pub fn search_noting(
    searcher: &Searcher,
    index: &NewsIndex,
    request: &SearchRequest,
    warnings: &mut Vec<String>,
) -> Result<SearchResults> {
    let Prepared {
        scope,
        text_query,
        query,
    } = prepare(searcher, index, request, warnings)?;

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
                                SortByStaticFastValue::<DateTime>::for_field(schema::fast::DATE),
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
                        top.order_by((
                            SortByStaticFastValue::<DateTime>::for_field(schema::fast::DATE),
                            order,
                        )),
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
    let facets = match request.facets {
        Some(top_sources) => Some(facets(
            searcher,
            &*text_query,
            &scope,
            top_sources,
            index.columns.warm(searcher)?,
        )?),
        None => None,
    };
    let suggestion = match &request.query {
        Some(text) if total_hits == 0 && request.suggest => {
            suggest(searcher, index, &plain_words(text))?
        }
        _ => None,
    };
    if request.limit == 0 {
        return Ok(SearchResults {
            total_hits,
            hits: Vec::new(),
            suggestion,
            facets,
            warnings: Vec::new(),
        });
    }

    let highlighter = if request.snippets {
        Some(highlight::Highlighter::new(searcher, index, &*text_query)?)
    } else {
        None
    };
    let load = |&(score, address): &(Option<f32>, DocAddress)| {
        load_hit(searcher, index, highlighter.as_ref(), score, address)
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
    Ok(SearchResults {
        total_hits,
        hits,
        suggestion,
        facets,
        warnings: Vec::new(),
    })
}

/// A request turned into queries, before any search.
pub(crate) struct Prepared {
    /// The request's filters, its sources resolved to the names the index holds.
    pub scope: Scope,
    /// The query text alone.
    pub text_query: Box<dyn tantivy::query::Query>,
    /// The query text with every filter.
    pub query: Box<dyn tantivy::query::Query>,
}

/// Resolves the request's sources and parses its query; says in `warnings` how many matching
/// articles a period leaves out for want of a date.
pub(crate) fn prepare(
    searcher: &Searcher,
    index: &NewsIndex,
    request: &SearchRequest,
    warnings: &mut Vec<String>,
) -> Result<Prepared> {
    let scope = Scope::resolve(
        searcher,
        index,
        &request.agencies,
        request.agency_list.as_deref(),
        &request.languages,
        (request.since, request.before),
        warnings,
    )?;
    let agencies = &scope.agencies;
    let text = request.query.as_deref().map(|text| match request.syntax {
        QuerySyntax::Full => text.to_owned(),
        QuerySyntax::Plain => plain_words(text),
    });
    let text_query = query::parse_query(index, searcher, text.as_deref())?;
    let query = filters::with_filters(index, text_query.box_clone(), agencies, request);
    if scope.has_period() {
        // A period leaves out the articles without a date: say how many matched otherwise.
        let undated = filters::undated_matches(index, text_query.box_clone(), agencies, request);
        let left_out = searcher
            .search(&*undated, &Count)
            .context("search failed")?;
        if left_out > 0 {
            warnings.push(format!(
                "{left_out} matching {} no publication date and {} left out by the date range",
                if left_out == 1 {
                    "article has"
                } else {
                    "articles have"
                },
                if left_out == 1 { "was" } else { "were" }
            ));
        }
    }

    Ok(Prepared {
        scope,
        text_query,
        query,
    })
}

/// Loads the article at `address` as a hit, highlighted when `highlighter` is given.
pub(crate) fn load_hit(
    searcher: &Searcher,
    index: &NewsIndex,
    highlighter: Option<&highlight::Highlighter>,
    score: Option<f32>,
    address: DocAddress,
) -> Result<Hit> {
    let doc: TantivyDocument = searcher
        .doc(address)
        .with_context(|| format!("cannot load document {address:?}"))?;
    let article = index.fields.to_article(&doc)?;
    let (title, snippet) = match highlighter {
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
}
