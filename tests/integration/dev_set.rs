//! Measures what newsidx reads out of text on the development set of `tests/data/`
//! (`sources_dev_*.txt`, `articles_dev_*.txt`; formats and labelling rules in
//! `tests/data/README.md`). Prints precision, recall and F1 per field, overall, per topic and for
//! the first-contact part, and fails below the bars of issue 13: cited sources F1 0.97, and
//! titles, dates and authors matching exactly in 97 % of the articles.

use std::collections::BTreeSet;

use newsidx::agency::Registry;
use newsidx::ingest::{Format, Ingestor};

use crate::labelled::{LabelledArticle, Tally, articles, passages, score_passages, show};

/// The passage files, with their names for the report.
const SOURCE_FILES: &[(&str, &str)] = &[
    (
        "sources_dev_dach.txt",
        include_str!("../data/sources_dev_dach.txt"),
    ),
    (
        "sources_dev_wire.txt",
        include_str!("../data/sources_dev_wire.txt"),
    ),
];

/// The article files, with their names for the report.
const ARTICLE_FILES: &[(&str, &str)] = &[
    (
        "articles_dev_at.txt",
        include_str!("../data/articles_dev_at.txt"),
    ),
    (
        "articles_dev_de_en.txt",
        include_str!("../data/articles_dev_de_en.txt"),
    ),
];

/// The bar for cited sources, on passages and on whole articles.
const MIN_SOURCES_F1: f64 = 0.97;

/// The bar for titles, dates and authors: the share of articles read exactly right.
const MIN_EXACT: f64 = 0.97;

/// Words a derived title keeps before it is cut with ` …` (see `ingest::text::derive_title`).
const DERIVED_TITLE_WORDS: usize = 14;

/// Passages written blind after the tuning, to measure how far it generalises.
const HELD_OUT: &str = include_str!("../data/heldout_after_tuning.txt");

/// The bar for the held-out passages: below the tuned set's, since nothing was tuned on them;
/// a fall below it means a change broke what generalised.
const MIN_HELD_OUT_F1: f64 = 0.85;

#[test]
fn sources_on_the_passages_held_out_after_tuning() {
    let registry = Registry::builtin();
    let cases = passages(HELD_OUT);
    let scores = score_passages(&registry, "heldout_after_tuning.txt", &cases);
    let mut report = format!(
        "sources on {} passages held out after tuning: {}\n{}",
        cases.len(),
        scores.total.line(),
        scores.topic_lines()
    );
    for error in &scores.errors {
        report.push_str(error);
        report.push('\n');
    }
    show(&report);
    let (_, _, f1) = scores.total.scores();
    assert!(cases.len() >= 100, "only {} held-out passages", cases.len());
    assert!(
        f1 >= MIN_HELD_OUT_F1,
        "held-out sources F1 {f1:.3} is below {MIN_HELD_OUT_F1}\n{report}"
    );
}

#[test]
fn sources_on_the_development_passages() {
    let registry = Registry::builtin();
    let mut report = String::new();
    let (mut total, mut first_contact) = (Tally::default(), Tally::default());
    let mut count = 0;
    let mut errors = Vec::new();
    for (name, file) in SOURCE_FILES {
        let cases = passages(file);
        count += cases.len();
        let scores = score_passages(&registry, name, &cases);
        report.push_str(&format!(
            "{name}: {} passages: {}; first-contact part: {}\n{}",
            cases.len(),
            scores.total.line(),
            scores.first_contact.line(),
            scores.topic_lines()
        ));
        errors.extend(scores.errors);
        total.add(scores.total);
        first_contact.add(scores.first_contact);
    }
    let (_, _, f1) = total.scores();
    report.insert_str(
        0,
        &format!(
            "sources on {count} development passages: {} ({} correct, {} spurious, {} missed); first-contact parts: {}\n",
            total.line(),
            total.correct,
            total.spurious,
            total.missed,
            first_contact.line()
        ),
    );
    for error in &errors {
        report.push_str(error);
        report.push('\n');
    }
    show(&report);
    assert!(count >= 400, "only {count} labelled passages");
    assert!(
        f1 >= MIN_SOURCES_F1,
        "sources F1 {f1:.3} is below {MIN_SOURCES_F1}\n{report}"
    );
}

/// What newsidx read out of one article, in the labels' terms.
struct Read {
    /// Title shown.
    title: String,
    /// Publication date, `YYYY-MM-DD`.
    date: Option<String>,
    /// Authors.
    authors: BTreeSet<String>,
    /// Cited sources.
    agencies: BTreeSet<String>,
}

/// Reads `case` as a `.txt` file through the whole ingest pipeline.
fn read(ingestor: &Ingestor, case: &LabelledArticle) -> Read {
    let report = ingestor.read_memory("dev.txt", "dev.txt", Format::Text, case.text.as_bytes());
    assert!(
        report.problems.is_empty() && report.articles.len() == 1,
        "line {}: {report}",
        case.line
    );
    let article = &report.articles[0];
    Read {
        title: article.title.clone(),
        date: article
            .published
            .as_ref()
            .map(|published| published.to_string().chars().take(10).collect()),
        authors: article.authors.iter().cloned().collect(),
        agencies: article.agencies.iter().cloned().collect(),
    }
}

