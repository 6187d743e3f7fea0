#!/usr/bin/env python3
"""newsidx benchmark: indexing, re-indexing and search, side by side with tantivy-cli and ripgrep.

Usage:  python3 tests/benches/run.py [--sizes 10000,100000] [--huge] [--output BENCHMARKS.md]

For each corpus size it generates a synthetic German corpus (cargo example `synth`), then
measures in one run:
  - reading the corpus (cat) and running only newsidx's analyzer over it: the physical bounds;
  - `newsidx index`: wall time, articles/s, MB/s, CPU use, peak RSS, index size;
  - re-indexing the unchanged corpus, and after changing 1 % of the files;
  - search latency p50/p95/p99 for a fixed query set, in-process and as whole CLI calls,
    direct and with `newsidx serve` running;
  - tantivy-cli 0.24 indexing the same titles and texts as JSON on stdin (en_stem tokenizer),
    and again with its `default` tokenizer (no stemming): tantivy's own floor for that text;
  - `rg -l -i` over the article files for the same words;
  - facets, trends and exports (issue 15): in-process latency of a one-term search with and
    without facets and of monthly trends over 20 years, and export throughput of
    `search --all` to /dev/null, in-process and as a CLI call;
  - the HTTP API under load (issue 16): `wrk` (Debian, installed when missing) against
    `/api/search` of `newsidx serve --http` with 2 and 16 connections;
and writes a Markdown report. Peers are installed into target/peers with `cargo install` when
missing. --huge adds a 1,000,000-article corpus.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RELEASE = REPO / "target" / "release"
NEWSIDX = RELEASE / "newsidx"
SYNTH = RELEASE / "examples" / "synth"
PEERS = REPO / "target" / "peers"
TANTIVY = PEERS / "bin" / "tantivy"
RG = PEERS / "bin" / "rg"

# (label, newsidx search arguments, words for rg or None)
QUERIES = [
    ("one term", ["Regierung"], ["regierung"]),
    ("two terms", ["Polizei", "Grenze"], ["polizei", "grenze"]),
    ("phrase", ['"berichtete Reuters"'], None),
    ("compound part", ["Sicherheit"], None),
    ("filtered by agency", ["Regierung", "--agency", "Reuters"], None),
    ("filtered by date range", ["Regierung", "--since", "2010", "--until", "2012"], None),
    ("sorted newest", ["Regierung", "--sort", "newest"], None),
]
CLI_RUNS = 30
# BENCHMARKS.md keeps what follows this line when the suite rewrites it.
MARKER = "<!-- measured separately: kept by run.py -->"
IN_PROCESS_RUNS = 100
ANALYTICS_RUNS = 50
# (label, newsidx search arguments) exported with --all to /dev/null
EXPORTS = [
    ("one term as CSV", ["Regierung"], ["--format", "csv"]),
    ("every article as JSON lines, newest first", [], ["--format", "jsonl"]),
]


def run(command, **kwargs):
    """Runs a command, failing loudly."""
    return subprocess.run(command, check=True, **kwargs)


def timed(command, **kwargs):
    """Runs `command` under /usr/bin/time; returns (wall s, CPU %, peak RSS KiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        out = run(["/usr/bin/time", "-o", stats.name, "-f", "%e %P %M"] + command,
                  stdout=subprocess.PIPE, text=True, **kwargs).stdout
        wall, cpu, rss = stats.read().split()
    return float(wall), int(cpu.rstrip("%")), int(rss), out


def timed_to_null(command):
    """Runs `command` with stdout to /dev/null under /usr/bin/time; returns (wall s, peak RSS KiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        run(["/usr/bin/time", "-o", stats.name, "-f", "%e %M"] + command, stdout=subprocess.DEVNULL)
        wall, rss = stats.read().split()
    return float(wall), int(rss)


def percentile(values, q):
    """The q-quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[round((len(ordered) - 1) * q)]


def directory_bytes(path):
    """Bytes in all files below `path`."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def ensure_peers():
    """Installs tantivy-cli 0.24 and ripgrep into target/peers when missing."""
    if not TANTIVY.exists():
        # Not --locked: its lock file pins a crate that no longer compiles with current Rust.
        run(["cargo", "install", "--quiet", "--root", str(PEERS), "tantivy-cli@0.24.0"])
    if not RG.exists():
        run(["cargo", "install", "--locked", "--quiet", "--root", str(PEERS), "ripgrep"])


def machine():
    """A line describing the machine."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
        gib = int(memory.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        gib = 0
    return f"{os.cpu_count()} cores ({model}), {gib:.0f} GiB RAM, {platform.system()} {platform.release()}"


def tantivy_cli_index(docs, directory, tokenizer="en_stem"):
    """Creates a title/body index with `tokenizer` in `directory` and feeds `docs` on stdin."""
    directory.mkdir(parents=True)
    field = {"indexing": {"record": "position", "fieldnorms": True, "tokenizer": tokenizer},
             "stored": True, "fast": False}
    meta = {"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
            "segments": [], "opstamp": 0,
            "schema": [{"name": "title", "type": "text", "options": field},
                       {"name": "body", "type": "text", "options": field}]}
    (directory / "meta.json").write_text(json.dumps(meta))
    with open(docs, "rb") as stdin:
        # Two indexing threads: both cores, as newsidx uses them.
        return timed([str(TANTIVY), "index", "-i", str(directory), "-t", "2"], stdin=stdin)


def cli_latency(index, arguments):
    """p50/p95/p99 milliseconds of whole `newsidx search` calls."""
    command = [str(NEWSIDX), "search", "--index", str(index), "--json"] + arguments
    for _ in range(3):
        subprocess.run(command, stdout=subprocess.DEVNULL)
    times = []
    for _ in range(CLI_RUNS):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 0.5), percentile(times, 0.95), percentile(times, 0.99)


def start_server(index):
    """Starts `newsidx serve` on `index` and waits until it answers."""
    server = subprocess.Popen([str(NEWSIDX), "serve", "--index", str(index)], stderr=subprocess.DEVNULL)
    path = str(index / "newsidx.sock")
    for _ in range(500):
        try:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(path)
            return server
        except OSError:
            time.sleep(0.02)
    server.kill()
    raise RuntimeError("newsidx serve did not start")


def stop_server(server):
    """Stops a server as Ctrl-C would."""
    server.send_signal(signal.SIGINT)
    server.wait(timeout=10)


# wrk runs against /api/search, each request one of these queries in turn (URL-encoded).
HTTP_QUERIES = ["Regierung", "Polizei%20Grenze", "%22berichtete%20Reuters%22", "Sicherheit",
                "Regierung&agency=Reuters", "Regierung&since=2010&until=2012"]
HTTP_CONNECTIONS = [2, 16]
HTTP_SECONDS = 15


def ensure_wrk():
    """wrk from Debian, installed when missing."""
    if shutil.which("wrk") is None:
        run(["apt-get", "install", "-y", "-q", "wrk"], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk")


def http_load(index, work):
    """Requests/s and latency percentiles of `wrk` against `newsidx serve --http` on `index`,
    with 2 and 16 connections."""
    wrk = ensure_wrk()
    script = work / "queries.lua"
    paths = ", ".join(f'"/api/search?q={q}"' for q in HTTP_QUERIES)
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
    server = subprocess.Popen([str(NEWSIDX), "serve", "--http", "127.0.0.1:0", "--index", str(index)],
                              stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in server.stderr:
            if "http://" in line:
                url = "http://" + line.split("http://")[1].split("/")[0]
                break
        if url is None:
            raise RuntimeError("newsidx serve --http did not start")
        # Drain the request log so that it never blocks the server.
        import threading
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        results = []
        for connections in HTTP_CONNECTIONS:
            run([wrk, "-t2", f"-c{connections}", "-d3s", "-s", str(script), url], stdout=subprocess.DEVNULL)
            out = run([wrk, "-t2", f"-c{connections}", f"-d{HTTP_SECONDS}s", "--latency", "-s", str(script), url],
                      stdout=subprocess.PIPE, text=True).stdout
            entry = {"connections": connections}
            for line in out.splitlines():
                words = line.split()
                if line.strip().startswith("Requests/sec:"):
                    entry["rps"] = float(words[1])
                elif len(words) == 2 and words[0] in ("50%", "99%"):
                    entry[words[0]] = wrk_ms(words[1])
                elif "Non-2xx" in line:
                    entry["errors"] = int(words[-1])
            results.append(entry)
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def wrk_ms(text):
    """A wrk duration (`812.00us`, `3.21ms`, `1.02s`) in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    raise ValueError(text)


def rg_time(corpus, words):
    """Median seconds of `rg -l -i` for any of `words` over the corpus."""
    command = [str(RG), "-l", "-i"] + [a for w in words for a in ("-e", w)] + [str(corpus)]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size, work):
    """All measurements for a corpus of `size` articles."""
    base = work / str(size)
    corpus, docs = base / "corpus", base / "docs.jsonl"
    run([str(SYNTH), "generate", "--articles", str(size), "--out", str(corpus), "--tantivy-json", str(docs)])
    result = {"articles": size, "files": sum(1 for f in corpus.rglob("*") if f.is_file()),
              "bytes": directory_bytes(corpus)}
    megabytes = result["bytes"] / 1e6

    # Physical bounds: reading every file, and only analysing it.
    cat = ["sh", "-c", f"find '{corpus}' -type f -print0 | xargs -0 cat > /dev/null"]
    timed(cat)
    result["cat"] = timed(cat)[0]
    result["analyze"] = timed([str(SYNTH), "analyze", str(corpus)])[0]

    index = base / "index"
    wall, cpu, rss, _ = timed([str(NEWSIDX), "index", str(corpus), "--index", str(index)])
    result.update(index_s=wall, index_cpu=cpu, index_rss=rss, index_size=directory_bytes(index))
    result["reindex_unchanged"] = timed([str(NEWSIDX), "index", str(corpus), "--index", str(index)])[0]
    changed = run([str(SYNTH), "touch", "--dir", str(corpus), "--percent", "1"],
                  stdout=subprocess.PIPE, text=True).stdout.strip()
    result["touched_files"] = int(changed)
    result["reindex_touched"] = timed([str(NEWSIDX), "index", str(corpus), "--index", str(index)])[0]

    bench = run([str(SYNTH), "search-bench", "--index", str(index), "--runs", str(IN_PROCESS_RUNS)]
                + ["|".join(q[1]) for q in QUERIES], stdout=subprocess.PIPE, text=True).stdout
    in_process = [json.loads(line) for line in bench.splitlines()]
    result["queries"] = []
    for (label, arguments, words), inner in zip(QUERIES, in_process):
        entry = {"label": label, "query": " ".join(arguments),
                 "in_process": (inner["p50_ms"], inner["p95_ms"], inner["p99_ms"]),
                 "cli": cli_latency(index, arguments)}
        if words:
            entry["rg_s"] = rg_time(corpus, words)
        result["queries"].append(entry)
    analytics = run([str(SYNTH), "analytics-bench", "--index", str(index), "--runs", str(ANALYTICS_RUNS)],
                    stdout=subprocess.PIPE, text=True).stdout
    result["analytics"] = [json.loads(line) for line in analytics.splitlines()]
    result["exports"] = []
    for label, query, output in EXPORTS:
        hits = json.loads(run([str(NEWSIDX), "search", "--index", str(index), "--json", "-n", "0"] + query,
                              stdout=subprocess.PIPE, text=True).stdout)["total_hits"]
        arguments = query + output
        command = [str(NEWSIDX), "search", "--index", str(index), "--all"] + arguments
        wall, rss = timed_to_null(command)
        result["exports"].append({"label": label, "query": " ".join(arguments), "hits": hits, "s": wall, "rss": rss})
    server = start_server(index)
    try:
        for (_, arguments, _), entry in zip(QUERIES, result["queries"]):
            entry["served"] = cli_latency(index, arguments)
    finally:
        stop_server(server)
    result["http"] = http_load(index, base)

    peer = base / "tantivy-cli"
    wall, cpu, rss, _ = tantivy_cli_index(docs, peer)
    result.update(tantivy_s=wall, tantivy_cpu=cpu, tantivy_rss=rss, tantivy_size=directory_bytes(peer))
    plain = base / "tantivy-cli-default"
    wall, cpu, rss, _ = tantivy_cli_index(docs, plain, tokenizer="default")
    result.update(plain_s=wall, plain_cpu=cpu, plain_rss=rss, plain_size=directory_bytes(plain))
    shutil.rmtree(base)
    result["megabytes"] = megabytes
    return result


def report(results, command):
    """The Markdown report."""
    lines = ["# Benchmarks", "",
             f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}, with `{command}` "
             "(release build; corpus in the page cache). Synthetic German articles from "
             "`cargo run --release --example synth`; every figure is one run of the whole suite.", ""]
    for r in results:
        n, mb = r["articles"], r["megabytes"]
        rate = lambda seconds: n / seconds
        lines += [f"## {n:,} articles ({r['files']:,} files, {mb:,.0f} MB)", "",
                  "### Indexing", "",
                  "| | wall | articles/s | MB/s | CPU | peak RSS | index size |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
                  f"| newsidx index | {r['index_s']:.2f} s | {rate(r['index_s']):,.0f} | {mb / r['index_s']:.1f} | {r['index_cpu']} % | {r['index_rss'] / 1024:,.0f} MiB | {r['index_size'] / 1e6:,.0f} MB |",
                  f"| tantivy-cli 0.24 (`-t 2`, en_stem, JSON on stdin) | {r['tantivy_s']:.2f} s | {rate(r['tantivy_s']):,.0f} | {mb / r['tantivy_s']:.1f} | {r['tantivy_cpu']} % | {r['tantivy_rss'] / 1024:,.0f} MiB | {r['tantivy_size'] / 1e6:,.0f} MB |",
                  f"| bound: tantivy-cli 0.24, `default` tokenizer (lowercase only, no stemming) | {r['plain_s']:.2f} s | {rate(r['plain_s']):,.0f} | {mb / r['plain_s']:.1f} | {r['plain_cpu']} % | {r['plain_rss'] / 1024:,.0f} MiB | {r['plain_size'] / 1e6:,.0f} MB |",
                  f"| bound: reading the files (`cat`) | {r['cat']:.2f} s | {rate(r['cat']):,.0f} | {mb / r['cat']:.1f} | | | |",
                  f"| bound: newsidx's German analyzer only | {r['analyze']:.2f} s | {rate(r['analyze']):,.0f} | {mb / r['analyze']:.1f} | | | |",
                  "",
                  f"newsidx / tantivy-cli articles/s: **{r['tantivy_s'] / r['index_s']:.2f}×** "
                  "(newsidx also walks files, parses five formats, detects languages and agencies, "
                  "and splits compounds). 1.5× tantivy-cli would be "
                  f"{1.5 * rate(r['tantivy_s']):,.0f} articles/s: "
                  f"{1.5 * r['plain_s'] / r['tantivy_s']:.2f}× what tantivy-cli reaches on the same text "
                  "with no stemming at all.", "",
                  "### Re-indexing", "",
                  "| run | wall | share of full indexing |", "| --- | ---: | ---: |",
                  f"| unchanged corpus | {r['reindex_unchanged']:.2f} s | {100 * r['reindex_unchanged'] / r['index_s']:.1f} % |",
                  f"| after changing 1 % of the files ({r['touched_files']:,}) | {r['reindex_touched']:.2f} s | {100 * r['reindex_touched'] / r['index_s']:.1f} % |",
                  "", "### Search latency (ms)", "",
                  "| query | in-process p50 / p95 / p99 | CLI call p50 / p95 / p99 | CLI call, `newsidx serve` running | `rg -l -i` | rg / CLI p50 (direct, served) |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for q in r["queries"]:
            inner = " / ".join(f"{v:.2f}" for v in q["in_process"])
            cli = " / ".join(f"{v:.1f}" for v in q["cli"])
            served = " / ".join(f"{v:.1f}" for v in q["served"])
            rg = f"{q['rg_s'] * 1000:,.0f}" if "rg_s" in q else ""
            ratio = (f"{q['rg_s'] * 1000 / q['cli'][0]:,.0f}×, {q['rg_s'] * 1000 / q['served'][0]:,.0f}×"
                     if "rg_s" in q else "")
            lines.append(f"| {q['label']}: `{q['query']}` | {inner} | {cli} | {served} | {rg} | {ratio} |")
        lines += ["", "### Facets, trends and export (in-process, ms)", "",
                  "| measurement | p50 / p95 / p99 |", "| --- | ---: |"]
        timings = {a["label"]: a for a in r["analytics"] if "p50_ms" in a}
        for a in timings.values():
            lines.append(f"| {a['label']} | {a['p50_ms']:.2f} / {a['p95_ms']:.2f} / {a['p99_ms']:.2f} |")
        plain, faceted = timings["search `Regierung`, no facets"], timings["search `Regierung` with facets"]
        exported = next(a["articles"] for a in r["analytics"] if "articles" in a)
        export = timings["export `Regierung` as CSV"]
        copy = next(a for a in r["analytics"] if a["label"].startswith("copying the columns"))
        kept_plain = timings["search `Regierung`, no facets, columns kept"]
        kept_faceted = timings["search `Regierung` with facets, columns kept"]
        lines += ["", f"Facets cost {faceted['p50_ms'] - plain['p50_ms']:.2f} ms at p50 over the plain search "
                  f"({faceted['p50_ms'] / plain['p50_ms']:.2f}×) when the columns are read from the index, as a "
                  f"one-shot `newsidx search` does, and {kept_faceted['p50_ms'] - kept_plain['p50_ms']:.2f} ms "
                  f"({kept_faceted['p50_ms'] / kept_plain['p50_ms']:.2f}×) with the columns kept in memory, as "
                  f"`newsidx serve` does: copying them took {copy['ms']:.0f} ms and holds {copy['mib']:.1f} MiB. "
                  f"In-process export of the {exported:,} hits of "
                  f"`Regierung` as CSV: {exported / (export['p50_ms'] / 1000):,.0f} articles/s.", "",
                  "| export to /dev/null (CLI call) | hits | wall | articles/s | peak RSS |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for e in r["exports"]:
            lines.append(f"| {e['label']}: `search --all {e['query']}` | {e['hits']:,} | {e['s']:.2f} s | "
                         f"{e['hits'] / e['s']:,.0f} | {e['rss'] / 1024:,.0f} MiB |")
        lines += ["", "### HTTP API under load (`wrk`, `newsidx serve --http`)", "",
                  f"`wrk -t2 -cN -d{HTTP_SECONDS}s --latency` against `/api/search` (a page of 10 hits with "
                  "facets, as the page asks for), cycling through the six queries of the latency table; "
                  "wrk and the server share the machine's cores.", "",
                  "| connections | requests/s | p50 | p99 | non-2xx |", "| ---: | ---: | ---: | ---: | ---: |"]
        for h in r["http"]:
            lines.append(f"| {h['connections']} | {h['rps']:,.0f} | {h['50%']:.2f} ms | {h['99%']:.2f} ms | "
                         f"{h.get('errors', 0)} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--huge", action="store_true", help="also 1,000,000 articles")
    parser.add_argument("--output", default=str(REPO / "BENCHMARKS.md"))
    parser.add_argument("--work", default=None, help="scratch directory (default: a temporary one)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.huge else [])
    run(["cargo", "build", "--release", "--quiet", "--bin", "newsidx", "--example", "synth"], cwd=REPO)
    ensure_peers()
    work = Path(args.work or tempfile.mkdtemp(prefix="newsidx-bench-"))
    results = []
    for size in sizes:
        print(f"measuring {size:,} articles …", file=sys.stderr)
        results.append(measure(size, work))
    command = ("python3 tests/benches/run.py"
               + (f" --sizes {args.sizes}" if args.sizes != parser.get_default("sizes") else "")
               + (" --huge" if args.huge else ""))
    output = Path(args.output)
    # Measurements added by hand after the marker (say, a 1M memory run) are kept.
    kept = ""
    if output.exists() and MARKER in output.read_text():
        kept = "\n" + output.read_text()[output.read_text().index(MARKER):]
    output.write_text(report(results, command) + kept)
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
