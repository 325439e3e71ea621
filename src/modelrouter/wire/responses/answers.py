"""Internal answers and streams as OpenAI Responses objects and events.

``response_object`` builds the ``response`` object from a chat completion;
``ResponsesStreamEncoder`` turns the internal chunk stream into the Responses event
sequence, in order and numbered: ``response.created``, ``response.in_progress``, per
item ``response.output_item.added`` then its deltas (``response.output_text.delta``,
``response.function_call_arguments.delta``) and ``.done`` events, and last
``response.completed`` (or ``response.incomplete``) with usage. Item ids are fixed when
an item opens and repeated on every later event and in the final object.

Pure functions and one small state machine: no I/O.
"""

from __future__ import annotations

import os
import time
from typing import Any

import orjson

from modelrouter.types import ChatChunk, ChatResponse, Usage

# Request fields echoed in the response object, with OpenAI's defaults.
ECHOED: dict[str, Any] = {
    "instructions": None,
    "max_output_tokens": None,
    "metadata": {},
    "parallel_tool_calls": True,
    "previous_response_id": None,
    "temperature": 1.0,
    "top_p": 1.0,
    "tool_choice": "auto",
    "tools": [],
    "truncation": "disabled",
    "user": None,
}


def new_id(prefix: str) -> str:
    """A fresh item or response id in OpenAI's style (``resp_``, ``msg_``, ``fc_``)."""
    return f"{prefix}_{os.urandom(16).hex()}"


def shell(response_id: str, body: dict[str, Any], model: str, *, store: bool) -> dict[str, Any]:
    """The response object before any output: what the request asked for, echoed."""
    echoed = {name: body.get(name, default) for name, default in ECHOED.items()}
    if echoed["metadata"] is None:
        echoed["metadata"] = {}
    reasoning = _object(body.get("reasoning"))
    text = _object(body.get("text"))
    return {
        "id": response_id,
        "object": "response",
        "created_at": int(time.time()),
        "status": "in_progress",
        "error": None,
        "incomplete_details": None,
        "model": model,
        "output": [],
        **echoed,
        "reasoning": {"effort": reasoning.get("effort"), "summary": reasoning.get("summary")},
        "store": store,
        "text": {"format": text.get("format") or {"type": "text"}},
        "usage": None,
    }


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def message_item(item_id: str, text: str, *, done: bool = True) -> dict[str, Any]:
    """An assistant message output item."""
    content = [{"type": "output_text", "text": text, "annotations": []}] if done else []
    status = "completed" if done else "in_progress"
    return {
        "type": "message",
        "id": item_id,
        "status": status,
        "role": "assistant",
        "content": content,
    }


def call_item(
    item_id: str, call_id: str, name: str, arguments: str, *, done: bool = True
) -> dict[str, Any]:
    """A function call output item."""
    status = "completed" if done else "in_progress"
    return {
        "type": "function_call",
        "id": item_id,
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
        "status": status,
    }


def custom_item(item_id: str, call_id: str, name: str, arguments: str) -> dict[str, Any]:
    """A free-form (custom) tool call: the ``input`` the function call carried."""
    try:
        value = orjson.loads(arguments or "{}")
    except orjson.JSONDecodeError:  # cut short by the output limit
        value = {}
    text = value.get("input") if isinstance(value, dict) else None
    return {
        "type": "custom_tool_call",
        "id": item_id,
        "call_id": call_id,
        "name": name,
        "input": text if isinstance(text, str) else "",
        "status": "completed",
    }


def usage_of(usage: Usage) -> dict[str, Any]:
    """Token counts in the Responses shape."""
    return {
        "input_tokens": usage.prompt_tokens,
        "input_tokens_details": {"cached_tokens": usage.prompt_tokens_details.cached_tokens},
        "output_tokens": usage.completion_tokens,
        "output_tokens_details": {
            "reasoning_tokens": usage.completion_tokens_details.reasoning_tokens
        },
        "total_tokens": usage.prompt_tokens + usage.completion_tokens,
    }


def finished(obj: dict[str, Any], finish_reason: str | None, usage: Usage) -> dict[str, Any]:
    """``obj`` completed (or incomplete, when the output limit cut it), with usage."""
    cut = finish_reason == "length"
    obj["status"] = "incomplete" if cut else "completed"
    obj["incomplete_details"] = {"reason": "max_output_tokens"} if cut else None
    obj["usage"] = usage_of(usage)
    return obj


