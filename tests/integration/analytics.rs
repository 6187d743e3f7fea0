//! Issue 15: facets, trends, exports and batch searches agree with a brute-force count over a
//! generated corpus whose dates, languages and sources are known: undated articles, the last
//! second of a day, month and year, leap days (2020, 2024; not 2100), an instant whose local
//! date differs from its UTC date, ISO weeks across a new year, and a month with no article.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde_json::Value;

use crate::util::{Workspace, stderr, stdout};

/// Sources the generator cites.
const SOURCES: [&str; 4] = ["dpa", "APA", "Reuters", "AFP"];

/// One generated article, as the generator meant it.
#[derive(Clone, Debug)]
struct Planned {
    id: String,
    /// UTC date, `YYYY-MM-DD`; `None`: undated.
    day: Option<String>,
    language: &'static str,
    sources: Vec<&'static str>,
    /// Whether its text says "Hochwasser".
    flood: bool,
}

/// Instants on boundaries, with the UTC day each falls on.
const BOUNDARIES: [(&str, &str); 10] = [
    ("2024-02-29", "2024-02-29"),
    ("2024-02-28T23:59:59Z", "2024-02-28"),
    ("2024-03-01T00:00:00Z", "2024-03-01"),
    ("2023-12-31T23:59:59Z", "2023-12-31"),
    ("2024-01-01T00:00:00Z", "2024-01-01"),
    ("2020-02-29", "2020-02-29"),
    // Local midnight in Vienna is still the last day of February in UTC.
    ("2024-03-01T00:30:00+01:00", "2024-02-29"),
    // A Sunday in ISO week 53 of 2020, and the Monday after it.
    ("2021-01-03", "2021-01-03"),
    ("2021-01-04", "2021-01-04"),
    ("2100-03-01", "2100-03-01"),
];

/// The corpus: 600 articles from 2019 to 2024 (none in July 2022), 1 in 10 undated.
struct Corpus {
    workspace: Workspace,
    planned: Vec<Planned>,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let workspace = Workspace::new();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut planned = Vec::new();
    let mut lines = String::new();
    for number in 0..600 {
        let (date, day) = if number < BOUNDARIES.len() * 3 {
            let (date, day) = BOUNDARIES[number % BOUNDARIES.len()];
            (Some(date.to_owned()), Some(day.to_owned()))
        } else if next(10) == 0 {
            (None, None)
        } else {
            let (year, month) = loop {
                let (year, month) = (2019 + next(6), 1 + next(12));
                if (year, month) != (2022, 7) {
                    break (year, month);
                }
            };
            let day = format!("{year}-{month:02}-{:02}", 1 + next(28));
            (Some(day.clone()), Some(day))
        };
        let language = ["de", "de", "de", "en", "fr"][next(5) as usize];
        let mut sources: Vec<&'static str> = Vec::new();
        for _ in 0..next(3) {
            let source = SOURCES[next(4) as usize];
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        let flood = next(3) == 0;
        let id = format!("a{number:03}");
        let text = format!(
            "Bericht Nummer {number} aus der Region. {} Die Lage blieb am Abend ruhig.",
            if flood {
                "Das Hochwasser erreichte die Altstadt."
            } else {
                "Der Markt war gut besucht."
            }
        );
        let mut object = serde_json::json!({
            "id": id,
            "title": format!("Meldung {number}, \"zitiert\""),
            "text": text,
            "language": language,
        });
        if let Some(date) = &date {
            object["date"] = Value::from(date.as_str());
        }
        if !sources.is_empty() {
            object["agency"] = Value::from(sources.join(", "));
        }
        lines.push_str(&object.to_string());
        lines.push('\n');
        planned.push(Planned {
            id,
            day,
            language,
            sources,
            flood,
        });
    }
    workspace.write("feed.jsonl", lines);
    let output = workspace.index_corpus();
    assert!(output.status.success(), "{}", stderr(&output));
    Corpus { workspace, planned }
});

