"""The request pipeline both APIs share: admit (size, JSON, key, rate limit), route, answer
or stream, record (metrics, log). API modules only translate formats.

Every exchange leaves exactly one record (ledger row, metrics, log line): ``finish``
writes it once, whoever calls it first; the endpoints call it on every path they see
through, and ``settle`` (run by the app around every request) records what left another
way: cancelled (server shutdown, the caller gone before its stream began), or a bug raised
past the endpoint."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
from starlette.requests import Request
from starlette.responses import Response

from modelrouter.config.schema import GatewaySpec
from modelrouter.errors import InvalidRequest, ModelRouterError
from modelrouter.quality.judge import Sampler
from modelrouter.routed import RouteResult, RouteStream
from modelrouter.router import Router
from modelrouter.server.auth import (
    Authenticator,
    Caller,
    InFlight,
    Limiter,
    RateLimiter,
    presented_key,
    too_many_in_flight,
)
from modelrouter.server.bodies import read_body, too_deep
from modelrouter.server.errors import Api, Failure, GatewayError, failure_of, render
from modelrouter.server.events import EventStream
from modelrouter.server.logs import enabled, log
from modelrouter.server.metrics import Metrics
from modelrouter.server.signals import HealthEvents
from modelrouter.store.ledger import Ledger, rows_of
from modelrouter.trace import Trace
from modelrouter.types import ChatChunk, ChatRequest

HEADER = "x-modelrouter-"
EXCHANGE = "modelrouter.exchange"  # scope key: the request's Exchange, for the outermost edge
# The JSON parser accepts 1,024 levels, but a request is re-encoded for its upstream and
# orjson encodes at most 254 (and translations add a level or two); none comes near 128.
MAX_DEPTH = 128


class StreamFormat(Protocol):
    """Encodes internal chunks as one API's stream events."""

    def chunk(self, chunk: ChatChunk) -> list[bytes]: ...

    def end(self, cost_usd: float | None) -> list[bytes]:
        """The closing events; ``cost_usd`` is what the request cost, all attempts
        together (None when unknown), for the final usage where the format has one."""
        ...

    def error(self, failure: Failure) -> bytes: ...


@dataclass
class Exchange:
    """One request in flight: its id, API, caller, timing and trace."""

    api: Api
    request_id: str
    started: float = field(default_factory=time.perf_counter)
    received_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    caller: Caller = field(default_factory=Caller)
    selector: str | None = None
    trace: Trace | None = None
    holding: str | None = None  # the key whose slot in flight this request holds
    client_error: str | None = None
    notes: list[str] = field(default_factory=list)  # what a translation had to leave out
    native: bool = False  # a native upstream took the caller's body as it was: no notes
    routed: RouteStream | None = None  # the stream being answered, until it is closed
    recorded: bool = False  # ``Gateway.finish`` has written its record

    def stalled(self, seconds: float) -> None:
        """The caller stopped reading its stream: say so in the record."""
        self.client_error = f"the client read nothing for {seconds:g}s; the stream was stopped"

    def upstream_seconds(self) -> float:
        """Time spent waiting on upstreams and between attempts (retry back-off): excluded
        from the gateway's overhead."""
        trace = self.trace
        if trace is None:
            return 0.0
        return (sum(a.latency_ms for a in trace.attempts) + trace.backoff_ms) / 1000

    def headers(self, *, final: bool) -> dict[str, str]:
        """Decision headers: task, model, provider, attempts, cost, overhead, request id."""
        headers = {"x-request-id": self.request_id}
        if self.notes and not self.native:
            headers[f"{HEADER}notes"] = "; ".join(self.notes)
        trace = self.trace
        if trace is None:
            return headers
        attempts = trace.attempts
        answered = trace.model or (attempts[-1].model if attempts else "")
        provider = trace.provider or (attempts[-1].provider if attempts else "")
        headers |= {
            f"{HEADER}task": trace.task,
            f"{HEADER}model": answered,
            f"{HEADER}provider": provider,
            f"{HEADER}attempts": str(len(attempts)),
        }
        deployment = trace.deployment or (attempts[-1].deployment if attempts else None)
        if deployment:
            headers[f"{HEADER}deployment"] = deployment
        if final:
            headers[f"{HEADER}outcome"] = trace.outcome
            overhead = time.perf_counter() - self.started - self.upstream_seconds()
            headers[f"{HEADER}cost-usd"] = f"{trace.cost_usd:.6f}"
            headers[f"{HEADER}overhead-ms"] = f"{overhead * 1000:.2f}"
            headers[f"{HEADER}backoff-ms"] = f"{trace.backoff_ms:.2f}"
            if trace.fallback_reason is not None:
                headers[f"{HEADER}fallback-reason"] = trace.fallback_reason
        return headers


