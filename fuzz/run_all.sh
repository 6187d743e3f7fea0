#!/bin/bash
# Usage: fuzz/run_all.sh [SECONDS] [TARGET...]
# Runs the fuzz targets (default: all) for SECONDS each (default 600), two at a time; logs and
# a summary line per target in fuzz/logs/, crashing inputs in fuzz/artifacts/TARGET/.
cd "$(dirname "$0")"
seconds=${1:-600}
shift
mkdir -p logs
run() { cargo +nightly fuzz run -O "$1" -- -max_total_time="$seconds" -rss_limit_mb=4096 > "logs/$1.log" 2>&1; echo "$1 exit $?" >> logs/summary.txt; }
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parse_text parse_markdown parse_html parse_json parse_jsonl agency query)
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  [ -n "${targets[i+1]}" ] && run "${targets[i+1]}" &
  wait
done
