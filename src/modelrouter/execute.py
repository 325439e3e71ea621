"""The executor: walks a plan, owning retries, timeouts, fallback, escalation and the trace.

Plain calls: a retryable error is retried on the same model (bounded, jittered backoff
that honours Retry-After), then the next candidate is tried; an answer that fails a check
escalates to the next candidate that is a route fallback or at least as strong. Streams
fail over while no content has reached the caller; after that the error is raised to the
edge, which ends the stream in its own format. Every attempt lands in the trace.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass

from modelrouter.budgets import Budgets, Reservation, Scope
from modelrouter.check.base import Check, Verdict
from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.errors import AllAttemptsFailed, ProviderError, UpstreamTimeout
from modelrouter.policy.base import Candidate, Plan
from modelrouter.prices.book import PriceBook
from modelrouter.pricing import cost, estimate
from modelrouter.providers.base import Provider
from modelrouter.tokens import estimate_request, estimate_text
from modelrouter.trace import Attempt, Trace
from modelrouter.types import ChatChunk, ChatRequest, ChatResponse, StreamAccumulator, Usage

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The current time in UTC (the default clock)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Charge:
    """The budget scopes one request is charged to."""

    budgets: Budgets
    scopes: tuple[Scope, ...]

    def reserve(
        self, model: ModelSpec, request: ChatRequest, prompt_tokens: int, when: dt.datetime
    ) -> Reservation:
        """Hold the attempt's worst case: the prompt plus the most output it may produce."""
        output = request.output_limit() or model.max_output
        return self.budgets.reserve(self.scopes, estimate(model, prompt_tokens, output, when))


