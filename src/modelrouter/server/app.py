"""Build the gateway app: the routes, the operations endpoints, the admin API, start-up.

``build(settings, env)`` is what ``modelrouter serve`` runs; ``create_app(gateway)`` is
the app around an already built gateway (tests build it around a simulator).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from modelrouter.config.loader import load_settings
from modelrouter.config.schema import Settings
from modelrouter.errors import SHOWN_CHARS, ModelRouterError, clipped
from modelrouter.quality.judge_worker import JudgeWorker
from modelrouter.reports.baselines import pricer
from modelrouter.router import Router
from modelrouter.server import (
    anthropic_api,
    endpoints_api,
    logs,
    loop_api,
    openai_api,
    operations,
    responses_api,
)
from modelrouter.server.admin_api import admin_keys, admin_revoke
from modelrouter.server.auth import (
    Authenticator,
    Limiter,
    RateLimiter,
    SharedRateLimiter,
)
from modelrouter.server.connections import Guard
from modelrouter.server.errors import Failure, render
from modelrouter.server.gateway import EXCHANGE, Gateway
from modelrouter.server.logs import log
from modelrouter.server.operations import local_port, operations_app
from modelrouter.server.ui import Dashboard
from modelrouter.store.db import connect, data_dir, default_url, describe
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Ledger, journal_dir, spent_this_month
from modelrouter.store.responses import ResponseStore


def build(settings: Settings, env: Mapping[str, str]) -> Starlette:
    """The gateway for ``settings``: router, key store, authenticator."""
    url = settings.storage.url or default_url(env)
    engine = connect(url)
    store = KeyStore(engine)
    admin = env.get(settings.gateway.admin_key_env) or None
    auth = Authenticator(
        store,
        admin,
        require=settings.gateway.require_keys,
        refresh_seconds=settings.gateway.keys_refresh_seconds,
    )
    router = Router(settings, env=env)
    if router.shared is not None:
        router.shared.check()  # refuse to start, naming storage.redis_url, if unreachable
    # with Redis, only counters that do not exist yet are seeded: a restart never double counts
    router.budgets.load(spent_this_month(engine, router.executor.clock()))
    journal = journal_dir(url, data_dir(env) / "journal")
    ledger = Ledger(engine, journal_dir=journal, interval=settings.gateway.ledger_flush_seconds)
    gateway = Gateway(router, auth, settings.gateway, ledger, limiter=limiter_for(router))
    shared = router.shared.describe() if router.shared else "in process"
    log(logging.INFO, "storage", database=describe(url), budgets_and_rate_limits=shared)
    app = create_app(gateway, engine)
    _settle_heap()
    return app


def limiter_for(router: Router) -> Limiter:
    """Per-key rate limits: in Redis when the router shares state through it, else here."""
    if router.shared is None:
        return RateLimiter()
    from modelrouter.state.limits import SharedWindow  # noqa: PLC0415 - only when configured

    return SharedRateLimiter(SharedWindow(router.shared))


def _settle_heap() -> None:
    """Take what start-up built (catalog, detector indexes, schemas: ~70k objects) out of
    the cyclic collector's walks, so its full collections stay short (a serving process
    only; ``gc.freeze``)."""
    gc.collect()
    gc.freeze()


def from_environment() -> Starlette:
    """App factory for worker processes: ``MODELROUTER_CONFIG``, ``MODELROUTER_SIM``."""
    env = os.environ
    logs.configure(env.get("MODELROUTER_LOG_LEVEL") or "info")
    settings = load_settings(env.get("MODELROUTER_CONFIG") or None, env)
    if env.get("MODELROUTER_SIM") == "1":
        settings = with_simulator(settings)
    return build(settings, env)


def with_simulator(settings: Settings) -> Settings:
    """``settings`` with every provider served by the in-process simulator."""
    return settings.model_copy(update={"sim": settings.sim.model_copy(update={"enabled": True})})


def create_app(gateway: Gateway, engine: Engine | None = None) -> Starlette:
    """The ASGI app around ``gateway``."""
    if gateway.ledger is not None and gateway.ledger.baselines is None:
        gateway.ledger.baselines = pricer(lambda: gateway.router.settings)

    dashboard = Dashboard(gateway, engine)
    routes = [
        Route("/v1/chat/completions", openai_api.chat_completions, methods=["POST"]),
        Route("/v1/messages", anthropic_api.messages, methods=["POST"]),
        Route("/v1/messages/count_tokens", endpoints_api.count_tokens, methods=["POST"]),
        Route("/v1/embeddings", endpoints_api.create_embeddings, methods=["POST"]),
        Route("/v1/responses", responses_api.create, methods=["POST"]),
        Route("/v1/responses/{response_id}", responses_api.retrieve, methods=["GET"]),
        Route("/v1/responses/{response_id}", responses_api.delete, methods=["DELETE"]),
        Route("/v1/models", openai_api.list_models, methods=["GET"]),
        Route("/v1/models/{model_id:path}", endpoints_api.retrieve_model, methods=["GET"]),
        *operations.routes(guarded=True),
        Route("/v1/feedback", loop_api.feedback, methods=["POST"]),
        Route("/admin/quality", loop_api.admin_quality, methods=["GET"]),
        Route("/admin/keys", admin_keys, methods=["GET", "POST"]),
        Route("/admin/keys/{key_id}", admin_revoke, methods=["DELETE"]),
        *dashboard.routes(),
    ]
    app = GatewayApp(
        routes=routes,
        lifespan=_lifespan(gateway, engine),
        exception_handlers={404: not_found, 405: not_allowed, Exception: unexpected},
    )
    app.hot = {
        ("POST", "/v1/chat/completions"): openai_api.chat_completions,
        ("POST", "/v1/messages"): anthropic_api.messages,
        ("POST", "/v1/responses"): responses_api.create,
    }
    app.state.gateway = gateway
    app.state.engine = engine
    app.state.responses = ResponseStore(engine) if engine is not None else None
    app.state.dashboard = dashboard
    app.state.probes = (float("-inf"), {})
    app.guard = Guard(gateway.spec.limits, gateway.metrics.refused)
    ops = gateway.spec.operations
    if ops.access == "listen":
        app.operations = (ops.address()[1], operations_app(gateway, engine))
    return app


def _lifespan(
    gateway: Gateway, engine: Engine | None
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Start and stop what serves alongside the requests: the ledger writer, shared circuit
    state, price refreshes, the judge; and close the router's connections at the end."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        _report_providers(gateway.router)
        if gateway.ledger is not None:
            await gateway.ledger.start()
        if gateway.router.shared_health is not None:  # circuits shared through Redis
            await gateway.router.shared_health.ensure_started()
        refresher = _start_price_refresh(gateway.router)
        judge = _start_judge(gateway, engine)
        app.state.judge = judge
        try:
            yield
        finally:
            if refresher is not None:
                refresher.cancel()
            if judge is not None:
                await judge.stop()
            if gateway.ledger is not None:
                await gateway.ledger.stop()
            await gateway.router.aclose()

    return lifespan


Endpoint = Callable[[Request], Awaitable[Response]]


class GatewayApp(Starlette):
    """Starlette, with the two chat routes dispatched directly.

    Their endpoints catch every ModelRouterError themselves, so the router, the middleware
    stack and the exception handlers only cost time on them (about 0.1 ms a request);
    anything else they raise is still answered as a clean 500 by ``unexpected``.
    """

    hot: dict[tuple[str, str], Endpoint]
    guard: Guard  # the connection limits (``connections.GuardedHttpTools`` reads them)
    operations: tuple[int, ASGIApp] | None = None  # the operations port and what it serves

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Chat routes straight to their endpoint, the rest through Starlette; whichever
        way a request leaves, its exchange is recorded (``Gateway.settle``)."""
        if self.operations is not None and local_port(scope) == self.operations[0]:
            await self.operations[1](scope, receive, send)
            return
        failure: BaseException | None = None
        try:
            await self._dispatch(scope, receive, send)
        except BaseException as exc:
            failure = exc
            raise
        finally:
            exchange = scope.get(EXCHANGE)
            if exchange is not None and not exchange.recorded:
                await self.state.gateway.settle(exchange, failure)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self.hot.get((scope.get("method", ""), scope.get("path", "")))
        if endpoint is None or scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        request = Request(scope, receive, send)
        try:
            response = await endpoint(request)
        except Exception as exc:  # noqa: BLE001 - the outermost edge, as in ``unexpected``
            response = await unexpected(request, exc)
        await response(scope, receive, send)


