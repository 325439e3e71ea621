"""The operations endpoints: ``/healthz``, ``/readyz``, ``/metrics``, ``/openapi.json``,
and who may read them (``gateway.operations``).

``/healthz`` says only that the process answers and is always open. The others tell an
outsider a lot (``/metrics`` has the cost per model and the traffic per key's outcome,
``/readyz`` which providers are down), so they are exposed as configured: ``admin`` (the
default: the admin key, once callers need keys), ``open``, or ``listen`` (only on a
separate address, where nothing but these four is served).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Scope

from modelrouter.errors import ModelRouterError
from modelrouter.server.auth import presented_key
from modelrouter.server.errors import Failure, failure_of, render
from modelrouter.server.gateway import Gateway
from modelrouter.server.openapi import document
from modelrouter.store.tables import schema_version

PROBE_TTL = 15.0

Endpoint = Callable[[Request], Awaitable[Response]]


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Readiness: storage accepts a write, Redis (when configured) answers, and at least
    one provider is reachable."""
    gateway: Gateway = request.app.state.gateway
    checked_at, probes = request.app.state.probes
    if time.monotonic() - checked_at > PROBE_TTL:
        probes = await gateway.router.probe()
        request.app.state.probes = (time.monotonic(), probes)
    storage = await run_in_threadpool(_storage_problem, request.app.state.engine)
    shared = gateway.router.shared
    shared_problem = await shared.problem() if shared is not None else None
    reachable = [name for name, problem in probes.items() if problem is None]
    ready = storage is None and shared_problem is None and bool(reachable)
    body: dict[str, Any] = {
        "status": "ready" if ready else "not ready",
        "storage": storage or "ok",
        "providers": {name: problem or "ok" for name, problem in probes.items()},
    }
    if shared is not None:
        body["shared_state"] = shared_problem or "ok"
    unconfigured = gateway.router.unconfigured()
    if unconfigured is not None:
        body["providers_problem"] = unconfigured
    return JSONResponse(body, status_code=200 if ready else 503)


def _storage_problem(engine: Engine | None) -> str | None:
    if engine is None:
        return None
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            conn.execute(schema_version.insert().values(name="__readyz_probe__"))
            transaction.rollback()
    except (SQLAlchemyError, OSError) as exc:
        return f"not writable: {type(exc).__name__}"
    return None


async def metrics(request: Request) -> Response:
    """Prometheus text exposition."""
    gateway: Gateway = request.app.state.gateway
    exposition = await run_in_threadpool(gateway.metrics.exposition)
    return Response(exposition, media_type=gateway.metrics.content_type)


async def openapi(request: Request) -> Response:
    """The OpenAPI document."""
    return Response(orjson.dumps(document()), media_type="application/json")


async def refusal(request: Request) -> Failure | None:
    """Why ``request`` may not read an operations endpoint here, or None if it may."""
    gateway: Gateway = request.app.state.gateway
    access = gateway.spec.operations.access
    if access == "open":
        return None
    if access == "listen":  # this is the main address; the listener is ``operations_app``
        return Failure(404, f"no such endpoint: {request.url.path}")
    try:
        if not await gateway.auth.required():
            return None
        caller = await gateway.auth.authenticate(presented_key(request, "openai"))
        gateway.auth.require_admin(caller)
    except ModelRouterError as exc:
        return failure_of(exc)
    return None


def exposed(endpoint: Endpoint) -> Endpoint:
    """``endpoint`` behind the configured exposure (on the main address)."""

    async def checked(request: Request) -> Response:
        failure = await refusal(request)
        if failure is not None:
            return render("openai", failure)
        return await endpoint(request)

    checked.__name__ = checked.__qualname__ = endpoint.__name__
    checked.__doc__ = endpoint.__doc__
    return checked


def routes(*, guarded: bool) -> list[Route]:
    """The four operations routes; ``guarded``: behind the exposure check."""
    wrap = exposed if guarded else (lambda endpoint: endpoint)
    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", wrap(readyz), methods=["GET"]),
        Route("/metrics", wrap(metrics), methods=["GET"]),
        Route("/openapi.json", wrap(openapi), methods=["GET"]),
    ]


def operations_app(gateway: Gateway, engine: Engine | None) -> Starlette:
    """What the separate operations address serves: the four endpoints, open, and 404
    (in the OpenAI error format) for everything else."""

    async def not_found(request: Request, exc: Exception) -> Response:
        return render("openai", Failure(404, f"no such endpoint: {request.url.path}"))

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return render("openai", Failure(405, f"{request.method} is not allowed here"))

    app = Starlette(
        routes=routes(guarded=False), exception_handlers={404: not_found, 405: not_allowed}
    )
    app.state.gateway = gateway
    app.state.engine = engine
    app.state.probes = (float("-inf"), {})
    return app


def local_port(scope: Scope) -> int | None:
    """The port the connection of ``scope`` was accepted on."""
    server = scope.get("server")
    return server[1] if server else None
