"""The judge's worker: drains the judge queue in the background of the gateway process
(or once, from ``modelrouter judge run``), never on a caller's request path.

Each round claims a batch of queued answers, asks the judge model through the router's
own providers (an executor of its own: retries, timeouts and pricing as for callers, no
checks, no caller budget), records each call in the ledger as a priced judge attempt
(``api = 'judge'``) and each score as evidence of source ``judge``. Spend per UTC day is
read from the ledger (every ``SPEND_REFRESH_S``, and this worker's own calls added as
they are made): once ``judge.daily_cap_usd`` is reached, judging pauses until the next
UTC day (logged once), and the queue keeps the newest answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from modelrouter.errors import ModelRouterError
from modelrouter.execute import Executor
from modelrouter.policy.base import Candidate, Plan
from modelrouter.quality.judge import day_start, judge_request, parse_score
from modelrouter.store import judge_queue
from modelrouter.store.ledger import Ledger, rows_of
from modelrouter.trace import Trace

if TYPE_CHECKING:
    from modelrouter.router import Router

_log = logging.getLogger("modelrouter.judge")
Events = Callable[[str, float], None]
# how often today's spend is re-read from the ledger (other processes' judge calls); a
# full read sums today's judge rows, too much to do every round on a busy ledger
SPEND_REFRESH_S = 30.0


def _ignore(_event: str, _amount: float) -> None:
    return None


class JudgeWorker:
    """Judges queued answers; ``run_once`` is one round, ``start`` runs rounds forever."""

    def __init__(
        self, router: Router, engine: Engine, ledger: Ledger, events: Events = _ignore
    ) -> None:
        self.spec = router.settings.judge
        self.engine = engine
        self.ledger = ledger
        self.events = events
        self.clock = router.executor.clock
        base = router.executor
        self.executor = Executor(
            router.settings, router.prices, base.provider, [], clock=base.clock, timer=base.timer
        )
        self.name = f"{socket.gethostname()[:40]}-{os.getpid()}-{id(self) % 10000}"
        self.paused_on: dt.date | None = None
        self._spent = 0.0
        self._spent_day: dt.date | None = None
        self._read_at = float("-inf")
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Run rounds in the background until ``stop``."""
        self._task = asyncio.create_task(self._run(), name="modelrouter-judge")

    async def stop(self) -> None:
        """Stop after the call in progress is abandoned (its row is claimed again later)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                done = await self.run_once()
            except SQLAlchemyError as exc:  # the database is away: try again next round
                _log.warning("judge round failed: %s", type(exc).__name__)
                done = 0
            if done == 0:
                await asyncio.sleep(self.spec.interval_s)

    async def drain(self) -> int:
        """Rounds until the queue is empty or the cap is reached; how many were judged."""
        total = 0
        while (done := await self.run_once()) > 0:
            total += done
        return total

    async def run_once(self) -> int:
        """One round: claim a batch and judge it within the daily cap; rows handled (the
        cap is overshot by at most the calls in flight, and by what other processes spent
        since the last read of the ledger)."""
        room = await self._room()
        if room <= 0:
            return 0
        now = self.clock()
        batch = await run_in_threadpool(
            judge_queue.claim, self.engine, self.name, self.spec.batch, now
        )
        gate = asyncio.Semaphore(self.spec.concurrency)
        spent = 0.0

        async def one(sample: dict[str, Any]) -> None:
            nonlocal spent
            async with gate:
                if spent < room:
                    spent += await self.judge(sample)
                else:  # the cap was reached within this round: leave it queued
                    await run_in_threadpool(judge_queue.release, self.engine, sample["id"])

        await asyncio.gather(*(one(s) for s in batch))
        return len(batch) if spent < room else 0

    async def _spent_today(self, now: dt.datetime) -> float:
        """Today's judge spend: read from the ledger on a new day and every
        ``SPEND_REFRESH_S`` (other processes' calls), this worker's calls added between."""
        today = now.astimezone(dt.UTC).date()
        if today != self._spent_day or time.monotonic() - self._read_at > SPEND_REFRESH_S:
            start = day_start(now)
            self._spent = await run_in_threadpool(judge_queue.spent_since, self.engine, start)
            self._spent_day, self._read_at = today, time.monotonic()
        return self._spent

    async def _room(self) -> float:
        """USD left under today's cap (logs the pause once a day, and the resumption)."""
        now = self.clock()
        spent = await self._spent_today(now)
        room = self.spec.daily_cap_usd - spent
        today = now.astimezone(dt.UTC).date()
        if room <= 0 and self.paused_on != today:
            self.paused_on = today
            self.events("capped", 1)
            _log.warning(
                "judge paused: daily cap reached (spent %.6f of %.6f USD today); "
                "resumes at 00:00 UTC",
                spent,
                self.spec.daily_cap_usd,
            )
        elif room > 0 and self.paused_on is not None and self.paused_on != today:
            self.paused_on = None
            _log.info("judge resumed: a new UTC day")
        return room

    async def judge(self, sample: dict[str, Any]) -> float:
        """Judge one queued answer (its score becomes evidence); what the call cost."""
        spec = self.spec
        assert spec.model is not None  # settings validation: enabled needs a model
        judged = sample["request_id"]
        plan = Plan(
            sample["task"], "normal", (Candidate(spec.model, "primary", f"judge of {judged}"),)
        )
        trace = Trace(
            request_id=f"judge-{os.urandom(8).hex()}",
            task=sample["task"],
            confidence=1.0,
            detector="judge",
            detect_reason=f"judge of {judged}"[:300],
            policy="judge",
            budget="normal",
            plan=list(plan.candidates),
        )
        received, started = self.clock(), time.perf_counter()
        score: float | None = None
        error: str | None = None
        try:
            response = await self.executor.run(judge_request(spec, sample), plan, trace)
            score, reason = parse_score(response.text)
        except ModelRouterError as exc:
            error = exc.message
        seconds = time.perf_counter() - started
        self._spent += trace.cost_usd
        await run_in_threadpool(self._record, trace, judged, received, seconds, error)
        if score is None:
            dropped = await run_in_threadpool(
                judge_queue.give_back, self.engine, sample["id"], spec.max_tries
            )
            self.events("dropped_failed" if dropped else "failed", 1)
            _log.warning("judge call failed for %s: %s", judged, error)
            return trace.cost_usd
        now = self.clock()
        await run_in_threadpool(judge_queue.record_score, self.engine, sample, score, reason, now)
        self.events("judged", 1)
        self.events("cost_usd", trace.cost_usd)
        return trace.cost_usd

    def _record(
        self, trace: Trace, judged: str, received: dt.datetime, seconds: float, error: str | None
    ) -> None:
        """The judge call as a ledger row, written now: the cap reads it before the next."""
        request, attempts = rows_of(
            request_id=trace.request_id,
            received_at=received,
            api=judge_queue.JUDGE_API,
            key_id=None,
            selector=f"judge:{judged}",
            status=200 if error is None else 502,
            error=error,
            trace=trace,
            latency_ms=seconds * 1000,
            overhead_ms=max(seconds * 1000 - sum(a.latency_ms for a in trace.attempts), 0.0),
        )
        with contextlib.suppress(SQLAlchemyError):
            self.ledger.write([(request, attempts)])
            return
        self.ledger.record(request, attempts)  # the database is away: queue it like traffic
