"""The rollups compared with sums computed here, from the ledger's rows, independently of
``store.rollups``: every rollup table group by group, and the baselines against
``modelrouter report``'s single-model costs. Shared by the rollups tests and the chaos run."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, select

from modelrouter.config.loader import build_settings, default_data
from modelrouter.config.schema import Settings
from modelrouter.reports.ledger_report import build_report, reference_models
from modelrouter.store.rollups import BASELINE_LEVELS, LEVELS, Level
from modelrouter.store.tables import LATENCY_BOUNDS_MS, ROLLUP_SUMS

Row = dict[str, Any]


def table_of(engine: Engine, level: Level) -> dict[tuple[Any, ...], Row]:
    """A rollup table's rows by their group (time, then the level's dimensions)."""
    with engine.connect() as conn:
        rows = conn.execute(select(level.table)).mappings()
        return {tuple(r[k] for k in (level.time, *level.dimensions)): dict(r) for r in rows}


def _baselines(engine: Engine, level: Level) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    with engine.connect() as conn:
        for row in conn.execute(select(level.table)).mappings():
            totals[row["baseline"]] += row["cost_usd"]
    return dict(totals)


def expected_of(requests: list[Row], level: Level) -> dict[tuple[Any, ...], Row]:
    """The sums of ``level``'s groups, computed from the request rows."""
    groups: dict[tuple[Any, ...], Row] = {}
    for r in requests:
        bucket = int(r["ts"].replace(tzinfo=dt.UTC).timestamp()) // level.unit
        key = (bucket, *(r[k] or "" for k in level.dimensions))
        g = groups.setdefault(key, dict.fromkeys(ROLLUP_SUMS, 0))
        g["requests"] += 1
        g["answered"] += r["status"] == 200
        g["rejected"] += r["outcome"] == "rejected"
        g["failed"] += r["status"] != 200 and r["outcome"] != "rejected"
        g["fallback"] += r["outcome"] == "fallback"
        g["escalated"] += r["outcome"] == "escalated"
        for name in ("prompt_tokens", "cached_tokens", "completion_tokens", "reasoning_tokens"):
            g[name] += r[name]
        g["cost_usd"] += r["cost_usd"]
        g["latency_ms"] += r["latency_ms"]
        latency = next((i for i, b in enumerate(LATENCY_BOUNDS_MS) if r["latency_ms"] <= b), 9)
        g[f"lat_{latency}"] += 1
    return groups


def assert_rollups_exact(
    engine: Engine, requests: list[Row], attempts: list[Row], settings: Settings | None = None
) -> None:
    """Every rollup table equals the sums of the rows, group by group (the same groups,
    counts equal, float sums equal to rounding), and the baselines equal the report's."""
    for level in LEVELS:
        table = table_of(engine, level)
        expected = expected_of(requests, level)
        assert set(table) == set(expected), (level.table.name, set(table) ^ set(expected))
        for key, sums in expected.items():
            for name, value in sums.items():
                close = math.isclose(table[key][name], value, rel_tol=1e-9, abs_tol=1e-12)
                assert close, (level.table.name, key, name, table[key][name], value)
    settings = settings or build_settings(default_data())
    report = build_report(requests, attempts, settings)
    for level in BASELINE_LEVELS:
        priced = _baselines(engine, level)
        assert set(priced) == set(reference_models(settings)) == set(report.reference_models)
        for model, usd in priced.items():
            expected_usd = report.total.single_model_usd[model]
            close = math.isclose(usd, expected_usd, rel_tol=1e-9, abs_tol=1e-12)
            assert close, (level.table.name, model, usd, expected_usd)
