//! Reading the labelled files of `tests/data/` (formats in `tests/data/README.md`) and scoring
//! what newsidx reads out of them: counts of correct, spurious and missed values, and
//! precision, recall and F1 from them.

use std::collections::BTreeSet;

use newsidx::agency::Registry;

/// The comment line that ends the part of a development file written before tuning.
pub const FIRST_CONTACT_END: &str = "# --- end of the first-contact quarter ---";

/// One labelled passage of a passage file.
pub struct Passage {
    /// Topic heading it stands under.
    pub topic: String,
    /// 1-based line of its first text line in the file.
    pub line: usize,
    /// True when it stands before the first-contact marker.
    pub first_contact: bool,
    /// The passage.
    pub text: String,
    /// Canonical names it cites.
    pub expected: BTreeSet<String>,
}

/// Parses a passage file: text lines, then `=> NAME, NAME`.
pub fn passages(file: &str) -> Vec<Passage> {
    let mut cases = Vec::new();
    let mut topic = String::from("(none)");
    let mut text = Vec::new();
    let mut first_line = 0;
    let mut first_contact = file.contains(FIRST_CONTACT_END);
    for (index, line) in file.lines().enumerate() {
        if line.trim() == FIRST_CONTACT_END {
            first_contact = false;
        } else if let Some(heading) = line.strip_prefix("## ") {
            topic = heading.trim().to_owned();
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else if let Some(names) = line.strip_prefix("=>") {
            assert!(
                !text.is_empty(),
                "line {}: expectation without text",
                index + 1
            );
            cases.push(Passage {
                topic: topic.clone(),
                line: first_line,
                first_contact,
                text: text.join("\n"),
                expected: names_list(names, ','),
            });
            text.clear();
        } else {
            if text.is_empty() {
                first_line = index + 1;
            }
            text.push(line);
        }
    }
    assert!(
        text.is_empty(),
        "text at the end of the file has no expectation"
    );
    cases
}

/// One labelled article of an article file.
pub struct LabelledArticle {
    /// The case's label (after `=== `).
    pub label: String,
    /// 1-based line of its `===` line.
    pub line: usize,
    /// True when it stands before the first-contact marker.
    pub first_contact: bool,
    /// Expected title.
    pub title: String,
    /// Expected publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Expected authors.
    pub authors: BTreeSet<String>,
    /// Expected cited sources.
    pub agencies: BTreeSet<String>,
    /// The article file's text.
    pub text: String,
}

/// Parses an article file: `=== label`, `key: value` lines, `---`, the text.
pub fn articles(file: &str) -> Vec<LabelledArticle> {
    let mut cases: Vec<LabelledArticle> = Vec::new();
    let mut first_contact = file.contains(FIRST_CONTACT_END);
    let mut in_text = false;
    let mut text: Vec<&str> = Vec::new();
    let finish = |cases: &mut Vec<LabelledArticle>, text: &mut Vec<&str>| {
        if let Some(case) = cases.last_mut() {
            while text.last().is_some_and(|line| line.trim().is_empty()) {
                text.pop();
            }
            case.text = text.join("\n");
        }
        text.clear();
    };
    for (index, line) in file.lines().enumerate() {
        if line.trim() == FIRST_CONTACT_END {
            if in_text {
                finish(&mut cases, &mut text);
            }
            in_text = false;
            first_contact = false;
        } else if let Some(label) = line.strip_prefix("=== ") {
            if in_text {
                finish(&mut cases, &mut text);
            }
            in_text = false;
            cases.push(LabelledArticle {
                label: label.trim().to_owned(),
                line: index + 1,
                first_contact,
                title: String::new(),
                date: None,
                authors: BTreeSet::new(),
                agencies: BTreeSet::new(),
                text: String::new(),
            });
        } else if in_text {
            text.push(line);
        } else if line.trim() == "---" {
            assert!(!cases.is_empty(), "line {}: text without a case", index + 1);
            in_text = true;
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else {
            let case = cases
                .last_mut()
                .unwrap_or_else(|| panic!("line {}: label outside a case", index + 1));
            let (key, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("line {}: expected `key: value`", index + 1));
            let value = value.trim();
            let none = value == "-" || value.is_empty();
            match key.trim() {
                "title" => case.title = value.to_owned(),
                "date" => case.date = (!none).then(|| value.to_owned()),
                "authors" if none => {}
                "authors" => case.authors = names_list(value, ';'),
                "agencies" if none => {}
                "agencies" => case.agencies = names_list(value, ','),
                other => panic!("line {}: unknown key {other:?}", index + 1),
            }
        }
    }
    if in_text {
        finish(&mut cases, &mut text);
    }
    for case in &cases {
        assert!(
            !case.title.is_empty() && !case.text.is_empty(),
            "line {}: a case needs a title and a text",
            case.line
        );
    }
    cases
}

/// The names of a `NAME, NAME` list, trimmed, empty ones dropped.
fn names_list(list: &str, separator: char) -> BTreeSet<String> {
    list.split(separator)
        .map(str::trim)
        .filter(|name| !name.is_empty() && *name != "-")
        .map(str::to_owned)
        .collect()
}

/// True-positive, false-positive and false-negative counts.
#[derive(Default, Clone, Copy, Debug)]
pub struct Tally {
    /// Found and expected.
    pub correct: usize,
    /// Found, not expected.
    pub spurious: usize,
    /// Expected, not found.
    pub missed: usize,
}

impl Tally {
    /// The counts of one case: `found` against `expected`.
    pub fn of(found: &BTreeSet<String>, expected: &BTreeSet<String>) -> Tally {
        Tally {
            correct: found.intersection(expected).count(),
            spurious: found.difference(expected).count(),
            missed: expected.difference(found).count(),
        }
    }

    /// Adds another tally's counts.
    pub fn add(&mut self, other: Tally) {
        self.correct += other.correct;
        self.spurious += other.spurious;
        self.missed += other.missed;
    }

    /// True when the case had a mistake.
    pub fn wrong(self) -> bool {
        self.spurious + self.missed > 0
    }

    /// Precision, recall and F1 (1.0 where nothing was to be found and nothing was).
    pub fn scores(self) -> (f64, f64, f64) {
        let ratio = |part: usize, whole: usize| {
            if whole == 0 {
                1.0
            } else {
                part as f64 / whole as f64
            }
        };
        let precision = ratio(self.correct, self.correct + self.spurious);
        let recall = ratio(self.correct, self.correct + self.missed);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        (precision, recall, f1)
    }

    /// `P 0.000 R 0.000 F1 0.000`.
    pub fn line(self) -> String {
        let (p, r, f) = self.scores();
        format!("P {p:.3} R {r:.3} F1 {f:.3}")
    }
}

/// Writes `report` to standard error past the test harness's capture, so that every run
/// shows the figures.
pub fn show(report: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
}

/// What the detector made of the passages of one file.
#[derive(Default)]
pub struct PassageScores {
    /// Counts over every passage.
    pub total: Tally,
    /// Counts over the passages before the first-contact marker.
    pub first_contact: Tally,
    /// Counts per `##` topic, in the file's order.
    pub topics: Vec<(String, Tally)>,
    /// One line per passage read wrongly: `  FILE:LINE: expected …, found …`.
    pub errors: Vec<String>,
}

impl PassageScores {
    /// One indented line per topic.
    pub fn topic_lines(&self) -> String {
        self.topics
            .iter()
            .map(|(topic, tally)| format!("    {topic}: {}\n", tally.line()))
            .collect()
    }
}

/// Runs the source detector of `registry` over `cases` from the file `name` and counts.
pub fn score_passages(registry: &Registry, name: &str, cases: &[Passage]) -> PassageScores {
    let mut scores = PassageScores::default();
    for case in cases {
        let found: BTreeSet<String> = registry.detect(&case.text).into_iter().collect();
        let tally = Tally::of(&found, &case.expected);
        if tally.wrong() {
            scores.errors.push(format!(
                "  {name}:{}: expected {:?}, found {:?}",
                case.line, case.expected, found
            ));
        }
        scores.total.add(tally);
        if case.first_contact {
            scores.first_contact.add(tally);
        }
        match scores
            .topics
            .iter_mut()
            .find(|(topic, _)| *topic == case.topic)
        {
            Some((_, topic)) => topic.add(tally),
            None => scores.topics.push((case.topic.clone(), tally)),
        }
    }
    scores
}
