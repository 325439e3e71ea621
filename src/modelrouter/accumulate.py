"""Folding a stream's chunks into the response they add up to (the relay's record of
what a client was sent, the providers' tests)."""

from __future__ import annotations

from typing import Any

from modelrouter.types import (
    AssistantMessage,
    ChatChunk,
    ChatResponse,
    Choice,
    FunctionCall,
    ToolCall,
    ToolCallDelta,
    Usage,
    new_id,
)


class StreamAccumulator:
    """Folds stream chunks into the ``ChatResponse`` they add up to."""

    def __init__(self) -> None:
        self.id = ""
        self.model = ""
        self.text: list[str] = []
        self.refusal: list[str] = []
        self.tool_calls: dict[int, dict[str, Any]] = {}
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self.chunks = 0

    def add(self, chunk: ChatChunk) -> None:
        """Take one chunk into account."""
        self.chunks += 1
        self.id = self.id or chunk.id
        self.model = self.model or chunk.model
        if chunk.usage is not None:
            self.usage = chunk.usage
        for choice in chunk.choices:
            delta = choice.delta
            if delta.content:
                self.text.append(delta.content)
            if delta.refusal:
                self.refusal.append(delta.refusal)
            for call in delta.tool_calls or ():
                self._add_tool_call(call)
            if choice.finish_reason:
                self.finish_reason = choice.finish_reason

    def _add_tool_call(self, call: ToolCallDelta) -> None:
        slot = self.tool_calls.setdefault(call.index, {"id": "", "name": "", "arguments": ""})
        if call.id:
            slot["id"] = call.id
        function = call.function or {}
        slot["name"] += function.get("name") or ""
        slot["arguments"] += function.get("arguments") or ""

    def response(self) -> ChatResponse:
        """The complete response the chunks so far add up to."""
        calls = [
            ToolCall(id=c["id"], function=FunctionCall(name=c["name"], arguments=c["arguments"]))
            for _, c in sorted(self.tool_calls.items())
        ]
        message = AssistantMessage(
            content="".join(self.text) if self.text or not calls else None,
            tool_calls=calls or None,
            refusal="".join(self.refusal) or None,
        )
        return ChatResponse(
            id=self.id or new_id(),
            model=self.model,
            choices=[Choice(message=message, finish_reason=self.finish_reason)],
            usage=self.usage or Usage(),
        )
