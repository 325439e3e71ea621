"""Time each detector per ``detect`` call: median and p99 in microseconds.

Usage: .venv/bin/python bench/detector_speed.py [--dev datasets/detector-dev.jsonl]
       [--shared /work/shared/data] [--limit 3000] [--rounds 3]

Requests are built before timing, so only ``detect`` is measured. Two views: ``all`` is
every sample of every round (what a caller sees, noise included); ``best`` is each
request's fastest round (the cost of the code on a quiet machine, comparable between
runs). ``long`` is the best round of documents of 20,000 characters or more. Not a test:
timings depend on the machine, which is printed with the results.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from pathlib import Path

import yaml

import modelrouter.config
from modelrouter.config.schema import TaskType
from modelrouter.detect.base import Detector
from modelrouter.detect.evaluate import read_rows, request_of
from modelrouter.registry import load
from modelrouter.types import ChatRequest


def default_tasks() -> dict[str, TaskType]:
    """The built-in task types from default_tasks.yaml."""
    path = Path(modelrouter.config.__file__).parent / "default_tasks.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["tasks"]
    return {name: TaskType.model_validate(spec) for name, spec in raw.items()}


def machine() -> str:
    """CPU model, cores, Python and OS, for the record."""
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


LONG_CHARS = 20_000


def timings(detector: Detector, requests: list[ChatRequest], rounds: int) -> list[list[float]]:
    """Microseconds per detect: per request, one sample per round (after one warm-up)."""
    for request in requests[:50]:
        detector.detect(request)
    samples: list[list[float]] = [[] for _ in requests]
    for _ in range(rounds):
        for request, taken in zip(requests, samples, strict=True):
            start = time.perf_counter_ns()
            detector.detect(request)
            taken.append((time.perf_counter_ns() - start) / 1000)
    return samples


def summary(samples: list[float]) -> str:
    """Median, p99 and max of a list of microsecond timings."""
    if not samples:
        return "no requests"
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"median {statistics.median(ordered):7.1f} µs  p99 {p99:8.1f} µs  max {ordered[-1]:8.1f} µs"
    )


def report(name: str, requests: list[ChatRequest], samples: list[list[float]]) -> None:
    """Print the all-samples, best-round and long-document lines of one detector."""
    best = [min(taken) for taken in samples]
    long = [b for b, r in zip(best, requests, strict=True) if len(r.last_user_text()) >= LONG_CHARS]
    print(f"  {name:8s} all  {summary([x for taken in samples for x in taken])}")
    print(f"  {name:8s} best {summary(best)}")
    if long:
        print(f"  {name:8s} long {summary(long)}  ({len(long)} requests >= {LONG_CHARS:,} chars)")


def shared_requests(folder: Path, limit: int) -> list[ChatRequest]:
    """A seeded sample of prompts from the shared routing datasets."""
    rows = [row for path in sorted(folder.glob("*.jsonl.gz")) for row in read_rows(path)]
    random.Random(0).shuffle(rows)
    return [request_of(row) for row in rows[:limit]]


def main() -> None:
    """Time the registered detectors on the dev set and on shared prompts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=Path("datasets/detector-dev.jsonl"))
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    tasks = default_tasks()
    sets: dict[str, list[ChatRequest]] = {}
    if args.dev.exists():
        sets[f"dev set ({args.dev})"] = [request_of(row) for row in read_rows(args.dev)]
    if args.shared.exists():
        sets[f"shared prompts ({args.shared})"] = shared_requests(args.shared, args.limit)
    print(machine())
    for label, requests in sets.items():
        chars = sorted(len(r.last_user_text()) for r in requests)
        print(f"\n{label}: {len(requests)} requests, median {statistics.median(chars):.0f} chars")
        for name in ("keywords", "rules", "learned"):
            detector = load("detector", name)(tasks, "simple")
            report(name, requests, timings(detector, requests, args.rounds))


if __name__ == "__main__":
    main()