/// The title the labels expect newsidx to show: a derived title (not the text's first line)
/// longer than [`DERIVED_TITLE_WORDS`] words is cut to them and ` …`.
fn expected_title(case: &LabelledArticle) -> String {
    let title = case.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let first_line = case.text.lines().find(|line| !line.trim().is_empty());
    let words: Vec<&str> = title.split_whitespace().collect();
    if first_line.is_some_and(|line| line.trim() == case.title)
        || words.len() <= DERIVED_TITLE_WORDS
    {
        title
    } else {
        format!("{} …", words[..DERIVED_TITLE_WORDS].join(" "))
    }
}

/// Scores of one field over many articles: exact matches, and value counts for P/R/F1.
#[derive(Default, Clone, Copy)]
struct Field {
    /// Articles read.
    articles: usize,
    /// Articles whose value was exactly right.
    exact: usize,
    /// Value counts.
    tally: Tally,
}

impl Field {
    /// Adds one article's result.
    fn add(&mut self, found: &BTreeSet<String>, expected: &BTreeSet<String>) {
        let tally = Tally::of(found, expected);
        self.articles += 1;
        self.exact += usize::from(!tally.wrong());
        self.tally.add(tally);
    }

    /// The share of articles read exactly right.
    fn exact_share(self) -> f64 {
        if self.articles == 0 {
            1.0
        } else {
            self.exact as f64 / self.articles as f64
        }
    }

    /// `exact 0.000 (n/m), P … R … F1 …`.
    fn line(self) -> String {
        format!(
            "exact {:.3} ({}/{}), {}",
            self.exact_share(),
            self.exact,
            self.articles,
            self.tally.line()
        )
    }
}

/// The four fields of an article.
#[derive(Default, Clone, Copy)]
struct Fields {
    /// Title.
    title: Field,
    /// Publication date.
    date: Field,
    /// Authors.
    authors: Field,
    /// Cited sources.
    agencies: Field,
}

impl Fields {
    /// One line per field.
    fn lines(&self, indent: &str) -> String {
        [
            ("title", self.title),
            ("date", self.date),
            ("authors", self.authors),
            ("agencies", self.agencies),
        ]
        .iter()
        .map(|(name, field)| format!("{indent}{name}: {}\n", field.line()))
        .collect()
    }
}

#[test]
fn titles_dates_authors_and_sources_on_the_development_articles() {
    let registry = Registry::builtin();
    let ingestor = Ingestor::new(&registry, u64::MAX);
    let (mut total, mut first_contact) = (Fields::default(), Fields::default());
    let mut report = String::new();
    let mut errors = Vec::new();
    let mut count = 0;
    for (name, file) in ARTICLE_FILES {
        let mut in_file = Fields::default();
        let cases = articles(file);
        count += cases.len();
        for case in &cases {
            let read = read(&ingestor, case);
            let one = |value: Option<String>| value.into_iter().collect::<BTreeSet<String>>();
            let title = expected_title(case);
            let values = [
                ("title", one(Some(read.title)), one(Some(title))),
                ("date", one(read.date), one(case.date.clone())),
                ("authors", read.authors, case.authors.clone()),
                ("agencies", read.agencies, case.agencies.clone()),
            ];
            for fields in [&mut in_file, &mut total]
                .into_iter()
                .chain(case.first_contact.then_some(&mut first_contact))
            {
                let [title, date, authors, agencies] = &values;
                fields.title.add(&title.1, &title.2);
                fields.date.add(&date.1, &date.2);
                fields.authors.add(&authors.1, &authors.2);
                fields.agencies.add(&agencies.1, &agencies.2);
            }
            let wrong: Vec<String> = values
                .iter()
                .filter(|(_, found, expected)| found != expected)
                .map(|(field, found, expected)| {
                    format!("{field} {found:?} (expected {expected:?})")
                })
                .collect();
            if !wrong.is_empty() {
                errors.push(format!(
                    "  {name}:{} ({}): {}",
                    case.line,
                    case.label,
                    wrong.join("; ")
                ));
            }
        }
        report.push_str(&format!("{name}: {} articles\n", cases.len()));
        report.push_str(&in_file.lines("    "));
    }
    report.insert_str(
        0,
        &format!(
            "fields of {count} development articles:\n{}  first-contact parts ({} articles):\n{}",
            total.lines("  "),
            first_contact.title.articles,
            first_contact.lines("    ")
        ),
    );
    for error in &errors {
        report.push_str(error);
        report.push('\n');
    }
    show(&report);
    assert!(count >= 150, "only {count} labelled articles");
    for (name, field) in [
        ("titles", total.title),
        ("dates", total.date),
        ("authors", total.authors),
    ] {
        assert!(
            field.exact_share() >= MIN_EXACT,
            "{name}: exact {:.3} is below {MIN_EXACT}\n{report}",
            field.exact_share()
        );
    }
    let (_, _, f1) = total.agencies.tally.scores();
    assert!(
        f1 >= MIN_SOURCES_F1,
        "sources in articles: F1 {f1:.3} is below {MIN_SOURCES_F1}\n{report}"
    );
}
