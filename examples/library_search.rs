//! Using newsidx as a library: open an index, run a filtered search, print the hits.
//!
//! ```sh
//! cargo run --example library_search -- index Anschlag dpa
//! ```
//!
//! Arguments: the index directory, the query (newsidx's query syntax), and optionally an
//! agency or outlet the hits must cite (any alias, any case). Prints `hits: N`, then
//! one line per hit: rank, id, date, cited sources and title.

use anyhow::{Context, Result, bail};
use newsidx::search::{SearchRequest, search};
use newsidx::store::NewsIndex;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(index_dir), Some(query)) = (args.next(), args.next()) else {
        bail!("usage: library_search INDEX_DIR QUERY [AGENCY]");
    };
    let agencies: Vec<String> = args.next().into_iter().collect();

    // Opening checks the index's versions and registers newsidx's analyzers.
    let index = NewsIndex::open(index_dir.as_ref())?;
    // A searcher is a view of the last commit; one can serve many searches.
    let searcher = index.reader()?.searcher();
    let request = SearchRequest {
        query: Some(query),
        agencies,
        limit: 5,
        ..SearchRequest::default()
    };
    let results = search(&searcher, &index, &request).context("search failed")?;
    for warning in &results.warnings {
        eprintln!("library_search: {warning}");
    }
    println!("hits: {}", results.total_hits);
    for (rank, hit) in results.hits.iter().enumerate() {
        let article = &hit.article;
        let date = article
            .published
            .as_ref()
            .map_or_else(|| "undated".to_owned(), |date| date.day().to_string());
        println!(
            "{}. {} · {date} · {} · {}",
            rank + 1,
            article.id,
            article.agencies.join(", "),
            hit.title.text
        );
    }
    Ok(())
}