@dataclass
class Gateway:
    """Shared state of one gateway process."""

    router: Router
    auth: Authenticator
    spec: GatewaySpec
    ledger: Ledger | None = None
    metrics: Metrics = field(default_factory=Metrics)
    limiter: Limiter = field(default_factory=RateLimiter)
    in_flight: InFlight = field(init=False)
    sampler: Sampler | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.in_flight = InFlight(self.spec.limits.max_requests_per_key)
        judge = self.router.settings.judge
        if judge.enabled and self.ledger is not None:
            self.sampler = Sampler(judge)
            self.ledger.judge_limit = judge.queue_max
            self.ledger.judge_events = self.metrics.judged
        router = self.router
        router.health.listen(
            HealthEvents(router.settings, self.metrics, router.available_providers)
        )

    def start(self, request: Request, api: Api) -> Exchange:
        """Begin an exchange, keeping the caller's request id when it sent a sane one."""
        given = request.headers.get("x-request-id", "")
        ok = 0 < len(given) <= 64 and given.replace("-", "").isalnum()
        exchange = Exchange(api=api, request_id=given if ok else os.urandom(16).hex())
        request.scope[EXCHANGE] = exchange
        return exchange

    async def admit(self, request: Request, exchange: Exchange) -> dict[str, Any]:
        """Authenticate, limit (requests in flight and per minute) and read the JSON body;
        raise a GatewayError if not."""
        exchange.caller = await self.auth.caller(presented_key(request, exchange.api))
        key = exchange.caller.key
        if key is not None:
            if not self.in_flight.enter(key.id):
                self.metrics.refused("key_concurrency")
                raise too_many_in_flight(self.in_flight.limit or 0)
            exchange.holding = key.id
            if key.rpm_limit:
                await self.limiter.check(key.id, key.rpm_limit)
        raw = await read_body(request, self.spec.max_body_bytes)
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise GatewayError(400, f"the body is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise GatewayError(400, "the body must be a JSON object")
        where = too_deep(data, MAX_DEPTH)
        if where is not None:
            message = f"{where}: nested deeper than {MAX_DEPTH} levels"
            raise GatewayError(400, message, param=where)
        return self.with_model(data)

    def with_model(self, data: dict[str, Any]) -> dict[str, Any]:
        """The body, refused when it names no model (both APIs require one), unless
        ``gateway.default_model`` fills it in."""
        if data.get("model") not in (None, ""):
            return data
        if self.spec.default_model:
            return {**data, "model": self.spec.default_model}
        raise InvalidRequest(
            'model: required; use "auto" to let the router choose (or set gateway.default_model)',
            param="model",
        )

    def policy(self, caller: Caller) -> dict[str, Any]:
        """Routing limits that come with the caller's key."""
        key = caller.key
        if key is None:
            return {}
        return {
            "budget": key.budget,
            "allowed_providers": key.allowed_providers,
            "allowed_models": key.allowed_models,
            "allowed_regions": key.allowed_regions,
            "key": (key.id, key.name),
        }

    async def complete(self, exchange: Exchange, chat: ChatRequest) -> RouteResult:
        """Route and answer a plain request."""
        exchange.selector = chat.model
        try:
            result = await self.router.complete(chat, **self.policy(exchange.caller))
        except ModelRouterError as exc:  # keep the attempts made before it (budget, all failed)
            exchange.trace = exc.trace
            raise
        exchange.trace = result.trace
        if self.sampler is not None and self.ledger is not None:
            key = exchange.caller.key
            row = self.sampler.sample(
                exchange.request_id,
                chat,
                result.response,
                result.trace,
                key.id if key else None,
                exchange.received_at,
            )
            if row is not None:  # one append; the ledger's writer queues it for the judge
                self.ledger.sample(row)
                self.metrics.judged("queued")
        return result

    async def stream(
        self, exchange: Exchange, chat: ChatRequest, encoder: StreamFormat
    ) -> Response:
        """Route and stream; errors before the first content become a plain error answer."""
        exchange.selector = chat.model
        routed = await self.router.stream(chat, **self.policy(exchange.caller))
        exchange.trace, exchange.routed = routed.trace, routed
        try:
            first: ChatChunk | None = await anext(aiter(routed))
        except StopAsyncIteration:
            first = None
        exchange.native = first is not None and first.native is not None
        headers = exchange.headers(final=False)
        parts = self._relay(exchange, first, routed, encoder)
        return EventStream(parts, headers, self.spec.stream_stall_s, exchange.stalled)

    async def _relay(
        self,
        exchange: Exchange,
        first: ChatChunk | None,
        routed: RouteStream,
        encoder: StreamFormat,
    ) -> AsyncGenerator[bytes, None]:
        status = 499  # the client went away, unless we finish
        try:
            if first is not None:
                for part in encoder.chunk(first):
                    yield part
                async for chunk in routed:
                    for part in encoder.chunk(chunk):
                        yield part
            for part in encoder.end(exchange.trace.cost_usd if exchange.trace else None):
                yield part
            status = 200
        except ModelRouterError as exc:
            failure = failure_of(exc)
            status = failure.status
            log(
                logging.WARNING,
                "stream ended by an upstream failure",
                request_id=exchange.request_id,
                error=failure.message,
            )
            yield encoder.error(failure)
        finally:
            # closing the route first stops the upstream and prices what it delivered, so
            # the record below carries the cost of a stream the caller abandoned; the
            # record is written even if closing fails or is cancelled again
            try:
                await routed.aclose()
            finally:
                exchange.routed = None
                self.finish(
                    exchange, status, error=exchange.client_error if status == 499 else None
                )

    def fail(self, exchange: Exchange, exc: ModelRouterError) -> Response:
        """The error answer for ``exc`` in the exchange's API format, recorded."""
        failure = failure_of(exc)
        self.finish(exchange, failure.status, error=failure.message)
        return render(exchange.api, failure, exchange.headers(final=True))

    def release(self, exchange: Exchange) -> None:
        """Give back the exchange's slot in flight, if it holds one (at most once)."""
        if exchange.holding is not None:
            self.in_flight.leave(exchange.holding)
            exchange.holding = None

    async def settle(self, exchange: Exchange, failure: BaseException | None) -> None:
        """Record ``exchange`` if nothing has (see the module docstring): 500 when an
        unforeseen error ended it, else 499 (cancelled, or its caller left before its
        stream began); a stream still open is closed first, so it is priced."""
        if exchange.recorded:
            return
        if isinstance(failure, Exception):
            status, error = 500, f"internal error: {type(failure).__name__}"
        else:
            gone = "the request was cancelled" if failure else "the client left"
            status, error = 499, exchange.client_error or f"{gone} before its answer began"
        try:
            if exchange.routed is not None:
                await exchange.routed.aclose()
        finally:
            exchange.routed = None
            self.finish(exchange, status, error=error)

    def finish(self, exchange: Exchange, status: int, error: str | None = None) -> None:
        """Record a finished exchange: ledger, metrics and one log line (once: later calls
        do nothing)."""
        if exchange.recorded:
            return
        exchange.recorded = True
        self.release(exchange)
        seconds = time.perf_counter() - exchange.started
        overhead = seconds - exchange.upstream_seconds()
        trace = exchange.trace
        if self.ledger is not None:
            self.ledger.record(
                *rows_of(
                    request_id=exchange.request_id,
                    received_at=exchange.received_at,
                    api=exchange.api,
                    key_id=exchange.caller.key.id if exchange.caller.key else None,
                    selector=exchange.selector,
                    status=status,
                    error=error,
                    trace=trace,
                    latency_ms=seconds * 1000,
                    overhead_ms=overhead * 1000,
                )
            )
        self.metrics.observe(exchange.api, status, trace, seconds, overhead)
        level = logging.INFO if status < 500 else logging.WARNING
        if not enabled(level):
            return
        log(
            level,
            "request",
            request_id=exchange.request_id,
            api=exchange.api,
            status=status,
            caller=exchange.caller.label,
            task=trace.task if trace else None,
            model=trace.model if trace else None,
            outcome=trace.outcome if trace else None,
            attempts=len(trace.attempts) if trace else 0,
            cost_usd=round(trace.cost_usd, 8) if trace else 0.0,
            ms=round(seconds * 1000, 2),
            overhead_ms=round(overhead * 1000, 3),
            **_route_fields(trace),
            error=error or (trace.fallback_error() if trace else None),
        )


def _route_fields(trace: Trace | None) -> dict[str, Any]:
    """The log line's back-off and, for a fallback, the first choice and the reason."""
    if trace is None:
        return {}
    fields: dict[str, Any] = {}
    if trace.backoff_ms:
        fields["backoff_ms"] = round(trace.backoff_ms, 3)
    if trace.fallback_reason is not None:
        fields["first_choice"] = trace.first_choice
        fields["fallback_reason"] = trace.fallback_reason
    return fields
