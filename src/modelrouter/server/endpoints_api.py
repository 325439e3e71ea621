"""The endpoints beside chat that agent clients call: ``POST /v1/embeddings`` (OpenAI),
``POST /v1/messages/count_tokens`` (Anthropic) and ``GET /v1/models/{id}`` (both shapes).

They share the chat pipeline (``Gateway``: key, limits, body, ledger, metrics, log); the
work itself is in the engine (``embeddings``, ``counting``). This module only translates.
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response

from modelrouter import counting, embeddings, modelids
from modelrouter.errors import ModelRouterError, NotFound, shown
from modelrouter.server.auth import presented_key
from modelrouter.server.bodies import validated
from modelrouter.server.gateway import HEADER, Gateway
from modelrouter.server.openai_api import (
    anthropic_model,
    catalog_entries,
    openai_model,
    wants_anthropic,
)
from modelrouter.wire.anthropic.requests import request_from_messages

ESTIMATE_HEADER = f"{HEADER}estimate"  # "true" when the count is the project's estimate


async def create_embeddings(request: Request) -> Response:
    """Embed the input with the named embedding model."""
    gateway: Gateway = request.app.state.gateway
    exchange = gateway.start(request, "openai")
    try:
        data = await gateway.admit(request, exchange)
        body = validated(embeddings.EmbeddingRequest.model_validate, data)
        exchange.selector = body.model
        limits = gateway.policy(exchange.caller)
        limits.pop("budget", None)
        limits.pop("allowed_regions", None)  # embedding models have no deployments
        try:
            result = await embeddings.embed(gateway.router, body, **limits)
        except ModelRouterError as exc:
            exchange.trace = exc.trace
            raise
        exchange.trace = result.trace
    except ModelRouterError as exc:
        return gateway.fail(exchange, exc)
    gateway.finish(exchange, 200)
    return Response(
        orjson.dumps(result.data),
        media_type="application/json",
        headers=exchange.headers(final=True),
    )


async def count_tokens(request: Request) -> Response:
    """The input tokens of a Messages request on the model it would be routed to."""
    gateway: Gateway = request.app.state.gateway
    exchange = gateway.start(request, "anthropic")
    try:
        data = await gateway.admit(request, exchange)
        chat = validated(request_from_messages, {"max_tokens": 1, **data, "stream": False})
        exchange.selector = chat.model
        counted = await counting.count_tokens(
            gateway.router, chat, **gateway.policy(exchange.caller)
        )
        exchange.trace = counted.trace
    except ModelRouterError as exc:
        return gateway.fail(exchange, exc)
    gateway.finish(exchange, 200)
    headers = exchange.headers(final=True)
    headers[ESTIMATE_HEADER] = "true" if counted.estimated else "false"
    headers[f"{HEADER}count-source"] = counted.note
    return Response(
        orjson.dumps({"input_tokens": counted.input_tokens}),
        media_type="application/json",
        headers=headers,
    )


async def retrieve_model(request: Request) -> Response:
    """One entry of ``GET /v1/models``, by id (a provider prefix is accepted)."""
    gateway: Gateway = request.app.state.gateway
    anthropic = wants_anthropic(request)
    exchange = gateway.start(request, "anthropic" if anthropic else "openai")
    typed = request.path_params["model_id"]
    try:
        exchange.caller = await gateway.auth.caller(presented_key(request, exchange.api))
        entries = dict(catalog_entries(gateway, exchange.caller.key))
        settings = gateway.router.settings
        found = typed if typed in entries else None
        if found is None:
            resolved = modelids.resolve(settings, typed, {**settings.models, **settings.embeddings})
            found = resolved if resolved in entries else None
        if found is None:
            raise NotFound(
                f"unknown model {shown(typed)}; GET /v1/models lists them", param="model"
            )
    except ModelRouterError as exc:
        return gateway.fail(exchange, exc)
    entry = anthropic_model(found) if anthropic else openai_model(found, entries[found])
    return Response(orjson.dumps(entry), media_type="application/json")
