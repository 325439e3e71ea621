"""The rollups stay exact against the ledger rows: after traffic through the gateway with
fallbacks, failures, cut streams and refusals, on SQLite and PostgreSQL, and after a
backfill (``modelrouter rollups backfill``)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx2
from click.testing import CliRunner
from sqlalchemy import Engine
from tests.gateway_fixtures import running_gateway
from tests.rollup_checks import assert_rollups_exact, table_of

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data
from modelrouter.reports.baselines import pricer
from modelrouter.store import rollups
from modelrouter.store.ledger import Ledger, read_attempts, read_requests
from modelrouter.store.rollups import BASELINE_LEVELS, LEVELS

pytest_plugins = ["tests.storage_fixtures"]
Row = dict[str, Any]


def _traffic(tmp: Path) -> tuple[list[Row], list[Row], Engine]:
    """Requests of every outcome through the real gateway; its rows and its engine."""
    with running_gateway(tmp) as gw, httpx2.Client(base_url=gw.url, timeout=30) as http:

        def chat(text: str, model: str = "auto", **extra: Any) -> None:
            body = {"model": model, "messages": [{"role": "user", "content": text}], **extra}
            http.post("/v1/chat/completions", json=body)

        for i in range(6):
            chat(f"hello number {i}", "route:simple")
            chat(f"Write a Python function that returns {i} squared.")
        gw.fault("kimi-k2.6", down=True)
        chat("hello again", "route:simple")  # a fallback
        for model in ("qwen3.6-plus", "claude-opus-4-7", "gpt-5.5"):
            gw.fault(model, down=True)
        chat("anyone?", "route:simple")  # every upstream down: failed
        gw.heal()
        gw.fault("kimi-k2.6", error_rate=1.0, faults=["cut"])
        chat("tell me a long story about Paris", "route:simple", stream=True)
        gw.heal()
        http.post("/v1/chat/completions", content=b"{broken")  # rejected
        requests, attempts = gw.ledger()
        return requests, attempts, gw.store.engine


def test_rollups_match_the_ledger_after_mixed_traffic_and_after_a_backfill(
    tmp_path: Path,
) -> None:
    requests, attempts, engine = _traffic(tmp_path)
    outcomes = {r["outcome"] for r in requests}
    assert {"ok", "fallback", "failed", "cut", "rejected"} <= outcomes
    assert_rollups_exact(engine, requests, attempts)
    written = table_of(engine, LEVELS[0])
    with engine.begin() as conn:  # a ledger from before 0010_rollups: rows, no rollups
        for level in (*LEVELS, *BASELINE_LEVELS):
            conn.execute(level.table.delete())
    db = str(tmp_path / "gateway.db")
    result = CliRunner().invoke(main_group, ["rollups", "backfill", "--db", db])
    assert result.exit_code == 0, result.output
    assert f"from {len(requests)} requests" in result.output
    assert_rollups_exact(engine, requests, attempts)
    rebuilt = table_of(engine, LEVELS[0])
    assert rebuilt.keys() == written.keys()
    for key, row in written.items():  # counts identical; float sums equal to rounding
        assert {k: v for k, v in rebuilt[key].items() if not isinstance(v, float)} == {
            k: v for k, v in row.items() if not isinstance(v, float)
        }


def test_batches_add_up_on_every_backend(tmp_path: Path, store_engine: Engine) -> None:
    """Rows written in several ledger batches (the upsert adds to existing groups)."""
    requests, attempts, _ = _traffic(tmp_path)
    by_request: dict[str, list[Row]] = defaultdict(list)
    for attempt in attempts:
        by_request[attempt["request_id"]].append(attempt)
    ledger = Ledger(store_engine)
    ledger.baselines = pricer(lambda: build_settings(default_data()))
    items = [(r, by_request[r["id"]]) for r in requests]
    for start in range(0, len(items), 4):
        ledger.write(items[start : start + 4])
    assert_rollups_exact(store_engine, read_requests(store_engine), read_attempts(store_engine))
    assert rollups.rebuild(store_engine, ledger.baselines) == len(requests)
    assert_rollups_exact(store_engine, requests, attempts)


def test_dashboard_queries_read_plain_numbers_on_every_backend(
    tmp_path: Path, store_engine: Engine
) -> None:
    """The dashboard's sums come back as ints and floats (PostgreSQL sums a bigint as a
    Decimal) and match the rows, hourly and daily."""
    from modelrouter.server.ui import queries as q

    requests, attempts, _ = _traffic(tmp_path)
    by_request: dict[str, list[Row]] = defaultdict(list)
    for attempt in attempts:
        by_request[attempt["request_id"]].append(attempt)
    ledger = Ledger(store_engine)
    ledger.baselines = pricer(lambda: build_settings(default_data()))
    ledger.write([(r, by_request[r["id"]]) for r in requests])
    now = dt.datetime.now(dt.UTC)
    for name in ("24h", "30d"):
        window = q.Window.of(name, now)
        totals = q.total(store_engine, window)
        assert totals["requests"] == len(requests) and type(totals["requests"]) is int
        assert math.isclose(totals["cost_usd"], sum(r["cost_usd"] for r in requests))
        assert totals.latency(0.5).startswith("≤")
        assert sum(q.series(store_engine, window)["requests"]) == len(requests)
        assert all(type(v) is float for v in q.baselines(store_engine, window).values())
        served = sum(r["requests"] for rows in q.mix(store_engine, window).values() for r in rows)
        assert served == len(requests)
