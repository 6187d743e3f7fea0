//! `newsidx stats`: what the index holds.

use serde::Deserialize;

use crate::util::{SAMPLE, stdout};

/// `stats --json` output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatsOutput {
    index: String,
    articles: u64,
    size_bytes: u64,
    earliest: Option<String>,
    latest: Option<String>,
    languages: Vec<LanguageCount>,
    last_indexed: Option<String>,
    indexed_by: Option<String>,
}

/// Articles in one language.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct LanguageCount {
    language: String,
    count: u64,
}

#[test]
fn reports_articles_size_dates_languages_and_last_run() {
    let output = SAMPLE.newsidx(&["stats", "--json"]).output().unwrap();
    assert!(output.status.success());
    let stats: StatsOutput = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats.articles, 44);
    assert!(stats.size_bytes > 10_000, "{}", stats.size_bytes);
    assert_eq!(stats.earliest.as_deref(), Some("1997-07-28"));
    assert_eq!(stats.latest.as_deref(), Some("2025-06-21"));
    assert_eq!(
        stats.languages,
        [
            LanguageCount {
                language: "de".into(),
                count: 38
            },
            LanguageCount {
                language: "en".into(),
                count: 6
            },
        ]
    );
    assert!(stats.last_indexed.is_some_and(|time| time.ends_with('Z')));
    assert_eq!(stats.indexed_by.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert!(stats.index.ends_with("index"));
}

#[test]
fn plain_stats_are_readable() {
    let output = SAMPLE.newsidx(&["stats"]).output().unwrap();
    let out = stdout(&output);
    assert!(out.contains("articles:     44\n"), "{out}");
    assert!(
        out.contains("dates:        1997-07-28 to 2025-06-21\n"),
        "{out}"
    );
    assert!(out.contains("languages:    de 38, en 6\n"), "{out}");
}
