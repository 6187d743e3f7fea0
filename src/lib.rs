//! newsidx: full-text search for news archives, with German analysis and cited-source filters.
//!
//! Data flows one way. Indexing: files are walked ([`cmd::index`]), each is decoded and parsed by
//! its format ([`ingest`]) into [`article::Article`]s whose cited sources [`agency`] detects;
//! [`schema`] turns articles into tantivy documents, analysed by [`analysis`], and [`store`]
//! writes and commits them. Searching: query text and filters become a tantivy query in
//! [`search`], the ranked hits come back as articles with snippets, and [`output`] renders them
//! for a terminal or as JSON. [`server`] lets a resident `newsidx serve` answer searches from
//! an index it keeps open. [`cli`] holds the command-line definitions; [`cmd`] has one module
//! per subcommand.

pub mod agency;
pub mod analysis;
pub mod article;
pub mod budget;
pub mod cli;
pub mod cmd;
pub mod counts;
pub mod eval;
pub mod ingest;
pub mod manifest;
pub mod merge_policy;
pub mod output;
pub mod schema;
pub mod search;
pub mod server;
pub mod store;
pub mod suggest;
