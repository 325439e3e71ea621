"""Translation between the internal (OpenAI-shaped) request and Anthropic's Messages format.

Pure functions, no I/O. System and developer messages become ``system``; assistant tool
calls become ``tool_use`` blocks and ``tool`` messages become ``tool_result`` blocks in a
user turn; consecutive turns of one role are merged, as the Messages API requires.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from modelrouter.types import (
    AssistantMessage,
    ChatChunk,
    ChatRequest,
    ChatResponse,
    Choice,
    ChunkChoice,
    Delta,
    FunctionCall,
    Message,
    ToolCall,
    ToolCallDelta,
    Usage,
)

DEFAULT_MAX_TOKENS = 8192
JSON_INSTRUCTION = "Answer with one valid JSON object and nothing else."
STOP_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
_SAMPLING = ("temperature", "top_p", "top_k")


def to_messages_body(request: ChatRequest, upstream: str, max_output: int) -> dict[str, Any]:
    """The Messages API body for ``request`` (without the ``stream`` flag)."""
    body: dict[str, Any] = {
        "model": upstream,
        "max_tokens": request.output_limit() or min(max_output, DEFAULT_MAX_TOKENS),
        "messages": _turns(request.messages),
    }
    system = _system(request)
    if system:
        body["system"] = system
    for name in _SAMPLING:
        value = getattr(request, name, None)
        if value is not None:
            body[name] = value
    if request.stop:
        body["stop_sequences"] = [request.stop] if isinstance(request.stop, str) else request.stop
    if request.tools:
        body["tools"] = [_tool(t.function.model_dump(exclude_none=True)) for t in request.tools]
        choice = _tool_choice(request.tool_choice, request.model_extra or {})
        if choice is not None:
            body["tool_choice"] = choice
    return body


def _tool(function: dict[str, Any]) -> dict[str, Any]:
    tool = {"name": function["name"], "input_schema": function.get("parameters") or {}}
    tool["input_schema"].setdefault("type", "object")
    if function.get("description"):
        tool["description"] = function["description"]
    return tool


def _tool_choice(
    choice: str | dict[str, Any] | None, extra: dict[str, Any]
) -> dict[str, Any] | None:
    result: dict[str, Any] | None
    if choice is None or choice == "auto":
        result = {"type": "auto"}
    elif choice == "required":
        result = {"type": "any"}
    elif choice == "none":
        result = {"type": "none"}
    elif isinstance(choice, dict):
        result = {"type": "tool", "name": choice.get("function", {}).get("name", "")}
    else:
        result = None
    if (
        result is not None
        and extra.get("parallel_tool_calls") is False
        and result["type"] != "none"
    ):
        result["disable_parallel_tool_use"] = True
    return result


def _turns(messages: list[Message]) -> list[dict[str, Any]]:
    turns: list[dict[str, Any]] = []
    for message in messages:
        if message.role in ("system", "developer"):
            continue
        role = "assistant" if message.role == "assistant" else "user"
        blocks = _blocks(message)
        if not blocks:
            continue
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})
    return turns


def _system(request: ChatRequest) -> str | list[dict[str, Any]]:
    """Joined system text, or text blocks when a prompt-cache breakpoint must be kept."""
    messages = [m for m in request.messages if m.role in ("system", "developer")]
    texts = [m.text() for m in messages]
    if request.wants_json():
        texts.append(JSON_INSTRUCTION)
    if not any(_cache_control(m) for m in messages):
        return "\n\n".join(texts)
    blocks = [_with_cache({"type": "text", "text": m.text()}, _cache_control(m)) for m in messages]
    if request.wants_json():
        blocks.append({"type": "text", "text": JSON_INSTRUCTION})
    return blocks


def _cache_control(item: Message | dict[str, Any]) -> Any:
    extra = item.model_extra or {} if isinstance(item, Message) else item
    return extra.get("cache_control")


def _with_cache(block: dict[str, Any], cache_control: Any) -> dict[str, Any]:
    if cache_control is not None:
        block["cache_control"] = cache_control
    return block


def _blocks(message: Message) -> list[dict[str, Any]]:
    if message.role == "tool":
        result: dict[str, Any] = {
            "type": "tool_result",
            "tool_use_id": message.tool_call_id or "",
            "content": message.text(),
        }
        if (message.model_extra or {}).get("is_error"):
            result["is_error"] = True
        return [_with_cache(result, _cache_control(message))]
    blocks: list[dict[str, Any]] = []
    if isinstance(message.content, list):
        blocks.extend(_part(p.model_dump(exclude_none=True)) for p in message.content)
    elif message.content:
        blocks.append({"type": "text", "text": message.content})
    for call in message.tool_calls or ():
        blocks.append(
            {"type": "tool_use", "id": call.id, "name": call.function.name, "input": _args(call)}
        )
    return blocks


def _part(part: dict[str, Any]) -> dict[str, Any]:
    if part["type"] != "image_url":
        return _with_cache({"type": "text", "text": part.get("text", "")}, _cache_control(part))
    url = str(part.get("image_url", {}).get("url", ""))
    if url.startswith("data:"):
        header, _, data = url.partition(",")
        media = header.removeprefix("data:").split(";")[0]
        source = {"type": "base64", "media_type": media, "data": data}
    else:
        source = {"type": "url", "url": url}
    return _with_cache({"type": "image", "source": source}, _cache_control(part))


def _args(call: ToolCall) -> Any:
    try:
        return orjson.loads(call.function.arguments or "{}")
    except orjson.JSONDecodeError:
        return {"_raw": call.function.arguments}


def usage_of(data: dict[str, Any]) -> Usage:
    """Anthropic usage (input excludes cache reads and writes) in the internal shape."""
    fresh = int(data.get("input_tokens") or 0)
    read = int(data.get("cache_read_input_tokens") or 0)
    written = int(data.get("cache_creation_input_tokens") or 0)
    output = int(data.get("output_tokens") or 0)
    return Usage.of(fresh + read + written, output, cached=read, cache_write=written)


def from_messages_response(data: dict[str, Any]) -> ChatResponse:
    """A Messages API answer as an internal ``ChatResponse``."""
    text: list[str] = []
    calls: list[ToolCall] = []
    for block in data.get("content") or ():
        if block.get("type") == "text":
            text.append(block.get("text", ""))
        elif block.get("type") == "tool_use":
            arguments = orjson.dumps(block.get("input") or {}).decode()
            calls.append(
                ToolCall(
                    id=block["id"], function=FunctionCall(name=block["name"], arguments=arguments)
                )
            )
    message = AssistantMessage(
        content="".join(text) if text or not calls else None, tool_calls=calls or None
    )
    return ChatResponse(
        id=str(data.get("id") or ""),
        model=str(data.get("model") or ""),
        choices=[
            Choice(
                message=message,
                finish_reason=STOP_REASONS.get(data.get("stop_reason") or "", "stop"),
            )
        ],
        usage=usage_of(data.get("usage") or {}),
    )


class StreamTranslator:
    """Turns Messages stream events into internal chunks, one event at a time."""

    def __init__(self) -> None:
        self.id = ""
        self.model = ""
        self.created = int(time.time())
        self.input_usage: dict[str, Any] = {}
        self.tool_index: dict[int, int] = {}
        self.finished = False

    def feed(self, event: dict[str, Any]) -> list[ChatChunk]:
        """The chunks one event adds (often none)."""
        kind = event.get("type")
        if kind == "message_start":
            message = event.get("message") or {}
            self.id, self.model = str(message.get("id", "")), str(message.get("model", ""))
            self.input_usage = dict(message.get("usage") or {})
            return [self._chunk(Delta(role="assistant", content=""))]
        if kind == "content_block_start":
            return self._block_start(int(event.get("index", 0)), event.get("content_block") or {})
        if kind == "content_block_delta":
            return self._block_delta(int(event.get("index", 0)), event.get("delta") or {})
        if kind == "message_delta":
            return self._message_delta(event)
        if kind == "message_stop":
            self.finished = True
        return []

    def _block_start(self, index: int, block: dict[str, Any]) -> list[ChatChunk]:
        if block.get("type") != "tool_use":
            return []
        position = self.tool_index[index] = len(self.tool_index)
        call = ToolCallDelta(
            index=position,
            id=block.get("id"),
            type="function",
            function={"name": block.get("name", ""), "arguments": ""},
        )
        return [self._chunk(Delta(tool_calls=[call]))]

    def _block_delta(self, index: int, delta: dict[str, Any]) -> list[ChatChunk]:
        if delta.get("type") == "text_delta":
            return [self._chunk(Delta(content=delta.get("text", "")))]
        if delta.get("type") == "input_json_delta" and index in self.tool_index:
            call = ToolCallDelta(
                index=self.tool_index[index], function={"arguments": delta.get("partial_json", "")}
            )
            return [self._chunk(Delta(tool_calls=[call]))]
        return []

    def _message_delta(self, event: dict[str, Any]) -> list[ChatChunk]:
        reason = (event.get("delta") or {}).get("stop_reason") or ""
        usage = usage_of({**self.input_usage, **(event.get("usage") or {})})
        final = self._chunk(Delta(), finish_reason=STOP_REASONS.get(reason, "stop"))
        tail = ChatChunk(
            id=self.id, model=self.model, created=self.created, choices=[], usage=usage
        )
        return [final, tail]

    def _chunk(self, delta: Delta, finish_reason: str | None = None) -> ChatChunk:
        choice = ChunkChoice(delta=delta, finish_reason=finish_reason)
        return ChatChunk(id=self.id, model=self.model, created=self.created, choices=[choice])