@dataclass
class Executor:
    """Runs plans against providers."""

    settings: Settings
    prices: PriceBook
    provider: Callable[[str], Provider]
    checks: Sequence[Check]
    sleep: Sleep = asyncio.sleep
    clock: Clock = utc_now
    rng: random.Random | None = None

    async def run(
        self, request: ChatRequest, plan: Plan, trace: Trace, charge: Charge | None = None
    ) -> ChatResponse:
        """The first answer that passes every check, or the last one that did not."""
        best: tuple[ChatResponse, Attempt] | None = None
        async with aclosing(self._schedule(request, plan, trace, charge)) as schedule:
            async for candidate, model, attempt in schedule:
                try:
                    response = await self._call(request, model, attempt)
                except ProviderError as exc:
                    self._failed(attempt, exc)
                    continue
                response.model = candidate.model
                if not self._judge(request, response, plan.task, attempt):
                    trace.settle(attempt)
                    return response
                best = (response, attempt)
        trace.settle(best[1] if best else None)
        if best is None:
            raise _all_failed(trace)
        return best[0]

    async def _schedule(
        self, request: ChatRequest, plan: Plan, trace: Trace, charge: Charge | None
    ) -> AsyncGenerator[tuple[Candidate, ModelSpec, Attempt], None]:
        """Attempts in order, within the attempt budget: each candidate the walk allows,
        retried after its back-off while it fails retryably. With a ``charge``, each
        attempt's worst case is reserved first and settled to its cost after."""
        budget = self.settings.routing.max_attempts
        prompt_tokens = estimate_request(request) if charge else 0
        for candidate in _Walk(plan, trace, self.settings):
            model = self.settings.models[candidate.model]
            for retry in range(self.settings.routing.retries_per_model + 1):
                if budget <= 0:
                    return
                budget -= 1
                held = (
                    charge.reserve(
                        self.prices.model(candidate.model), request, prompt_tokens, self.clock()
                    )
                    if charge
                    else None
                )
                attempt = self._attempt(candidate, model, retry)
                trace.attempts.append(attempt)
                try:
                    yield candidate, model, attempt
                finally:
                    if charge and held:
                        charge.budgets.settle(held, attempt.cost_usd)
                if attempt.outcome != "error" or attempt.backoff_s is None or budget <= 0:
                    break
                await self.sleep(attempt.backoff_s)

    async def _call(self, request: ChatRequest, model: ModelSpec, attempt: Attempt) -> ChatResponse:
        started = time.perf_counter()
        limit = model.timeout or self.settings.providers[model.provider].timeout
        try:
            async with asyncio.timeout(limit):
                response = await self.provider(model.provider).complete(request, model)
        except TimeoutError as exc:
            raise UpstreamTimeout(
                f"{model.provider} gave no answer within {limit:g}s",
                provider=model.provider,
                model=model.upstream or "",
            ) from exc
        finally:
            attempt.latency_ms = (time.perf_counter() - started) * 1000
        attempt.usage = response.usage
        attempt.cost_usd = cost(self.prices.model(attempt.model), response.usage, self.clock())
        return response

    def _judge(
        self, request: ChatRequest, response: ChatResponse, task: str, attempt: Attempt
    ) -> list[Verdict]:
        """Run the checks; the failed verdicts (empty when the answer is good enough)."""
        attempt.verdicts = [check.check(request, response, task) for check in self.checks]
        failed = [v for v in attempt.verdicts if not v.ok]
        if failed:
            attempt.outcome = "check_failed"
            attempt.message = "; ".join(f"{v.check}: {v.reason}" for v in failed)
        return failed

    def _attempt(self, candidate: Candidate, model: ModelSpec, retry: int) -> Attempt:
        reason = candidate.reason if retry == 0 else f"retry {retry} of {candidate.model}"
        return Attempt(
            model=candidate.model,
            provider=model.provider,
            role=candidate.role,
            reason=reason,
            retry=retry,
        )

    def _failed(self, attempt: Attempt, exc: ProviderError) -> None:
        """Record a failed attempt and the back-off before retrying it, if it may be."""
        attempt.outcome = "error"
        attempt.error = exc.kind
        attempt.message = exc.message
        attempt.backoff_s = self._retry_delay(exc, attempt.retry)

    def _retry_delay(self, exc: ProviderError, retry: int) -> float | None:
        """Seconds to wait before retrying the same model, or None to move on."""
        routing = self.settings.routing
        if not exc.retryable or retry >= routing.retries_per_model:
            return None
        if exc.retry_after is not None:
            return exc.retry_after if exc.retry_after <= routing.backoff_max else None
        rng: random.Random = self.rng or random.Random()
        return min(routing.backoff_base * 2.0**retry * rng.uniform(0.5, 1.5), routing.backoff_max)

    async def stream(
        self, request: ChatRequest, plan: Plan, trace: Trace, charge: Charge | None = None
    ) -> AsyncIterator[ChatChunk]:
        """Chunks of the first candidate that streams; fails over until content is sent."""
        async with aclosing(self._schedule(request, plan, trace, charge)) as schedule:
            async for candidate, model, attempt in schedule:
                relay = _Relay(self, request, model, attempt, candidate.model)
                try:
                    async for chunk in relay.chunks():
                        yield chunk
                except ProviderError as exc:
                    self._failed(attempt, exc)
                    relay.settle_partial(self.clock())
                    if relay.sent_content:
                        attempt.outcome, attempt.backoff_s = "cut", None
                        trace.settle(None)
                        raise
                    continue
                self._judge(request, relay.accumulator.response(), plan.task, attempt)
                trace.settle(attempt)
                return
        trace.settle(None)
        raise _all_failed(trace)