/// Filters as the brute-force count applies them.
#[derive(Default, Clone, Copy)]
struct Filter<'a> {
    source: Option<&'a str>,
    language: Option<&'a str>,
    /// First and last day, inclusive, `YYYY-MM-DD`.
    days: Option<(&'a str, &'a str)>,
}

impl Planned {
    fn passes_source(&self, filter: &Filter) -> bool {
        filter.source.is_none_or(|s| self.sources.contains(&s))
    }
    fn passes_language(&self, filter: &Filter) -> bool {
        filter.language.is_none_or(|l| self.language == l)
    }
    fn passes_days(&self, filter: &Filter) -> bool {
        match (filter.days, &self.day) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((first, last)), Some(day)) => first <= day.as_str() && day.as_str() <= last,
        }
    }
}

/// Runs `newsidx ARGS` and returns stdout, asserting exit code 0.
fn run(args: &[&str]) -> String {
    let output = CORPUS.workspace.newsidx(args).output().expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// `{value: count}` of a facet dimension, with its `missing` count under "".
fn dimension(facets: &Value, name: &str) -> BTreeMap<String, u64> {
    let mut counts: BTreeMap<String, u64> = facets[name]["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap().to_owned(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let missing = facets[name]["missing"].as_u64().unwrap();
    if missing > 0 {
        counts.insert(String::new(), missing);
    }
    counts
}

/// The brute-force facets of the flood articles under `filter`.
fn expected_facets(filter: Filter) -> (u64, [BTreeMap<String, u64>; 3]) {
    let flood: Vec<&Planned> = CORPUS.planned.iter().filter(|p| p.flood).collect();
    let hits = flood
        .iter()
        .filter(|p| {
            p.passes_source(&filter) && p.passes_language(&filter) && p.passes_days(&filter)
        })
        .count() as u64;
    let mut sources = BTreeMap::new();
    let mut languages = BTreeMap::new();
    let mut years = BTreeMap::new();
    for p in &flood {
        let (s, l, d) = (
            p.passes_source(&filter),
            p.passes_language(&filter),
            p.passes_days(&filter),
        );
        if l && d {
            if p.sources.is_empty() {
                *sources.entry(String::new()).or_default() += 1;
            }
            for source in &p.sources {
                *sources.entry(source.to_string()).or_default() += 1;
            }
        }
        if s && d {
            *languages.entry(p.language.to_owned()).or_default() += 1;
        }
        if s && l {
            let year = p
                .day
                .as_ref()
                .map_or(String::new(), |day| day[..4].to_owned());
            *years.entry(year).or_default() += 1;
        }
    }
    (hits, [sources, languages, years])
}

fn facets_of(args: &[&str]) -> (u64, Value) {
    let mut all = vec!["search", "--json", "--facets", "100"];
    all.extend(args);
    let parsed: Value = serde_json::from_str(&run(&all)).expect("json");
    (
        parsed["total_hits"].as_u64().unwrap(),
        parsed["facets"].clone(),
    )
}

#[test]
fn issue_15_facets_count_every_match() {
    let (total, facets) = facets_of(&["Hochwasser"]);
    let (hits, [sources, languages, years]) = expected_facets(Filter::default());
    assert_eq!(total, hits);
    assert_eq!(facets["hits"].as_u64(), Some(hits));
    assert_eq!(dimension(&facets, "sources"), sources);
    assert_eq!(dimension(&facets, "languages"), languages);
    assert_eq!(dimension(&facets, "years"), years);
    assert!(years.contains_key(""), "undated flood articles are counted");
    assert!(years.contains_key("2100"));
}

#[test]
fn issue_15_each_facet_ignores_its_own_filter() {
    let filter = Filter {
        source: Some("dpa"),
        language: Some("de"),
        days: Some(("2021-01-01", "2024-02-29")),
    };
    let (total, facets) = facets_of(&[
        "Hochwasser",
        "--agency",
        "dpa",
        "--lang",
        "de",
        "--since",
        "2021",
        "--until",
        "2024-02",
    ]);
    let (hits, [sources, languages, years]) = expected_facets(filter);
    assert_eq!(total, hits);
    assert_eq!(dimension(&facets, "sources"), sources);
    assert!(sources.len() > 2, "other sources still show: {sources:?}");
    assert_eq!(dimension(&facets, "languages"), languages);
    assert!(languages.contains_key("en"));
    assert_eq!(dimension(&facets, "years"), years);
    assert!(years.contains_key("2019"), "years outside the period show");
}

#[test]
fn issue_15_facets_in_the_terminal_and_cut_to_the_top_sources() {
    let out = run(&["search", "Hochwasser", "--facets", "2", "--color", "never"]);
    let sources = out
        .lines()
        .find(|line| line.starts_with("sources: "))
        .expect(&out);
    assert!(sources.contains("2 more"), "{sources}");
    assert!(sources.contains("no source "), "{sources}");
    assert!(
        out.lines().any(|line| line.starts_with("languages: de ")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|line| line.starts_with("years: 2019 ") && line.contains("undated")),
        "{out}"
    );
    let plain = run(&["search", "Hochwasser", "--facets", "0", "--color", "never"]);
    assert!(!plain.contains("sources: "), "{plain}");
}

/// Brute-force articles per period label (`first_chars` of the UTC day) under `filter`,
/// matching (`flood`) or all; and the undated ones.
fn per_period(filter: Filter, flood_only: bool, chars: usize) -> (BTreeMap<String, u64>, u64) {
    let mut counts = BTreeMap::new();
    let mut undated = 0;
    for p in &CORPUS.planned {
        if (flood_only && !p.flood) || !p.passes_source(&filter) || !p.passes_language(&filter) {
            continue;
        }
        match &p.day {
            None => undated += 1,
            Some(day) if p.passes_days(&filter) => {
                *counts.entry(day[..chars].to_owned()).or_default() += 1
            }
            Some(_) => {}
        }
    }
    (counts, undated)
}

/// Parses `trend --csv` into rows of (period, series, matching, all, share).
fn trend_rows(args: &[&str]) -> Vec<(String, String, u64, u64, String)> {
    trend_rows_in(&CORPUS.workspace, args)
}

/// [`trend_rows`] on the index of `workspace`.
fn trend_rows_in(workspace: &Workspace, args: &[&str]) -> Vec<(String, String, u64, u64, String)> {
    let mut all = vec!["trend", "--csv"];
    all.extend(args);
    let output = workspace.newsidx(&all).output().expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    let text = stdout(&output);
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "period", "start", "series", "query", "agency", "matching", "all", "share"
        ]
    );
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record[0].to_owned(),
                record[2].to_owned(),
                record[5].parse().unwrap(),
                record[6].parse().unwrap(),
                record[7].to_owned(),
            )
        })
        .collect()
}

