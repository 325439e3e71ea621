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

import time
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
    if obj.get("status") == "failed":
        error = obj.get("error")
        said = error.get("message") if isinstance(error, dict) else None
        why = f"{provider}: {said or 'the response failed'}"[:500]
        raise UpstreamUnavailable(why, provider=provider, model=upstream)
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
    """Upstream Responses events in, internal chunks out, each carrying its events.

    Events without content (``response.created``, ``.output_item.added`` of a message,
    the ``.done`` events...) ride on the next chunk that has some: the executor holds
    content-free chunks until content comes anyway, and a chunk per event would cost a
    write per event. After the first content only ``.done`` events wait (the next event
    follows at once), so nothing else is delayed."""

    def __init__(self, provider: str, upstream: str) -> None:
        self.provider, self.upstream = provider, upstream
        self.id = ""
        self.finished = False
        self.pending: list[dict[str, Any]] = []
        self.started = False  # content was yielded
        self.created = int(time.time())

    async def chunks(self, events: AsyncIterator[tuple[str, str]]) -> AsyncIterator[ChatChunk]:
        """Chunks for the events; raises on an ``error`` or ``response.failed`` event, and
        ``StreamCut`` when the stream ends before ``response.completed``."""
        async for _, data in events:
            try:
                event = orjson.loads(data)
            except orjson.JSONDecodeError as exc:
                raise self._malformed("sent an event that is not JSON") from exc
            if not isinstance(event, dict):
                raise self._malformed("sent an event that is not an object")
            chunk = self.chunk(event)
            if chunk is not None:
                yield chunk
            if self.finished:
                return
        raise StreamCut(
            f"{self.provider} stream ended before response.completed",
            provider=self.provider,
            model=self.upstream,
        )

    def chunk(self, event: dict[str, Any]) -> ChatChunk | None:
        """The chunk for ``event`` and the events held before it, or None to hold it."""
        kind = str(event.get("type"))
        response = event.get("response")
        if isinstance(response, dict) and not self.id:
            self.id = str(response.get("id") or "")
        if kind in ("error", "response.failed"):
            raise self._failure(event)
        self.pending.append(event)
        choice = self._choice(kind, event)
        usage = None
        if kind in _TERMINAL and isinstance(response, dict):
            self.finished = True
            choice = ChunkChoice(finish_reason=finish_of(response))
            usage = usage_of(response.get("usage"))
        if choice is None and (not self.started or kind.endswith(".done")):
            return None
        self.started = self.started or choice is not None
        events, self.pending = self.pending, []
        return ChatChunk.model_construct(  # every field given: no defaults to resolve
            id=self.id or "resp",
            object="chat.completion.chunk",
            created=self.created,
            model=self.upstream,
            choices=[choice] if choice is not None else [],
            usage=usage,
            native=events,
        )

    @staticmethod
    def _choice(kind: str, event: dict[str, Any]) -> ChunkChoice | None:
        """The internal delta of a content event (text, refusal, tool call), else None."""
        if kind == "response.output_text.delta":
            return ChunkChoice(delta=Delta(content=str(event.get("delta") or "")))
        if kind == "response.refusal.delta":
            return ChunkChoice(delta=Delta(refusal=str(event.get("delta") or "")))
        index = int(event.get("output_index") or 0)
        if kind == "response.output_item.added":
            item = event.get("item") or {}
            if item.get("type") not in ("function_call", "custom_tool_call"):
                return None
            function = {"name": str(item.get("name") or ""), "arguments": ""}
            call = ToolCallDelta(
                index=index, id=str(item.get("call_id") or ""), type="function", function=function
            )
            return ChunkChoice(delta=Delta(tool_calls=[call]))
        if kind in (
            "response.function_call_arguments.delta",
            "response.custom_tool_call_input.delta",
        ):
            call = ToolCallDelta(index=index, function={"arguments": str(event.get("delta") or "")})
            return ChunkChoice(delta=Delta(tool_calls=[call]))
        return None

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
