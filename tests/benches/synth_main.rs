//! Benchmark helper binary (`cargo run --release --example synth -- …`):
//!
//! - `generate --articles N --out DIR [--seed S] [--tantivy-json FILE]` writes N synthetic German
//!   articles (see `synth.rs`) as files in every supported format, 1,000 per folder: 80 % plain
//!   text, 8 % Markdown with front matter, 6 % HTML pages, 4 % JSON objects, 2 % in JSONL files;
//!   optionally also the same titles and texts as JSON lines for tantivy-cli.
//! - `touch --dir DIR --percent P`: appends a sentence to every (100/P)-th article file, to
//!   measure re-indexing after a few changes.
//! - `analyze DIR`: reads every file and runs only newsidx's German analyzer over it, on all
//!   cores: the bound of what indexing can reach.
//! - `search-bench --index DIR --runs R QUERY...`: in-process search latency per query, as
//!   JSON lines `{"query", "p50_ms", "p95_ms", "p99_ms"}`.
//! - `analytics-bench --index DIR --runs R`: in-process latency of a search with and without
//!   facets, of monthly trends over 20 years, and export throughput, as JSON lines
//!   `{"label", "p50_ms", "p95_ms", "p99_ms"}` (exports add `"articles"`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Parser, Subcommand};
use rayon::prelude::*;

#[path = "synth.rs"]
mod synth;

/// Benchmark helper.
#[derive(Parser)]
struct Args {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// Subcommands.
#[derive(Subcommand)]
enum Command {
    /// Write a synthetic corpus.
    Generate {
        /// Number of articles.
        #[arg(long)]
        articles: u64,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Also write titles and texts as JSON lines for tantivy-cli.
        #[arg(long)]
        tantivy_json: Option<PathBuf>,
    },
    /// Change a share of the article files.
    Touch {
        /// Corpus directory.
        #[arg(long)]
        dir: PathBuf,
        /// Share of files to change, in percent.
        #[arg(long, default_value_t = 1)]
        percent: u64,
    },
    /// Run only the German analyzer over every file.
    Analyze {
        /// Corpus directory.
        dir: PathBuf,
    },
    /// Measure in-process search latency.
    SearchBench {
        /// Index directory.
        #[arg(long)]
        index: PathBuf,
        /// Runs per query.
        #[arg(long, default_value_t = 50)]
        runs: usize,
        /// Queries, each as newsidx search arguments separated by `|` (`Regierung|--agency|dpa`).
        queries: Vec<String>,
    },
    /// Measure in-process facets, trends and export.
    AnalyticsBench {
        /// Index directory.
        #[arg(long)]
        index: PathBuf,
        /// Runs per measurement.
        #[arg(long, default_value_t = 50)]
        runs: usize,
        /// Only the measurements whose label contains this (for profiling one of them).
        #[arg(long, default_value = "")]
        only: String,
    },
}

/// Articles per folder.
const PER_FOLDER: u64 = 1000;

fn main() -> anyhow::Result<()> {
    match Args::parse().command {
        Command::Generate {
            articles,
            out,
            seed,
            tantivy_json,
        } => generate(articles, &out, seed, tantivy_json.as_deref()),
        Command::Touch { dir, percent } => touch(&dir, percent),
        Command::Analyze { dir } => analyze(&dir),
        Command::SearchBench {
            index,
            runs,
            queries,
        } => search_bench(&index, runs, &queries),
        Command::AnalyticsBench { index, runs, only } => analytics_bench(&index, runs, &only),
    }
}

/// Escapes `text` as a JSON string.
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Writes the corpus, one folder of articles at a time, in parallel.
fn generate(count: u64, out: &Path, seed: u64, tantivy_json: Option<&Path>) -> anyhow::Result<()> {
    let vocabulary = synth::Vocabulary::new();
    let folders = count.div_ceil(PER_FOLDER);
    let lines: Vec<String> = (0..folders)
        .into_par_iter()
        .map(|folder| -> anyhow::Result<String> {
            let dir = out.join(format!("{folder:04}"));
            std::fs::create_dir_all(&dir)?;
            let mut jsonl = String::new();
            let mut tantivy = String::new();
            let end = ((folder + 1) * PER_FOLDER).min(count);
            for index in folder * PER_FOLDER..end {
                let article = synth::article(index, seed, &vocabulary);
                let (title, body, date) = (&article.title, &article.body, &article.date);
                tantivy.push_str(&format!("{{\"title\":{},\"body\":{}}}\n", json(title), json(body)));
                let (extension, content) = match index % 100 {
                    0..=79 => ("txt", format!("{title}\n\n{body}\n")),
                    80..=87 => (
                        "md",
                        format!("---\ntitle: {}\ndate: {date}\n---\n\n{body}\n", json(title)),
                    ),
                    88..=93 => (
                        "html",
                        format!(
                            "<!doctype html><html lang=\"de\"><head><title>{title}</title><meta property=\"article:published_time\" content=\"{date}\"></head><body><nav><a href=\"/\">Start</a> <a href=\"/politik\">Politik</a></nav><article><h1>{title}</h1><p>{}</p></article><footer>Impressum</footer></body></html>\n",
                            body.replace("\n\n", "</p><p>")
                        ),
                    ),
                    94..=97 => (
                        "json",
                        format!("{{\"title\":{},\"maintext\":{},\"date_publish\":\"{date} 08:00:00\",\"language\":\"de\"}}\n", json(title), json(body)),
                    ),
                    _ => {
                        jsonl.push_str(&format!("{{\"id\":\"synth-{index}\",\"title\":{},\"text\":{},\"date\":\"{date}\"}}\n", json(title), json(body)));
                        continue;
                    }
                };
                std::fs::write(dir.join(format!("{index:07}.{extension}")), content)?;
            }
            if !jsonl.is_empty() {
                std::fs::write(dir.join("feed.jsonl"), jsonl)?;
            }
            Ok(tantivy)
        })
        .collect::<anyhow::Result<_>>()?;
    if let Some(path) = tantivy_json {
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        for chunk in lines {
            file.write_all(chunk.as_bytes())?;
        }
    }
    Ok(())
}

/// The article files below `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    files
}

