//! Ranking evaluation: run queries, score the rankings against TREC relevance judgments.
//!
//! Input files: queries as `id <TAB> text` lines, judgments (qrels) as TREC lines `qid 0 docid
//! rel`. Metrics follow trec_eval's definitions, with document ids being article ids:
//!
//! - **MRR@k** (`recip_rank` cut at k): 1 / rank of the first relevant hit in the top k, else 0;
//! - **nDCG@k** (`ndcg_cut.k`): DCG with gain = judged relevance and discount log2(rank + 1),
//!   divided by the DCG of the ideal ordering of the judged documents;
//! - **Recall@k** (`recall.k`): relevant documents in the top k / relevant documents judged.
//!
//! A document counts as relevant when its judgment is at least 1. Scores are averaged over the
//! queries that have at least one relevant judgment; a query with no hits scores 0 (as
//! trec_eval's `-c`).

use std::collections::HashMap;

use anyhow::{Context, Result, bail};
use serde::Serialize;

/// Relevance judgments: query id -> document id -> relevance.
pub type Qrels = HashMap<String, HashMap<String, i64>>;

/// Reads `id <TAB> text` query lines; blank lines and lines starting with `#` are skipped.
pub fn parse_queries(text: &str) -> Result<Vec<(String, String)>> {
    let mut queries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((id, query)) = line.split_once('\t') else {
            bail!("line {}: expected `id<TAB>query text`", index + 1);
        };
        queries.push((id.trim().to_owned(), query.trim().to_owned()));
    }
    Ok(queries)
}

/// Reads TREC qrels lines: `qid iteration docid relevance`, separated by white space.
pub fn parse_qrels(text: &str) -> Result<Qrels> {
    let mut qrels: Qrels = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() || line.starts_with('#') {
            continue;
        }
        let [query, _iteration, document, relevance] = fields[..] else {
            bail!("line {}: expected `qid 0 docid relevance`", index + 1);
        };
        let relevance: i64 = relevance.parse().with_context(|| {
            format!(
                "line {}: relevance `{relevance}` is not a number",
                index + 1
            )
        })?;
        qrels
            .entry(query.to_owned())
            .or_default()
            .insert(document.to_owned(), relevance);
    }
    Ok(qrels)
}

/// The scores of one query.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Reciprocal rank of the first relevant hit within the cut-off.
    pub mrr: f64,
    /// Normalised discounted cumulative gain within the cut-off.
    pub ndcg: f64,
    /// Recall of the first hit.
    pub recall_1: f64,
    /// Recall within the cut-off.
    pub recall_k: f64,
}

/// Scores `ranking` (document ids, best first) against `judgments` with cut-off `k`.
pub fn score(ranking: &[String], judgments: &HashMap<String, i64>, k: usize) -> Scores {
    let relevance = |document: &String| judgments.get(document).copied().unwrap_or(0);
    let relevant_total = judgments.values().filter(|&&rel| rel >= 1).count();
    if relevant_total == 0 {
        return Scores::default();
    }
    let top = &ranking[..ranking.len().min(k)];
    let mrr = top
        .iter()
        .position(|document| relevance(document) >= 1)
        .map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
    let dcg = |gains: &mut dyn Iterator<Item = i64>| -> f64 {
        gains
            .enumerate()
            .map(|(rank, gain)| gain.max(0) as f64 / ((rank + 2) as f64).log2())
            .sum()
    };
    let actual = dcg(&mut top.iter().map(relevance));
    let mut ideal_gains: Vec<i64> = judgments.values().copied().filter(|&rel| rel > 0).collect();
    ideal_gains.sort_unstable_by(|a, b| b.cmp(a));
    let ideal = dcg(&mut ideal_gains.into_iter().take(k));
    let found_within = |cut: usize| {
        ranking[..ranking.len().min(cut)]
            .iter()
            .filter(|document| relevance(document) >= 1)
            .count() as f64
            / relevant_total as f64
    };
    Scores {
        mrr,
        ndcg: if ideal > 0.0 { actual / ideal } else { 0.0 },
        recall_1: found_within(1),
        recall_k: found_within(k),
    }
}

/// The mean of each score over `all`.
pub fn mean(all: &[Scores]) -> Scores {
    let count = all.len().max(1) as f64;
    let sum = |get: fn(&Scores) -> f64| all.iter().map(get).sum::<f64>() / count;
    Scores {
        mrr: sum(|s| s.mrr),
        ndcg: sum(|s| s.ndcg),
        recall_1: sum(|s| s.recall_1),
        recall_k: sum(|s| s.recall_k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, i64)]) -> HashMap<String, i64> {
        pairs.iter().map(|(d, r)| ((*d).to_owned(), *r)).collect()
    }

    fn ranking(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn single_relevant_document() {
        let judgments = judged(&[("a", 1)]);
        let first = score(&ranking(&["a", "b"]), &judgments, 10);
        assert_eq!(
            first,
            Scores {
                mrr: 1.0,
                ndcg: 1.0,
                recall_1: 1.0,
                recall_k: 1.0
            }
        );
        let third = score(&ranking(&["x", "y", "a"]), &judgments, 10);
        assert!((third.mrr - 1.0 / 3.0).abs() < 1e-12);
        assert!((third.ndcg - 0.5).abs() < 1e-12, "1/log2(4) = 0.5");
        assert_eq!((third.recall_1, third.recall_k), (0.0, 1.0));
        let beyond = score(&ranking(&["x", "y", "a"]), &judgments, 2);
        assert_eq!(beyond, Scores::default());
    }

    #[test]
    fn graded_judgments_and_several_relevant() {
        // trec_eval ndcg_cut: gains are the judged levels, ideal order 2, 1.
        let judgments = judged(&[("a", 1), ("b", 2), ("c", 0)]);
        let scores = score(&ranking(&["a", "c", "b"]), &judgments, 10);
        let dcg = 1.0 + 2.0 / 4f64.log2();
        let ideal = 2.0 + 1.0 / 3f64.log2();
        assert!((scores.ndcg - dcg / ideal).abs() < 1e-12);
        assert_eq!(scores.mrr, 1.0);
        assert_eq!(scores.recall_1, 0.5);
        assert_eq!(scores.recall_k, 1.0);
    }

    #[test]
    fn parses_files() {
        let queries = parse_queries("q1\tWie viele?\n\n# comment\nq2\tWo?\n").unwrap();
        assert_eq!(
            queries,
            [
                ("q1".into(), "Wie viele?".into()),
                ("q2".into(), "Wo?".into())
            ]
        );
        assert!(parse_queries("no tab here").is_err());
        let qrels = parse_qrels("q1 0 p1 1\nq1\t0\tp2\t0\n").unwrap();
        assert_eq!(qrels["q1"]["p1"], 1);
        assert_eq!(qrels["q1"]["p2"], 0);
        assert!(parse_qrels("q1 0 p1").is_err());
        assert!(parse_qrels("q1 0 p1 x").is_err());
    }

    #[test]
    fn mean_averages_each_score() {
        let all = [
            Scores {
                mrr: 1.0,
                ndcg: 1.0,
                recall_1: 1.0,
                recall_k: 1.0,
            },
            Scores::default(),
        ];
        assert_eq!(
            mean(&all),
            Scores {
                mrr: 0.5,
                ndcg: 0.5,
                recall_1: 0.5,
                recall_k: 0.5
            }
        );
    }
}
