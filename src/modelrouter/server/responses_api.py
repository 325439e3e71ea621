"""The OpenAI Responses API: ``POST /v1/responses`` (plain and streamed) and
``GET``/``DELETE /v1/responses/{id}``.

A Responses request is translated into the internal chat request (``wire/responses``)
and goes through the gateway's chat path unchanged: the router, budgets, key allow-lists,
checks, metrics and the ledger. The request also carries the Responses body itself (the
stored chain in ``input``, ``store: false``): an attempt on a ``responses: native``
provider sends that to the upstream's ``/responses`` and its object or events are relayed
as ours (``wire/responses/native``). Answers are stored (``store`` defaults to true, as at
OpenAI) per key in the ledger's database, so ``previous_response_id`` chains work across
instances sharing it. Errors are in the OpenAI format.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from modelrouter.errors import InvalidRequest, ModelRouterError
from modelrouter.server.auth import presented_key
from modelrouter.server.bodies import validated
from modelrouter.server.errors import Failure, GatewayError, failure_of, render
from modelrouter.server.gateway import Exchange, Gateway
from modelrouter.server.openai_api import strict_request
from modelrouter.store.responses import ResponseStore
from modelrouter.types import ChatChunk
from modelrouter.wire.responses.answers import (
    ResponsesStreamEncoder,
    new_id,
    response_object,
    shell,
)
from modelrouter.wire.responses.native import NativeRelay, adopt, upstream_body
from modelrouter.wire.responses.requests import chat_body


class ResponsesStream:
    """The Responses event sequence; the finished response is stored when asked.

    Chunks from a native upstream carry its own events, relayed as they are (renumbered,
    with our response fields); other chunks are encoded. One stream is one or the other:
    the executor fails over only before anything reached the caller."""

    def __init__(self, obj: dict[str, Any], on_done: Any, custom: frozenset[str]) -> None:
        self.encoder = ResponsesStreamEncoder(obj, custom)
        self.native: NativeRelay | None = None
        self.on_done = on_done

    def chunk(self, chunk: ChatChunk) -> list[bytes]:
        """Events for one chunk, sent as one write (a chunk opens up to four events)."""
        if chunk.native is not None:
            if self.native is None:
                self.native = NativeRelay(ours(self.encoder.obj, chunk.model))
            events = self.native.feed(chunk.native)
        else:
            events = self.encoder.feed(chunk)
        return [b"".join(events)] if events else []

    def end(self, cost_usd: float | None) -> list[bytes]:
        """Close the open item, ``response.completed`` with the cost; store the response."""
        if self.native is not None:
            events = b"".join(self.native.end(cost_usd))
            self.on_done(self.native.obj)
            return [events]
        events = b"".join(self.encoder.finish(cost_usd))
        self.on_done(self.encoder.obj)
        return [events]

    def error(self, failure: Failure) -> bytes:
        """``error`` then ``response.failed`` (the SDK raises on either)."""
        if self.native is not None:
            return self.native.failed(failure.code, failure.message)
        return self.encoder.failed(failure.code, failure.message)


def ours(obj: dict[str, Any], model: str) -> dict[str, Any]:
    """The fields of a native upstream's response that are ours to set."""
    fields = ("id", "store", "previous_response_id", "metadata")
    return {"model": model or obj["model"], **{name: obj[name] for name in fields}}


async def create(request: Request) -> Response:
    """Route one Responses request, plain or streamed."""
    gateway: Gateway = request.app.state.gateway
    exchange = gateway.start(request, "responses")
    try:
        data = await gateway.admit(request, exchange)
        return await _answer(request, gateway, exchange, data)
    except ModelRouterError as exc:
        return gateway.fail(exchange, exc)


async def _answer(
    request: Request, gateway: Gateway, exchange: Exchange, data: dict[str, Any]
) -> Response:
    store: ResponseStore | None = request.app.state.responses
    key_id = exchange.caller.key.id if exchange.caller.key else None
    keep = data.get("store", True)
    if not isinstance(keep, bool):
        raise InvalidRequest("store: must be true or false", param="store")
    history: list[dict[str, Any]] = []
    previous = data.get("previous_response_id")
    if previous is not None:
        if not isinstance(previous, str):
            raise InvalidRequest(
                "previous_response_id: must be a string", param="previous_response_id"
            )
        if store is None:
            raise GatewayError(503, "previous_response_id needs the ledger's database")
        history = (await store.get(key_id, previous)).items
    translated = chat_body(data, history)
    chat = validated(strict_request, translated.chat)
    conversation = history + translated.items
    chat.with_responses(upstream_body(data, conversation))
    exchange.notes += translated.notes
    obj = shell(new_id("resp"), data, chat.model, store=keep and store is not None)

    def done(finished: dict[str, Any]) -> None:
        if keep and store is not None:
            store.save_later(key_id, finished, conversation + finished["output"])

    if chat.stream:
        return await gateway.stream(exchange, chat, ResponsesStream(obj, done, translated.custom))
    result = await gateway.complete(exchange, chat)
    native = result.response.native
    exchange.native = native is not None
    if native is not None:
        obj = adopt(native, ours(obj, result.response.model))
    else:
        response_object(obj, result.response, translated.custom)
    if isinstance(obj.get("usage"), dict):  # as the other APIs do
        obj["usage"]["cost_usd"] = round(result.trace.cost_usd, 8)
    done(obj)
    gateway.finish(exchange, 200)
    return Response(
        orjson.dumps(obj), media_type="application/json", headers=exchange.headers(final=True)
    )


async def retrieve(request: Request) -> Response:
    """A stored response (404 for ids the caller's key did not store)."""
    try:
        store, key_id = await _stored(request)
        stored = await store.get(key_id, request.path_params["response_id"])
    except ModelRouterError as exc:  # not a routed request: answered, not in the ledger
        return render("responses", failure_of(exc))
    return Response(orjson.dumps(stored.response), media_type="application/json")


async def delete(request: Request) -> Response:
    """Delete a stored response."""
    response_id = request.path_params["response_id"]
    try:
        store, key_id = await _stored(request)
        await store.delete(key_id, response_id)
    except ModelRouterError as exc:
        return render("responses", failure_of(exc))
    deleted = {"id": response_id, "object": "response.deleted", "deleted": True}
    return Response(orjson.dumps(deleted), media_type="application/json")


async def _stored(request: Request) -> tuple[ResponseStore, str | None]:
    """The response store and the caller's key id (401 for a missing or bad key)."""
    gateway: Gateway = request.app.state.gateway
    caller = await gateway.auth.caller(presented_key(request, "responses"))
    store: ResponseStore | None = request.app.state.responses
    if store is None:
        raise GatewayError(503, "stored responses need the ledger's database")
    return store, caller.key.id if caller.key else None