/// Appends a sentence to every (100/percent)-th plain-text file.
fn touch(dir: &Path, percent: u64) -> anyhow::Result<()> {
    let step = (100 / percent.max(1)) as usize;
    let texts: Vec<PathBuf> = files(dir)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    let mut changed = 0;
    for path in texts.iter().step_by(step) {
        let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
        writeln!(file, "\nNachtrag: Die Meldung wurde am Abend aktualisiert.")?;
        changed += 1;
    }
    println!("{changed}");
    Ok(())
}

/// Runs the German analyzer over every file on all cores; prints files, bytes, tokens.
fn analyze(dir: &Path) -> anyhow::Result<()> {
    let files = files(dir);
    let (bytes, tokens) = files
        .par_iter()
        .map_init(
            || newsidx::analysis::german(newsidx::analysis::Variant::Full),
            |analyzer, path| {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let mut stream = analyzer.token_stream(&text);
                let mut tokens = 0u64;
                while stream.advance() {
                    tokens += 1;
                }
                (text.len() as u64, tokens)
            },
        )
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} {bytes} {tokens}", files.len());
    Ok(())
}

/// Measures in-process latency of each query (search with snippets, as the CLI does).
fn search_bench(index: &Path, runs: usize, queries: &[String]) -> anyhow::Result<()> {
    use newsidx::search::{QuerySyntax, SearchRequest, SortOrder, search};
    let news_index = newsidx::store::NewsIndex::open(index)?;
    let reader = news_index.reader()?;
    let searcher = reader.searcher();
    for query in queries {
        let parts: Vec<&str> = query.split('|').collect();
        let mut request = SearchRequest {
            syntax: QuerySyntax::Full,
            snippets: true,
            suggest: true,
            ..SearchRequest::default()
        };
        let mut words = Vec::new();
        let mut iter = parts.iter();
        while let Some(part) = iter.next() {
            match *part {
                "--agency" => request
                    .agencies
                    .push(iter.next().unwrap_or(&"").to_string()),
                "--since" => {
                    request.since = Some(
                        format!("{}-01-01T00:00:00Z", iter.next().unwrap_or(&"2000")).parse()?,
                    )
                }
                "--until" => {
                    request.before = Some(
                        format!(
                            "{}-01-01T00:00:00Z",
                            iter.next().unwrap_or(&"2000").parse::<i32>()? + 1
                        )
                        .parse()?,
                    )
                }
                "--sort" => {
                    iter.next();
                    request.sort = SortOrder::Newest;
                }
                word => words.push(word),
            }
        }
        request.query = Some(words.join(" "));
        let times = time_runs(runs, || {
            std::hint::black_box(search(&searcher, &news_index, &request)?);
            Ok(())
        })?;
        print_percentiles("query", query, &times);
    }
    Ok(())
}

/// Milliseconds each of `runs` runs of `work` took, sorted.
fn time_runs(
    runs: usize,
    mut work: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Vec<f64>> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        work()?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(times)
}