def response_object(
    obj: dict[str, Any], response: ChatResponse, custom: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The finished response object for a chat completion (calls of ``custom`` tools as
    ``custom_tool_call`` items)."""
    message = response.choices[0].message
    output: list[dict[str, Any]] = []
    text = message.content or message.refusal
    if text:
        output.append(message_item(new_id("msg"), text))
    for call in message.tool_calls or ():
        name, arguments = call.function.name, call.function.arguments
        if name in custom:
            output.append(custom_item(new_id("ctc"), call.id, name, arguments))
        else:
            output.append(call_item(new_id("fc"), call.id, name, arguments))
    obj["output"] = output
    obj["model"] = response.model or obj["model"]
    return finished(obj, response.finish_reason, response.usage)


def output_text(obj: dict[str, Any]) -> str:
    """The text of all output messages (the SDK's ``output_text``)."""
    return "".join(
        part.get("text", "")
        for item in obj.get("output", ())
        if item.get("type") == "message"
        for part in item.get("content", ())
    )


class ResponsesStreamEncoder:
    """Internal chunks in, Responses server-sent events out (numbered, in order)."""

    def __init__(self, obj: dict[str, Any], custom: frozenset[str] = frozenset()) -> None:
        self.obj = obj
        self.custom = custom  # free-form tools: their input is sent whole, when complete
        self.custom_arguments = ""
        self.sequence = 0
        self.started = False
        self.open: dict[str, Any] | None = None  # the output item being streamed
        self.open_key: int | None = None  # -1: the message; n: tool call index n
        self.finish_reason: str | None = None
        self.usage = Usage()

    def feed(self, chunk: ChatChunk) -> list[bytes]:
        """Events for one chunk."""
        events = self._start(chunk.model)
        if chunk.usage is not None:
            self.usage = chunk.usage
        for choice in chunk.choices[:1]:
            delta = choice.delta
            text = delta.content or delta.refusal
            if text:
                events += self._text(text)
            for call in delta.tool_calls or ():
                events += self._call(call.index, call.id, call.function or {})
            if choice.finish_reason:
                self.finish_reason = choice.finish_reason
        return events

    def whole_item(self, item: dict[str, Any]) -> list[bytes]:
        """An output item sent complete (a reasoning item): added, then done."""
        events = self._close()
        self.obj["output"].append(item)
        at = {"output_index": self._index(), "item": item}
        events.append(self._event("response.output_item.added", **at))
        events.append(self._event("response.output_item.done", **at))
        return events

    def finish(self, cost_usd: float | None = None) -> list[bytes]:
        """Close the open item, then ``response.completed`` (or ``.incomplete``), its
        usage carrying the request's cost (``usage.cost_usd``, an extension field)."""
        events = self._start(self.obj["model"]) + self._close()
        finished(self.obj, self.finish_reason, self.usage)
        if cost_usd is not None:
            self.obj["usage"]["cost_usd"] = round(cost_usd, 8)
        kind = "response.completed" if self.obj["status"] == "completed" else "response.incomplete"
        return [*events, self._event(kind, response=self.obj)]

    def failed(self, code: str | None, message: str) -> bytes:
        """An ``error`` event, then ``response.failed`` with the error in the response."""
        error = {"code": code or "server_error", "message": message}
        self.obj["status"] = "failed"
        self.obj["error"] = error
        head = self._start(self.obj["model"])
        return b"".join(
            [
                *head,
                self._event("error", **error, param=None),
                self._event("response.failed", response=self.obj),
            ]
        )

    def _start(self, model: str) -> list[bytes]:
        if self.started:
            return []
        self.started = True
        self.obj["model"] = model or self.obj["model"]
        return [
            self._event("response.created", response=self.obj),
            self._event("response.in_progress", response=self.obj),
        ]

    def _text(self, text: str) -> list[bytes]:
        events: list[bytes] = []
        if self.open_key != -1:
            events += self._close()
            item = message_item(new_id("msg"), "", done=False)
            events += self._open(item, -1)
            part = {"type": "output_text", "text": "", "annotations": []}
            events.append(
                self._event("response.content_part.added", **self._at(), content_index=0, part=part)
            )
            item["text"] = ""
        assert self.open is not None
        self.open["text"] += text
        events.append(
            self._event(
                "response.output_text.delta", **self._at(), content_index=0, delta=text, logprobs=[]
            )
        )
        return events

    def _call(self, index: int, call_id: str | None, function: dict[str, str]) -> list[bytes]:
        events: list[bytes] = []
        if self.open_key != index:
            events += self._close()
            name, call_id = function.get("name") or "", call_id or new_id("call")
            if name in self.custom:
                item = custom_item(new_id("ctc"), call_id, name, "")
                item["status"] = "in_progress"
                self.custom_arguments = ""
            else:
                item = call_item(new_id("fc"), call_id, name, "", done=False)
            events += self._open(item, index)
        assert self.open is not None
        arguments = function.get("arguments") or ""
        if self.open["type"] == "custom_tool_call":
            self.custom_arguments += arguments  # sent whole at the end: it is JSON till then
        elif arguments:
            self.open["arguments"] += arguments
            events.append(
                self._event("response.function_call_arguments.delta", **self._at(), delta=arguments)
            )
        return events

    def _open(self, item: dict[str, Any], key: int) -> list[bytes]:
        self.open, self.open_key = item, key
        self.obj["output"].append(item)
        return [self._event("response.output_item.added", output_index=self._index(), item=item)]

    def _close(self) -> list[bytes]:
        item = self.open
        if item is None:
            return []
        self.open, self.open_key = None, None
        events: list[bytes] = []
        item["status"] = "completed"
        at = {"item_id": item["id"], "output_index": self._index()}
        if item["type"] == "message":
            text = item.pop("text")
            part = {"type": "output_text", "text": text, "annotations": []}
            item["content"] = [part]
            events.append(
                self._event(
                    "response.output_text.done", **at, content_index=0, text=text, logprobs=[]
                )
            )
            events.append(
                self._event("response.content_part.done", **at, content_index=0, part=part)
            )
        elif item["type"] == "custom_tool_call":
            whole = custom_item(item["id"], item["call_id"], item["name"], self.custom_arguments)
            item["input"] = whole["input"]
            events.append(
                self._event("response.custom_tool_call_input.done", **at, input=item["input"])
            )
        else:
            events.append(
                self._event(
                    "response.function_call_arguments.done",
                    **at,
                    name=item["name"],
                    arguments=item["arguments"],
                )
            )
        events.append(
            self._event("response.output_item.done", output_index=at["output_index"], item=item)
        )
        return events

    def _index(self) -> int:
        return len(self.obj["output"]) - 1

    def _at(self) -> dict[str, Any]:
        assert self.open is not None
        return {"item_id": self.open["id"], "output_index": self._index()}

    def _event(self, kind: str, **fields: Any) -> bytes:
        payload = {"type": kind, "sequence_number": self.sequence, **fields}
        self.sequence += 1
        return b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"
