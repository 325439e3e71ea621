"""The OpenAI Responses wire format upstream, for ``responses: native`` providers.

When a caller's ``/v1/responses`` request is routed to a native provider, the body the
caller sent goes to the upstream's ``/responses`` as it is (the gateway has already put
the stored chain in ``input`` and set ``store: false``); only ``model`` and ``stream``
are set here. The answer comes back twice: as the upstream's own object or events (kept
on ``ChatResponse.native`` / ``ChatChunk.native``, which the Responses API relays) and
in the internal shape, which the executor needs for usage, pricing, checks and
fail-over (text, tool calls, finish reason, usage with cached and reasoning tokens).

Never routes and never stores; vendor errors are translated by ``openai.translate_error``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson

from modelrouter.errors import (
    MalformedResponse,
    ProviderError,
    StreamCut,
    UpstreamRejected,
    UpstreamUnavailable,
)
from modelrouter.types import (
    AssistantMessage,
    ChatChunk,
    ChatResponse,
    Choice,
    ChunkChoice,
    Delta,
    FunctionCall,
    ToolCall,
    ToolCallDelta,
    Usage,
)

_TERMINAL = frozenset({"response.completed", "response.incomplete"})


def native_body(body: dict[str, Any], upstream: str, *, stream: bool) -> bytes:
    """The JSON body for the upstream's ``/responses``."""
    return orjson.dumps({**body, "model": upstream, "stream": stream})


def usage_of(data: Any) -> Usage:
    """Responses usage in the internal shape (cached input and reasoning tokens kept)."""
    usage = data if isinstance(data, dict) else {}
    cached = (usage.get("input_tokens_details") or {}).get("cached_tokens") or 0
    reasoning = (usage.get("output_tokens_details") or {}).get("reasoning_tokens") or 0
    return Usage.of(
        int(usage.get("input_tokens") or 0),
        int(usage.get("output_tokens") or 0),
        cached=int(cached),
        reasoning=int(reasoning),
    )


def finish_of(obj: dict[str, Any]) -> str:
    """The chat finish reason a Responses object stands for."""
    if obj.get("status") == "incomplete":
        return "length"
    kinds = {item.get("type") for item in obj.get("output") or () if isinstance(item, dict)}
    return "tool_calls" if kinds & {"function_call", "custom_tool_call"} else "stop"


def _arguments(item: dict[str, Any]) -> str:
    if item.get("type") == "custom_tool_call":
        return orjson.dumps({"input": item.get("input") or ""}).decode()
    return str(item.get("arguments") or "")


def response_of(obj: Any, provider: str, upstream: str) -> ChatResponse:
    """The internal response for a Responses object, carrying the object itself."""
    if not isinstance(obj, dict) or not isinstance(obj.get("output"), list):
        raise MalformedResponse(
            f"{provider} answered /responses without an output list",
            provider=provider,
            model=upstream,
        )
    text, calls = [], []
    for item in obj["output"]:
        if not isinstance(item, dict):
            continue
        if item.get("type") == "message":
            text += [p.get("text") or "" for p in item.get("content") or () if isinstance(p, dict)]
        elif item.get("type") in ("function_call", "custom_tool_call"):
            function = FunctionCall(name=str(item.get("name") or ""), arguments=_arguments(item))
            calls.append(ToolCall(id=str(item.get("call_id") or ""), function=function))
    message = AssistantMessage(content="".join(text) if text or not calls else None)
    message.tool_calls = calls or None
    return ChatResponse(
        id=str(obj.get("id") or ""),
        model=str(obj.get("model") or upstream),
        choices=[Choice(message=message, finish_reason=finish_of(obj))],
        usage=usage_of(obj.get("usage")),
        native=obj,
    )


class EventReader:
    """Upstream Responses events in, internal chunks out, each carrying its event."""

    def __init__(self, provider: str, upstream: str) -> None:
        self.provider, self.upstream = provider, upstream
        self.id = ""
        self.finished = False

    async def chunks(self, events: AsyncIterator[tuple[str, str]]) -> AsyncIterator[ChatChunk]:
        """One chunk per event; raises on an ``error`` or ``response.failed`` event, and
        ``StreamCut`` when the stream ends before ``response.completed``."""
        async for _, data in events:
            try:
                event = orjson.loads(data)
            except orjson.JSONDecodeError as exc:
                raise self._malformed("sent an event that is not JSON") from exc
            if not isinstance(event, dict):
                raise self._malformed("sent an event that is not an object")
            yield self.chunk(event)
            if self.finished:
                return
        raise StreamCut(
            f"{self.provider} stream ended before response.completed",
            provider=self.provider,
            model=self.upstream,
        )

    def chunk(self, event: dict[str, Any]) -> ChatChunk:
        """The internal chunk for one event (content-free for most)."""
        kind = event.get("type")
        response = event.get("response")
        if isinstance(response, dict) and not self.id:
            self.id = str(response.get("id") or "")
        out = ChatChunk(id=self.id or "resp", model=self.upstream, native=[event])
        if kind in ("error", "response.failed"):
            raise self._failure(event)
        if kind == "response.output_text.delta":
            out.choices = [ChunkChoice(delta=Delta(content=str(event.get("delta") or "")))]
        elif kind == "response.output_item.added":
            item = event.get("item") or {}
            if item.get("type") in ("function_call", "custom_tool_call"):
                call = ToolCallDelta(
                    index=int(event.get("output_index") or 0),
                    id=str(item.get("call_id") or ""),
                    type="function",
                    function={"name": str(item.get("name") or ""), "arguments": ""},
                )
                out.choices = [ChunkChoice(delta=Delta(tool_calls=[call]))]
        elif kind in (
            "response.function_call_arguments.delta",
            "response.custom_tool_call_input.delta",
        ):
            call = ToolCallDelta(
                index=int(event.get("output_index") or 0),
                function={"arguments": str(event.get("delta") or "")},
            )
            out.choices = [ChunkChoice(delta=Delta(tool_calls=[call]))]
        elif kind in _TERMINAL and isinstance(response, dict):
            self.finished = True
            out.choices = [ChunkChoice(finish_reason=finish_of(response))]
            out.usage = usage_of(response.get("usage"))
        return out

    def _failure(self, event: dict[str, Any]) -> ProviderError:
        error = event.get("error") if event.get("type") == "response.failed" else event
        if isinstance(event.get("response"), dict):
            error = event["response"].get("error") or {}
        error = error if isinstance(error, dict) else {}
        code = str(error.get("code") or "")
        message = f"{self.provider}: {error.get('message') or 'the response failed'}"[:500]
        kwargs: dict[str, Any] = {"provider": self.provider, "model": self.upstream}
        if code in ("invalid_prompt", "invalid_request_error"):
            return UpstreamRejected(message, **kwargs)
        return UpstreamUnavailable(message, **kwargs)

    def _malformed(self, what: str) -> MalformedResponse:
        return MalformedResponse(
            f"{self.provider} {what}", provider=self.provider, model=self.upstream
        )
