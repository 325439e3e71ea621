"""The simulated upstream as an ASGI app: OpenAI and Anthropic endpoints plus admin routes.

One request goes: key → vendor headers → body → model lookup → request limits (context
window, max_tokens) → the fault dice (``SimState.begin``) → answer → plain or streamed
response. Errors take the vendor's shape; faults are described in ``state`` and delivered
in ``respond``. The simulator is an upstream like api.openai.com: it must never know
about routing, and never import the router's detectors.

Routes::

    POST /v1/chat/completions   OpenAI Chat Completions (plain and streamed)
    POST /v1/responses          OpenAI Responses (plain and streamed; OpenAI-format models)
    POST /v1/messages           Anthropic Messages (plain and streamed)
    POST /v1/messages/count_tokens   Anthropic token counting (``extras``)
    POST /v1/embeddings         OpenAI embeddings, deterministic unit vectors (``extras``)
    GET  /sim/endpoints         calls per endpoint beside chat
    GET  /sim/state             calls, faults and billed usage per model
    GET  /sim/bills             the bill of each call whose prompt carried [bill-to:ID]
    POST /sim/models/{model}    body: a SimModelSpec as JSON, in force from the next call
    POST /sim/reset             forget overrides, counters and usage
"""

from __future__ import annotations

import datetime as dt
import typing
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.config.sim import FaultKind, SimModelSpec
from modelrouter.errors import NotFound
from modelrouter.sim import extras
from modelrouter.sim.anthropic_wire import AnthropicWire
from modelrouter.sim.model import Ask, Rejected, Wire
from modelrouter.sim.openai_wire import OpenAIWire
from modelrouter.sim.respond import Dropped, answer, headers, pause, plain, stream
from modelrouter.sim.responses_wire import ResponsesWire
from modelrouter.sim.state import SimState, Turn, bill_tag

FAULT_HEADER = "x-sim-fault"
# Which provider a call came through (the router sets it on every simulated endpoint), so
# faults and quotas can target one deployment of a model.
PROVIDER_HEADER = "x-sim-provider"
_FAULTS: frozenset[str] = frozenset(typing.get_args(FaultKind))


def build_app(settings: Settings) -> Starlette:
    """The simulator for ``settings``' catalog; its state is ``app.state.sim``."""
    counts: Counter[str] = Counter()
    app = Starlette(
        routes=[
            Route("/v1/chat/completions", _endpoint(OpenAIWire()), methods=["POST"]),
            Route("/v1/responses", _endpoint(ResponsesWire(counts)), methods=["POST"]),
            Route("/v1/messages", _endpoint(AnthropicWire()), methods=["POST"]),
            Route("/v1/messages/count_tokens", extras.count_tokens, methods=["POST"]),
            Route("/v1/embeddings", extras.embeddings, methods=["POST"]),
            Route("/sim/endpoints", extras.endpoint_counts, methods=["GET"]),
            Route("/sim/state", _state_route, methods=["GET"]),
            Route("/sim/bills", _bills_route, methods=["GET"]),
            Route("/sim/models/{model_id:path}", _configure_route, methods=["POST"]),
            Route("/sim/reset", _reset_route, methods=["POST"]),
        ]
    )
    app.state.sim = SimState(settings)
    app.state.endpoint_calls = counts
    return app


def _endpoint(wire: Wire) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await _call(request, wire)

    return endpoint


def _sim(request: Request) -> SimState:
    state: SimState = request.app.state.sim
    return state


async def _call(request: Request, wire: Wire) -> Response:
    """Serve one model call in ``wire``'s format."""
    state = _sim(request)
    try:
        ask, model_id, forced = await _admit(request, wire, state)
    except Rejected as exc:
        return _error(wire, exc)
    except ClientDisconnect:  # the caller gave up while sending; never counted as a call
        return Response(status_code=499)
    tag = bill_tag(text for _, text in ask.turns)
    deployment = state.deployment(model_id, request.headers.get(PROVIDER_HEADER), ask.model)
    turn = state.begin(model_id, forced, tag=tag, stream=ask.stream, deployment=deployment)
    failure = _failure(wire, turn, ask)
    if failure is not None:
        return failure
    if turn.fault == "hang" and await pause(request.receive, turn.spec.hang_seconds):
        return Response(status_code=499)  # the client has gone; nobody reads this
    result = answer(ask, turn, state)
    if ask.stream:
        return stream(wire, ask, result, turn, state)
    return await plain(wire, result, turn, state)