def _start_price_refresh(router: Router) -> asyncio.Task[None] | None:
    """Re-read URL price sources on their interval; a failed refresh keeps current prices."""
    urls = [s for s in router.settings.pricing.sources if s.url]
    if not urls:
        return None
    interval = min(s.refresh_seconds for s in urls)

    async def refresh() -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                notes = await run_in_threadpool(router.reload_prices)
            except ModelRouterError as exc:
                log(logging.WARNING, "price refresh failed; prices unchanged", error=exc.message)
            else:
                log(logging.INFO, "prices refreshed", sources=notes, version=router.prices.version)

    return asyncio.create_task(refresh(), name="modelrouter-prices")


def _start_judge(gateway: Gateway, engine: Engine | None) -> JudgeWorker | None:
    """The judge's background worker, when the judge is enabled and there is a ledger."""
    if gateway.sampler is None or engine is None or gateway.ledger is None:
        return None
    worker = JudgeWorker(gateway.router, engine, gateway.ledger, gateway.metrics.judged)
    worker.start()
    spec = gateway.router.settings.judge
    log(logging.INFO, "judge on", model=spec.model, share=spec.share, cap_usd=spec.daily_cap_usd)
    return worker


def _report_providers(router: Router) -> None:
    for name, spec in router.settings.providers.items():
        if name not in router.available_providers:
            log(
                logging.WARNING,
                "provider skipped: no API key",
                provider=name,
                variable=spec.api_key_env,
            )
    unconfigured = router.unconfigured()
    if unconfigured is not None:
        log(logging.WARNING, unconfigured)
    log(
        logging.INFO,
        "gateway ready",
        providers=sorted(router.available_providers),
        simulated=router.settings.sim.enabled,
    )


