//! `newsidx agencies`: cited sources with article counts.

use serde::Deserialize;

use crate::util::{SAMPLE, stdout};

/// `agencies --json` output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgenciesOutput {
    articles: u64,
    agencies: Vec<AgencyCount>,
}

/// One agency and its count.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct AgencyCount {
    name: String,
    count: u64,
}

#[test]
fn counts_articles_per_agency_most_cited_first() {
    let output = SAMPLE.newsidx(&["agencies", "--json"]).output().unwrap();
    assert!(output.status.success());
    let parsed: AgenciesOutput = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(parsed.articles, 43);
    let count = |name: &str| {
        parsed
            .agencies
            .iter()
            .find(|agency| agency.name == name)
            .map_or(0, |agency| agency.count)
    };
    assert_eq!(count("dpa"), 9);
    assert_eq!(count("Reuters"), 6);
    assert_eq!(count("AFP"), 5);
    assert_eq!(count("AP"), 2);
    assert_eq!(count("Bloomberg"), 2);
    assert_eq!(count("TASS"), 1);
    assert_eq!(count("Keystone-SDA"), 1);
    assert_eq!(count("ČTK"), 1);
    assert_eq!(count("SAP"), 0);
    let counts: Vec<u64> = parsed.agencies.iter().map(|agency| agency.count).collect();
    let mut sorted = counts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(counts, sorted);
    assert_eq!(
        parsed.agencies[0],
        AgencyCount {
            name: "dpa".into(),
            count: 9
        }
    );
}

#[test]
fn plain_listing_has_counts_and_names() {
    let output = SAMPLE.newsidx(&["agencies"]).output().unwrap();
    let out = stdout(&output);
    assert!(out.starts_with("9  dpa\n"), "{out}");
    assert!(out.contains("\n1  TASS\n"), "{out}");
    assert!(
        out.trim_end().ends_with("agencies cited in 43 articles"),
        "{out}"
    );
}
