"""A worker's life on text it never saw: one detector decides N distinct prompts in order,
each once, and the median and p99 are reported per stretch of its life.

    PYTHONPATH=src taskset -c 1 python3 bench/detector_steady.py \\
        datasets/detector_corpus/corpus.jsonl.gz --detector blend

``bench/decision_speed.py`` times each prompt several times (``best``) and its round 1
after a short warm-up (``first``); neither shows what changes over thousands of new
prompts: RE2 builds its DFAs lazily, a pattern's reverse program at its first matching
search, so costs move as a worker ages. The prompts (a seeded shuffle of the corpus,
de-duplicated on their first 200 characters) are built before timing and the garbage
collector is frozen after loading, so its passes over the loaded rows are not timed.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import random
import statistics
import time
from pathlib import Path

from modelrouter.config.loader import build_settings, default_data
from modelrouter.detect.evaluate import request_of
from modelrouter.registry import load
from modelrouter.types import ChatRequest

STRETCHES = ((0, 2_000), (2_000, 10_000), (10_000, 20_000), (20_000, 25_000))


def prompts(corpus: Path, limit: int) -> list[ChatRequest]:
    """Distinct requests of the corpus in a seeded order."""
    with gzip.open(corpus, "rt") as lines:
        rows = [json.loads(line) for line in lines]
    random.Random(11).shuffle(rows)
    seen: set[str] = set()
    requests = []
    for row in rows:
        key = str(row["prompt"])[:200]
        if key not in seen:
            seen.add(key)
            requests.append(request_of(row))
    return requests[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--detector", default="blend")
    args = parser.parse_args()
    settings = build_settings(default_data())
    requests = prompts(args.corpus, STRETCHES[-1][1])
    started = time.perf_counter()
    detector = load("detector", args.detector)(settings.tasks, settings.routing.default_task)
    print(f"{args.detector}: built in {time.perf_counter() - started:.2f} s")
    gc.collect()
    gc.freeze()
    times = []
    for request in requests:
        began = time.perf_counter()
        detector.detect(request)
        times.append((time.perf_counter() - began) * 1e6)
    for low, high in STRETCHES:
        part = sorted(times[low:high])
        if part:
            p99 = part[int(len(part) * 0.99)]
            median = statistics.median(part)
            print(f"prompts {low:>6,}-{high:<6,} median {median:6.0f} µs  p99 {p99:7.0f} µs")


if __name__ == "__main__":
    main()
