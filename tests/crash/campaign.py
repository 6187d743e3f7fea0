#!/usr/bin/env python3
"""Crash campaign: kill -9 and Ctrl-C `newsidx index` at random moments and check that the
index always equals the truth.

Usage:  python3 tests/crash/campaign.py [--runs 100] [--window 20] [--seed 1] [--files 300]

Builds the debug binary (its stop point after the commit, NEWSIDX_TEST_STOP_AFTER_COMMIT, lets
runs be stopped exactly between the commit and the manifest), generates a corpus in a temporary
directory, and then, run after run, adds, edits and deletes files and starts `newsidx index`,
which is left alone, killed (SIGKILL) or interrupted (SIGINT) after a random delay, or stopped at
the commit and killed or interrupted there (`--window` runs of all, half of each). After every
run the index must hold exactly the articles of the corpus before the run or after it (a run is
all or nothing), and after a recovery run, exactly those of the corpus as it is. Prints the
figures and exits 1 on any mismatch. Bounded: every process is given at most 120 s. Not a test
of `cargo test` (it takes minutes); the numbers go in the closing notes and the README.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILT = REPO / "target" / "debug" / "newsidx"
BINARY = BUILT  # a copy in the campaign's directory, so that a rebuild cannot swap it midway
WORDS = ("Regierung Stadtrat Landtag Hochwasser Grenze Polizei Haushalt Minister Wahl "
         "Bahnstrecke Flughafen Gericht Schule Klinik Hafen Brücke Energie Gas Strom").split()


def write_article(corpus: Path, name: str, version: int, rng: random.Random) -> str:
    """Writes article `name` in its `version`; returns its title."""
    title = f"Meldung {name} Fassung {version}"
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 300)))
    (corpus / f"{name}.txt").write_text(f"{title}\n\n{body}.\n", encoding="utf-8")
    return title


def dump(index: Path) -> dict:
    """Every article in the index: id -> list of titles (a duplicate shows as two)."""
    out = subprocess.run(
        [BINARY, "search", "--index", index, "--json", "--limit", "1000000"],
        capture_output=True, text=True, timeout=120)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"search failed: {out.stderr}")
    found: dict = {}
    for hit in json.loads(out.stdout)["hits"]:
        found.setdefault(hit["id"], []).append(hit["title"])
    return found


def manifest_files(index: Path) -> set:
    """The file names the index's manifest lists (after a run left alone, it must list every
    file of the corpus)."""
    names = set()
    with open(index / "newsidx-files.tsv", encoding="utf-8") as manifest:
        for line in manifest:
            if not line.startswith("#"):
                names.add(line.rstrip("\n").split("\t")[-1].rsplit("/", 1)[-1])
    return names


def as_index(truth: dict) -> dict:
    """What the index should hold for `truth` (file name -> title)."""
    return {f"{name}.txt": [title] for name, title in truth.items()}


def mutate(corpus: Path, truth: dict, rng: random.Random, counter: list) -> dict:
    """Adds, edits and deletes a few files; returns the new truth."""
    new = dict(truth)
    names = sorted(new)
    for name in rng.sample(names, min(len(names), rng.randint(0, 15))):
        del new[name]
        (corpus / f"{name}.txt").unlink()
    names = sorted(new)
    for name in rng.sample(names, min(len(names), rng.randint(0, 15))):
        version = int(new[name].rsplit(" ", 1)[1]) + 1
        new[name] = write_article(corpus, name, version, rng)
    for _ in range(rng.randint(0, 30)):
        counter[0] += 1
        name = f"a{counter[0]:06d}"
        new[name] = write_article(corpus, name, 1, rng)
    return new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--quiet", "--locked"], cwd=REPO, check=True)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="newsidx-crash-"))
    global BINARY
    BINARY = work / "newsidx"
    shutil.copy2(BUILT, BINARY)
    corpus, index = work / "corpus", work / "index"
    corpus.mkdir()
    counter = [0]
    truth: dict = {}
    for _ in range(args.files):
        counter[0] += 1
        name = f"a{counter[0]:06d}"
        truth[name] = write_article(corpus, name, 1, rng)
    first = time.monotonic()
    subprocess.run([BINARY, "index", corpus, "--index", index], check=True,
                   capture_output=True, timeout=120)
    # How long a whole run takes, so that random kills fall anywhere inside one.
    durations = [time.monotonic() - first]
    window_runs = set(rng.sample(range(args.runs), args.window))
    tally: dict = {}
    mismatches = 0
    started = time.monotonic()
    for run in range(args.runs):
        new = mutate(corpus, truth, rng, counter)
        marker = work / f"stopped-{run}"
        env = dict(os.environ)
        if run in window_runs:
            kind = "kill-at-commit" if len(tally.get("kill-at-commit", [])) * 2 < args.window else "int-at-commit"
            env["NEWSIDX_TEST_STOP_AFTER_COMMIT"] = str(marker)
        else:
            kind = rng.choice(["complete", "kill-random", "kill-random", "int-random"])
        began = time.monotonic()
        child = subprocess.Popen([BINARY, "index", corpus, "--index", index],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        if kind.endswith("at-commit"):
            deadline = time.monotonic() + 120
            while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            child.send_signal(signal.SIGKILL if kind.startswith("kill") else signal.SIGINT)
            if kind.startswith("int"):
                time.sleep(0.05)
                marker.with_suffix(".go").write_text("")
        elif kind != "complete":
            time.sleep(rng.uniform(0.0, 1.1 * sum(durations) / len(durations)))
            child.send_signal(signal.SIGKILL if kind.startswith("kill") else signal.SIGINT)
        _, err = child.communicate(timeout=120)
        code = child.returncode
        if kind == "complete":
            durations.append(time.monotonic() - began)
        after = dump(index)
        if after == as_index(new):
            outcome = "after"
        elif after == as_index(truth):
            outcome = "before"
        else:
            outcome = "neither"
        expected = {"complete": {"after"}, "kill-at-commit": {"after"}, "int-at-commit": {"after"}}
        ok = outcome in expected.get(kind, {"before", "after"})
        if kind == "int-at-commit":
            ok = ok and code == 130 and b"interrupted while committing" in err
        # Recovery: one run left alone must bring the index to the truth.
        recovery = subprocess.run([BINARY, "index", corpus, "--index", index],
                                  capture_output=True, timeout=120)
        state = dump(index)
        listed = manifest_files(index)
        recovered = (state == as_index(new) and recovery.returncode == 0
                     and listed == {f"{name}.txt" for name in new})
        if listed != {f"{name}.txt" for name in new}:
            print(f"run {run}: the manifest after recovery lists "
                  f"{sorted(listed - {f'{n}.txt' for n in new})[:5]} too many and "
                  f"{sorted({f'{n}.txt' for n in new} - listed)[:5]} too few", file=sys.stderr)
        if not (ok and recovered):
            mismatches += 1
            want = as_index(new)
            missing = sorted(set(want) - set(state))[:5]
            extra = sorted(set(state) - set(want))[:5]
            wrong = sorted(key for key in set(want) & set(state) if want[key] != state[key])[:5]
            print(f"run {run} ({kind}, exit {code}): index {outcome} the run, "
                  f"recovered: {recovered} (recovery exit {recovery.returncode}; missing {missing}, "
                  f"extra {extra}, wrong {[(k, state[k], want[k]) for k in wrong]})\n"
                  f"run: {err.decode(errors='replace')}\n"
                  f"recovery: {recovery.stdout.decode(errors='replace')}"
                  f"{recovery.stderr.decode(errors='replace')}", file=sys.stderr)
        tally.setdefault(kind, []).append(outcome)
        truth = new
    elapsed = time.monotonic() - started
    print(f"{args.runs} runs over {len(truth)} files in {elapsed:.0f} s (seed {args.seed}):")
    for kind in sorted(tally):
        outcomes = tally[kind]
        print(f"  {kind:15} {len(outcomes):3} runs: index as before {outcomes.count('before')}, "
              f"as after {outcomes.count('after')}, neither {outcomes.count('neither')}")
    print(f"  index equal to the truth after every recovery run: "
          f"{'yes' if mismatches == 0 else f'no, {mismatches} mismatches'}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
