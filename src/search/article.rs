//! One article by its id, whole, as an article view shows it: the full text with a query's
//! matched words marked, and where the text names the sources the article cites.

use std::ops::Range;
use std::path::Path;

use anyhow::{Context, Result};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::agency::Registry;
use crate::article::Article;
use crate::search::highlight::{Highlighted, Highlighter};
use crate::search::query::parse_query;
use crate::store::NewsIndex;

/// An article with its marks.
#[derive(Clone, Debug)]
pub struct ArticleView {
    /// The stored article.
    pub article: Article,
    /// The title, the query's matched words marked.
    pub title: Highlighted,
    /// The whole body as stored (paragraphs kept), the query's matched words marked.
    pub text: Highlighted,
    /// Each cited source and the byte ranges in `text` where the text names it.
    pub sources: Vec<(String, Vec<Range<usize>>)>,
}

/// The article `id`, marked for `query` (nothing marked without one); `None` when the index
/// has no article of that id. Sources are recognised with the built-in list, the index's own
/// and `agency_list`.
pub fn article(
    searcher: &Searcher,
    index: &NewsIndex,
    id: &str,
    query: Option<&str>,
    agency_list: Option<&Path>,
) -> Result<Option<ArticleView>> {
    let term = TermQuery::new(
        Term::from_field_text(index.fields.id, id),
        IndexRecordOption::Basic,
    );
    let found = searcher
        .search(&term, &TopDocs::with_limit(1).order_by_score())
        .context("search failed")?;
    let Some((_, address)) = found.into_iter().next() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher
        .doc(address)
        .with_context(|| format!("cannot load article {id}"))?;
    let article = index.fields.to_article(&doc)?;
    let language = article.language.as_deref();
    let (title, text) = match query.filter(|query| !query.trim().is_empty()) {
        Some(query) => {
            let parsed = parse_query(index, searcher, Some(query))?;
            // tantivy measures a passage in bytes, whatever its parameter's name says.
            let whole = article.body.len() + 1;
            let highlighter = Highlighter::with_passage(searcher, index, &*parsed, whole)?;
            (
                highlighter.title(&article.title, language),
                highlighter.text(&article.body, language),
            )
        }
        None => (
            Highlighted {
                text: article.title.clone(),
                highlights: Vec::new(),
            },
            Highlighted {
                text: article.body.clone(),
                highlights: Vec::new(),
            },
        ),
    };
    let registry = Registry::for_index(&index.dir, agency_list)?;
    let sources = registry.mentions(&article.body, &article.agencies);
    Ok(Some(ArticleView {
        article,
        title,
        text,
        sources,
    }))
}
