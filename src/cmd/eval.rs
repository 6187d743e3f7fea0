//! `newsidx eval`: run a query file against the index and score it with relevance judgments.

use std::io::Write;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::EvalArgs;
use crate::eval::{Qrels, Scores, mean, parse_qrels, parse_queries, score};
use crate::outcome::Outcome;
use crate::output::{sanitize, write_json};
use crate::search::{QuerySyntax, SearchRequest, SortOrder, search};
use crate::store::NewsIndex;

/// The `--json` document.
#[derive(Serialize)]
struct JsonEval<'a> {
    /// Cut-off rank.
    cutoff: usize,
    /// Queries scored.
    queries: usize,
    /// Mean scores.
    mean: &'a Scores,
    /// Scores per query (with `--per-query`).
    #[serde(skip_serializing_if = "Option::is_none")]
    per_query: Option<Vec<JsonQuery<'a>>>,
}

/// One query's scores in `--json` output.
#[derive(Serialize)]
struct JsonQuery<'a> {
    /// Query id.
    id: &'a str,
    /// Its scores.
    #[serde(flatten)]
    scores: &'a Scores,
}

/// Warns when relevant documents of the judgments are not in the index: most likely the
/// judgments name paths, not the article ids `search --json` shows, and every score would be
/// 0 without a word.
fn warn_of_unknown_ids(
    searcher: &tantivy::Searcher,
    index: &NewsIndex,
    qrels: &Qrels,
    args: &EvalArgs,
) -> Result<()> {
    let mut judged: Vec<&String> = qrels
        .values()
        .flat_map(|docs| docs.iter().filter(|(_, rel)| **rel >= 1).map(|(id, _)| id))
        .collect();
    judged.sort();
    judged.dedup();
    let mut unknown = Vec::new();
    for id in &judged {
        let term = tantivy::Term::from_field_text(index.fields.id, id);
        if searcher
            .doc_freq(&term)
            .context("cannot read article ids")?
            == 0
        {
            unknown.push(*id);
        }
    }
    if let Some(first) = unknown.first() {
        eprintln!(
            "newsidx: {}: {} of {} relevant documents are not in the index (such as `{}`); judgments name article ids as `search --json` shows them, not paths",
            args.qrels.display(),
            unknown.len(),
            judged.len(),
            sanitize(first)
        );
    }
    Ok(())
}

/// Scores every judged query and prints the means (and per-query scores on request).
pub fn run(args: &EvalArgs) -> Result<Outcome> {
    let read = |path: &std::path::Path, what: &str| {
        std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read {what}", path.display()))
    };
    let queries = parse_queries(&read(&args.queries, "queries")?)
        .with_context(|| format!("{}: invalid query file", args.queries.display()))?;
    let qrels = parse_qrels(&read(&args.qrels, "judgments")?)
        .with_context(|| format!("{}: invalid qrels file", args.qrels.display()))?;
    let judged: Vec<&(String, String)> = queries
        .iter()
        .filter(|(id, _)| {
            qrels
                .get(id)
                .is_some_and(|docs| docs.values().any(|&rel| rel >= 1))
        })
        .collect();
    if judged.is_empty() {
        bail!(
            "no query in {} has a relevant judgment in {}",
            args.queries.display(),
            args.qrels.display()
        );
    }
    let index = NewsIndex::open(&args.location.index)?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    warn_of_unknown_ids(&searcher, &index, &qrels, args)?;
    let cutoff = args.cutoff as usize;

    let scored: Vec<(&str, Scores)> = judged
        .par_iter()
        .map(|(id, text)| {
            let request = SearchRequest {
                query: Some(text.clone()),
                syntax: QuerySyntax::Plain,
                snippets: false,
                limit: cutoff,
                sort: SortOrder::Relevance,
                ..SearchRequest::default()
            };
            let results =
                search(&searcher, &index, &request).with_context(|| format!("query {id}"))?;
            let ranking: Vec<String> = results.hits.into_iter().map(|hit| hit.article.id).collect();
            Ok((id.as_str(), score(&ranking, &qrels[id.as_str()], cutoff)))
        })
        .collect::<Result<_>>()?;
    let all: Vec<Scores> = scored.iter().map(|(_, scores)| scores.clone()).collect();
    let average = mean(&all);

    let mut out = super::stdout();
    if args.json {
        let per_query = args.per_query.then(|| {
            scored
                .iter()
                .map(|(id, scores)| JsonQuery { id, scores })
                .collect()
        });
        write_json(
            &mut out,
            &JsonEval {
                cutoff,
                queries: scored.len(),
                mean: &average,
                per_query,
            },
        )?;
    } else {
        if args.per_query {
            writeln!(out, "query\tMRR@{cutoff}\tnDCG@{cutoff}\tR@1\tR@{cutoff}")?;
            for (id, scores) in &scored {
                writeln!(
                    out,
                    "{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}",
                    sanitize(id),
                    scores.mrr,
                    scores.ndcg,
                    scores.recall_1,
                    scores.recall_k
                )?;
            }
        }
        writeln!(
            out,
            "{} queries: MRR@{cutoff} {:.4}  nDCG@{cutoff} {:.4}  Recall@1 {:.4}  Recall@{cutoff} {:.4}",
            scored.len(),
            average.mrr,
            average.ndcg,
            average.recall_1,
            average.recall_k
        )?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
