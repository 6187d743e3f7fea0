#!/usr/bin/env bash
# Search-quality evaluation of newsidx on data nobody on the team wrote (../shared/data/):
#
#   1. XQuAD-de retrieval: corpus.tsv is converted to JSONL (with ids) at run time, indexed once
#      per step of the German chain (lowercase, stemming, normalization, full), and scored
#      with `newsidx eval` (MRR@10, nDCG@10, Recall@1, Recall@10);
#   2. compound splitting: split-point precision and recall on the compound-gold sets.
#
# Usage: tests/eval/run.sh [DATA_DIR]   (default: ../shared/data next to the repository)
# Prints Markdown tables; needs cargo and python3.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:-$repo/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
newsidx=$repo/target/release/newsidx

python3 - "$data/xquad-de/corpus.tsv" "$work/corpus.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as tsv, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in tsv:
        passage, title, text = line.rstrip("\n").split("\t")
        out.write(json.dumps({"id": passage, "title": title.replace("_", " "),
                              "text": text, "language": "de"}, ensure_ascii=False) + "\n")
PY

echo "### XQuAD-de ($(wc -l < "$data/xquad-de/queries.tsv") questions, $(wc -l < "$data/xquad-de/corpus.tsv") passages)"
echo
echo "| German chain | MRR@10 | nDCG@10 | Recall@1 | Recall@10 |"
echo "| --- | ---: | ---: | ---: | ---: |"
for step in lowercase stemming normalization full; do
  "$newsidx" index "$work/corpus.jsonl" --index "$work/index-$step" --analysis "$step" > /dev/null
  "$newsidx" eval --index "$work/index-$step" --json \
      --queries "$data/xquad-de/queries.tsv" --qrels "$data/xquad-de/qrels.tsv" |
    python3 -c 'import json,sys; m=json.load(sys.stdin)["mean"]; print("| %s | %.4f | %.4f | %.4f | %.4f |" % (sys.argv[1], m["mrr"], m["ndcg"], m["recall_1"], m["recall_k"]))' "$step"
done
echo
echo "### Compound splitting (../shared/data/compound-gold)"
echo
cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench compound_gold -- "$data/compound-gold" 2>/dev/null
