//! Command-line definitions: what the user can type, and nothing else.
//!
//! Doc comments here are the `--help` text. Values are checked for shape only; turning them
//! into a configuration (resolving agencies, parsing dates, opening the index) is the job of
//! the subcommand modules in [`crate::cmd`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Full-text search for news archives: German analysis, ranked results, cited-agency filters.
#[derive(Debug, Parser)]
#[command(name = "newsidx", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index directories (or files) of news articles: .txt, .md, .html, .json, .jsonl.
    Index(IndexArgs),
    /// Search the index; exit code 0 with hits, 1 without, 2 on error.
    Search(SearchArgs),
    /// List the agencies and outlets cited in the index, most cited first (or all known ones).
    Agencies(AgenciesArgs),
    /// Show what the index holds: articles, size, dates, languages, last indexing.
    Stats(StatsArgs),
    /// Score rankings against relevance judgments: MRR, nDCG and recall, as trec_eval does.
    Eval(EvalArgs),
    /// Attention over time: matching articles per day, week, month or year, as a share of
    /// all articles (or counts), drawn as a chart, or as CSV or JSON.
    Trend(TrendArgs),
    /// Keep the index open and answer `newsidx search` calls from memory, until Ctrl-C.
    Serve(ServeArgs),
}

/// Where the index lives.
#[derive(Clone, Debug, Args)]
pub struct IndexLocation {
    /// Index directory.
    #[arg(
        long,
        short = 'i',
        value_name = "DIR",
        env = "NEWSIDX_INDEX",
        default_value = "index"
    )]
    pub index: PathBuf,
}

/// Extra agencies and aliases.
#[derive(Clone, Debug, Args)]
pub struct AgencyList {
    /// TOML file of extra agencies and aliases, merged with the built-in list (an
    /// `agencies.toml` in the index directory is always read too).
    #[arg(long, value_name = "FILE", env = "NEWSIDX_AGENCY_LIST")]
    pub agency_list: Option<PathBuf>,
}

/// Which articles count: sources, languages, a period.
#[derive(Clone, Debug, Args)]
pub struct FilterArgs {
    /// Only articles citing this agency or outlet (name or alias, any case); repeat for any of
    /// several.
    #[arg(long, short = 'a', value_name = "NAME")]
    pub agency: Vec<String>,

    /// Only articles in this language (ISO 639-1 code such as de, en, fr); repeat for any of
    /// several.
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,

    /// Only articles published on or after this date: YYYY-MM-DD, YYYY-MM, YYYY, D.M.YYYY or
    /// D.M.YY.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles published on or before this date: YYYY-MM-DD, YYYY-MM, YYYY, D.M.YYYY or
    /// D.M.YY.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// Arguments of `newsidx index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Directories or files to index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub location: IndexLocation,

    #[command(flatten)]
    pub agency_list: AgencyList,

    /// Build the index anew from the given paths. Atomic: the old articles stay searchable
    /// until the run's one commit replaces them all, and a run that dies keeps them.
    #[arg(long)]
    pub rebuild: bool,

    /// How much of the German analysis to use (for measuring each step; the default is all
    /// of it). Changing it needs --rebuild.
    #[arg(long, value_enum, value_name = "STEP")]
    pub analysis: Option<crate::analysis::Variant>,

    /// Threads for parsing and indexing [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Memory budget for indexing, in MiB: the whole process stays within it (the writer's
    /// buffers, segment merges, remembered words, the files being read), however many files
    /// there are.
    #[arg(long, value_name = "MIB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(crate::budget::MIN_MIB..=65536))]
    pub memory: u64,

    /// Skip one-article files (text, Markdown, HTML) larger than this, in MiB. JSON and JSONL
    /// files of any size are indexed, large ones record by record.
    #[arg(long, value_name = "MIB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: u64,
}

/// Arguments of `newsidx search`.
#[derive(Clone, Debug, Args)]
pub struct SearchArgs {
    /// Query words (quoting is optional). Without a query, every article passing the filters
    /// is listed, newest first.
    ///
    /// Syntax: any word may match (more matches rank higher); +word must match; -word must
    /// not; AND, OR, NOT; "a phrase"; title:word, body:word, author:name, tags:word.
    ///
    /// Quote a query that starts a word with `-` (or put it after `--`), so that it is not
    /// taken for an option: `newsidx search "Anschlag -Moskau"`.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub location: IndexLocation,

