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

from sqlalchemy import Engine, Table, cast, func, select

from modelrouter.store.judge_queue import JUDGE_API
from modelrouter.store.rollups import BASELINE_LEVELS, LEVELS, Level, epoch_of, hour_of
from modelrouter.store.tables import LATENCY_BOUNDS_MS, ROLLUP_SUMS

RANGES = {"24h": 24, "7d": 7 * 24, "30d": 30 * 24, "90d": 90 * 24}
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Window:
    """A range of whole units of one rollup level, ``first`` to ``last`` inclusive: hours
    for a day, days beyond (so a page reads a few thousand groups at most)."""

    name: str
    daily: bool
    first: int
    last: int

    @classmethod
    def of(cls, name: str | None, now: dt.datetime) -> Window:
        """The named range ending at ``now``'s hour or day (``24h`` when unknown)."""
        name = name if name in RANGES else "24h"
        hours = RANGES[name]
        if hours <= 24:
            last = hour_of(now)
            return cls(name, False, last - hours + 1, last)
        today = epoch_of(now) // 86400
        return cls(name, True, today - hours // 24 + 1, today)

    @classmethod
    def since(cls, when: dt.datetime, now: dt.datetime, *, daily: bool) -> Window:
        """From ``when``'s hour (or day) to now's."""
        unit = 86400 if daily else 3600
        return cls("since", daily, epoch_of(when) // unit, epoch_of(now) // unit)

    def level(self, keyed: bool) -> Level:
        """The rollup table this window reads: with the key dimension or without."""
        return LEVELS[(2 if not keyed else 0) + self.daily]

    @property
    def baseline_level(self) -> Level:
        """The baseline table this window reads."""
        return BASELINE_LEVELS[1] if self.daily else BASELINE_LEVELS[0]

    @property
    def step(self) -> str:
        """What one chart point covers."""
        return "day" if self.daily else "hour"


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


def _sum(table: Table, name: str) -> Any:
    """``SUM(name)`` typed as its column: PostgreSQL sums a bigint as a numeric (Decimal)."""
    return cast(func.sum(table.c[name]), table.c[name].type).label(name)


def _in(window: Window, level: Level) -> list[Any]:
    time = level.table.c[level.time]
    return [time >= window.first, time <= window.last, level.table.c.api != JUDGE_API]


def grouped(
    engine: Engine, window: Window, *by: str, sums: tuple[str, ...] = ROLLUP_SUMS
) -> list[Row]:
    """The ``sums`` per group of the columns ``by`` (``time``, ``key_id``, ``task``,
    ``model``), from the table without keys unless ``by`` holds ``key_id``."""
    level = window.level(keyed="key_id" in by)
    table = level.table
    columns = [table.c[level.time if name == "time" else name] for name in by]
    chosen = [_sum(table, name) for name in sums]
    query = select(*columns, *chosen).where(*_in(window, level)).group_by(*columns)
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
    """Requests and cost per hour (or day) of the window, zeros where nothing happened
    (x in seconds since the epoch, for the chart)."""
    points: dict[int, list[float]] = {t: [0, 0.0] for t in range(window.first, window.last + 1)}
    level = window.level(keyed=False)
    for row in grouped(engine, window, "time", sums=("requests", "cost_usd")):
        points[row[level.time]] = [row["requests"], row["cost_usd"]]
    unit = level.unit
    return {
        "x": [t * unit for t in points],
        "requests": [points[t][0] for t in points],
        "cost": [round(points[t][1], 6) for t in points],
    }


def baselines(engine: Engine, window: Window) -> dict[str, float]:
    """What the window's answers would have cost on each single model."""
    level = window.baseline_level
    b = level.table.c
    query = (
        select(b.baseline, _sum(level.table, "cost_usd"))
        .where(*_in(window, level))
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


def spend_per_key(engine: Engine, window: Window) -> dict[str, float]:
    """Cost per key id ("" for requests without a key) over the window."""
    rows = grouped(engine, window, "key_id", sums=("cost_usd",))
    return {row["key_id"]: row["cost_usd"] for row in rows}