#[test]
fn issue_15_monthly_trend_agrees_with_a_brute_force_count() {
    let filter = Filter {
        days: Some(("2019-01-01", "2024-12-31")),
        ..Filter::default()
    };
    let rows = trend_rows(&["Hochwasser", "--since", "2019", "--until", "2024"]);
    let (matching, undated) = per_period(filter, true, 7);
    let (all, all_undated) = per_period(filter, false, 7);
    // Every month of six years, empty ones as zero, then the undated row.
    assert_eq!(rows.len(), 6 * 12 + 1);
    for (period, _, count, total, share) in &rows[..72] {
        assert_eq!(
            *count,
            matching.get(period).copied().unwrap_or(0),
            "{period}"
        );
        assert_eq!(*total, all.get(period).copied().unwrap_or(0), "{period}");
        if *total == 0 {
            assert!(share.is_empty());
        } else {
            let share: f64 = share.parse().unwrap();
            assert!((share - *count as f64 / *total as f64).abs() < 1e-6);
        }
    }
    let july = rows
        .iter()
        .find(|row| row.0 == "2022-07")
        .expect("empty month present");
    assert_eq!((july.2, july.3), (0, 0));
    let last = rows.last().unwrap();
    assert_eq!(
        (last.0.as_str(), last.2, last.3),
        ("undated", undated, all_undated)
    );
    assert!(undated > 0);
}

