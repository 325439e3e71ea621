"""The Anthropic-compatible API: ``POST /v1/messages``, plain and streamed, so Anthropic
clients can be routed to any model (and OpenAI-format models answer them)."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response

from modelrouter.errors import ModelRouterError
from modelrouter.server.bodies import validated
from modelrouter.server.errors import Failure
from modelrouter.server.gateway import Gateway
from modelrouter.types import ChatChunk
from modelrouter.wire.anthropic.answers import (
    MessagesStreamEncoder,
    error_type,
    messages_from_response,
)
from modelrouter.wire.anthropic.requests import request_from_messages


class AnthropicStream:
    """The Messages event sequence, from internal chunks."""

    def __init__(self) -> None:
        self.encoder = MessagesStreamEncoder()

    def chunk(self, chunk: ChatChunk) -> list[bytes]:
        """Events for one chunk."""
        return self.encoder.feed(chunk)

    def end(self, cost_usd: float | None) -> list[bytes]:
        """Close open blocks, then message_delta (with the cost in its usage) and
        message_stop."""
        return self.encoder.finish(cost_usd)

    def error(self, failure: Failure) -> bytes:
        """An ``event: error`` in the stream."""
        return self.encoder.error(error_type(failure.status), failure.message)


async def messages(request: Request) -> Response:
    """Route one Messages request, plain or streamed."""
    gateway: Gateway = request.app.state.gateway
    exchange = gateway.start(request, "anthropic")
    try:
        data = await gateway.admit(request, exchange)
        chat = validated(request_from_messages, data)
        if chat.stream:
            return await gateway.stream(exchange, chat, AnthropicStream())
        result = await gateway.complete(exchange, chat)
    except ModelRouterError as exc:
        return gateway.fail(exchange, exc)
    gateway.finish(exchange, 200)
    answer = messages_from_response(result.response, result.response.model)
    answer["usage"]["cost_usd"] = round(result.trace.cost_usd, 8)  # as in the header
    return Response(
        orjson.dumps(answer), media_type="application/json", headers=exchange.headers(final=True)
    )
