"""Dashboard pages against a large ledger: server time of each page with N requests.

Usage (from the repository root):

    PYTHONPATH=src python3 bench/dashboard_pages.py --requests 1000000 --rounds 5
    PYTHONPATH=src python3 bench/dashboard_pages.py --db postgresql+psycopg://... --requests ...

Builds the ledger through the real writer (``Ledger.write``: request and attempt rows,
rollups and baseline costs in one transaction, batches of 5,000), spread over the last 30
days, 50 keys, every task and catalog model, a tenth of the requests with a fallback.
Then serves the gateway on loopback with an admin key, logs in, and requests each page
``--rounds`` times; the figure is the median wall time of one GET (the server's time
plus a loopback round trip). Prints the build time and a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import text

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.reports.baselines import pricer
from modelrouter.router import Router
from modelrouter.server.app import create_app, limiter_for
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.loopback import serving
from modelrouter.store.db import connect
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger
from modelrouter.store.tables import attempts, requests

ADMIN = "bench-admin-key"
PAGES = [
    "/ui/overview?range=24h",
    "/ui/overview?range=30d",
    "/ui/routing?range=7d",
    "/ui/routing/circuits",
    "/ui/quality",
    "/ui/keys",
    "/ui/requests",
    "/ui/requests?outcome=fallback",
]
BATCH = 5000


def _item(
    rng: random.Random,
    n: int,
    now: dt.datetime,
    keys: list[str],
    settings: Any,
    spread_s: float = 30 * 86400,
) -> Any:
    tasks = list(settings.tasks)
    task = tasks[n % len(tasks)]
    route = settings.tasks[task].route.models()
    fell = rng.random() < 0.1 and len(route) > 1
    model = route[1] if fell else route[0]
    request_id = f"req-{n:09d}"
    ts = now - dt.timedelta(seconds=rng.uniform(0, spread_s))
    prompt, completion = rng.randint(50, 3000), rng.randint(20, 1500)
    usage = {
        "prompt_tokens": prompt,
        "cached_tokens": 0,
        "completion_tokens": completion,
        "reasoning_tokens": 0,
    }
    attempts = []
    if fell:
        attempts.append(_attempt(request_id, 0, route[0], "error", 0, 0))
    attempts.append(_attempt(request_id, len(attempts), model, "ok", prompt, completion))
    request = {
        "id": request_id,
        "ts": ts,
        "api": "openai",
        "key_id": keys[n % len(keys)],
        "selector": "auto",
        "status": 200,
        "error": None,
        "task": task,
        "confidence": 0.9,
        "detector": "blend",
        "policy": "table",
        "detect_reason": "bench",
        "budget": "normal",
        "model": model,
        "provider": settings.models[model].provider,
        "outcome": "fallback" if fell else "ok",
        "attempts": len(attempts),
        **usage,
        "cost_usd": 0.0004 * (prompt + completion) / 1000,
        "latency_ms": rng.lognormvariate(6.5, 0.8),
        "overhead_ms": 0.4,
        "ttft_ms": None,
        "first_choice": route[0],
        "fallback_reason": "server_error" if fell else None,
        "backoff_ms": None,
    }
    return request, attempts


def _attempt(
    request_id: str, seq: int, model: str, outcome: str, prompt: int, completion: int
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "seq": seq,
        "model": model,
        "provider": "bench",
        "role": "primary" if seq == 0 else "fallback",
        "reason": "bench",
        "outcome": outcome,
        "error": "server_error" if outcome == "error" else None,
        "message": None,
        "prompt_tokens": prompt,
        "cached_tokens": 0,
        "cache_write_tokens": 0,
        "completion_tokens": completion,
        "reasoning_tokens": 0,
        "cost_usd": 0.0004 * (prompt + completion) / 1000,
        "latency_ms": 700.0,
        "ttft_ms": None,
        "verdicts": None,
        "usage_estimated": False,
        "backoff_ms": None,
    }


def build(url: str, count: int) -> float:
    """Write ``count`` requests through the ledger writer; returns seconds taken."""
    settings = build_settings(default_data())
    engine = connect(url)
    store = KeyStore(engine)
    keys = [store.create(f"team-{i:02d}", rpm_limit=600)[1].id for i in range(50)]
    ledger = Ledger(engine)
    ledger.baselines = pricer(lambda: settings)
    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        items = [
            _item(rng, n, now, keys, settings) for n in range(start, min(count, start + BATCH))
        ]
        ledger.write(items)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started


def write_cost(count: int, rounds: int) -> tuple[float, float]:
    """Microseconds per request written: rows only, then rows with rollups and baselines
    (``Ledger.write``); fresh SQLite files, medians of ``rounds``. Live traffic: each batch
    within one minute, 50 keys (a gateway's batch covers its flush interval, 0.2 s)."""
    settings = build_settings(default_data())
    plain: list[float] = []
    full: list[float] = []
    for _ in range(rounds):
        for target in (plain, full):
            with tempfile.TemporaryDirectory() as tmp:
                engine = connect(f"sqlite:///{Path(tmp) / 'w.db'}")
                rng, now = random.Random(7), dt.datetime.now(dt.UTC)
                keys = [f"key-{i}" for i in range(50)]
                batches = [
                    [_item(rng, n, now, keys, settings, 60) for n in range(s, s + 500)]
                    for s in range(0, count, 500)
                ]
                ledger = Ledger(engine)
                ledger.baselines = pricer(lambda: settings)
                started = time.perf_counter()
                for items in batches:
                    if target is full:
                        ledger.write(items)
                        continue
                    with engine.begin() as conn:  # what Ledger.write did before rollups
                        conn.execute(requests.insert(), [r for r, _ in items])
                        conn.execute(attempts.insert(), [a for _, rows in items for a in rows])
                target.append((time.perf_counter() - started) / count * 1e6)
                engine.dispose()
    return statistics.median(plain), statistics.median(full)


# the Budgets page reads the enforced counter of every budget (a total, one per key)
BUDGETS = {"total": {"daily_usd": 1000.0}, "per_key": {"daily_usd": 50.0, "monthly_usd": 900.0}}


def measure(url: str, rounds: int, redis_url: str | None = None) -> dict[str, float]:
    """Median milliseconds of one GET of each page (budgets and rate limits counted in
    ``redis_url`` when given, else in process)."""
    storage = {"redis_url": redis_url, "redis_prefix": "bench"} if redis_url else {}
    settings = build_settings(merge(default_data(), {"budgets": BUDGETS, "storage": storage}))
    engine = connect(url)
    store = KeyStore(engine)
    auth = Authenticator(store, ADMIN, require=False, refresh_seconds=60)
    router = Router(settings)
    gateway = Gateway(router, auth, settings.gateway, Ledger(engine), limiter=limiter_for(router))
    times: dict[str, float] = {}
    with serving(create_app(gateway, engine)) as base, httpx2.Client(base_url=base) as http:
        form = http.get("/ui/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token is not None
        http.post("/ui/login", data={"csrf": token.group(1), "admin_key": ADMIN})
        for page in PAGES:
            assert http.get(page).status_code == 200, page  # warm
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                assert http.get(page).status_code == 200
                samples.append((time.perf_counter() - started) * 1000)
            times[page] = statistics.median(samples)
    engine.dispose()
    return times


def main() -> None:
    """Build the ledger, time the pages, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", help="a database URL (default: SQLite in a temporary dir)")
    parser.add_argument("--reuse", action="store_true", help="skip the build (--db filled)")
    parser.add_argument("--redis", help="count budgets and rate limits in this Redis (a URL)")
    parser.add_argument(
        "--write-cost", action="store_true", help="only: the writer's cost of the rollups"
    )
    args = parser.parse_args()
    if args.write_cost:
        plain, full = write_cost(20000, args.rounds)
        print(
            f"per request written (batches of 500, SQLite): rows only {plain:.0f} us, "
            f"rows + rollups + baselines {full:.0f} us"
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        if not args.reuse:
            seconds = build(url, args.requests)
            print(
                f"built {args.requests:,} requests in {seconds:.0f} s "
                f"({args.requests / seconds:,.0f} requests/s through Ledger.write)"
            )
        times = measure(url, args.rounds, args.redis)
    print(f"| page | median ms ({args.rounds} rounds) |\n|---|---:|")
    for page, ms in times.items():
        print(f"| `{page}` | {ms:.1f} |")


if __name__ == "__main__":
    main()
