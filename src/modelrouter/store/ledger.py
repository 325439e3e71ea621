"""The usage ledger: one row per request that reached the gateway, one per attempt.

Writes are off the request's critical path but not lost: records queue in memory (and
in a journal file, see ``journal.py``) and a background task writes them in batches
(every ``interval`` seconds or ``batch`` rows); ``stop`` flushes what is left, and a
journal left by a crashed process is replayed at the next start, so a crash loses only
the requests in flight. A request
is recorded whatever happened to it: answered, failed on every upstream, cut mid-stream,
or refused at the door (bad key, bad JSON).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from modelrouter.check.base import Verdict
from modelrouter.store import judge_queue, rollups
from modelrouter.store.journal import Journal, orphans
from modelrouter.store.quality import record_checks
from modelrouter.store.tables import attempts, requests
from modelrouter.trace import Trace

Row = dict[str, Any]
_log = logging.getLogger("modelrouter.ledger")


def _ignore(_event: str, _amount: float) -> None:
    return None


# What a request refused before routing (bad key, bad JSON) records for the routing fields.
_UNROUTED: Row = {
    "task": None,
    "confidence": None,
    "detector": None,
    "policy": None,
    "detect_reason": None,
    "budget": None,
    "model": None,
    "provider": None,
    "outcome": "rejected",
    "attempts": 0,
    "prompt_tokens": 0,
    "cached_tokens": 0,
    "completion_tokens": 0,
    "reasoning_tokens": 0,
    "cost_usd": 0.0,
    "ttft_ms": None,
    "first_choice": None,
    "fallback_reason": None,
    "backoff_ms": None,
    "deployment": None,
}


def rows_of(
    *,
    request_id: str,
    received_at: dt.datetime,
    api: str,
    key_id: str | None,
    selector: str | None,
    status: int,
    error: str | None,
    trace: Trace | None,
    latency_ms: float,
    overhead_ms: float,
) -> tuple[Row, list[Row]]:
    """The request row and its attempt rows."""
    request: Row = {
        "id": request_id,
        "ts": received_at,
        "api": api,
        "key_id": key_id,
        "selector": selector[:200] if selector else selector,
        "status": status,
        "error": (error or "")[:500] or None,
        "latency_ms": latency_ms,
        "overhead_ms": overhead_ms,
        **_UNROUTED,
    }
    if trace is None:
        return request, []
    rows = [_attempt_row(request_id, seq, a) for seq, a in enumerate(trace.attempts)]
    request |= {
        "task": trace.task,
        "confidence": trace.confidence,
        "detector": trace.detector,
        "policy": trace.policy,
        "detect_reason": trace.detect_reason[:300],
        "budget": trace.budget,
        "model": trace.model,
        "provider": trace.provider,
        "outcome": trace.outcome,
        "attempts": len(rows),
        "cost_usd": trace.cost_usd,
        "prompt_tokens": sum(r["prompt_tokens"] for r in rows),
        "cached_tokens": sum(r["cached_tokens"] for r in rows),
        "completion_tokens": sum(r["completion_tokens"] for r in rows),
        "reasoning_tokens": sum(r["reasoning_tokens"] for r in rows),
        "ttft_ms": next((a.ttft_ms for a in reversed(trace.attempts) if a.ttft_ms), None),
        "first_choice": trace.first_choice,
        "fallback_reason": trace.fallback_reason,
        "backoff_ms": trace.backoff_ms,
        "deployment": trace.deployment,
    }
    return request, rows


def _attempt_row(request_id: str, seq: int, attempt: Any) -> Row:
    usage = attempt.usage
    return {
        "request_id": request_id,
        "seq": seq,
        "model": attempt.model,
        "provider": attempt.provider,
        "role": attempt.role,
        "reason": attempt.reason[:300],
        "outcome": attempt.outcome,
        "error": attempt.error,
        "message": (attempt.message or "")[:500] or None,
        "prompt_tokens": usage.prompt_tokens,
        "cached_tokens": usage.prompt_tokens_details.cached_tokens,
        "cache_write_tokens": usage.prompt_tokens_details.cache_write_tokens,
        "completion_tokens": usage.completion_tokens,
        "reasoning_tokens": usage.completion_tokens_details.reasoning_tokens,
        "cost_usd": attempt.cost_usd,
        "latency_ms": attempt.latency_ms,
        "ttft_ms": attempt.ttft_ms,
        "verdicts": [_verdict(v) for v in attempt.verdicts] or None,
        "usage_estimated": attempt.usage_estimated,
        "backoff_ms": attempt.backoff_ms,
        "deployment": attempt.deployment,
    }


def _verdict(verdict: Verdict) -> dict[str, Any]:
    """One check's verdict as stored; ``skipped`` only when the check did not apply."""
    row: dict[str, Any] = {"check": verdict.check, "ok": verdict.ok, "reason": verdict.reason}
    if verdict.skipped:
        row["skipped"] = True
    return row


