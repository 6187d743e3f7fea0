#!/usr/bin/env python3
"""Builds de.tsv, the German word list the compound splitter looks parts up in.

Source: the German "large" frequency list of wordfreq 3.1.1 (Robyn Speer et al.), whose data
is licensed CC BY-SA 4.0. Run:

    pip install wordfreq==3.1.1 && python3 src/analysis/lexicon/build.py

It keeps lowercase words made only of German letters, 3 to 30 letters long, with a frequency of
at least 10^-7 (Zipf 2.0), and writes them sorted by byte order as `word<TAB>centibels`, where
centibels = -100 * log10(frequency): 300 is very common, 700 rare.
"""

import gzip
import importlib.util
import pathlib
import re

import msgpack

MAX_CENTIBELS = 700
WORD = re.compile(r"^[a-zäöüß]{3,30}$")

spec = importlib.util.find_spec("wordfreq")
data_file = pathlib.Path(spec.origin).parent / "data" / "large_de.msgpack.gz"
with gzip.open(data_file) as packed:
    bins = msgpack.load(packed, raw=False, strict_map_key=False)
# bins[0] is a header; bins[i] lists the words whose frequency rounds to 10^(-(i-1)/100).
rows = {}
for index, words in enumerate(bins[1 : MAX_CENTIBELS + 2]):
    for word in words:
        if WORD.match(word) and word not in rows:
            rows[word] = index
out = pathlib.Path(__file__).with_name("de.tsv")
with open(out, "w", encoding="utf-8") as handle:
    for word in sorted(rows, key=lambda w: w.encode("utf-8")):
        handle.write(f"{word}\t{rows[word]}\n")
print(f"{len(rows)} words written to {out}")
