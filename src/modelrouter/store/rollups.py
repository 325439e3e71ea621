"""Rollups: the ledger's request rows summed per hour x api x key x task x model.

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
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from modelrouter.store.tables import (
    LATENCY_BOUNDS_MS,
    ROLLUP_SUMS,
    attempts,
    requests,
    rollup_baselines,
    rollups,
)

Row = dict[str, Any]
Key = tuple[int, str, str, str, str]
# (answering attempt, request time) -> cost of the same tokens on each baseline model;
# an empty mapping when the request is not re-priced (embeddings, pass-through)
Baselines = Callable[[Row, Row], dict[str, float]]
CHUNK = 2000


def hour_of(when: dt.datetime) -> int:
    """Hours since 1970-01-01 UTC (naive times are UTC, as the ledger stores them)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp() // 3600)


def key_of(request: Row) -> Key:
    """The rollup group of one request row."""
    return (
        hour_of(request["ts"]),
        str(request["api"]),
        request["key_id"] or "",
        request["task"] or "",
        request["model"] or "",
    )


def answer_of(request: Row, attempt_rows: Sequence[Row]) -> Row | None:
    """The answering attempt: the last one on the request's model that did not error
    (the report's definition, ``reports.source.answers``)."""
    found = None
    for attempt in attempt_rows:
        on_model = request["model"] and attempt["model"] == request["model"]
        if on_model and attempt["outcome"] != "error":
            found = attempt
    return found


class Sums:
    """Rollup sums of a batch of requests, grouped (pure Python, then one upsert)."""

    def __init__(self, baselines: Baselines | None) -> None:
        self.baselines = baselines
        self.groups: dict[Key, dict[str, float]] = {}
        self.priced: dict[tuple[Key, str], list[float]] = defaultdict(lambda: [0, 0.0])

    def add(self, request: Row, attempt_rows: Sequence[Row]) -> None:
        """Count one request with its attempts."""
        key = key_of(request)
        sums = self.groups.get(key)
        if sums is None:
            sums = self.groups[key] = dict.fromkeys(ROLLUP_SUMS, 0)
        answered = request["status"] == 200
        rejected = request["outcome"] == "rejected"
        sums["requests"] += 1
        sums["answered"] += answered
        sums["rejected"] += rejected
        sums["failed"] += not answered and not rejected
        sums["fallback"] += request["outcome"] == "fallback"
        sums["escalated"] += request["outcome"] == "escalated"
        for name in ("prompt_tokens", "cached_tokens", "completion_tokens", "reasoning_tokens"):
            sums[name] += request[name]
        sums["cost_usd"] += request["cost_usd"]
        sums["latency_ms"] += request["latency_ms"]
        sums[f"lat_{bisect.bisect_left(LATENCY_BOUNDS_MS, request['latency_ms'])}"] += 1
        if self.baselines is None:
            return
        answer = answer_of(request, attempt_rows)
        if answer is None:
            return
        for baseline, usd in self.baselines(answer, request).items():
            slot = self.priced[(key, baseline)]
            slot[0] += 1
            slot[1] += usd

    def write(self, conn: Connection) -> None:
        """Add these sums to the tables (insert, or add to the existing group)."""
        names = ("hour", "api", "key_id", "task", "model")
        if self.groups:
            rows = [dict(zip(names, key, strict=True)) | s for key, s in self.groups.items()]
            _upsert(conn, rollups, rows, ROLLUP_SUMS)
        if self.priced:
            rows = [
                dict(zip(names, key, strict=True))
                | {"baseline": baseline, "repriced": n, "cost_usd": usd}
                for (key, baseline), (n, usd) in self.priced.items()
            ]
            _upsert(conn, rollup_baselines, rows, ("repriced", "cost_usd"))


def _upsert(conn: Connection, table: Table, rows: list[Row], sums: Iterable[str]) -> None:
    dialect = conn.dialect.name
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(table)
    elif dialect == "postgresql":
        stmt = postgresql.insert(table)
    else:  # pragma: no cover - the two supported databases
        raise NotImplementedError(f"rollups on {dialect}")
    keys = [c.name for c in table.primary_key.columns]
    update = {name: table.c[name] + stmt.excluded[name] for name in sums}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update), rows)


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
        conn.execute(delete(rollup_baselines))
        conn.execute(delete(rollups))
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
