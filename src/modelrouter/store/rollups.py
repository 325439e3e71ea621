"""Rollups: the ledger's request rows summed per hour (and per day) x api x key x task x model.

The ledger writer adds each batch here in the same transaction as its rows (``add``), so
the rollups are exactly the sums of the rows; ``rebuild`` recomputes them from the rows
(the backfill of a ledger written before 0010_rollups). The dashboard reads only these
tables, whatever the size of the ledger. Baseline costs (what each group's answers would
have cost on each single model) need prices, which this layer does not know: the caller
passes a ``Baselines`` function (``reports.baselines.pricer``); without one, no baseline
rows are written. This module never decides anything about routing.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from modelrouter.store.tables import (
    BASELINE_DIMENSIONS,
    LATENCY_BOUNDS_MS,
    ROLLUP_DIMENSIONS,
    ROLLUP_SUMS,
    TASK_DIMENSIONS,
    attempts,
    requests,
    rollup_baselines,
    rollup_baselines_daily,
    rollups,
    rollups_daily,
    rollups_tasks,
    rollups_tasks_daily,
)

Row = dict[str, Any]
# (answering attempt, request row) -> cost of the same tokens on each baseline model; an
# empty mapping when the request is not re-priced (judge calls, embeddings, pass-through)
Baselines = Callable[[Row, Row], dict[str, float]]
CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Level:
    """One rollup table: its time column, the seconds of one unit, its dimensions."""

    table: Table
    time: str
    unit: int
    dimensions: tuple[str, ...]

    def fold(self, hour: int, fine: Row) -> tuple[Any, ...]:
        """This level's group of a finest group (its hour and its dimensions' values)."""
        return (hour * 3600 // self.unit, *(fine[name] for name in self.dimensions))

    def row_of(self, key: tuple[Any, ...]) -> Row:
        """A group's key as columns."""
        return dict(zip((self.time, *self.dimensions), key, strict=True))


# Hourly for the last day, daily for long ranges: a page reads at most a few thousand
# groups whatever the size of the ledger (LiteLLM's usage page failed at 300k-1M rows).
LEVELS = (
    Level(rollups, "hour", 3600, ROLLUP_DIMENSIONS),
    Level(rollups_daily, "day", 86400, ROLLUP_DIMENSIONS),
    Level(rollups_tasks, "hour", 3600, TASK_DIMENSIONS),
    Level(rollups_tasks_daily, "day", 86400, TASK_DIMENSIONS),
)
BASELINE_LEVELS = (
    Level(rollup_baselines, "hour", 3600, BASELINE_DIMENSIONS),
    Level(rollup_baselines_daily, "day", 86400, BASELINE_DIMENSIONS),
)


