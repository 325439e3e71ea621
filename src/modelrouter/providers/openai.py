"""The OpenAI Chat Completions wire format, for every vendor that speaks it.

OpenAI, Moonshot, DeepSeek, DashScope, OpenRouter, Gemini's OpenAI endpoint, vLLM and
Ollama differ only by configuration (base URL, key variable, headers). The internal
request already has this shape, so the mapping is thin; vendor error bodies are
translated into the error tree here and nowhere else.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import httpx2
import orjson
from pydantic import ValidationError

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
from modelrouter.providers.openai_responses import EventReader, native_body, response_of
from modelrouter.types import ChatChunk, ChatRequest, ChatResponse

_ANTHROPIC_ONLY = ("cache_control", "is_error")
_CONTEXT_HINTS = ("context_length", "context length", "maximum context", "too many tokens")


class OpenAIProvider:
    """Calls an OpenAI-compatible ``/chat/completions`` endpoint."""

    def __init__(
        self,
        name: str,
        spec: ProviderSpec,
        api_key: str | None,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        headers = {"content-type": "application/json"}
        if api_key:
            headers["authorization"] = f"Bearer {api_key}"
        self._client = make_client(spec, headers, transport)
        self._drop = frozenset(spec.drop_params)
        self._native = spec.responses == "native"

    async def complete(self, request: ChatRequest, model: ModelSpec) -> ChatResponse:
        """One plain call (to ``/responses`` for a Responses request on a native endpoint)."""
        upstream = model.upstream or ""
        native = request.responses_body() if self._native else None
        if native is not None:
            return await self._respond(native, model)
        body = request_body(request, upstream, stream=False, drop=self._drop)
        with transport_errors(self.name, upstream):
            response = await self._client.post(
                "/chat/completions", content=body, timeout=timeout_for(model)
            )
        if response.status_code >= 400:
            raise translate_error(response, loads_or_text(response.content), self.name, upstream)
        data = parse_json(response.content, self.name, upstream)
        try:
            return ChatResponse.model_validate(data)
        except ValidationError as exc:
            raise MalformedResponse(
                f"{self.name} answered in an unexpected shape: {exc.errors()[0]['msg']}",
                provider=self.name,
                model=upstream,
            ) from exc

    async def stream(
        self, request: ChatRequest, model: ModelSpec
    ) -> AsyncGenerator[ChatChunk, None]:
        """One streamed call; raises ``StreamCut`` if the stream ends early."""
        upstream = model.upstream or ""
        native = request.responses_body() if self._native else None
        if native is not None:
            async for chunk in self._respond_stream(native, model):
                yield chunk
            return
        body = request_body(request, upstream, stream=True, drop=self._drop)
        with transport_errors(self.name, upstream):
            async with self._client.stream(
                "POST", "/chat/completions", content=body, timeout=timeout_for(model)
            ) as response:
                if response.status_code >= 400:
                    raw = await response.aread()
                    raise translate_error(response, loads_or_text(raw), self.name, upstream)
                async for chunk in self._chunks(response, upstream):
                    yield chunk

    async def _respond(self, body: dict[str, Any], model: ModelSpec) -> ChatResponse:
        upstream = model.upstream or ""
        payload = native_body(body, upstream, stream=False)
        with transport_errors(self.name, upstream):
            response = await self._client.post(
                "/responses", content=payload, timeout=timeout_for(model)
            )
        if response.status_code >= 400:
            raise translate_error(response, loads_or_text(response.content), self.name, upstream)
        return response_of(parse_json(response.content, self.name, upstream), self.name, upstream)

    async def _respond_stream(
        self, body: dict[str, Any], model: ModelSpec
    ) -> AsyncIterator[ChatChunk]:
        upstream = model.upstream or ""
        payload = native_body(body, upstream, stream=True)
        reader = EventReader(self.name, upstream)
        with transport_errors(self.name, upstream):
            async with self._client.stream(
                "POST", "/responses", content=payload, timeout=timeout_for(model)
            ) as response:
                if response.status_code >= 400:
                    raw = await response.aread()
                    raise translate_error(response, loads_or_text(raw), self.name, upstream)
                async for chunk in reader.chunks(sse_events(sse_lines(response.aiter_bytes()))):
                    yield chunk

    async def _chunks(self, response: httpx2.Response, upstream: str) -> AsyncIterator[ChatChunk]:
        finished = False
        async for _, data in sse_events(sse_lines(response.aiter_bytes())):
            if data == "[DONE]":
                return
            payload = parse_json(data.encode(), self.name, upstream)
            if isinstance(payload, dict) and "error" in payload:
                raise translate_error(response, payload, self.name, upstream, status=500)
            try:
                chunk = ChatChunk.model_validate(payload)
            except ValidationError as exc:
                raise MalformedResponse(
                    f"{self.name} sent a stream chunk in an unexpected shape",
                    provider=self.name,
                    model=upstream,
                ) from exc
            finished = finished or any(c.finish_reason for c in chunk.choices)
            yield chunk
        if not finished:
            raise StreamCut(
                f"{self.name} stream ended before it finished", provider=self.name, model=upstream
            )

    async def embed(self, body: dict[str, Any], model: ModelSpec) -> dict[str, Any]:
        """One ``/embeddings`` call with ``body`` (its model replaced by the upstream name);
        the answer as the upstream sent it, once it has the shape of an embeddings list."""
        upstream = model.upstream or ""
        payload = orjson.dumps({**body, "model": upstream})
        with transport_errors(self.name, upstream):
            response = await self._client.post(
                "/embeddings", content=payload, timeout=timeout_for(model)
            )
        if response.status_code >= 400:
            raise translate_error(response, loads_or_text(response.content), self.name, upstream)
        data = parse_json(response.content, self.name, upstream)
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise MalformedResponse(
                f"{self.name} answered /embeddings without a data list",
                provider=self.name,
                model=upstream,
            )
        return data

    async def probe(self) -> str | None:
        """None when the endpoint is reachable, else why not."""
        return await probe(self._client, self.name)

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._client.aclose()


def request_body(
    request: ChatRequest, upstream: str, *, stream: bool, drop: frozenset[str] = frozenset()
) -> bytes:
    """The JSON body for ``/chat/completions``, without Anthropic-only fields."""
    body = request.model_dump(exclude_none=True, exclude={"model", "stream", "stream_options"})
    body["model"] = upstream
    for name in drop:
        body.pop(name, None)
    for message in body["messages"]:
        for name in _ANTHROPIC_ONLY:
            message.pop(name, None)
        if isinstance(message.get("content"), list):
            for part in message["content"]:
                part.pop("cache_control", None)
    if stream:
        body["stream"] = True
        body["stream_options"] = {**(request.stream_options or {}), "include_usage": True}
    return orjson.dumps(body)


def translate_error(
    response: httpx2.Response,
    data: Any,
    provider: str,
    model: str,
    status: int | None = None,
) -> ProviderError:
    """The error-tree exception for an OpenAI-format error answer."""
    status = status or response.status_code
    error = data.get("error") if isinstance(data, dict) else None
    error = error if isinstance(error, dict) else {}
    message = str(error.get("message") or data or f"HTTP {status}")[:500]
    code = str(error.get("code") or error.get("type") or "")
    text = f"{provider} {status}: {message}"
    kwargs: dict[str, Any] = {"provider": provider, "model": model, "upstream_status": status}
    if status == 429:
        return RateLimited(text, retry_after=retry_after(response), **kwargs)
    if status in (401, 403):
        return AuthenticationFailed(text, **kwargs)
    if status == 408:
        return UpstreamTimeout(text, **kwargs)
    if status < 500 and any(hint in f"{code} {message}".lower() for hint in _CONTEXT_HINTS):
        return ContextLengthExceeded(text, **kwargs)
    if status < 500:
        return UpstreamRejected(text, **kwargs)
    return UpstreamUnavailable(text, retry_after=retry_after(response), **kwargs)