#[test]
fn issue_15_daily_trend_over_a_leap_day_counts_utc_days() {
    let rows = trend_rows(&[
        "Hochwasser",
        "--by",
        "day",
        "--since",
        "2024-02-28",
        "--until",
        "2024-03-01",
    ]);
    let labels: Vec<&str> = rows.iter().map(|row| row.0.as_str()).collect();
    assert_eq!(
        labels,
        ["2024-02-28", "2024-02-29", "2024-03-01", "undated"]
    );
    let filter = Filter {
        days: Some(("2024-02-28", "2024-03-01")),
        ..Filter::default()
    };
    let (matching, _) = per_period(filter, true, 10);
    let (all, _) = per_period(filter, false, 10);
    for (period, _, count, total, _) in &rows[..3] {
        assert_eq!(
            *count,
            matching.get(period).copied().unwrap_or(0),
            "{period}"
        );
        assert_eq!(*total, all.get(period).copied().unwrap_or(0), "{period}");
    }
    // 2024-02-29: the plain date, and 00:30 in Vienna on 1 March, three times each.
    assert!(rows[1].3 >= 6, "{rows:?}");
}

#[test]
fn issue_15_weeks_and_years() {
    let weeks = trend_rows(&[
        "--by",
        "week",
        "--since",
        "2021-01-01",
        "--until",
        "2021-01-10",
    ]);
    let labels: Vec<&str> = weeks.iter().map(|row| row.0.as_str()).collect();
    assert_eq!(labels, ["2020-W53", "2021-W01", "undated"]);
    let planned = |day: &str| {
        CORPUS
            .planned
            .iter()
            .filter(|p| p.day.as_deref() == Some(day))
            .count() as u64
    };
    let in_range = |first: &str, last: &str| {
        CORPUS
            .planned
            .iter()
            .filter(|p| p.day.as_deref().is_some_and(|d| first <= d && d <= last))
            .count() as u64
    };
    assert!(planned("2021-01-03") >= 3);
    assert_eq!(weeks[0].3, in_range("2021-01-01", "2021-01-03"));
    assert_eq!(weeks[1].3, in_range("2021-01-04", "2021-01-10"));
    // Without a range: from the first to the last dated article, 2019 to 2100.
    let years = trend_rows(&["--by", "year"]);
    assert_eq!(years.first().unwrap().0, "2019");
    assert_eq!(years[years.len() - 2].0, "2100");
    assert_eq!(years.len(), 2100 - 2019 + 1 + 1);
    let total: u64 = years.iter().map(|row| row.2).sum();
    assert_eq!(total as usize, CORPUS.planned.len());
}

