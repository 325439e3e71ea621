"""What the dashboard shows, read from the rollups (never a scan of the ledger's rows).

Every figure here is a sum over rollup groups in a range of hours, so a page costs the
same whatever the size of the ledger. The judge's own calls (api ``judge``) are not
caller traffic and are left out, as in the report. This module only reads.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select

from modelrouter.store.judge_queue import JUDGE_API
from modelrouter.store.rollups import hour_of
from modelrouter.store.tables import LATENCY_BOUNDS_MS, ROLLUP_SUMS, rollup_baselines, rollups

RANGES = {"24h": 24, "7d": 7 * 24, "30d": 30 * 24, "90d": 90 * 24}
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Window:
    """A range of whole hours, ``first`` to ``last`` inclusive, and the chart's step."""

    name: str
    first: int
    last: int

    @classmethod
    def of(cls, name: str | None, now: dt.datetime) -> Window:
        """The named range ending at ``now``'s hour (``24h`` when unknown)."""
        name = name if name in RANGES else "24h"
        last = hour_of(now)
        return cls(name, last - RANGES[name] + 1, last)

    @property
    def step(self) -> int:
        """Hours per chart point: hourly up to a week, daily beyond."""
        return 1 if self.last - self.first < 7 * 24 else 24


@dataclass
class Totals:
    """Sums over a set of rollup groups."""

    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ROLLUP_SUMS, 0))

    def add(self, row: Row) -> None:
        """Add one group's sums."""
        for name in ROLLUP_SUMS:
            self.sums[name] += row[name] or 0

    def __getitem__(self, name: str) -> float:
        return self.sums[name]

    def latency(self, share: float) -> str:
        """The latency under which ``share`` of the requests finished, as a bucket bound."""
        count = self.sums["requests"]
        if not count:
            return "-"
        seen = 0.0
        for index, bound in enumerate(LATENCY_BOUNDS_MS):
            seen += self.sums[f"lat_{index}"]
            if seen >= share * count:
                return f"≤ {bound:,} ms"
        return f"> {LATENCY_BOUNDS_MS[-1]:,} ms"

    @property
    def mean_latency(self) -> float:
        """Mean latency in ms (0 without requests)."""
        return self.sums["latency_ms"] / self.sums["requests"] if self.sums["requests"] else 0.0


def _sums() -> list[Any]:
    return [func.sum(rollups.c[name]).label(name) for name in ROLLUP_SUMS]


def _in(window: Window) -> list[Any]:
    return [
        rollups.c.hour >= window.first,
        rollups.c.hour <= window.last,
        rollups.c.api != JUDGE_API,
    ]


def grouped(engine: Engine, window: Window, *by: str) -> list[Row]:
    """Sums per group of the columns ``by`` (``hour``, ``key_id``, ``task``, ``model``)."""
    columns = [rollups.c[name] for name in by]
    query = select(*columns, *_sums()).where(*_in(window)).group_by(*columns)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def total(engine: Engine, window: Window) -> Totals:
    """Sums over the whole window."""
    totals = Totals()
    for row in grouped(engine, window):
        if row["requests"]:
            totals.add(row)
    return totals


def series(engine: Engine, window: Window) -> dict[str, list[float]]:
    """Requests and cost per step of the window, zeros where nothing happened (x in
    seconds since the epoch, for the chart)."""
    step = window.step
    start = window.first - window.first % step if step > 1 else window.first
    points: dict[int, list[float]] = {h: [0, 0.0] for h in range(start, window.last + 1, step)}
    for row in grouped(engine, window, "hour"):
        slot = points[row["hour"] - (row["hour"] - start) % step]
        slot[0] += row["requests"]
        slot[1] += row["cost_usd"]
    hours = sorted(points)
    return {
        "x": [h * 3600 for h in hours],
        "requests": [points[h][0] for h in hours],
        "cost": [round(points[h][1], 6) for h in hours],
    }


def baselines(engine: Engine, window: Window) -> dict[str, float]:
    """What the window's answers would have cost on each single model."""
    b = rollup_baselines.c
    query = (
        select(b.baseline, func.sum(b.cost_usd))
        .where(b.hour >= window.first, b.hour <= window.last, b.api != JUDGE_API)
        .group_by(b.baseline)
    )
    with engine.connect() as conn:
        return {name: float(usd or 0) for name, usd in conn.execute(query)}


def mix(engine: Engine, window: Window) -> dict[str, list[Row]]:
    """Per task, the models that served it, busiest first (with their outcome counts)."""
    tasks: dict[str, list[Row]] = defaultdict(list)
    for row in grouped(engine, window, "task", "model"):
        tasks[row["task"] or "(not routed)"].append(row)
    for rows in tasks.values():
        rows.sort(key=lambda r: (-r["requests"], r["model"]))
    return dict(sorted(tasks.items(), key=lambda item: -sum(r["requests"] for r in item[1])))


def spend_since(engine: Engine, since: dt.datetime, by_key: bool) -> dict[str, float]:
    """Cost since ``since`` (rounded down to its hour), in total or per key id."""
    window = Window("since", hour_of(since), hour_of(dt.datetime.now(dt.UTC)) + 1)
    if not by_key:
        return {"": total(engine, window)["cost_usd"]}
    return {row["key_id"]: row["cost_usd"] for row in grouped(engine, window, "key_id")}
