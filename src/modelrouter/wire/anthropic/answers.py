"""Internal answers and streams in Anthropic's Messages format: what the gateway sends to
Anthropic clients. Pure functions, no I/O."""

from __future__ import annotations

import uuid
from typing import Any

import orjson

from modelrouter.errors import MalformedResponse
from modelrouter.types import AssistantMessage, ChatChunk, ChatResponse, Usage

STOP_REASONS = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "refusal",
}
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}

# The key of an open text block (tool blocks are keyed by their tool-call index).
_TEXT = ("text", -1)


def messages_from_response(response: ChatResponse, model: str) -> dict[str, Any]:
    """The internal response as an Anthropic Message object reporting ``model``."""
    choice = response.choices[0]
    content = _response_blocks(choice.message)
    used_tools = any(block["type"] == "tool_use" for block in content)
    reason = stop_reason(choice.finish_reason, used_tools=used_tools)
    return _message(message_id(response.id), model, content, reason, usage_of(response.usage))


def _message(
    id_: str, model: str, content: list[Any], reason: str | None, usage: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": id_,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": reason,
        "stop_sequence": None,
        "usage": usage,
    }


def _response_blocks(message: AssistantMessage) -> list[dict[str, Any]]:
    text = message.content or message.refusal
    blocks: list[dict[str, Any]] = [{"type": "text", "text": text}] if text else []
    for call in message.tool_calls or ():
        try:
            arguments = orjson.loads(call.function.arguments or "{}")
        except orjson.JSONDecodeError:
            arguments = None
        if not isinstance(arguments, dict):
            arguments = {"_raw": call.function.arguments}
        block = {"type": "tool_use", "id": call.id, "name": call.function.name, "input": arguments}
        blocks.append(block)
    return blocks


def message_id(source: str = "") -> str:
    """An Anthropic-style ``msg_…`` id, derived from the internal id when there is one."""
    if source.startswith("msg_"):
        return source
    tail = source.removeprefix("chatcmpl-").removeprefix("chatcmpl_")
    return f"msg_{tail or uuid.uuid4().hex[:24]}"


def stop_reason(finish_reason: str | None, *, used_tools: bool = False) -> str:
    """Anthropic's ``stop_reason`` for an OpenAI ``finish_reason``.

    Some OpenAI-compatible servers finish tool calls with "stop"; Anthropic clients only run
    tools on "tool_use", so a turn that called tools and simply stopped reports that.
    """
    if used_tools and finish_reason in (None, "stop"):
        return "tool_use"
    return STOP_REASONS.get(finish_reason or "", "end_turn")


def usage_of(usage: Usage) -> dict[str, int]:
    """Anthropic usage: ``input_tokens`` excludes cache reads and writes."""
    cached = usage.prompt_tokens_details.cached_tokens
    written = usage.prompt_tokens_details.cache_write_tokens
    return {
        "input_tokens": max(0, usage.prompt_tokens - cached - written),
        "output_tokens": usage.completion_tokens,
        "cache_read_input_tokens": cached,
        "cache_creation_input_tokens": written,
    }


# --- stream ----------------------------------------------------------------------------


def sse_event(name: str, payload: dict[str, Any]) -> bytes:
    """One server-sent event as Anthropic writes them."""
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