#[test]
fn issue_15_several_queries_and_sources_side_by_side() {
    let rows = trend_rows(&[
        "-q",
        "Hochwasser",
        "-q",
        "Markt",
        "--by",
        "year",
        "--since",
        "2019",
        "--until",
        "2024",
    ]);
    let series: BTreeSet<&str> = rows.iter().map(|row| row.1.as_str()).collect();
    assert_eq!(series, BTreeSet::from(["Hochwasser", "Markt"]));
    let flood: u64 = rows
        .iter()
        .filter(|r| r.1 == "Hochwasser")
        .map(|r| r.2)
        .sum();
    let market: u64 = rows.iter().filter(|r| r.1 == "Markt").map(|r| r.2).sum();
    let dated_in = |flood: bool| {
        CORPUS
            .planned
            .iter()
            .filter(|p| p.flood == flood && p.day.as_deref().is_some_and(|d| d < "2025"))
            .count() as u64
    };
    assert_eq!(
        flood,
        dated_in(true)
            + CORPUS
                .planned
                .iter()
                .filter(|p| p.flood && p.day.is_none())
                .count() as u64
    );
    assert_eq!(
        market,
        dated_in(false)
            + CORPUS
                .planned
                .iter()
                .filter(|p| !p.flood && p.day.is_none())
                .count() as u64
    );

    // Split by source: each source's articles about the flood, out of that source's own.
    let rows = trend_rows(&[
        "Hochwasser",
        "--by-agency",
        "4",
        "--by",
        "year",
        "--since",
        "2019",
        "--until",
        "2024",
    ]);
    for source in SOURCES {
        let filter = Filter {
            source: Some(source),
            days: Some(("2019-01-01", "2024-12-31")),
            ..Filter::default()
        };
        let (matching, undated) = per_period(filter, true, 4);
        let (all, _) = per_period(filter, false, 4);
        for (period, _, count, total, _) in rows.iter().filter(|row| row.1 == source) {
            if period == "undated" {
                assert_eq!(*count, undated, "{source}");
                continue;
            }
            assert_eq!(
                *count,
                matching.get(period).copied().unwrap_or(0),
                "{source} {period}"
            );
            assert_eq!(
                *total,
                all.get(period).copied().unwrap_or(0),
                "{source} {period}"
            );
        }
    }
}

#[test]
fn issue_15_trend_chart_and_json() {
    let yearly = |extra: &[&str]| {
        let mut args = vec![
            "trend",
            "Hochwasser",
            "--by",
            "year",
            "--since",
            "2019",
            "--until",
            "2024",
            "--color",
            "never",
        ];
        args.extend(extra);
        run(&args)
    };
    let chart = yearly(&[]);
    assert!(
        chart.starts_with("share of all articles per year\n"),
        "{chart}"
    );
    let rows: Vec<&str> = chart
        .lines()
        .filter(|line| line.starts_with("20"))
        .collect();
    assert_eq!(rows.len(), 6, "{chart}");
    assert!(
        rows.iter()
            .all(|row| row.contains('█') && row.ends_with('%')),
        "{chart}"
    );
    assert!(chart.contains("undated (in no period): "), "{chart}");
    let raw = yearly(&["--raw"]);
    assert!(raw.starts_with("matching articles per year\n"), "{raw}");

    let json: Value = serde_json::from_str(&run(&[
        "trend",
        "Hochwasser",
        "--json",
        "--since",
        "2024-01",
        "--until",
        "2024-03",
    ]))
    .unwrap();
    assert_eq!(json["interval"], "month");
    let labels: Vec<&str> = json["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2024-01", "2024-02", "2024-03"]);
    assert_eq!(json["periods"][1]["start"], "2024-02-01");
    let series = &json["series"][0];
    assert_eq!(series["matching"].as_array().unwrap().len(), 3);
    assert_eq!(series["share"].as_array().unwrap().len(), 3);
}

