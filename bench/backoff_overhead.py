"""A request whose first choice answers 429 with Retry-After 0.4 s, through the real
gateway over the simulator: latency, back-off and overhead from its ledger row (5 runs).

Usage (from the repository root): python3 bench/backoff_overhead.py
"""

import statistics
import sys
import tempfile
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.gateway_fixtures import running_gateway

rows = []
for _ in range(5):
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_gateway(Path(tmp), routing={"backoff_base": 0.001, "backoff_max": 5.0}) as gw,
    ):
        gw.fault("kimi-k2.6", error_rate=1.0, faults=["rate_limit"], retry_after=0.4)
        body = {"model": "route:simple", "messages": [{"role": "user", "content": "hello there"}]}
        httpx2.post(f"{gw.url}/v1/chat/completions", json=body)
        (row,), _ = gw.ledger()
        rows.append(row)
for name in ("latency_ms", "backoff_ms", "overhead_ms"):
    print(
        name,
        "median",
        round(statistics.median(r[name] for r in rows), 1),
        [round(r[name], 1) for r in rows],
    )
print("outcomes", [(r["outcome"], r["fallback_reason"]) for r in rows])
