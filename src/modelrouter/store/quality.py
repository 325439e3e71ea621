"""The quality store: absolute counts and sums of outcomes per (task, model, key, source,
day), and the log of routing events.

Every write is an increment applied by the database to the stored totals (``n = n + 1``),
never a total computed elsewhere and written back: a running delta can never overwrite a
total (the bug that zeroed LiteLLM's adaptive router). Priors and the decay with age are
applied when the counts are read (``modelrouter.quality``), never stored.

SQLAlchemy errors are translated here, and only here, into ``QualityStoreUnavailable``;
callers on the request path catch that one error and route without estimates.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from modelrouter.errors import QualityStoreUnavailable
from modelrouter.store.tables import quality_counts, routing_events

_log = logging.getLogger("modelrouter.quality")
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Count:
    """One increment (or one stored row): ``n`` observations summing to ``total``."""

    task: str
    model: str
    key_id: str
    source: str
    day: int
    n: float
    total: float


def day_of(when: dt.datetime) -> int:
    """Days since 1970-01-01 of ``when`` in UTC: the bucket an outcome is counted in."""
    return (when.astimezone(dt.UTC).date() - EPOCH).days


def add(conn: Connection, increments: Iterable[Count]) -> None:
    """Add ``increments`` to the stored totals (inside the caller's transaction)."""
    for inc in increments:
        where = and_(
            quality_counts.c.task == inc.task,
            quality_counts.c.model == inc.model,
            quality_counts.c.key_id == inc.key_id,
            quality_counts.c.source == inc.source,
            quality_counts.c.day == inc.day,
        )
        bump = (
            update(quality_counts)
            .where(where)
            .values(n=quality_counts.c.n + inc.n, total=quality_counts.c.total + inc.total)
        )
        if conn.execute(bump).rowcount:
            continue
        try:
            with conn.begin_nested():
                conn.execute(quality_counts.insert().values(**_values(inc)))
        except IntegrityError:  # another writer inserted the row first: add to it
            conn.execute(bump)


def _values(inc: Count) -> dict[str, Any]:
    return {
        "task": inc.task,
        "model": inc.model,
        "key_id": inc.key_id,
        "source": inc.source,
        "day": inc.day,
        "n": inc.n,
        "total": inc.total,
    }


def check_counts(items: Sequence[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[Count]:
    """Increments from the check verdicts of ledger rows: per answered attempt, 1 when
    every check that ran passed, else 0. Attempts without verdicts add nothing."""
    counts: list[Count] = []
    for request, attempts in items:
        task = request.get("task")
        if not task:
            continue
        day = day_of(request["ts"])
        for attempt in attempts:
            ran = [v for v in attempt.get("verdicts") or () if not v.get("skipped")]
            if not ran or attempt["outcome"] not in ("ok", "check_failed"):
                continue
            ok = float(all(v["ok"] for v in ran))
            key = request.get("key_id") or ""
            counts.append(Count(task, attempt["model"], key, "checks", day, 1.0, ok))
    return counts


def record_checks(
    engine: Engine, items: Sequence[tuple[dict[str, Any], list[dict[str, Any]]]]
) -> None:
    """Count the verdicts of rows the ledger just wrote; a failure is logged, never raised
    (the ledger's own rows are already committed)."""
    counts = check_counts(items)
    if not counts:
        return
    try:
        with engine.begin() as conn:
            add(conn, counts)
    except SQLAlchemyError as exc:
        _log.warning("quality counts not updated: %s", type(exc).__name__)


def read_counts(engine: Engine, *, since_day: int | None = None) -> list[Count]:
    """Every stored row (from ``since_day`` on); raises ``QualityStoreUnavailable``."""
    query = select(quality_counts)
    if since_day is not None:
        query = query.where(quality_counts.c.day >= since_day)
    try:
        with engine.connect() as conn:
            return [Count(**dict(row._mapping)) for row in conn.execute(query)]
    except SQLAlchemyError as exc:
        raise QualityStoreUnavailable(f"quality counts unreadable: {type(exc).__name__}") from exc


def write_event(engine: Engine, event: dict[str, Any]) -> None:
    """Record one routing event (``ts``, ``kind``, ``task``, models, ``detail``)."""
    try:
        with engine.begin() as conn:
            conn.execute(routing_events.insert().values(**event))
    except SQLAlchemyError as exc:
        raise QualityStoreUnavailable(f"routing event not written: {type(exc).__name__}") from exc


def read_events(engine: Engine) -> list[dict[str, Any]]:
    """Routing events, oldest first."""
    try:
        with engine.connect() as conn:
            query = select(routing_events).order_by(routing_events.c.id)
            return [dict(row._mapping) for row in conn.execute(query)]
    except SQLAlchemyError as exc:
        raise QualityStoreUnavailable(f"routing events unreadable: {type(exc).__name__}") from exc