async def _admit(
    request: Request, wire: Wire, state: SimState
) -> tuple[Ask, str, FaultKind | None]:
    """The parsed request, its catalog model and forced fault; ``Rejected`` if refused."""
    if not _has_key(request):
        raise Rejected(401, "missing_key")
    wire.check_headers(request.headers)
    try:
        body: Any = orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise Rejected(400, "invalid_request", f"The body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise Rejected(400, "invalid_request", "The request body must be a JSON object.")
    ask = wire.parse(body)
    model_id = state.resolve(ask.model, wire.name)
    if model_id is None:
        raise Rejected(404, "not_found", model=ask.model)
    forced = _forced_fault(request)
    try:
        _check_limits(ask, state.model(model_id))
    except Rejected:
        state.reject(model_id)
        raise
    return ask, model_id, forced


def _has_key(request: Request) -> bool:
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return bool(bearer or request.headers.get("x-api-key", "").strip())


def _forced_fault(request: Request) -> FaultKind | None:
    value = request.headers.get(FAULT_HEADER)
    if value is None:
        return None
    if value not in _FAULTS:
        known = ", ".join(sorted(_FAULTS))
        message = f"{FAULT_HEADER}: unknown fault {value!r}; known: {known}"
        raise Rejected(400, "invalid_request", message)
    return typing.cast(FaultKind, value)


def _check_limits(ask: Ask, model: ModelSpec) -> None:
    if ask.prompt_tokens > model.context_window:
        raise Rejected(
            400, "context_length", param="messages",
            window=model.context_window, tokens=ask.prompt_tokens,
        )  # fmt: skip
    if ask.max_tokens is not None and ask.max_tokens > model.max_output:
        raise Rejected(
            400, "max_tokens", param="max_tokens",
            asked=ask.max_tokens, limit=model.max_output, model=ask.model,
        )  # fmt: skip


def _failure(wire: Wire, turn: Turn, ask: Ask) -> Response | None:
    """The error response or dropped connection ``turn``'s fault calls for, if any."""
    if turn.quota_spent is not None:
        return _quota_spent(wire, turn, ask)
    if turn.down:
        return _error(wire, Rejected(503, "unavailable"))
    if turn.fault == "rate_limit":
        retry_after = f"{turn.spec.retry_after:g}"
        limited = Rejected(429, "rate_limit", model=ask.model, retry_after=retry_after)
        return _error(wire, limited, {"retry-after": retry_after})
    if turn.fault == "server_error":
        return _error(wire, wire.server_error(turn.repeat))
    if turn.fault == "auth":
        return _error(wire, Rejected(401, "bad_key"))
    if turn.fault == "reset":
        return Dropped()
    return None


def _quota_spent(wire: Wire, turn: Turn, ask: Ask) -> Response:
    """The 429 of a spent free tier: the provider's quota message, Retry-After until
    midnight UTC, when the simulated quota resets."""
    now = dt.datetime.now(dt.UTC)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
    retry_after = f"{max((midnight - now).total_seconds(), 1):.0f}"
    message = (
        f"You have exceeded the free tier's quota of {turn.quota_spent} requests per day "
        f"for {ask.model}; it resets at 00:00 UTC."
    )
    limited = Rejected(429, "rate_limit", message, model=ask.model, retry_after=retry_after)
    return _error(wire, limited, {"retry-after": retry_after})


def _error(wire: Wire, rejected: Rejected, extra: dict[str, str] | None = None) -> Response:
    return _json(wire.error(rejected), rejected.status, {**headers(wire), **(extra or {})})


def _json(payload: object, status: int = 200, head: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(payload), status, head, media_type="application/json")


async def _state_route(request: Request) -> Response:
    return _json(_sim(request).snapshot())


async def _bills_route(request: Request) -> Response:
    return _json({"bills": _sim(request).bills()})


async def _configure_route(request: Request) -> Response:
    model_id = request.path_params["model_id"]
    try:
        spec = SimModelSpec.model_validate_json(await request.body())
        _sim(request).configure(model_id, spec)
    except ValidationError as exc:
        return _json({"error": {"message": str(exc)}}, 400)
    except NotFound as exc:
        return _json({"error": {"message": exc.message}}, 404)
    return _json({"model": model_id, "spec": spec.model_dump(mode="json")})


async def _reset_route(request: Request) -> Response:
    _sim(request).reset()
    request.app.state.endpoint_calls.clear()
    return _json(_sim(request).snapshot())
