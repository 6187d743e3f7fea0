#!/bin/bash
# Runs every fuzz target for SECONDS (default 600), two at a time; logs in fuzz/logs/.
cd "$(dirname "$0")"
seconds=${1:-600}
mkdir -p logs
run() { cargo +nightly fuzz run -O "$1" -- -max_total_time="$seconds" -rss_limit_mb=4096 > "logs/$1.log" 2>&1; echo "$1 exit $?" >> logs/summary.txt; }
targets=(parse_text parse_markdown parse_html parse_json parse_jsonl agency query)
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  [ -n "${targets[i+1]}" ] && run "${targets[i+1]}" &
  wait
done