    #[command(flatten)]
    pub agency_list: AgencyList,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Number of hits to show.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Number of hits to skip (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Order of hits [default: relevance with a query, newest without].
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,

    /// Print one JSON object instead of text (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Output format: text for people; json, one object; csv (RFC 4180) or jsonl, one row
    /// per hit, for spreadsheets and pandas.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// Every matching article instead of a page (--limit is ignored), streamed: use with
    /// --format csv or jsonl for an export.
    #[arg(long, conflicts_with = "json")]
    pub all: bool,

    /// Run one query per line of FILE (empty lines and lines starting with # are skipped)
    /// and write each query's hit count and top hits (--limit of them); with --format csv
    /// or jsonl, one table for all queries.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["query", "all"])]
    pub queries: Option<PathBuf>,

    /// Sources to show in the counts after the hits (and in `facets` of --json); 0 counts
    /// nothing.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub facets: usize,

    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Arguments of `newsidx trend`.
#[derive(Clone, Debug, Args)]
pub struct TrendArgs {
    /// Query words, one query (syntax as in `newsidx search`). Without any query, every
    /// article in scope is counted.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// A query to compare; repeat for several (each is a series of its own).
    #[arg(long = "query", short = 'q', value_name = "QUERY")]
    pub queries: Vec<String>,

    /// Queries to compare, one per line (empty lines and lines starting with # are skipped).
    #[arg(long = "queries", value_name = "FILE")]
    pub queries_file: Option<PathBuf>,

    #[command(flatten)]
    pub location: IndexLocation,

    #[command(flatten)]
    pub agency_list: AgencyList,

    /// Length of a period.
    #[arg(long, value_enum, default_value_t = IntervalArg::Month, value_name = "PERIOD")]
    pub by: IntervalArg,

    /// Split the query's counts by the sources its articles cite: one series per source,
    /// each as a share of that source's own articles; N most citing sources.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "8")]
    pub by_agency: Option<usize>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Show article counts instead of the share of all articles.
    #[arg(long)]
    pub raw: bool,

    /// Print JSON instead of a chart.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// Print CSV (RFC 4180) instead of a chart: one row per period and series.
    #[arg(long)]
    pub csv: bool,

    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Arguments of `newsidx agencies`.
#[derive(Debug, Args)]
pub struct AgenciesArgs {
    #[command(flatten)]
    pub location: IndexLocation,

    #[command(flatten)]
    pub agency_list: AgencyList,

    /// List every known agency and outlet with its kind, country and aliases, instead of the
    /// ones cited in the index (needs no index).
    #[arg(long)]
    pub known: bool,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsidx stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsidx eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Queries, one per line: `id<TAB>text` (read as plain words, not query syntax).
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,

    /// Relevance judgments in TREC format: `qid 0 docid relevance`. A docid is an article id as
    /// `search --json` shows it: the path below the indexed directory (`text/a.txt`), with
    /// `:LINE` for files of several articles, or the article's own `id` field.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,

    #[command(flatten)]
    pub location: IndexLocation,

    /// Cut-off rank for MRR, nDCG and recall.
    #[arg(short = 'k', long = "cutoff", value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub cutoff: u64,

    /// Also print the scores of every query.
    #[arg(long)]
    pub per_query: bool,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsidx serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: IndexLocation,

    /// Serve the search page and the JSON API over HTTP on ADDR instead of answering
    /// `newsidx search` over the index's socket. Listens on this machine only unless another
    /// address is given; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = "127.0.0.1:8080")]
    pub http: Option<std::net::SocketAddr>,
}

/// `--sort` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Text for people.
    Text,
    /// One JSON object.
    Json,
    /// CSV (RFC 4180), one row per hit.
    Csv,
    /// JSON lines, one object per hit.
    Jsonl,
}

/// `--by` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IntervalArg {
    /// UTC days.
    Day,
    /// Weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// `--color` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless NO_COLOR is set or TERM is dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
