//! Benchmark: speed of cited-source detection compared with the rest of the per-article work.
//!
//! Generates a deterministic synthetic corpus of German wire-style articles (datelines, credits
//! and attributions at realistic density) and times, over the same articles:
//!
//! - detection alone (`Registry::detect` on title and body),
//! - reading an article file held in memory (decode, `.txt` parsing, language, detection),
//! - running the German analyzer over the text (what indexing does with every body).
//!
//! Run with `cargo bench --bench agency_detection` (optionally `-- ARTICLES`, default 5000).

use std::time::{Duration, Instant};

use newsidx::agency::Registry;
use newsidx::analysis;
use newsidx::ingest::{Format, Ingestor};

// Shared with the `synth` example, which uses all of it; this benchmark needs only the text.
#[allow(dead_code)]
#[path = "synth.rs"]
mod synth;

/// Best of this many runs is reported, to damp noise from the machine.
const RUNS: usize = 3;

/// Times `work` `RUNS` times and returns the fastest run.
fn best_of(mut work: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let articles: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(5000);
    let vocabulary = synth::Vocabulary::new();
    let corpus: Vec<String> = (0..articles as u64)
        .map(|index| {
            let article = synth::article(index, 42, &vocabulary);
            format!("{}\n\n{}\n", article.title, article.body)
        })
        .collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let megabytes = bytes as f64 / 1_000_000.0;
    let registry = Registry::builtin();
    let ingestor = Ingestor::new(&registry, u64::MAX);

    let mut found = 0usize;
    let detect = best_of(|| {
        found = corpus.iter().map(|text| registry.detect(text).len()).sum();
    });
    let read = best_of(|| {
        for (index, text) in corpus.iter().enumerate() {
            let report =
                ingestor.read_memory(&index.to_string(), "bench", Format::Text, text.as_bytes());
            assert_eq!(report.articles.len(), 1);
        }
    });
    let mut tokens = 0usize;
    let analyze = best_of(|| {
        let mut analyzer = analysis::german(analysis::Variant::Full);
        tokens = 0;
        for text in &corpus {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                tokens += 1;
            }
        }
    });

    let rate = |duration: Duration| megabytes / duration.as_secs_f64();
    let per_article = |duration: Duration| duration.as_secs_f64() * 1e6 / articles as f64;
    println!(
        "{articles} synthetic articles, {megabytes:.1} MB, {found} source citations found, {tokens} index terms; best of {RUNS} runs\n"
    );
    println!("| step | time | MB/s | µs/article |");
    println!("| --- | ---: | ---: | ---: |");
    for (step, duration) in [
        ("source detection alone", detect),
        (
            "reading an article (decode, parse, language, detection)",
            read,
        ),
        ("German analysis of the text", analyze),
    ] {
        println!(
            "| {step} | {:.0} ms | {:.1} | {:.1} |",
            duration.as_secs_f64() * 1000.0,
            rate(duration),
            per_article(duration)
        );
    }
    let share = detect.as_secs_f64() / (read + analyze).as_secs_f64();
    println!(
        "\ndetection is {:.0} % of reading plus analysis per article (ratio 1 : {:.1})",
        share * 100.0,
        1.0 / share
    );
}