#[test]
fn issue_15_trend_errors_are_messages() {
    let workspace = &CORPUS.workspace;
    for (args, needle) in [
        (
            vec!["trend", "-q", "a", "-q", "b", "--by-agency"],
            "splits one query",
        ),
        (
            vec![
                "trend", "x", "--by", "day", "--since", "1900", "--until", "2100",
            ],
            "too many",
        ),
        (
            vec!["trend", "x", "--since", "2024-02-30"],
            "not a valid date",
        ),
        (vec!["trend", "\"open"], "quotation mark"),
    ] {
        let output = workspace.newsidx(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(needle),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn issue_15_export_streams_every_match_as_csv_and_jsonl() {
    let expected: BTreeSet<&str> = CORPUS
        .planned
        .iter()
        .filter(|p| p.flood)
        .map(|p| p.id.as_str())
        .collect();
    assert!(expected.len() > 150);
    let text = run(&["search", "Hochwasser", "--all", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id", "path", "title", "date", "language", "agencies", "authors", "url", "score",
            "snippet"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: BTreeSet<&str> = records.iter().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(ids, expected);
    assert_eq!(records.len(), expected.len(), "no article twice");
    // Quotes and commas in titles survive the round trip; scores fall.
    assert!(records.iter().all(|r| r[2].ends_with(", \"zitiert\"")));
    let scores: Vec<f32> = records.iter().map(|r| r[8].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    for record in &records {
        let planned = CORPUS.planned.iter().find(|p| p.id == record[0]).unwrap();
        let mut cited: Vec<&str> = record[5].split("; ").filter(|s| !s.is_empty()).collect();
        let mut wanted = planned.sources.clone();
        cited.sort_unstable();
        wanted.sort_unstable();
        assert_eq!(cited, wanted, "{}", &record[0]);
        assert_eq!(&record[4], planned.language);
    }

    // JSON lines, newest first with a filter: the same as brute force, undated last.
    let text = run(&[
        "search",
        "Hochwasser",
        "--all",
        "--format",
        "jsonl",
        "--sort",
        "newest",
        "--lang",
        "de",
    ]);
    let hits: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let wanted = CORPUS
        .planned
        .iter()
        .filter(|p| p.flood && p.language == "de")
        .count();
    assert_eq!(hits.len(), wanted);
    let dates: Vec<Option<&str>> = hits.iter().map(|hit| hit["date"].as_str()).collect();
    let first_undated = dates
        .iter()
        .position(Option::is_none)
        .unwrap_or(dates.len());
    assert!(
        dates[first_undated..].iter().all(Option::is_none),
        "undated last"
    );
    let dated: Vec<&str> = dates[..first_undated]
        .iter()
        .map(|d| &d.unwrap()[..10])
        .collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "newest first");

    // A page as CSV, and everything without a query.
    let page = run(&["search", "Hochwasser", "--format", "csv", "-n", "3"]);
    assert_eq!(
        csv::Reader::from_reader(page.as_bytes()).records().count(),
        3
    );
    let everything = run(&["search", "--all", "--format", "jsonl"]);
    assert_eq!(everything.lines().count(), CORPUS.planned.len());

    // One JSON document cannot stream: --all asks for rows.
    let output = CORPUS
        .workspace
        .newsidx(&["search", "Hochwasser", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("use --format csv or jsonl"),
        "{}",
        stderr(&output)
    );
}

/// Runs `search --queries FILE ARGS`.
fn batch(queries: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["search", "--queries", queries.to_str().unwrap()];
    all.extend(args);
    CORPUS.workspace.newsidx(&all).output().unwrap()
}

#[test]
fn issue_15_batch_search_reports_each_query_and_goes_on_after_a_bad_one() {
    let workspace = &CORPUS.workspace;
    let queries = workspace.dir.path().join("queries.txt");
    std::fs::write(
        &queries,
        "Hochwasser\n\n# a comment\nMarkt AND\nMarkt\nNirgendwo\n",
    )
    .unwrap();
    let output = batch(&queries, &["--format", "csv", "-n", "2"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a failed query makes the run fail"
    );
    assert!(
        stderr(&output).contains("queries.txt:4: query failed: invalid query `Markt AND`"),
        "{}",
        stderr(&output)
    );
    let text = stdout(&output);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let flood = CORPUS
        .planned
        .iter()
        .filter(|p| p.flood)
        .count()
        .to_string();
    let market = CORPUS
        .planned
        .iter()
        .filter(|p| !p.flood)
        .count()
        .to_string();
    let summary: Vec<(&str, &str, &str, &str)> = records
        .iter()
        .map(|r| (&r[0], &r[1], &r[2], &r[3]))
        .collect();
    assert_eq!(
        summary,
        [
            ("1", "Hochwasser", flood.as_str(), "1"),
            ("1", "Hochwasser", flood.as_str(), "2"),
            ("4", "Markt AND", "0", ""),
            ("5", "Markt", market.as_str(), "1"),
            ("5", "Markt", market.as_str(), "2"),
            ("6", "Nirgendwo", "0", ""),
        ]
    );
    assert!(records[2][14].contains("syntax error"));

    let output = batch(&queries, &["--format", "jsonl", "-n", "1"]);
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["total_hits"].as_u64().unwrap().to_string(), flood);
    assert_eq!(lines[0]["hits"].as_array().unwrap().len(), 1);
    assert!(lines[1]["error"].as_str().unwrap().contains("syntax error"));
    assert_eq!(lines[3]["total_hits"], 0);
}

/// A JSONL line: a German flood article of `date` citing `agency`.
fn article(id: &str, date: &str, agency: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"title\":\"Hochwasser {id}\",\"text\":\"Das Hochwasser stieg.\",\"date\":\"{date}\",\"agency\":\"{agency}\",\"language\":\"de\"}}\n"
    )
}

#[test]
fn issue_15_facets_merge_segments_from_separate_runs() {
    // Two indexing runs, two segments with their own dictionaries and date ranges.
    let workspace = Workspace::new();
    workspace.write(
        "a.jsonl",
        [
            article("a1", "2001-03-01", "dpa"),
            article("a2", "2001-06-01", "dpa, APA"),
            article("a3", "2001-09-01", "AFP"),
        ]
        .concat(),
    );
    assert!(workspace.index_corpus().status.success());
    workspace.write(
        "b.jsonl",
        [
            article("b1", "2024-01-01", "APA"),
            article("b2", "2024-02-01", "AFP"),
            article("b3", "2024-03-01", "dpa, Reuters"),
        ]
        .concat(),
    );
    assert!(workspace.index_corpus().status.success());
    let facets = |top: &str| -> Value {
        let output = workspace
            .newsidx(&["search", "--json", "--facets", top, "Hochwasser"])
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&output.stdout).unwrap()["facets"].clone()
    };
    let all = facets("10");
    let sources: Vec<(&str, u64)> = all["sources"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["value"].as_str().unwrap(), v["count"].as_u64().unwrap()))
        .collect();
    // Most cited first, ties by name.
    assert_eq!(
        sources,
        [("dpa", 3), ("AFP", 2), ("APA", 2), ("Reuters", 1)]
    );
    let top = facets("2");
    assert_eq!(top["sources"]["distinct"], 4);
    let kept: Vec<&str> = top["sources"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["dpa", "AFP"]);
    assert_eq!(
        dimension(&all, "years"),
        BTreeMap::from([("2001".to_owned(), 3), ("2024".to_owned(), 3)])
    );
    let rows = trend_rows_in(&workspace, &["Hochwasser", "--by", "year"]);
    assert_eq!(rows.len(), 2024 - 2001 + 1 + 1);
    assert_eq!((rows[0].2, rows[23].2), (3, 3));
}

/// Facets and trends of `index` for a set of requests, counted by the library with the
/// columns read from the index or kept in memory.
fn library_counts(index: &std::path::Path, kept: bool) -> Vec<String> {
    use newsidx::analytics::Scope;
    use newsidx::analytics::trend::{Interval, TrendRequest, trend};
    use newsidx::search::{SearchRequest, search};
    let mut news_index = newsidx::store::NewsIndex::open(index).unwrap();
    if kept {
        news_index.columns = newsidx::analytics::warm::ColumnCache::keep();
    }
    let searcher = news_index.reader().unwrap().searcher();
    let since: jiff::Timestamp = "2021-01-01T00:00:00Z".parse().unwrap();
    let before: jiff::Timestamp = "2024-03-01T00:00:00Z".parse().unwrap();
    let mut out = Vec::new();
    for query in [Some("Hochwasser"), None] {
        for (agencies, languages, period) in [
            (vec![], vec![], (None, None)),
            (vec!["dpa", "afp"], vec![], (None, None)),
            (vec![], vec!["en"], (None, None)),
            (vec!["Reuters"], vec!["de"], (Some(since), Some(before))),
        ] {
            let request = SearchRequest {
                query: query.map(str::to_owned),
                agencies: agencies.iter().map(|a| a.to_string()).collect(),
                languages: languages.iter().map(|l| l.to_string()).collect(),
                since: period.0,
                before: period.1,
                facets: Some(3),
                ..SearchRequest::default()
            };
            let results = search(&searcher, &news_index, &request).unwrap();
            out.push(format!("{:?}", results.facets));
            let scope = Scope {
                agencies: request.agencies.clone(),
                languages: request.languages.clone(),
                since: period.0,
                before: period.1,
            };
            for by_agency in [None, Some(2)] {
                let request = TrendRequest {
                    queries: vec![query.map(str::to_owned)],
                    interval: Interval::Week,
                    by_agency,
                    scope: scope.clone(),
                };
                out.push(format!(
                    "{:?}",
                    trend(&searcher, &news_index, &request).unwrap()
                ));
            }
        }
    }
    out
}

#[test]
fn issue_15_columns_kept_in_memory_count_what_the_index_holds() {
    // A server copies the columns into arrays; every count must stay what reading the index
    // gives, which the tests above check against the brute-force count.
    let index = CORPUS.workspace.index();
    let read = library_counts(&index, false);
    assert!(read.iter().any(|facets| facets.contains("dpa")));
    assert_eq!(library_counts(&index, true), read);
}

#[test]
fn issue_15_columns_kept_in_memory_follow_new_commits() {
    // One cache across commits: the second run's segment is copied, the first one's kept.
    let workspace = Workspace::new();
    workspace.write(
        "a.jsonl",
        [
            article("a1", "2001-03-01", "dpa"),
            article("a2", "2001-06-01", "dpa, APA"),
        ]
        .concat(),
    );
    assert!(workspace.index_corpus().status.success());
    let cache = newsidx::analytics::warm::ColumnCache::keep();
    let sources = || {
        let mut news_index = newsidx::store::NewsIndex::open(&workspace.index()).unwrap();
        news_index.columns = cache.clone();
        let searcher = news_index.reader().unwrap().searcher();
        let request = newsidx::search::SearchRequest {
            query: Some("Hochwasser".to_owned()),
            facets: Some(10),
            ..Default::default()
        };
        let results = newsidx::search::search(&searcher, &news_index, &request).unwrap();
        let facets = results.facets.unwrap();
        let bytes = cache.warm(&searcher).unwrap().unwrap().bytes();
        let sources: Vec<(String, u64)> = facets
            .sources
            .values
            .into_iter()
            .map(|value| (value.value, value.count))
            .collect();
        (sources, facets.years.values.len(), bytes)
    };
    let (first, years, first_bytes) = sources();
    assert_eq!(first, [("dpa".to_owned(), 2), ("APA".to_owned(), 1)]);
    assert_eq!(years, 1);
    workspace.write(
        "b.jsonl",
        [
            article("b1", "2024-01-01", "Reuters"),
            article("b2", "2024-02-01", "AFP, dpa"),
        ]
        .concat(),
    );
    assert!(workspace.index_corpus().status.success());
    let (second, years, second_bytes) = sources();
    assert_eq!(
        second,
        [
            ("dpa".to_owned(), 3),
            ("AFP".to_owned(), 1),
            ("APA".to_owned(), 1),
            ("Reuters".to_owned(), 1)
        ]
    );
    assert_eq!(years, 2);
    assert!(second_bytes > first_bytes);
}