/// Prints one JSON line: `{key: name, "p50_ms", "p95_ms", "p99_ms"}` of sorted `times`.
fn print_percentiles(key: &str, name: &str, times: &[f64]) {
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{{{}:{},\"p50_ms\":{:.3},\"p95_ms\":{:.3},\"p99_ms\":{:.3}}}",
        json(key),
        json(name),
        at(0.5),
        at(0.95),
        at(0.99)
    );
}

/// Times `work` `runs` times after one warm-up run and prints its percentiles as `label`,
/// when `label` contains `only`.
fn report_times(
    label: &str,
    runs: usize,
    only: &str,
    mut work: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if !label.contains(only) {
        return Ok(());
    }
    work()?;
    let times = time_runs(runs, work)?;
    print_percentiles("label", label, &times);
    Ok(())
}

fn analytics_bench(index: &Path, runs: usize, only: &str) -> anyhow::Result<()> {
    use newsidx::search::SearchRequest;
    use newsidx::search::export::for_each_hit;
    let mut news_index = newsidx::store::NewsIndex::open(index)?;
    let reader = news_index.reader()?;
    let searcher = reader.searcher();
    // First as a one-shot command reads the columns, then as a server does, with the
    // columns copied into memory once.
    for kept in [false, true] {
        let suffix = if kept { ", columns kept" } else { "" };
        if kept {
            news_index.columns = newsidx::analytics::warm::ColumnCache::keep();
            let label = "copying the columns (once per commit, servers only)";
            if label.contains(only) {
                let started = std::time::Instant::now();
                let warm = news_index
                    .columns
                    .warm(&searcher)?
                    .expect("the cache is on");
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                let mib = warm.bytes() as f64 / (1024.0 * 1024.0);
                println!("{{\"label\":\"{label}\",\"ms\":{ms:.3},\"mib\":{mib:.1}}}");
            }
        }
        analytics_runs(&news_index, &searcher, runs, only, suffix)?;
    }
    // Export: every hit of a one-term query, as CSV into nothing.
    let request = SearchRequest {
        query: Some("Regierung".to_owned()),
        ..SearchRequest::default()
    };
    let mut articles = 0;
    report_times("export `Regierung` as CSV", runs.min(5), only, || {
        let mut sink = std::io::sink();
        let mut rows =
            newsidx::output::table::HitRows::new(&mut sink, newsidx::output::Format::Csv, false)?;
        articles = for_each_hit(
            &searcher,
            &news_index,
            &request,
            &mut Vec::new(),
            &mut |hit| Ok(rows.hit(&hit)?),
        )?;
        rows.finish()?;
        Ok(())
    })?;
    if "export `Regierung` as CSV".contains(only) {
        println!("{{\"label\":\"export articles\",\"articles\":{articles}}}");
    }
    Ok(())
}

/// The facet and trend measurements of [`analytics_bench`], labels ending in `suffix`.
fn analytics_runs(
    news_index: &newsidx::store::NewsIndex,
    searcher: &tantivy::Searcher,
    runs: usize,
    only: &str,
    suffix: &str,
) -> anyhow::Result<()> {
    use newsidx::analytics::Scope;
    use newsidx::analytics::trend::{Interval, TrendRequest, trend};
    use newsidx::search::{SearchRequest, SortOrder, search};
    let one_term = |facets: Option<usize>| SearchRequest {
        query: Some("Regierung".to_owned()),
        facets,
        ..SearchRequest::default()
    };
    for (label, request) in [
        ("search `Regierung`, no facets", one_term(None)),
        ("search `Regierung` with facets", one_term(Some(10))),
        (
            "every article, newest first, with facets",
            SearchRequest {
                sort: SortOrder::Newest,
                facets: Some(10),
                ..SearchRequest::default()
            },
        ),
    ] {
        report_times(&format!("{label}{suffix}"), runs, only, || {
            std::hint::black_box(search(searcher, news_index, &request)?);
            Ok(())
        })?;
    }
    let twenty_years = Scope {
        since: Some("2005-01-01T00:00:00Z".parse()?),
        before: Some("2025-01-01T00:00:00Z".parse()?),
        ..Scope::default()
    };
    for (label, queries, by_agency) in [
        (
            "trend `Regierung`, by month, 2005-2024",
            vec![Some("Regierung".to_owned())],
            None,
        ),
        (
            "trend of two queries, by month, 2005-2024",
            vec![Some("Regierung".to_owned()), Some("Polizei".to_owned())],
            None,
        ),
        (
            "trend `Regierung` split by 8 sources, by month, 2005-2024",
            vec![Some("Regierung".to_owned())],
            Some(8),
        ),
    ] {
        let request = TrendRequest {
            queries,
            interval: Interval::Month,
            by_agency,
            scope: twenty_years.clone(),
        };
        report_times(&format!("{label}{suffix}"), runs, only, || {
            std::hint::black_box(trend(searcher, news_index, &request)?);
            Ok(())
        })?;
    }
    Ok(())
}
