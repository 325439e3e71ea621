"""The closed loop's endpoints: ``POST /v1/feedback`` (callers rate answers by request
id) and ``GET /admin/quality`` (the quality estimates as JSON).

Feedback accepts either API's key header and answers errors in the caller's format:
Anthropic's when it sent ``anthropic-version`` or ``x-api-key``, else OpenAI's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from modelrouter.errors import InvalidRequest, ModelRouterError
from modelrouter.quality import estimates_json, load_priors, load_table
from modelrouter.quality.judge import judge_status
from modelrouter.server.auth import presented_key
from modelrouter.server.bodies import read_body
from modelrouter.server.errors import Api, GatewayError, failure_of, render
from modelrouter.server.gateway import Gateway
from modelrouter.store.feedback import Rater, Rating, give


class FeedbackBody(BaseModel):
    """Body of ``POST /v1/feedback``."""

    model_config = ConfigDict(extra="forbid")

    request_id: str = Field(min_length=1, max_length=64)
    metric: str = Field(min_length=1, max_length=64)
    value: bool | float | int | str | None
    comment: str | None = Field(default=None, max_length=2000)
    tags: list[str] | dict[str, str] | None = None


def _api(request: Request) -> Api:
    headers = request.headers
    return "anthropic" if "anthropic-version" in headers or "x-api-key" in headers else "openai"


async def feedback(request: Request) -> Response:
    """Store one rating of an answer the gateway gave (201; 200 when it replaced one)."""
    api = _api(request)
    gateway: Gateway = request.app.state.gateway
    try:
        caller = await gateway.auth.authenticate(presented_key(request, api))
        body = _parse(await read_body(request, 64 * 1024))
        engine = request.app.state.engine
        if engine is None:
            raise GatewayError(503, "feedback needs the ledger's database")
        if gateway.ledger is not None:
            await gateway.ledger.settle(body.request_id)
        rating = Rating(body.request_id, body.metric, body.value, body.comment, body.tags)
        rater = Rater(caller.key.id if caller.key else None, admin=caller.admin)
        metrics = dict(gateway.router.settings.feedback.metrics)
        now = dt.datetime.now(dt.UTC)
        stored = await run_in_threadpool(give, engine, metrics, rating, rater, now)
    except ModelRouterError as exc:
        return render(api, failure_of(exc))
    return JSONResponse(stored, status_code=200 if stored["replaced"] else 201)


def _parse(raw: bytes) -> FeedbackBody:
    try:
        return FeedbackBody.model_validate(orjson.loads(raw or b"{}"))
    except orjson.JSONDecodeError:
        raise InvalidRequest("the body is not valid JSON") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidRequest(f"{where}: {first['msg']}", param=where) from None


async def admin_quality(request: Request) -> Response:
    """The quality estimates per (task, model) and per key, as JSON (admin key)."""
    gateway: Gateway = request.app.state.gateway
    try:
        caller = await gateway.auth.authenticate(presented_key(request, "openai"))
        gateway.auth.require_admin(caller)
        engine = request.app.state.engine
        if engine is None:
            raise GatewayError(503, "quality estimates need the ledger's database")
        settings = gateway.router.settings
        now = gateway.router.executor.clock()
        feed = gateway.router.quality  # the adaptive policy's priors, when it has them
        priors = feed.priors if feed is not None else getattr(request.app.state, "priors", None)
        if priors is None:
            priors = request.app.state.priors = await run_in_threadpool(load_priors, settings)
        table = await run_in_threadpool(load_table, engine, settings, now, priors)
        judged = await run_in_threadpool(judge_status, engine, settings, now)
    except ModelRouterError as exc:
        return render("openai", failure_of(exc))
    body: dict[str, Any] = estimates_json(table, settings)
    body["judge"] = judged
    return JSONResponse(body)
