"""The judge's cost to callers: the gateway's own overhead with the judge off, on at the
default share, and on with every answer sampled (the worst case: the worker judges in the
same process meanwhile).

Usage (from the repository root):

    PYTHONPATH=src python3 bench/judge_overhead.py --requests 1000 --rounds 3

One gateway per (round, setting) on loopback over the in-process simulator, a SQLite
ledger in a temporary directory, requests sent one at a time (``route:simple``, a short
prompt). The figure is the gateway's ``x-modelrouter-overhead-ms`` header (its time
minus the upstream's), median and p99 per run; the table gives the median over rounds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.router import Router
from modelrouter.server.app import create_app
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.loopback import serving
from modelrouter.store.db import connect
from modelrouter.store.judge_queue import judge_stats
from modelrouter.store.ledger import Ledger

SETTINGS: dict[str, dict[str, Any]] = {
    "off": {},
    "on, share 0.02 (default)": {
        "judge": {"enabled": True, "model": "gpt-5.4-mini", "share": 0.02, "interval_s": 0.05}
    },
    "on, share 1.0": {
        "judge": {"enabled": True, "model": "gpt-5.4-mini", "share": 1.0, "interval_s": 0.05}
    },
}


def run(name: str, requests: int, folder: Path) -> tuple[float, float, int]:
    """Median and p99 overhead in ms, and how many answers were judged meanwhile."""
    data = merge(default_data(), {"sim": {"enabled": True}, **SETTINGS[name]})
    settings = build_settings(data)
    engine = connect(f"sqlite:///{folder / 'ledger.db'}")
    auth = Authenticator(None, None, require=False, refresh_seconds=60)
    gateway = Gateway(Router(settings), auth, settings.gateway, Ledger(engine))
    body = {"model": "route:simple", "messages": [{"role": "user", "content": "Say hello."}]}
    overheads: list[float] = []
    with serving(create_app(gateway, engine)) as url, httpx2.Client(base_url=url) as http:
        for _ in range(50):  # warm-up
            http.post("/v1/chat/completions", json=body)
        for _ in range(requests):
            reply = http.post("/v1/chat/completions", json=body)
            overheads.append(float(reply.headers["x-modelrouter-overhead-ms"]))
        time.sleep(0.3)
    judged = judge_stats(engine)["judge_calls"]
    engine.dispose()
    overheads.sort()
    return statistics.median(overheads), overheads[int(len(overheads) * 0.99)], judged


def main() -> None:
    """Run every setting in each round, alternating, and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in SETTINGS}
    for _ in range(args.rounds):
        for name in SETTINGS:
            with tempfile.TemporaryDirectory() as folder:
                results[name].append(run(name, args.requests, Path(folder)))
    print("| judge | overhead median (ms) | p99 (ms) | judged during the run |")
    print("|---|---|---|---|")
    for name, runs in results.items():
        median = statistics.median(r[0] for r in runs)
        p99 = statistics.median(r[1] for r in runs)
        judged = statistics.median(r[2] for r in runs)
        print(f"| {name} | {median:.3f} | {p99:.3f} | {judged:g} |")


if __name__ == "__main__":
    main()
