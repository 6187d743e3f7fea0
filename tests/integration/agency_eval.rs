//! Measures cited-source detection on the labelled passages in `tests/data/agency_eval.txt`:
//! micro-averaged precision, recall and F1 over (passage, source) pairs, overall and per
//! topic. Fails below F1 0.97 and prints the figures on every run.

use std::collections::BTreeSet;
use std::io::Write;

use newsidx::agency::Registry;

/// The evaluation set, compiled into the test so that it runs from any directory.
const EVAL_SET: &str = include_str!("../data/agency_eval.txt");

/// The bar the detector must clear.
const MIN_F1: f64 = 0.97;

/// One labelled passage.
struct Case {
    /// Topic heading it stands under.
    topic: String,
    /// 1-based line of its first text line in the file.
    line: usize,
    /// The passage.
    text: String,
    /// Canonical names it cites.
    expected: BTreeSet<String>,
}

/// Parses the evaluation file (format described at its top).
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut topic = String::from("(none)");
    let mut text = Vec::new();
    let mut first_line = 0;
    for (index, line) in EVAL_SET.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            topic = heading.trim().to_owned();
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else if let Some(names) = line.strip_prefix("=>") {
            assert!(
                !text.is_empty(),
                "line {}: expectation without text",
                index + 1
            );
            cases.push(Case {
                topic: topic.clone(),
                line: first_line,
                text: text.join("\n"),
                expected: names
                    .split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
                    .collect(),
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

/// True-positive, false-positive and false-negative counts.
#[derive(Default, Clone, Copy)]
struct Tally {
    /// Found and expected.
    correct: usize,
    /// Found, not expected.
    spurious: usize,
    /// Expected, not found.
    missed: usize,
}

impl Tally {
    /// Precision, recall and F1 (1.0 where nothing was to be found and nothing was).
    fn scores(self) -> (f64, f64, f64) {
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
}

#[test]
fn detection_precision_recall_f1() {
    let registry = Registry::builtin();
    let cases = cases();
    assert!(cases.len() >= 80, "only {} labelled passages", cases.len());

    let mut total = Tally::default();
    let mut topics: Vec<(String, Tally)> = Vec::new();
    let mut errors = Vec::new();
    for case in &cases {
        let found: BTreeSet<String> = registry.detect(&case.text).into_iter().collect();
        let tally = Tally {
            correct: found.intersection(&case.expected).count(),
            spurious: found.difference(&case.expected).count(),
            missed: case.expected.difference(&found).count(),
        };
        if tally.spurious + tally.missed > 0 {
            errors.push(format!(
                "  line {}: expected {:?}, found {:?}",
                case.line, case.expected, found
            ));
        }
        total.correct += tally.correct;
        total.spurious += tally.spurious;
        total.missed += tally.missed;
        match topics.iter_mut().find(|(topic, _)| *topic == case.topic) {
            Some((_, topic)) => {
                topic.correct += tally.correct;
                topic.spurious += tally.spurious;
                topic.missed += tally.missed;
            }
            None => topics.push((case.topic.clone(), tally)),
        }
    }

    let (precision, recall, f1) = total.scores();
    let mut report = format!(
        "agency detection on {} passages: precision {precision:.3}, recall {recall:.3}, F1 {f1:.3} ({} correct, {} spurious, {} missed)\n",
        cases.len(),
        total.correct,
        total.spurious,
        total.missed
    );
    let mut held_out = Tally::default();
    for (topic, tally) in &topics {
        let (p, r, f) = tally.scores();
        report.push_str(&format!("  {topic}: P {p:.3} R {r:.3} F1 {f:.3}\n"));
        if topic.starts_with("held-out") {
            held_out.correct += tally.correct;
            held_out.spurious += tally.spurious;
            held_out.missed += tally.missed;
        }
    }
    let (p, r, f) = held_out.scores();
    report.push_str(&format!(
        "  all held-out passages: P {p:.3} R {r:.3} F1 {f:.3}\n"
    ));
    for error in &errors {
        report.push_str(error);
        report.push('\n');
    }
    // Written past the test harness's capture, so that every run shows the figures.
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
    assert!(f1 >= MIN_F1, "F1 {f1:.3} is below {MIN_F1}\n{report}");
}