def epoch_of(when: dt.datetime) -> int:
    """Seconds since 1970-01-01 UTC (naive times are UTC, as the ledger stores them)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


def hour_of(when: dt.datetime) -> int:
    """Hours since 1970-01-01 UTC."""
    return epoch_of(when) // 3600


def answer_of(request: Row, attempt_rows: Sequence[Row]) -> Row | None:
    """The answering attempt: the last one on the request's model that did not error
    (the report's definition, ``reports.source.answers``)."""
    found = None
    for attempt in attempt_rows:
        on_model = request["model"] and attempt["model"] == request["model"]
        if on_model and attempt["outcome"] != "error":
            found = attempt
    return found


def _counts(request: Row) -> dict[str, float]:
    answered = request["status"] == 200
    rejected = request["outcome"] == "rejected"
    counts: dict[str, float] = dict.fromkeys(ROLLUP_SUMS, 0)
    counts |= {
        "requests": 1,
        "answered": int(answered),  # ints: PostgreSQL casts no boolean to bigint
        "rejected": int(rejected),
        "failed": int(not answered and not rejected),
        "fallback": int(request["outcome"] == "fallback"),
        "escalated": int(request["outcome"] == "escalated"),
        "cost_usd": request["cost_usd"],
        "latency_ms": request["latency_ms"],
    }
    for name in ("prompt_tokens", "cached_tokens", "completion_tokens", "reasoning_tokens"):
        counts[name] = request[name]
    counts[f"lat_{bisect.bisect_left(LATENCY_BOUNDS_MS, request['latency_ms'])}"] = 1
    return counts


class Sums:
    """Rollup sums of a batch of requests: counted once per finest group (hour x api x key
    x task x model), folded into every level when written (the levels cost per group, not
    per request)."""

    def __init__(self, baselines: Baselines | None) -> None:
        self.baselines = baselines
        self.fine: dict[tuple[Any, ...], dict[str, float]] = {}
        self.priced: dict[tuple[Any, ...], list[float]] = {}

    def add(self, request: Row, attempt_rows: Sequence[Row]) -> None:
        """Count one request with its attempts."""
        hour = epoch_of(request["ts"]) // 3600
        api, task = request["api"], request["task"] or ""
        key = (hour, api, request["key_id"] or "", task, request["model"] or "")
        counts = _counts(request)
        sums = self.fine.get(key)
        if sums is None:
            self.fine[key] = counts
        else:
            for name, value in counts.items():
                sums[name] += value
        answer = answer_of(request, attempt_rows) if self.baselines else None
        if answer is None or self.baselines is None:
            return
        for baseline, usd in self.baselines(answer, request).items():
            slot = self.priced.setdefault((hour, api, task, baseline), [0, 0.0])
            slot[0] += 1
            slot[1] += usd

    def write(self, conn: Connection) -> None:
        """Add these sums to every level's table (insert, or add to the existing group)."""
        names = ("hour", *ROLLUP_DIMENSIONS)
        for level in LEVELS:
            groups: dict[tuple[Any, ...], dict[str, float]] = {}
            for key, sums in self.fine.items():
                folded = level.fold(key[0], dict(zip(names, key, strict=True)))
                into = groups.get(folded)
                if into is None:
                    groups[folded] = dict(sums)
                else:
                    for name, value in sums.items():
                        into[name] += value
            if groups:
                rows = [level.row_of(key) | sums for key, sums in groups.items()]
                _upsert(conn, level.table, rows, ROLLUP_SUMS)
        for level in BASELINE_LEVELS:
            priced: dict[tuple[Any, ...], list[float]] = {}
            for (hour, api, task, baseline), (n, usd) in self.priced.items():
                slot = priced.setdefault(
                    (*level.fold(hour, {"api": api, "task": task}), baseline), [0, 0.0]
                )
                slot[0] += n
                slot[1] += usd
            if priced:
                rows = [
                    level.row_of(key[:-1]) | {"baseline": key[-1], "repriced": n, "cost_usd": usd}
                    for key, (n, usd) in priced.items()
                ]
                _upsert(conn, level.table, rows, ("repriced", "cost_usd"))


def _upsert(conn: Connection, table: Table, rows: list[Row], sums: tuple[str, ...]) -> None:
    conn.execute(_upsert_statement(conn.dialect.name, table, sums), rows)


@functools.cache
def _upsert_statement(dialect: str, table: Table, sums: tuple[str, ...]) -> Any:
    """``INSERT ... ON CONFLICT DO UPDATE SET s = s + excluded.s``, built once per table:
    building it (the ``excluded`` proxy of every column) cost more than the write."""
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(table)
    elif dialect == "postgresql":
        stmt = postgresql.insert(table)
    else:  # pragma: no cover - the two supported databases
        raise NotImplementedError(f"rollups on {dialect}")
    keys = [c.name for c in table.primary_key.columns]
    update = {name: table.c[name] + stmt.excluded[name] for name in sums}
    return stmt.on_conflict_do_update(index_elements=keys, set_=update)


def add(
    conn: Connection, items: Sequence[tuple[Row, list[Row]]], baselines: Baselines | None
) -> None:
    """Add a batch of (request row, attempt rows) to the rollups, inside ``conn``'s
    transaction (the ledger's own)."""
    sums = Sums(baselines)
    for request, attempt_rows in items:
        sums.add(request, attempt_rows)
    sums.write(conn)


def rebuild(engine: Engine, baselines: Baselines | None) -> int:
    """Recompute the rollups from every ledger row, in one transaction; returns the
    number of requests counted. Run it with no gateway writing to this ledger."""
    count = 0
    with engine.begin() as conn:
        for level in (*LEVELS, *BASELINE_LEVELS):
            conn.execute(delete(level.table))
        last = ""
        while True:  # keyset pages: memory stays flat whatever the ledger's size
            query = select(requests).where(requests.c.id > last).order_by(requests.c.id)
            batch = [dict(row) for row in conn.execute(query.limit(CHUNK)).mappings()]
            if not batch:
                return count
            count += _rebuild_chunk(conn, batch, baselines)
            last = batch[-1]["id"]


def _rebuild_chunk(conn: Connection, batch: list[Row], baselines: Baselines | None) -> int:
    if not batch:
        return 0
    by_request: dict[str, list[Row]] = defaultdict(list)
    if baselines is not None:
        ids = [row["id"] for row in batch]
        for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit
            query = (
                select(attempts)
                .where(attempts.c.request_id.in_(ids[start : start + 500]))
                .order_by(attempts.c.request_id, attempts.c.seq)
            )
            for attempt in conn.execute(query).mappings():
                by_request[attempt["request_id"]].append(dict(attempt))
    add(conn, [(row, by_request.get(row["id"], [])) for row in batch], baselines)
    return len(batch)