class MessagesStreamEncoder:
    """Turns the internal chunk stream into the Messages API's SSE events, in order.

    Text and each tool call get their own content block; a block closes when the next
    one starts. The stop reason and usage wait for ``finish`` because the internal
    stream's usage chunk may arrive after its finish-reason chunk. ``model`` defaults to
    the first chunk's (the model that answers), ``message_id`` to one derived from its id.
    """

    def __init__(
        self, model: str = "", *, message_id: str | None = None, input_tokens: int | None = None
    ) -> None:
        self.model = model
        self.message_id = message_id
        self.input_tokens = input_tokens
        self.started = False
        self.finished = False
        self._blocks = 0
        self._open: tuple[str, int] | None = None  # _TEXT or ("tool", call index)
        self._tools_seen: set[int] = set()
        self._finish_reason: str | None = None
        self._usage: Usage | None = None

    def feed(self, chunk: ChatChunk) -> list[bytes]:
        """The events one internal chunk adds (often none)."""
        if self.finished:
            return []
        events = self._start(chunk)
        self._usage = chunk.usage or self._usage
        for choice in chunk.choices:
            if choice.index != 0:
                continue
            text = (choice.delta.content or "") + (choice.delta.refusal or "")
            if text:
                events += self._text(text)
            for call in choice.delta.tool_calls or ():
                events += self._tool(call.index, call.id, call.function or {})
            self._finish_reason = choice.finish_reason or self._finish_reason
        return events

    def finish(self, cost_usd: float | None = None) -> list[bytes]:
        """Close the open block; then ``message_delta`` (final usage, with ``cost_usd``,
        an extension field, when given) and ``message_stop``."""
        if self.finished:
            return []
        events = self._start(None) + self._close()
        self.finished = True
        usage: dict[str, Any] = usage_of(self._usage) if self._usage else {"output_tokens": 0}
        if cost_usd is not None:
            usage["cost_usd"] = round(cost_usd, 8)
        reason = stop_reason(self._finish_reason, used_tools=bool(self._tools_seen))
        delta = {"stop_reason": reason, "stop_sequence": None}
        payload = {"type": "message_delta", "delta": delta, "usage": usage}
        return [*events, sse_event("message_delta", payload), _event("message_stop")]

    def error(self, kind: str, message: str) -> bytes:
        """The stream's ``error`` event (e.g. kind "overloaded_error"); nothing follows it."""
        self.finished = True
        return sse_event("error", {"type": "error", "error": {"type": kind, "message": message}})

    def _start(self, chunk: ChatChunk | None) -> list[bytes]:
        """``message_start`` and a ``ping``, once, before anything else."""
        if self.started:
            return []
        self.started = True
        self.model = self.model or (chunk.model if chunk else "")
        self.message_id = self.message_id or message_id(chunk.id if chunk else "")
        if self.input_tokens is None and chunk and chunk.usage:
            self.input_tokens = usage_of(chunk.usage)["input_tokens"]
        counts = {"input_tokens": self.input_tokens or 0, "output_tokens": 0}
        message = _message(self.message_id, self.model, [], None, counts)
        return [_event("message_start", message=message), _event("ping")]

    def _text(self, text: str) -> list[bytes]:
        events = [] if self._open == _TEXT else self._begin({"type": "text", "text": ""}, _TEXT)
        return [*events, self._delta({"type": "text_delta", "text": text})]

    def _tool(self, index: int, call_id: str | None, function: dict[str, str]) -> list[bytes]:
        events: list[bytes] = []
        if self._open != ("tool", index):
            if index in self._tools_seen:
                raise MalformedResponse(
                    f"tool call {index} resumed after another block started; "
                    "the Messages stream cannot interleave tool calls"
                )
            self._tools_seen.add(index)
            call_id = call_id or f"toolu_{uuid.uuid4().hex[:24]}"
            block = {"type": "tool_use", "id": call_id, "name": function.get("name") or ""}
            events = self._begin({**block, "input": {}}, ("tool", index))
        if function.get("arguments"):
            delta = {"type": "input_json_delta", "partial_json": function["arguments"]}
            events.append(self._delta(delta))
        return events

    def _begin(self, block: dict[str, Any], key: tuple[str, int]) -> list[bytes]:
        events = self._close()
        self._open = key
        self._blocks += 1
        start = _event("content_block_start", index=self._blocks - 1, content_block=block)
        return [*events, start]

    def _delta(self, delta: dict[str, Any]) -> bytes:
        return _event("content_block_delta", index=self._blocks - 1, delta=delta)

    def _close(self) -> list[bytes]:
        if self._open is None:
            return []
        self._open = None
        return [_event("content_block_stop", index=self._blocks - 1)]


def _event(kind: str, **fields: Any) -> bytes:
    return sse_event(kind, {"type": kind, **fields})


# --- errors ----------------------------------------------------------------------------


def error_type(status: int) -> str:
    """Anthropic's error ``type`` for an HTTP status."""
    if status in ERROR_TYPES:
        return ERROR_TYPES[status]
    return "api_error" if status >= 500 else "invalid_request_error"


def anthropic_error(status: int, message: str) -> dict[str, Any]:
    """The Anthropic error body for an HTTP status."""
    return {"type": "error", "error": {"type": error_type(status), "message": message}}
