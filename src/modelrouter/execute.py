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
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field

from modelrouter.billable import answers, tier
from modelrouter.budgets import BudgetBook, Reservation, Scope
from modelrouter.check.base import Check, Verdict
from modelrouter.config.schema import DEFAULT_TIMEOUTS, ModelSpec, Settings
from modelrouter.deployments import Deployments
from modelrouter.errors import AllAttemptsFailed, ProviderError, RateLimited, UpstreamTimeout
from modelrouter.health import Health, Pass, Timer
from modelrouter.policy.base import Candidate, Plan
from modelrouter.prices.book import PriceBook
from modelrouter.pricing import cost, estimate
from modelrouter.providers.base import Provider
from modelrouter.relay import Relay, priced
from modelrouter.tokens import estimate_request
from modelrouter.trace import Attempt, Trace
from modelrouter.types import ChatChunk, ChatRequest, ChatResponse, Usage
from modelrouter.walk import Run, Turn, Walk

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The current time in UTC (the default clock)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Charge:
    """The budget scopes one request is charged to."""

    budgets: BudgetBook
    scopes: tuple[Scope, ...]

    async def reserve(
        self, model: ModelSpec, request: ChatRequest, prompt_tokens: int, when: dt.datetime
    ) -> Reservation:
        """Hold the attempt's worst case: the prompt plus the most output it may produce
        (for each of the answers it asks for)."""
        output = (request.output_limit() or model.max_output) * answers(request)
        amount = estimate(model, prompt_tokens, output, when, tier(request))
        return await self.budgets.reserve(self.scopes, amount)


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
    timer: Timer = time.monotonic
    health: Health = field(init=False)
    deployments: Deployments = field(init=False)

    def __post_init__(self) -> None:
        self.health = Health(self.settings.routing.circuit, self.timer)
        self.deployments = Deployments(self.settings, self.health, self.clock)

    async def run(
        self, request: ChatRequest, plan: Plan, trace: Trace, charge: Charge | None = None
    ) -> ChatResponse:
        """The first answer that passes every check, or the last one that did not."""
        best: tuple[ChatResponse, Attempt] | None = None
        run = Run(self.settings.routing.max_attempts)
        async with aclosing(self._schedule(request, plan, trace, charge, run)) as schedule:
            async for candidate, model, attempt, grant in schedule:
                try:
                    response = await self._call(request, model, attempt)
                except ProviderError as exc:
                    self._failed(attempt, exc, grant, model)
                    if exc.billed:
                        self._charge_unseen(request, attempt, model)
                    continue
                self._succeeded(request, candidate, grant)
                response.model = candidate.model
                if not self._judge(request, response, plan.task, attempt):
                    trace.settle(attempt)
                    return response
                best = (response, attempt)
        trace.settle(best[1] if best else None)
        if best is None:
            raise _all_failed(trace, run.retry_after)
        return best[0]

    async def _schedule(
        self, request: ChatRequest, plan: Plan, trace: Trace, charge: Charge | None, run: Run
    ) -> AsyncGenerator[Turn, None]:
        """Attempts in order, within the attempt budget: each candidate the walk allows and
        the deployment's health admits, retried after its back-off while it fails
        retryably. Candidates whose deployment is unavailable are deferred: when the walk
        ends without an answer, the soonest to recover is awaited if that fits in the
        request's deadline. With a ``charge``, each attempt's worst case is reserved first
        and settled to its cost after."""
        run.deadline = self.timer() + self.settings.routing.deadline_s
        pending = list(plan.candidates)
        while pending and run.budget > 0:
            walk = Walk(
                pending,
                trace,
                self.settings,
                self.health,
                plan.outside,
                self.deployments,
                request,
                plan.allowed_regions,
            )
            run.untried = walk.candidates
            for candidate, grant in walk:
                trace.skipped.pop(candidate.model, None)
                model = plan.spec(candidate.model, self.settings.models)
                if candidate.deployment is not None:
                    trace.skipped.pop(candidate.key, None)
                    label = candidate.deployment.removeprefix(f"{candidate.model}@")
                    model = model.at(model.deployment(label))
                tries = self._attempts(request, candidate, model, grant, trace, charge, run)
                async with aclosing(tries):  # its finally (release, settle) runs on close
                    async for turn in tries:
                        yield turn
            pending = walk.deferred
            if not pending or run.budget <= 0:
                return
            if not await self._await_recovery(pending, run, trace):
                return

    async def _attempts(
        self,
        request: ChatRequest,
        candidate: Candidate,
        model: ModelSpec,
        grant: Pass,
        trace: Trace,
        charge: Charge | None,
        run: Run,
    ) -> AsyncGenerator[Turn, None]:
        """One candidate: its first attempt and the retries its failures allow (never the
        request's last attempt while another candidate has not been tried)."""
        prompt_tokens = estimate_request(request) if charge else 0
        for retry in range(self.settings.routing.retries_per_model + 1):
            if run.budget <= 0:
                return
            if not await self.deployments.counted(candidate, model, trace, request):
                self.health.release(grant)
                return
            run.budget -= 1
            held = (
                await charge.reserve(
                    self._priced(candidate.model, model), request, prompt_tokens, self.clock()
                )
                if charge
                else None
            )
            attempt = self._attempt(candidate, model, retry)
            trace.attempts.append(attempt)
            self.deployments.started(candidate.key)
            try:
                yield Turn(candidate, model, attempt, grant)
            finally:
                self.health.release(grant)
                answered = attempt.outcome != "error"
                self.deployments.finished(
                    candidate.key, (attempt.ttft_ms or attempt.latency_ms) if answered else None
                )
                if charge and held:
                    await charge.budgets.settle(held, attempt.cost_usd)
            if attempt.outcome != "error" or attempt.backoff_s is None or run.budget <= 0:
                return
            if run.budget == 1 and run.untried:
                return  # the last attempt goes to a candidate not tried yet, not a retry
            attempt.backoff_ms = await self._wait(attempt.backoff_s, trace)
            next_grant = self.health.admit(candidate.key)
            if next_grant is None:
                return
            grant = next_grant

    async def _await_recovery(self, deferred: list[Candidate], run: Run, trace: Trace) -> bool:
        """Wait for the soonest deferred deployment if it recovers within the deadline;
        False (and the wait noted for Retry-After) if none does."""
        soonest = min(self.health.wait(c.key) for c in deferred)
        if self.timer() + soonest > run.deadline:
            run.retry_after = soonest
            return False
        await self._wait(soonest, trace)
        return True

    async def _wait(self, seconds: float, trace: Trace) -> float:
        """Sleep between attempts; the milliseconds waited, added to the trace's back-off
        (time that is neither upstream time nor the gateway's overhead)."""
        started = time.perf_counter()
        await self.sleep(seconds)
        waited = (time.perf_counter() - started) * 1000
        trace.backoff_ms += waited
        return waited

    async def _call(self, request: ChatRequest, model: ModelSpec, attempt: Attempt) -> ChatResponse:
        started = time.perf_counter()
        limit = model.timeouts.total_s or DEFAULT_TIMEOUTS.total_s
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
        priced = self._priced(attempt.model, model)
        attempt.cost_usd = cost(priced, response.usage, self.clock(), tier=tier(request))
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
            deployment=candidate.deployment,
        )

    def _priced(self, model_id: str, model: ModelSpec) -> ModelSpec:
        """The model at current prices, at the deployment ``model`` is served by (its own
        prices when it has them); an entry outside the catalog prices itself."""
        return priced(self.prices, model_id, model)

    def _charge_unseen(self, request: ChatRequest, attempt: Attempt, model: ModelSpec) -> None:
        """Price a call the upstream bills without telling us its usage: the prompt, as an
        estimate (a lower bound: what it generated is unknown)."""
        attempt.usage = Usage.of(estimate_request(request), 0)
        attempt.usage_estimated = True
        priced = self._priced(attempt.model, model)
        attempt.cost_usd = cost(priced, attempt.usage, self.clock(), tier=tier(request))

    def _succeeded(self, request: ChatRequest, candidate: Candidate, grant: Pass) -> None:
        """The deployment answered: its circuit hears it, the conversation sticks to it."""
        self.health.succeeded(grant)
        if candidate.deployment is not None:
            self.deployments.answered(request, candidate.deployment)

    def _failed(self, attempt: Attempt, exc: ProviderError, grant: Pass, model: ModelSpec) -> None:
        """Record a failed attempt and the back-off before retrying it, if it may be. A
        429 from a deployment with a daily quota spends it until it resets."""
        if isinstance(exc, RateLimited) and attempt.deployment and model.deployments:
            deployment = model.deployments[0]
            exc = self.deployments.until_reset(deployment, exc)
            self.deployments.quota.spend(attempt.deployment, deployment)
        self.health.failed(grant, exc)
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
    ) -> AsyncGenerator[ChatChunk, None]:
        """Chunks of the first candidate that streams; fails over until content is sent.

        Closed or cancelled before the end (the caller hung up), the upstream stream is
        closed and the attempt is priced at what it delivered, before its reservation
        settles: a stream abandoned half way costs what the provider bills for it."""
        run = Run(self.settings.routing.max_attempts)
        async with aclosing(self._schedule(request, plan, trace, charge, run)) as schedule:
            async for candidate, model, attempt, grant in schedule:
                relay = Relay(self, request, model, attempt, candidate.model)
                try:
                    async with aclosing(relay.chunks()) as chunks:
                        async for chunk in chunks:
                            yield chunk
                except (asyncio.CancelledError, GeneratorExit):
                    relay.settle_partial(self.clock())
                    attempt.outcome = "abandoned"
                    trace.settle(None)
                    trace.model, trace.provider = attempt.model, attempt.provider  # it answered
                    trace.deployment = attempt.deployment
                    raise
                except ProviderError as exc:
                    self._failed(attempt, exc, grant, model)
                    relay.settle_partial(self.clock())
                    if relay.sent_content:
                        attempt.outcome, attempt.backoff_s = "cut", None
                        trace.settle(None)
                        raise
                    continue
                self._succeeded(request, candidate, grant)
                self._judge(request, relay.accumulator.response(), plan.task, attempt)
                trace.settle(attempt)
                return
        trace.settle(None)
        raise _all_failed(trace, run.retry_after)


def _all_failed(trace: Trace, retry_after: float | None) -> AllAttemptsFailed:
    errors = [a for a in trace.attempts if a.outcome in ("error", "cut")]
    kinds = [a.error for a in errors if a.error]
    if retry_after is not None:
        kinds.append("circuit_open")
    summary = "; ".join(f"{a.model}: {a.error} ({a.message})" for a in errors)
    if not errors:
        waiting = f"; the soonest recovers in {retry_after:.1f}s" if retry_after else ""
        message = f"every candidate is temporarily unavailable{waiting}"
        return AllAttemptsFailed(message, kinds, trace, retry_after=retry_after)
    return AllAttemptsFailed(
        f"every attempt failed: {summary}", kinds, trace, retry_after=retry_after
    )
