//! newsidx: full-text search for news archives, with German analysis and cited-source filters.
//!
//! The library is the engine; the `newsidx` binary ([`cmd`]) and the search server
//! ([`server`]) are thin front ends over the same calls.
//!
//! Data flows one way. Indexing: [`indexer::run`] walks the given paths, each file is decoded
//! and parsed by its format ([`ingest`]) into [`article::Article`]s whose cited sources
//! [`agency`] detects; [`schema`] turns articles into tantivy documents, analysed by
//! [`analysis`], and a [`store::Writer`] adds and commits them. Searching: a
//! [`search::SearchRequest`] (query text and filters) becomes a tantivy query, the ranked hits
//! come back as articles with highlighted snippets ([`search::search`]), and [`output`]
//! renders them for a terminal or as JSON. [`outcome`] is how a run ends, for every layer.
//!
//! A filtered search from a program:
//!
//! ```no_run
//! use newsidx::search::{SearchRequest, search};
//! use newsidx::store::NewsIndex;
//!
//! let index = NewsIndex::open("index".as_ref())?;
//! let searcher = index.reader()?.searcher();
//! let request = SearchRequest {
//!     query: Some("Anschlag".to_owned()),
//!     agencies: vec!["dpa".to_owned()],
//!     ..SearchRequest::default()
//! };
//! for hit in search(&searcher, &index, &request)?.hits {
//!     println!("{}: {}", hit.article.id, hit.title.text);
//! }
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! [`cli`] holds the command-line definitions; `examples/library_search.rs` is a whole program.

pub mod agency;
pub mod analysis;
pub mod analytics;
pub mod article;
pub mod budget;
pub mod cli;
pub mod cmd;
pub mod counts;
pub mod directory;
pub mod eval;
pub mod indexer;
pub mod ingest;
pub mod manifest;
pub mod merge_policy;
pub mod outcome;
pub mod output;
pub mod schema;
pub mod search;
pub mod server;
pub mod store;
pub mod suggest;