class _Relay:
    """Streams one attempt: holds back content-free chunks until content arrives."""

    def __init__(
        self,
        executor: Executor,
        request: ChatRequest,
        model: ModelSpec,
        attempt: Attempt,
        name: str,
    ) -> None:
        self.executor, self.request, self.model, self.attempt = executor, request, model, attempt
        self.name = name
        self.accumulator = StreamAccumulator()
        self.sent_content = False

    async def chunks(self) -> AsyncIterator[ChatChunk]:
        started = time.perf_counter()
        provider = self.executor.provider(self.model.provider)
        limit = self.model.timeout or self.executor.settings.providers[self.model.provider].timeout
        deadline = started + limit
        held: list[ChatChunk] = []
        stream = provider.stream(self.request, self.model)
        try:
            while True:
                chunk = await self._next(stream, deadline, limit)
                if chunk is None:
                    break
                chunk.model = self.name
                self.accumulator.add(chunk)
                if not self.sent_content and not chunk.has_content() and chunk.usage is None:
                    held.append(chunk)
                    continue
                if not self.sent_content:
                    self.attempt.ttft_ms = (time.perf_counter() - started) * 1000
                    self.sent_content = True
                    for early in held:
                        yield early
                    held.clear()
                yield chunk
        finally:
            self.attempt.latency_ms = (time.perf_counter() - started) * 1000
            await stream.aclose()
        for early in held:
            yield early
        self.attempt.usage = self.accumulator.usage or self._estimated_usage()
        self.attempt.cost_usd = cost(self._priced(), self.attempt.usage, self.executor.clock())

    async def _next(
        self, stream: AsyncGenerator[ChatChunk, None], deadline: float, limit: float
    ) -> ChatChunk | None:
        remaining = deadline - time.perf_counter()
        try:
            async with asyncio.timeout(max(remaining, 0)):
                return await anext(stream)
        except StopAsyncIteration:
            return None
        except TimeoutError as exc:
            raise UpstreamTimeout(
                f"{self.model.provider} stream did not finish within {limit:g}s",
                provider=self.model.provider,
                model=self.model.upstream or "",
            ) from exc

    def settle_partial(self, when: dt.datetime) -> None:
        """Count what a failed stream delivered: a stream cut short still cost money."""
        self.attempt.usage = self.accumulator.usage or self._estimated_usage()
        self.attempt.cost_usd = cost(self._priced(), self.attempt.usage, when)

    def _priced(self) -> ModelSpec:
        return self.executor.prices.model(self.name)

    def _estimated_usage(self) -> Usage:
        if not self.accumulator.chunks:
            return Usage()
        text = "".join(self.accumulator.text)
        calls = "".join(c["arguments"] for c in self.accumulator.tool_calls.values())
        return Usage.of(estimate_request(self.request), estimate_text(text + calls))


class _Walk:
    """Plan candidates in order, skipping those earlier attempts ruled out:
    after a context-length error, models whose window is no larger; after a failed check,
    models weaker than the one that failed, unless they are route fallbacks."""

    def __init__(self, plan: Plan, trace: Trace, settings: Settings) -> None:
        self.candidates = list(plan.candidates)
        self.trace = trace
        self.models = settings.models

    def __iter__(self) -> _Walk:
        return self

    def __next__(self) -> Candidate:
        while self.candidates:
            candidate = self.candidates.pop(0)
            problem = self._ruled_out(candidate)
            if problem is None:
                return candidate
            self.trace.skipped.setdefault(candidate.model, problem)
        raise StopIteration

    def _ruled_out(self, candidate: Candidate) -> str | None:
        spec = self.models[candidate.model]
        for attempt in self.trace.attempts:
            tried = self.models[attempt.model]
            if attempt.error == "context_length" and spec.context_window <= tried.context_window:
                return f"context window no larger than {attempt.model}'s, which was too small"
            if (
                attempt.outcome == "check_failed"
                and candidate.role != "fallback"
                and spec.strength < tried.strength
            ):
                return f"weaker than {attempt.model}, whose answer failed a check"
        return None


def _all_failed(trace: Trace) -> AllAttemptsFailed:
    errors = [a for a in trace.attempts if a.outcome in ("error", "cut")]
    summary = "; ".join(f"{a.model}: {a.error} ({a.message})" for a in errors) or "no attempt made"
    kinds = [a.error for a in errors if a.error]
    return AllAttemptsFailed(f"every attempt failed: {summary}", kinds, trace)
