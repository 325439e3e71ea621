"""The judge's queue and its results, in the ledger's database.

Answers sampled for the judge wait in ``judge_queue`` (so they survive a restart); it is
bounded: beyond ``queue_max`` rows the **oldest** are deleted, because the estimates the
judge feeds weigh recent outcomes most (they decay with age) and a queue stalled behind
the daily cap should hold today's answers, not yesterday's. A worker claims rows for a
lease (several gateway processes may drain one queue), deletes them once judged, and
gives a row back (``tries`` + 1) when the judge call failed.

A judge score is written as a ``feedback`` row of metric ``judge`` (shown by ``report``)
and as one observation of source ``judge`` in the quality counts, in one transaction.
Judge calls themselves are ledger rows with ``api = 'judge'``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, or_, select, update

from modelrouter.store.quality import Count, add
from modelrouter.store.tables import feedback, judge_queue, requests

Row = dict[str, Any]
JUDGE_API = "judge"  # the ``api`` of the ledger rows of judge calls
JUDGE_METRIC = "judge"  # the feedback metric judge scores are stored under
LEASE = dt.timedelta(minutes=5)


def push(engine: Engine, samples: Sequence[Row], limit: int) -> int:
    """Queue ``samples``; drop the oldest rows beyond ``limit``. Returns how many dropped."""
    if not samples:
        return 0
    with engine.begin() as conn:
        conn.execute(judge_queue.insert(), [{"tries": 0, **s} for s in samples])
        size = conn.scalar(select(func.count()).select_from(judge_queue)) or 0
        excess = size - limit
        if excess <= 0:
            return 0
        oldest = select(judge_queue.c.id).order_by(judge_queue.c.id).limit(excess)
        ids = list(conn.scalars(oldest))
        conn.execute(delete(judge_queue).where(judge_queue.c.id.in_(ids)))
        return len(ids)


def claim(engine: Engine, worker: str, count: int, now: dt.datetime) -> list[Row]:
    """Up to ``count`` of the newest unclaimed (or lease-expired) rows, claimed by ``worker``:
    when the judge falls behind, fresh evidence moves the estimates first (and the oldest
    rows are the ones the bound drops)."""
    free = or_(judge_queue.c.claimed_by.is_(None), judge_queue.c.claimed_at < now - LEASE)
    with engine.begin() as conn:
        ids = select(judge_queue.c.id).where(free).order_by(judge_queue.c.id.desc()).limit(count)
        # ``free`` again in the UPDATE: a concurrent claimer that took a row first wins it
        take = (
            update(judge_queue)
            .where(and_(judge_queue.c.id.in_(ids.scalar_subquery()), free))
            .values(claimed_by=worker, claimed_at=now)
        )
        conn.execute(take)
        mine = select(judge_queue).where(
            and_(judge_queue.c.claimed_by == worker, judge_queue.c.claimed_at == now)
        )
        newest = mine.order_by(judge_queue.c.id.desc())
        return [dict(row._mapping) for row in conn.execute(newest)]


def give_back(engine: Engine, row_id: int, max_tries: int) -> bool:
    """Return a row whose judging failed; True when it was dropped after ``max_tries``."""
    with engine.begin() as conn:
        tries = conn.scalar(select(judge_queue.c.tries).where(judge_queue.c.id == row_id))
        if tries is None:
            return False
        if tries + 1 >= max_tries:
            conn.execute(delete(judge_queue).where(judge_queue.c.id == row_id))
            return True
        conn.execute(
            update(judge_queue)
            .where(judge_queue.c.id == row_id)
            .values(tries=tries + 1, claimed_by=None, claimed_at=None)
        )
        return False


def release(engine: Engine, row_id: int) -> None:
    """Give a claimed row back untouched (the worker stopped before judging it)."""
    with engine.begin() as conn:
        conn.execute(
            update(judge_queue)
            .where(judge_queue.c.id == row_id)
            .values(claimed_by=None, claimed_at=None)
        )


def size(engine: Engine) -> int:
    """Rows waiting (claimed or not)."""
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(judge_queue)) or 0)


def spent_since(engine: Engine, since: dt.datetime) -> float:
    """USD spent on judge calls recorded in the ledger since ``since``."""
    query = select(func.coalesce(func.sum(requests.c.cost_usd), 0.0)).where(
        and_(requests.c.api == JUDGE_API, requests.c.ts >= since)
    )
    with engine.connect() as conn:
        return float(conn.scalar(query) or 0.0)


def record_score(engine: Engine, sample: Row, score: float, reason: str, now: dt.datetime) -> None:
    """Store one judge score and delete its queue row, in one transaction. A request judged
    before (a row queued twice) keeps its first score and is not counted again."""
    with engine.begin() as conn:
        conn.execute(delete(judge_queue).where(judge_queue.c.id == sample["id"]))
        if _judged(conn, sample["request_id"]):
            return
        conn.execute(
            feedback.insert().values(
                request_id=sample["request_id"],
                metric=JUDGE_METRIC,
                value=score,
                comment=reason[:2000] or None,
                tags=None,
                key_id=sample["key_id"] or None,
                created_at=now,
                updated_at=now,
            )
        )
        inc = Count(
            sample["task"], sample["model"], sample["key_id"], "judge", sample["day"], 1.0, score
        )
        add(conn, [inc])


def _judged(conn: Connection, request_id: str) -> bool:
    query = select(feedback.c.request_id).where(
        and_(feedback.c.request_id == request_id, feedback.c.metric == JUDGE_METRIC)
    )
    return conn.execute(query).first() is not None


def judge_stats(engine: Engine) -> Row:
    """Counts for ``modelrouter judge status``: queued, judged, mean score per model."""
    with engine.connect() as conn:
        queued = int(conn.scalar(select(func.count()).select_from(judge_queue)) or 0)
        per_model = conn.execute(
            select(requests.c.model, func.count(), func.avg(feedback.c.value))
            .select_from(feedback.join(requests, requests.c.id == feedback.c.request_id))
            .where(feedback.c.metric == JUDGE_METRIC)
            .group_by(requests.c.model)
            .order_by(requests.c.model)
        ).all()
        calls = conn.execute(
            select(func.count(), func.coalesce(func.sum(requests.c.cost_usd), 0.0)).where(
                requests.c.api == JUDGE_API
            )
        ).one()
    return {
        "queued": queued,
        "judge_calls": int(calls[0]),
        "judge_cost_usd": float(calls[1]),
        "scores": [{"model": m, "judged": int(n), "mean_score": float(v)} for m, n, v in per_model],
    }
