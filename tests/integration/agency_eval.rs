//! Measures cited-source detection on the labelled passages in `tests/data/agency_eval.txt`:
//! micro-averaged precision, recall and F1 over (passage, source) pairs, overall and per
//! topic. Fails below F1 0.97 and prints the figures on every run.

use newsidx::agency::Registry;

use crate::labelled::{PassageScores, Tally, passages, score_passages, show};

/// The evaluation set, compiled into the test so that it runs from any directory.
const EVAL_SET: &str = include_str!("../data/agency_eval.txt");

/// The bar the detector must clear.
const MIN_F1: f64 = 0.97;

#[test]
fn detection_precision_recall_f1() {
    let registry = Registry::builtin();
    let cases = passages(EVAL_SET);
    assert!(cases.len() >= 80, "only {} labelled passages", cases.len());

    let PassageScores {
        total,
        topics,
        errors,
        ..
    } = score_passages(&registry, "agency_eval.txt", &cases);

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
        report.push_str(&format!("  {topic}: {}\n", tally.line()));
        if topic.starts_with("held-out") {
            held_out.add(*tally);
        }
    }
    report.push_str(&format!("  all held-out passages: {}\n", held_out.line()));
    for error in &errors {
        report.push_str(error);
        report.push('\n');
    }
    show(&report);
    assert!(f1 >= MIN_F1, "F1 {f1:.3} is below {MIN_F1}\n{report}");
}
