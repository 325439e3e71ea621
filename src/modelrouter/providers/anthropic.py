"""The Anthropic Messages wire format over HTTP: requests, answers, streams and errors.

The request/answer mapping lives in ``wire/anthropic/calls.py``; this module adds the endpoint
(``x-api-key``, ``anthropic-version``) and translates Anthropic's error bodies into the
error tree, the one place that does so.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
import orjson

from modelrouter.config.schema import ModelSpec, ProviderSpec
from modelrouter.errors import (
    AuthenticationFailed,
    ContextLengthExceeded,
    MalformedResponse,
    ProviderError,
    RateLimited,
    StreamCut,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from modelrouter.providers.http import (
    loads_or_text,
    make_client,
    parse_json,
    probe,
    retry_after,
    sse_events,
    sse_lines,
    timeout_for,
    transport_errors,
)
from modelrouter.types import ChatChunk, ChatRequest, ChatResponse
from modelrouter.wire.anthropic.calls import (
    StreamTranslator,
    from_messages_response,
    to_messages_body,
)

API_VERSION = "2023-06-01"
_COUNTED = ("model", "messages", "system", "tools", "tool_choice")  # what count_tokens takes
_CONTEXT_HINTS = ("prompt is too long", "context window", "context length", "too many tokens")


class AnthropicProvider:
    """Calls an Anthropic-compatible ``/v1/messages`` endpoint."""

    def __init__(
        self,
        name: str,
        spec: ProviderSpec,
        api_key: str | None,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        headers = {"content-type": "application/json", "anthropic-version": API_VERSION}
        if api_key:
            headers["x-api-key"] = api_key
        self._client = make_client(spec, headers, transport)

    async def complete(self, request: ChatRequest, model: ModelSpec) -> ChatResponse:
        """One plain call."""
        upstream = model.upstream or ""
        body = orjson.dumps(to_messages_body(request, upstream, model.max_output))
        with transport_errors(self.name, upstream):
            response = await self._client.post(
                "/v1/messages", content=body, timeout=timeout_for(model)
            )
        if response.status_code >= 400:
            raise translate_error(response, loads_or_text(response.content), self.name, upstream)
        data = parse_json(response.content, self.name, upstream)
        with _shape_errors(self.name, upstream):
            if not isinstance(data, dict) or not isinstance(data.get("content"), list):
                raise TypeError("the answer is not a Message object")
            return from_messages_response(data)

    async def stream(
        self, request: ChatRequest, model: ModelSpec
    ) -> AsyncGenerator[ChatChunk, None]:
        """One streamed call; raises ``StreamCut`` if the stream ends before message_stop."""
        upstream = model.upstream or ""
        body = {**to_messages_body(request, upstream, model.max_output), "stream": True}
        with transport_errors(self.name, upstream):
            async with self._client.stream(
                "POST", "/v1/messages", content=orjson.dumps(body), timeout=timeout_for(model)
            ) as response:
                if response.status_code >= 400:
                    raw = await response.aread()
                    raise translate_error(response, loads_or_text(raw), self.name, upstream)
                translator = StreamTranslator()
                async for _, data in sse_events(sse_lines(response.aiter_bytes())):
                    event = parse_json(data.encode(), self.name, upstream)
                    if not isinstance(event, dict):
                        raise MalformedResponse(
                            f"{self.name} sent a stream event that is not an object",
                            provider=self.name,
                            model=upstream,
                        )
                    if event.get("type") == "error":
                        raise translate_error(response, event, self.name, upstream, status=500)
                    with _shape_errors(self.name, upstream):
                        chunks = translator.feed(event)
                    for chunk in chunks:
                        yield chunk
                if not translator.finished:
                    raise StreamCut(
                        f"{self.name} stream ended before message_stop",
                        provider=self.name,
                        model=upstream,
                    )

    async def count_tokens(self, request: ChatRequest, model: ModelSpec) -> int:
        """The upstream's own count of ``request``'s input (``/v1/messages/count_tokens``)."""
        upstream = model.upstream or ""
        full = to_messages_body(request, upstream, model.max_output)
        body = {name: full[name] for name in _COUNTED if name in full}
        with transport_errors(self.name, upstream):
            response = await self._client.post(
                "/v1/messages/count_tokens", content=orjson.dumps(body), timeout=timeout_for(model)
            )
        if response.status_code >= 400:
            raise translate_error(response, loads_or_text(response.content), self.name, upstream)
        data = parse_json(response.content, self.name, upstream)
        count = data.get("input_tokens") if isinstance(data, dict) else None
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise MalformedResponse(
                f"{self.name} answered count_tokens without input_tokens",
                provider=self.name,
                model=upstream,
            )
        return count

    async def probe(self) -> str | None:
        """None when the endpoint is reachable, else why not."""
        return await probe(self._client, self.name)

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._client.aclose()


@contextmanager
def _shape_errors(provider: str, model: str) -> Iterator[None]:
    """A body of the wrong shape (a block that is no object, a count that is no number, a
    missing id) is the upstream's fault: ``MalformedResponse``, never a crash."""
    try:
        yield
    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # ValidationError too
        raise MalformedResponse(
            f"{provider} answered in an unexpected shape ({type(exc).__name__})",
            provider=provider,
            model=model,
        ) from exc


def translate_error(
    response: httpx2.Response,
    data: Any,
    provider: str,
    model: str,
    status: int | None = None,
) -> ProviderError:
    """The error-tree exception for an Anthropic-format error answer."""
    status = status or response.status_code
    error = data.get("error") if isinstance(data, dict) else None
    error = error if isinstance(error, dict) else {}
    kind = str(error.get("type") or "")
    message = str(error.get("message") or data or f"HTTP {status}")[:500]
    text = f"{provider} {status}: {message}"
    kwargs: dict[str, Any] = {"provider": provider, "model": model, "upstream_status": status}
    if status == 429 or kind == "rate_limit_error":
        return RateLimited(text, retry_after=retry_after(response), **kwargs)
    if status in (401, 403) or kind in ("authentication_error", "permission_error"):
        return AuthenticationFailed(text, **kwargs)
    if status == 408:
        return UpstreamTimeout(text, **kwargs)
    if status < 500 and any(hint in message.lower() for hint in _CONTEXT_HINTS):
        return ContextLengthExceeded(text, **kwargs)
    if status < 500:
        return UpstreamRejected(text, **kwargs)
    return UpstreamUnavailable(text, retry_after=retry_after(response), **kwargs)
