#!/usr/bin/env bash
# Facets, trends and exports at a size the whole suite (run.py --huge) takes an hour to reach:
# generates N synthetic articles (default 1,000,000), indexes them, then prints the in-process
# figures of `synth analytics-bench` and the wall time of `search --all` exports to /dev/null.
# Usage: bash tests/benches/analytics_at_scale.sh [N] [WORKDIR]
# A WORKDIR that already holds corpus/ and index/ from an earlier run is measured again as is.
set -euo pipefail
articles=${1:-1000000}
work=${2:-$(mktemp -d /tmp/newsidx-analytics-XXXXXX)}
repo=$(cd "$(dirname "$0")/../.." && pwd)
cargo build --release --quiet --bin newsidx --example synth --manifest-path "$repo/Cargo.toml"
bin=$repo/target/release
if [[ -f $work/index/meta.json ]]; then
  echo "measuring the index already in $work/index"
else
  "$bin/examples/synth" generate --articles "$articles" --out "$work/corpus"
  /usr/bin/time -f "index: %e s wall, %M KiB peak RSS" "$bin/newsidx" index "$work/corpus" --index "$work/index" 2>&1 | tail -2
fi
"$bin/examples/synth" analytics-bench --index "$work/index" --runs 30
for query in Regierung ""; do
  hits=$("$bin/newsidx" search --index "$work/index" --json -n 0 $query | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_hits"])')
  /usr/bin/time -f "export \`search --all ${query:-(every article)} --format csv\`: $hits hits, %e s wall, %M KiB peak RSS" \
    "$bin/newsidx" search --index "$work/index" --all --format csv $query > /dev/null
done
echo "work directory: $work (remove it when done)"