def _api_of(request: Request) -> Any:
    return "anthropic" if request.url.path.startswith("/v1/messages") else "openai"


async def not_found(request: Request, exc: Exception) -> Response:
    """Unknown paths, in the API's error format (logged and counted)."""
    _unrouted(request, 404, "no such endpoint")
    path = clipped(request.url.path, SHOWN_CHARS)
    return render(_api_of(request), Failure(404, f"no such endpoint: {path}"))


async def not_allowed(request: Request, exc: Exception) -> Response:
    """Wrong method, in the API's error format (logged and counted)."""
    _unrouted(request, 405, "method not allowed")
    return render(_api_of(request), Failure(405, f"{request.method} is not allowed here"))


def _unrouted(request: Request, status: int, message: str) -> None:
    """Log and count a request no endpoint serves (the path clipped: it is the caller's)."""
    gateway: Gateway | None = getattr(request.app.state, "gateway", None)
    if gateway is not None:
        gateway.metrics.child(gateway.metrics.unrouted, str(status)).inc()
    path = clipped(request.url.path, SHOWN_CHARS)
    log(logging.INFO, message, status=status, method=request.method[:16], path=path)


async def unexpected(request: Request, exc: Exception) -> Response:
    """The outermost edge: anything unforeseen is logged, recorded (its key's slot in
    flight given back) and answered as a clean 500."""
    log(logging.ERROR, "unexpected error", path=request.url.path, error=repr(exc)[:300])
    exchange = request.scope.get(EXCHANGE)
    gateway = getattr(request.app.state, "gateway", None)
    if exchange is not None and gateway is not None:
        gateway.finish(exchange, 500, error=f"internal error: {type(exc).__name__}")
    return render(_api_of(request), Failure(500, "internal error", "internal_error"))
