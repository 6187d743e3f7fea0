#!/usr/bin/env bash
# Compound splitting of newsidx beside two peer splitters, on the compound-gold sets
# (../shared/data/compound-gold), scored by the same code (tests/eval/compound_gold.rs):
#
#   - CharSplit (Tuggener 2016; PyPI compound-split 1.0.2, GPL-3.0, installed in a private
#     virtualenv under ~/.cache/newsidx-peers): character n-gram probabilities from German
#     Wikipedia, split recursively by the package's own `doc_split.maximal_split` (it splits
#     only capitalised words, so each word is given capitalised, as a noun);
#   - PostgreSQL's ispell dictionary over Debian's hunspell de_DE with a compound flag on every
#     word, exactly as ../shared/peers/peer_pg.sh builds it for PEER_DECOMPOUND=1 (that script
#     installs PostgreSQL and the dictionary). `ts_lexize` gives each word's readings one after
#     another (a reading starts where a lexeme begins as the word does), the whole word's own
#     first where hunspell lists it: scored twice, as its first reading and as its first reading
#     of two parts or more, if any.
#
# Usage: tests/eval/peer_splitters.sh [DATA_DIR]   (default: ../shared/data next to the repo)
# Prints a Markdown table, and how many peer answers could not be scored (SHOW_ERRORS=1 lists
# them on stderr). Needs cargo, python3 (with venv) and network access to PyPI and
# Debian on the first run; runs PostgreSQL as user postgres in a temporary directory under /tmp.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:-$repo/../shared/data}
peers=$repo/../shared/peers
work=$(mktemp -d /tmp/newsidx-peer-splitters.XXXXXX)
chmod 755 "$work"
cleanup() {
  [ -d "$work/pg/pg" ] && bash "$peers/peer_pg.sh" stop "$work/pg" || true
  rm -rf "$work"
}
# PEER_SPLITTERS_KEEP=1 keeps the work directory, and PostgreSQL running, for a look at the
# peers' answers (stop it with ../shared/peers/peer_pg.sh stop WORKDIR/pg).
if [ -z "${PEER_SPLITTERS_KEEP:-}" ]; then trap cleanup EXIT; fi

cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench compound_gold --no-run
scorer() { cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench compound_gold -- "$data/compound-gold" "$@"; }
scorer --words > "$work/words.txt"

# CharSplit.
venv=${XDG_CACHE_HOME:-$HOME/.cache}/newsidx-peers/charsplit
if ! "$venv/bin/python" -c 'import compound_split' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet compound-split==1.0.2 >&2
fi
"$venv/bin/python" - "$work/words.txt" > "$work/charsplit.tsv" <<'PY'
import sys
from compound_split import doc_split
for word in open(sys.argv[1], encoding="utf-8"):
    word = word.strip()
    parts = doc_split.maximal_split(word[:1].upper() + word[1:])
    print(word + "\t" + " ".join(part.lower() for part in parts))
PY

# PostgreSQL with hunspell de_DE as a compound dictionary.
echo '{"id": "1", "title": "Probe", "body": "Bombenanschlag"}' > "$work/one.jsonl"
PEER_DECOMPOUND=1 bash "$peers/peer_pg.sh" index "$work/one.jsonl" "$work/pg" > /dev/null
psql -X -q -v ON_ERROR_STOP=1 -At -F "$(printf '\t')" -h "$work/pg/pg" -p 5432 -U postgres -d postgres \
    -c "CREATE TEMP TABLE words(word text)" -c "\copy words FROM '$work/words.txt'" \
    -c "SELECT word, coalesce(array_to_string(ts_lexize('german_compound', word), ' '), '')
        FROM words" |
  python3 -c '
import sys
fold = str.maketrans("äöüß", "aous")
with open(sys.argv[1], "w") as first, open(sys.argv[2], "w") as split:
    for line in sys.stdin:
        word, _, lexemes = line.rstrip("\n").partition("\t")
        # The readings follow one another: a lexeme that begins as the word does starts the next.
        readings = []
        for lexeme in lexemes.split():
            if not readings or lexeme.translate(fold)[:3] == word.translate(fold)[:3]:
                readings.append([])
            readings[-1].append(lexeme)
        readings = readings or [[]]
        several = next((r for r in readings if len(r) > 1), readings[0])
        print(word + "\t" + " ".join(readings[0]), file=first)
        print(word + "\t" + " ".join(several), file=split)' "$work/pg-first.tsv" "$work/pg-split.tsv"

echo "### Compound splitting beside peer splitters ($data/compound-gold)"
echo
scorer "--peer=CharSplit=$work/charsplit.tsv" \
    "--peer=PostgreSQL hunspell, first reading=$work/pg-first.tsv" \
    "--peer=PostgreSQL hunspell, first split reading=$work/pg-split.tsv" |
  sed '/^| gold set (search view)/,$d'
