"""The OpenAI-compatible API: ``POST /v1/chat/completions`` and ``GET /v1/models``."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from modelrouter.errors import ModelRouterError
from modelrouter.server.auth import presented_key
from modelrouter.server.bodies import validated
from modelrouter.server.errors import Failure, body
from modelrouter.server.gateway import Gateway
from modelrouter.store.keys import KeyRecord
from modelrouter.types import ChatChunk, ChatRequest

DONE = b"data: [DONE]\n\n"
CREATED_AT = "2026-01-01T00:00:00Z"  # no release dates in the catalog: one fixed date


class OpenAIStream:
    """Server-sent chat.completion.chunk events; usage only when the caller asked for it."""

    def __init__(self, include_usage: bool) -> None:
        self.include_usage = include_usage
        self.usage: dict[str, Any] | None = None  # the usage-only chunk, held to the end

    def chunk(self, chunk: ChatChunk) -> list[bytes]:
        """The SSE event for one chunk (usage-only chunks dropped unless asked for; when
        asked for, held until the end, when the request's cost is known)."""
        if not self.include_usage and not chunk.choices:
            return []
        data = chunk.model_dump(mode="json", exclude_none=True)
        if not self.include_usage:
            data.pop("usage", None)
        elif chunk.usage is not None:  # sent last, on a chunk of its own, as OpenAI does
            self.usage = {**data, "choices": [], "usage": data.pop("usage")}
            if not chunk.choices:
                return []
        for choice in data.get("choices", ()):
            choice.setdefault("finish_reason", None)
        return [b"data: " + orjson.dumps(data) + b"\n\n"]

    def end(self, cost_usd: float | None) -> list[bytes]:
        """The usage chunk with the request's cost (``usage.cost_usd``, an extension
        field), then the terminating ``[DONE]``."""
        if self.usage is None:
            return [DONE]
        if cost_usd is not None:
            self.usage["usage"]["cost_usd"] = round(cost_usd, 8)
        return [b"data: " + orjson.dumps(self.usage) + b"\n\n", DONE]

    def error(self, failure: Failure) -> bytes:
        """An error object in the stream, as OpenAI sends one (the SDK raises APIError)."""
        return b"data: " + body("openai", failure) + b"\n\n"


async def chat_completions(request: Request) -> Response:
    """Route one chat completion, plain or streamed."""
    gateway: Gateway = request.app.state.gateway
    exchange = gateway.start(request, "openai")
    try:
        data = await gateway.admit(request, exchange)
        chat = validated(strict_request, data)
        if chat.stream:
            include = bool((chat.stream_options or {}).get("include_usage"))
            return await gateway.stream(exchange, chat, OpenAIStream(include))
        result = await gateway.complete(exchange, chat)
    except ModelRouterError as exc:
        return gateway.fail(exchange, exc)
    gateway.finish(exchange, 200)
    answer = result.response.model_dump(mode="json")
    if answer.get("usage") is not None:  # the cost, as in the header and a stream's usage
        answer["usage"]["cost_usd"] = round(result.trace.cost_usd, 8)
    payload = orjson.dumps(answer)
    return Response(payload, media_type="application/json", headers=exchange.headers(final=True))


def strict_request(data: dict[str, Any]) -> ChatRequest:
    """Validate a caller's body strictly: "5" is no number and "yes" no boolean."""
    return ChatRequest.model_validate(data, strict=True)


def wants_anthropic(request: Request) -> bool:
    """Whether a model listing should take Anthropic's shape: the caller sent
    ``anthropic-version``, or authenticates the Anthropic way (``x-api-key`` alone)."""
    headers = request.headers
    return "anthropic-version" in headers or (
        "x-api-key" in headers and "authorization" not in headers
    )


def openai_model(name: str, owner: str) -> dict[str, Any]:
    """One model in OpenAI's shape."""
    return {"id": name, "object": "model", "created": 0, "owned_by": owner}


def anthropic_model(name: str) -> dict[str, Any]:
    """One model in Anthropic's shape."""
    return {"type": "model", "id": name, "display_name": name, "created_at": CREATED_AT}


async def list_models(request: Request) -> Response:
    """Routes, aliases and catalog models the caller may use (OpenAI or Anthropic shape)."""
    gateway: Gateway = request.app.state.gateway
    anthropic = wants_anthropic(request)
    exchange = gateway.start(request, "anthropic" if anthropic else "openai")
    try:
        exchange.caller = await gateway.auth.caller(presented_key(request, exchange.api))
    except ModelRouterError as exc:
        return gateway.fail(exchange, exc)
    entries = catalog_entries(gateway, exchange.caller.key)
    if anthropic:
        data = [anthropic_model(name) for name, _ in entries]
        first, last = (data[0]["id"], data[-1]["id"]) if data else (None, None)
        listing = {"data": data, "has_more": False, "first_id": first, "last_id": last}
    else:
        listing = {"object": "list", "data": [openai_model(n, o) for n, o in entries]}
    return Response(orjson.dumps(listing), media_type="application/json")


def catalog_entries(gateway: Gateway, key: KeyRecord | None) -> list[tuple[str, str]]:
    """(id, owner) of every selector the key may use: auto, routes, aliases, chat and
    embedding models."""
    settings = gateway.router.settings
    allowed_models = key.allowed_models if key else None
    allowed_providers = key.allowed_providers if key else None
    entries = [("auto", "modelrouter")]
    entries += [(f"route:{task}", "modelrouter") for task in settings.tasks]
    entries += [(alias, "modelrouter") for alias in settings.routing.aliases]
    for name, model in (*settings.models.items(), *settings.embeddings.items()):
        if allowed_models and name not in allowed_models:
            continue
        if allowed_providers and model.provider not in allowed_providers:
            continue
        entries.append((name, model.provider))
    return entries
