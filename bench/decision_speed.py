"""Time one routing decision (detection + plan, no call) on real prompts: median, p99, and
microseconds per KB by prompt length, to check that the cost grows at most linearly.

Usage: .venv/bin/python bench/decision_speed.py [--shared /work/shared/data]
       [--limit 4000] [--rounds 3] [--detectors rules,learned] [--profile]

Prompts: a seeded sample of the shared routing datasets (up to ~5K characters), the
detector's dev set (a few documents over 20K) and documents of 10K-100K characters joined
from shared prompts. Requests are built before
timing; each is decided ``--rounds`` times after a warm-up and its fastest round is kept
(``best``, the code's cost on a quiet machine) next to every sample (``all``) and the
first round (``first``: prompts not seen before, as on live traffic, where RE2's lazily
built keyword DFA has fewer of their states). The router
runs on the built-in catalog with every provider simulated, so no model is called and
no key is needed. Each detector in ``--detectors`` gets its own router; their rounds are
interleaved (round 1 of each, then round 2 of each...), so a noisy spell of the machine
hits all of them alike. Detectors of one configuration share their compiled keywords (and
RE2's lazily built DFA), so a detector's ``first`` round is warmer after another's: time
``first`` with one detector per run. ``--profile`` prints where a decision's time goes (cProfile),
for the first detector.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.metadata
import pstats
import random
import statistics
import time
from itertools import pairwise
from pathlib import Path

from detector_speed import machine  # bench/ is on the path when this file is run

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.detect.evaluate import read_rows, request_of
from modelrouter.router import Router
from modelrouter.types import ChatRequest

BUCKETS = (0, 500, 2_000, 8_000, 20_000, 50_000, 200_000)
LONG = 20_000
SYNTHETIC = (10_000, 25_000, 50_000, 100_000)


def requests_from(folder: Path, limit: int, dev: Path) -> list[ChatRequest]:
    """A seeded sample of the shared prompts, the dev set (with its long documents), and
    long documents made by joining shared prompts (10K to 100K characters; the shared
    files stop near 5K)."""
    rows = [row for path in sorted(folder.glob("*.jsonl.gz")) for row in read_rows(path)]
    rng = random.Random(0)
    rng.shuffle(rows)
    requests = [request_of(row) for row in rows[:limit]]
    if dev.exists():
        requests += [request_of(row) for row in read_rows(dev)]
    for size in SYNTHETIC:
        for _ in range(20):
            parts, total = [], 0
            while total < size:
                text = str(rng.choice(rows)["prompt"])
                parts.append(text)
                total += len(text) + 2
            document = "\n\n".join(parts)[:size]
            requests.append(request_of({"prompt": f"Summarize this document.\n\n{document}"}))
    return requests


def timings(
    routers: dict[str, Router], requests: list[ChatRequest], rounds: int
) -> dict[str, list[list[float]]]:
    """Microseconds per decision, per router: per request, one sample per round (after a
    warm-up); the routers take turns round by round."""
    samples = {name: [[] for _ in requests] for name in routers}
    for router in routers.values():
        for request in requests[:200]:
            router.decide(request)
    for _ in range(rounds):
        for name, router in routers.items():
            for request, taken in zip(requests, samples[name], strict=True):
                start = time.perf_counter_ns()
                router.decide(request)
                taken.append((time.perf_counter_ns() - start) / 1000)
    return samples


def line(label: str, values: list[float]) -> str:
    """Median, p99 and max."""
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"  {label:5s} median {statistics.median(ordered):8.1f} µs  p99 {p99:8.1f} µs"
        f"  max {ordered[-1]:8.1f} µs  ({len(ordered)} samples)"
    )


def by_length(requests: list[ChatRequest], best: list[float]) -> list[str]:
    """Median µs per decision and per KB of prompt, by prompt length."""
    rows = ["  chars            n   median µs   µs per KB (median)"]
    for low, high in pairwise(BUCKETS):
        picked = [
            (t, len(r.messages[-1].text()))
            for t, r in zip(best, requests, strict=True)
            if low <= len(r.messages[-1].text()) < high
        ]
        if not picked:
            continue
        per_kb = statistics.median(t / max(n / 1000, 0.001) for t, n in picked)
        times = statistics.median(t for t, _ in picked)
        rows.append(f"  {low:>6}-{high:<7} {len(picked):5d}  {times:10.1f}  {per_kb:12.1f}")
    return rows


def versions() -> str:
    """The versions that decide the speed: the package, numpy and RE2."""
    found = []
    for package in ("modelrouter", "numpy", "google-re2"):
        try:
            found.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{package} (not installed)")
    return ", ".join(found)


def main() -> None:
    """Time decisions and print the summary (and a profile when asked)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--dev", type=Path, default=Path("datasets/detector-dev.jsonl"))
    parser.add_argument("--limit", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--detectors", default="rules,learned")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    routers = {
        name: Router(
            build_settings(
                merge(default_data(), {"sim": {"enabled": True}, "routing": {"detector": name}})
            )
        )
        for name in args.detectors.split(",")
    }
    requests = requests_from(args.shared, args.limit, args.dev)
    print(machine())
    print(versions())
    chars = [len(r.messages[-1].text()) for r in requests]
    print(
        f"{len(requests)} prompts ({args.shared}, {args.dev}, joined documents): median "
        f"{statistics.median(chars):.0f} chars, max {max(chars):,}"
    )
    for name, samples in timings(routers, requests, args.rounds).items():
        best = [min(taken) for taken in samples]
        print(f"decision (detect + plan), detector {name}:")
        print(line("all", [x for taken in samples for x in taken]))
        # Round 1 sees each prompt for the first time (but the first 200, the warm-up):
        # RE2 builds its keyword DFA lazily, so text never seen before costs more.
        print(line("first", [taken[0] for taken in samples[200:]]))
        print(line("best", best))
        print(line("long", [b for b, n in zip(best, chars, strict=False) if n >= LONG]))
        print("\n".join(by_length(requests, best)))
    if args.profile:
        router = next(iter(routers.values()))
        profiler = cProfile.Profile()
        profiler.enable()
        for request in requests:
            router.decide(request)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