class Ledger:
    """Batched, durable writes of request and attempt rows (journaled when given a
    directory, so a crash loses only what was in flight)."""

    def __init__(
        self,
        engine: Engine,
        *,
        journal_dir: Path | None = None,
        batch: int = 500,
        interval: float = 0.2,
    ) -> None:
        self.engine = engine
        self.batch = batch
        self.interval = interval
        self.journal_dir = journal_dir
        self._journal: Journal | None = None
        self._pending: list[tuple[Row, list[Row]]] = []
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._flushing = asyncio.Lock()
        self._inflight: set[str] = set()
        self._sealed: list[tuple[Path, int]] = []
        self.written = 0
        self.replayed = 0
        self.failures = 0
        # answers sampled for the judge, written to its queue with each flush
        self._samples: list[Row] = []
        self.judge_limit = 10000
        self.judge_events: Callable[[str, float], None] = _ignore
        # prices the rollups' baseline costs (set by the gateway: ``reports.baselines``)
        self.baselines: rollups.Baselines | None = None

    def sample(self, row: Row) -> None:
        """Queue an answer for the judge (never blocks; kept in memory until the next
        flush, so a crash loses the samples of the last ``interval``)."""
        self._samples.append(row)
        excess = len(self._samples) - self.judge_limit
        if excess > 0:  # the database has been away for long: drop the oldest here too
            del self._samples[:excess]
            self.judge_events("dropped_full", excess)

    def record(self, request: Row, attempt_rows: list[Row]) -> None:
        """Queue one request's rows (never blocks; one append to the journal)."""
        self._pending.append((request, attempt_rows))
        if self._journal is not None:
            self._journal.append((request, attempt_rows))
        if len(self._pending) >= self.batch:
            self._wake.set()

    async def settle(self, request_id: str) -> None:
        """Write the queue now if it holds ``request_id`` (feedback may follow its answer
        within the flush interval)."""
        queued = any(request["id"] == request_id for request, _ in self._pending)
        if queued or request_id in self._inflight:
            await self.flush()  # waits for a flush in progress, then writes the rest

    async def start(self) -> None:
        """Replay journals of dead processes, then start the background writer."""
        if self.journal_dir is not None:
            self.replayed = await run_in_threadpool(self.replay)
            self._journal = Journal(self.journal_dir)
        self._task = asyncio.create_task(self._run(), name="modelrouter-ledger")

    def replay(self) -> int:
        """Write what dead processes journaled but did not commit; returns how many."""
        assert self.journal_dir is not None
        count = 0
        self.journal_dir.mkdir(parents=True, exist_ok=True)
        for path, fd, items in orphans(self.journal_dir):
            ids = [request["id"] for request, _ in items]
            with self.engine.connect() as conn:
                known = set(conn.scalars(select(requests.c.id).where(requests.c.id.in_(ids))))
            missing = [item for item in items if item[0]["id"] not in known]
            if missing:
                self.write(missing)
            count += len(missing)
            Journal.release((path, fd))
        return count

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()
            await self.flush()

    async def flush(self) -> None:
        """Write everything queued so far; journal files are deleted once committed.

        If the database is unavailable the records stay queued (and journaled) for the
        next flush; a record the database refuses is logged and skipped, not retried."""
        async with self._flushing:
            await self._flush()

    async def _flush(self) -> None:
        await self._flush_rows()
        if self._samples:
            await self._flush_samples()

    async def _flush_samples(self) -> None:
        samples, self._samples = self._samples, []
        try:
            dropped = await run_in_threadpool(
                judge_queue.push, self.engine, samples, self.judge_limit
            )
        except SQLAlchemyError as exc:
            self._samples[:0] = samples
            _log.warning("judge queue write failed, will retry: %s", type(exc).__name__)
            return
        if dropped:
            self.judge_events("dropped_full", dropped)
            _log.warning("judge queue full: dropped the %d oldest samples", dropped)

    async def _flush_rows(self) -> None:
        taken, self._pending = self._pending, []
        if not taken:
            return
        if self._journal is not None:
            self._sealed.append(self._journal.seal())
        self._inflight = {request["id"] for request, _ in taken}
        try:
            await run_in_threadpool(self.write, taken)
        except (IntegrityError, DataError):
            await run_in_threadpool(self._write_each, taken)
        except SQLAlchemyError as exc:
            self._pending[:0] = taken
            self.failures += 1
            _log.warning("ledger write failed, will retry: %s", type(exc).__name__)
            return
        finally:
            self._inflight = set()
        for sealed in self._sealed:
            Journal.release(sealed)
        self._sealed.clear()

    def _write_each(self, items: Sequence[tuple[Row, list[Row]]]) -> None:
        for item in items:
            try:
                self.write([item])
            except SQLAlchemyError as exc:
                self.failures += 1
                _log.error("ledger record %s refused: %s", item[0]["id"], type(exc).__name__)

    def write(self, items: Sequence[tuple[Row, list[Row]]]) -> None:
        """Write rows now (synchronously), in one transaction."""
        request_rows = [r for r, _ in items]
        attempt_rows = [a for _, rows in items for a in rows]
        with self.engine.begin() as conn:
            conn.execute(requests.insert(), request_rows)
            if attempt_rows:
                conn.execute(attempts.insert(), attempt_rows)
            rollups.add(conn, items, self.baselines)
        self.written += len(request_rows)
        record_checks(self.engine, items)  # the quality counts; never fails the write

    async def stop(self) -> None:
        """Stop the writer and flush what is left."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self.flush()
        if self._journal is not None:
            self._journal.close()
            self._journal = None


def read_requests(
    engine: Engine,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    key_id: str | None = None,
) -> list[Row]:
    """Request rows in time order, filtered."""
    query = select(requests).order_by(requests.c.ts)
    if since is not None:
        query = query.where(requests.c.ts >= since)
    if until is not None:
        query = query.where(requests.c.ts < until)
    if key_id is not None:
        query = query.where(requests.c.key_id == key_id)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def read_attempts(engine: Engine, request_ids: Iterable[str] | None = None) -> list[Row]:
    """Attempt rows, for some requests or all."""
    query = select(attempts).order_by(attempts.c.request_id, attempts.c.seq)
    if request_ids is not None:
        query = query.where(attempts.c.request_id.in_(list(request_ids)))
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def spent_this_month(
    engine: Engine, now: dt.datetime
) -> dict[str, list[tuple[dt.datetime, float]]]:
    """Costs recorded since the start of ``now``'s month, for ``total`` and each key."""
    month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    spent: dict[str, list[tuple[dt.datetime, float]]] = {"total": []}
    for row in read_requests(engine, since=month):
        item = (row["ts"], row["cost_usd"])
        spent["total"].append(item)
        if row["key_id"]:
            spent.setdefault(f"key:{row['key_id']}", []).append(item)
    return spent


def journal_dir(url: str, fallback: Path) -> Path:
    """Where the journal of the ledger at ``url`` lives: beside a SQLite file, else
    ``fallback`` (a directory of this machine)."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        database = Path(url.removeprefix("sqlite:///"))
        return database.with_name(f"{database.name}-journal.d")
    return fallback
