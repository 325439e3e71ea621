"""The Anthropic Messages wire format, as the simulated upstream speaks it.

Follows Anthropic's documentation: ``max_tokens`` and the ``anthropic-version`` header are
required, ``system`` is a string or text blocks, tools are ``{name, description,
input_schema}`` with ``tool_choice`` auto / any / tool / none, content blocks ``text``,
``tool_use`` and ``tool_result``; prompt caching through ``cache_control`` breakpoints
(reported as ``cache_creation_input_tokens`` then ``cache_read_input_tokens``); the stream
is message_start, content_block_start, ping, content_block_delta (text_delta /
input_json_delta), content_block_stop, message_delta, message_stop. Errors are
``{"type": "error", "error": {"type", "message"}}``.
"""

from __future__ import annotations

import hashlib
import secrets
import string
from collections.abc import Mapping
from typing import Any, ClassVar

import orjson

from modelrouter.sim.model import (
    Answer,
    Ask,
    CachePrefix,
    ErrorKind,
    Frame,
    Rejected,
    ToolMode,
    ToolSpec,
    Usage,
    WireName,
)
from modelrouter.sim.tokens import MESSAGE_OVERHEAD, REPLY_PRIMING, pieces
from modelrouter.tokens import estimate_text

CACHE_MIN_TOKENS = 1024
IMAGE_TOKENS = 85
ARGUMENT_CHUNK = 8

_STOP = {
    "stop": "end_turn",
    "stop_sequence": "stop_sequence",
    "length": "max_tokens",
    "tool_calls": "tool_use",
}
_TOOL_MODES: dict[str, ToolMode] = {
    "auto": "auto",
    "any": "required",
    "tool": "required",
    "none": "none",
}
_ERRORS: dict[ErrorKind, tuple[str, str]] = {
    "invalid_request": ("invalid_request_error", "Invalid request."),
    "missing_key": ("authentication_error", "x-api-key header is required"),
    "bad_key": ("authentication_error", "invalid x-api-key"),
    "not_found": ("not_found_error", "model: {model}"),
    "context_length": (
        "invalid_request_error",
        "prompt is too long: {tokens} tokens > {window} maximum",
    ),
    "max_tokens": (
        "invalid_request_error",
        "max_tokens: {asked} > {limit}, which is the maximum allowed number of output "
        "tokens for {model}",
    ),
    "rate_limit": (
        "rate_limit_error",
        "This request would exceed the rate limit for your organization of 50 requests per "
        "minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
    ),
    "server": ("api_error", "Internal server error"),
    "overloaded": ("overloaded_error", "Overloaded"),
    "unavailable": ("api_error", "Service unavailable"),
}  # fmt: skip
_ALPHABET = string.ascii_letters + string.digits
_EMPTY: dict[str, dict[str, Any]] = {"text": {"text": ""}, "tool_use": {"input": {}}}


class AnthropicWire:
    """Anthropic Messages: ``POST /v1/messages``."""

    name: ClassVar[WireName] = "anthropic"
    request_id_header: ClassVar[str] = "request-id"

    def check_headers(self, headers: Mapping[str, str]) -> None:
        """Anthropic refuses requests without an ``anthropic-version`` header."""
        if not headers.get("anthropic-version"):
            raise Rejected(400, "invalid_request", "anthropic-version: header is required")

    def parse(self, body: dict[str, Any]) -> Ask:
        """The request as an ``Ask``; raises ``Rejected`` when Anthropic would refuse it."""
        model, max_tokens, messages = _required(body)
        _paired(messages)
        tools = tuple(
            ToolSpec(str(t["name"]), str(t.get("description") or ""), t.get("input_schema") or {})
            for t in body.get("tools") or ()
            if isinstance(t, dict) and "name" in t and "input_schema" in t
        )
        tool_mode, forced = _tool_choice(body.get("tool_choice"), tools)
        segments = _segments(body)
        last_blocks = _blocks(messages[-1].get("content"))
        results = [b for b in last_blocks if b.get("type") == "tool_result"]
        stops = body.get("stop_sequences") or ()
        return Ask(
            model=model,
            turns=_turns(body.get("system"), messages),
            prompt_tokens=REPLY_PRIMING + sum(tokens for _, tokens, _ in segments),
            max_tokens=max_tokens,
            stream=bool(body.get("stream")),
            tools=tools,
            tool_mode=tool_mode,
            forced_tool=forced,
            tool_result="\n".join(_text_of(b) for b in results) if results else None,
            stop=tuple(s for s in stops if isinstance(s, str) and s),
            cache=_cache_prefix(segments),
        )

    def error(self, rejected: Rejected) -> dict[str, Any]:
        """``{"type": "error", "error": {...}}`` in Anthropic's words."""
        kind, template = _ERRORS[rejected.kind]
        message = rejected.detail or template.format(**rejected.facts)
        return {"type": "error", "error": {"type": kind, "message": message}}

    def server_error(self, repeat: int) -> Rejected:
        """Alternately 500 api_error and 529 overloaded_error, as Anthropic has both."""
        return Rejected(500, "server") if repeat % 2 else Rejected(529, "overloaded")

    def render(self, answer: Answer) -> dict[str, Any]:
        """A ``message`` object."""
        return {**_message(answer, _blocks_of(answer)), "usage": _usage(answer.usage)}

    def frames(self, answer: Answer, ask: Ask) -> list[Frame]:
        """The Messages stream events for ``answer``."""
        start = {**_message(answer, []), "stop_reason": None, "stop_sequence": None}
        start["usage"] = {**_usage(answer.usage), "output_tokens": 1}
        out = [Frame(_event("message_start", {"message": start}))]
        blocks = _blocks_of(answer)
        for index, block in enumerate(blocks):
            empty = {**_visible(block), **_EMPTY[block["type"]]}
            start_block = {"index": index, "content_block": empty}
            out.append(Frame(_event("content_block_start", start_block)))
            if index == 0:
                out.append(Frame(_event("ping", {})))
            out += _deltas(index, block)
            out.append(Frame(_event("content_block_stop", {"index": index})))
        if not blocks:
            out.append(Frame(_event("ping", {})))
        delta = {"stop_reason": _STOP[answer.finish], "stop_sequence": answer.stop_sequence}
        usage = {"output_tokens": answer.usage.completion}
        out.append(Frame(_event("message_delta", {"delta": delta, "usage": usage}), final=True))
        out.append(Frame(_event("message_stop", {}), final=True))
        return out

    def garbage(self) -> bytes:
        """An event whose data is cut off in the middle of its JSON."""
        return b'event: content_block_delta\ndata: {"type": "content_block_delta", "de\n\n'


def _required(body: dict[str, Any]) -> tuple[str, int, list[dict[str, Any]]]:
    model, max_tokens, messages = body.get("model"), body.get("max_tokens"), body.get("messages")
    if not isinstance(model, str) or not model:
        raise Rejected(400, "invalid_request", "model: Field required", param="model")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        raise Rejected(400, "invalid_request", "max_tokens: Field required", param="max_tokens")
    valid = isinstance(messages, list) and bool(messages)
    if not valid or not all(
        isinstance(m, dict) and m.get("role") in ("user", "assistant") for m in messages or ()
    ):
        raise Rejected(
            400, "invalid_request", "messages: at least one user or assistant message is required"
        )
    return model, max_tokens, list(messages or ())


def _paired(messages: list[dict[str, Any]]) -> None:
    """Refuse what Anthropic refuses: a ``tool_result`` whose ``tool_use_id`` is not a
    ``tool_use`` of the message just before it, or a ``tool_use`` left unanswered by the
    next message (translations that split or reorder tool turns break exactly here)."""
    for i, message in enumerate(messages):
        ids = {
            str(b.get("id")) for b in _blocks(message.get("content")) if b.get("type") == "tool_use"
        }
        after = messages[i + 1].get("content") if i + 1 < len(messages) else None
        answered = {
            str(b.get("tool_use_id")) for b in _blocks(after) if b.get("type") == "tool_result"
        }
        missing = sorted(ids - answered)
        if missing and i + 1 < len(messages):
            detail = (
                f"messages.{i + 1}: `tool_use` ids were found without `tool_result` blocks "
                f"immediately after: {', '.join(missing)}. Each `tool_use` block must have a "
                "corresponding `tool_result` block in the next message."
            )
            raise Rejected(400, "invalid_request", detail)
        results = {
            str(b.get("tool_use_id"))
            for b in _blocks(message.get("content"))
            if b.get("type") == "tool_result"
        }
        before = messages[i - 1].get("content") if i else None
        used = {str(b.get("id")) for b in _blocks(before) if b.get("type") == "tool_use"}
        stray = sorted(results - used)
        if stray:
            detail = (
                f"messages.{i}.content: unexpected `tool_use_id` found in `tool_result` blocks: "
                f"{', '.join(stray)}. Each `tool_result` block must have a corresponding "
                "`tool_use` block in the previous message."
            )
            raise Rejected(400, "invalid_request", detail)


def _tool_choice(choice: Any, tools: tuple[ToolSpec, ...]) -> tuple[ToolMode, str | None]:
    if not isinstance(choice, dict):
        return "auto", None
    mode = _TOOL_MODES.get(str(choice.get("type")), "auto")
    if choice.get("type") != "tool":
        return mode, None
    name = choice.get("name")
    if name not in {t.name for t in tools}:
        raise Rejected(400, "invalid_request", f"tool_choice: tool {name!r} not found in tools")
    return mode, str(name)


def _blocks(content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if not isinstance(content, list):
        return []
    return [b for b in content if isinstance(b, dict)]


def _text_of(block: dict[str, Any]) -> str:
    kind = block.get("type")
    if kind == "text":
        return str(block.get("text") or "")
    if kind == "tool_use":
        return f"{block.get('name')}({orjson.dumps(block.get('input') or {}).decode()})"
    if kind == "tool_result":
        return "\n".join(_text_of(b) for b in _blocks(block.get("content")))
    return ""


def _turns(system: Any, messages: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    turns = [("system", "\n".join(_text_of(b) for b in _blocks(system)))] if system else []
    for message in messages:
        text = "\n".join(_text_of(b) for b in _blocks(message.get("content")))
        turns.append((str(message["role"]), text))
    return tuple(turns)


def _segments(body: dict[str, Any]) -> list[tuple[str, int, bool]]:
    """The prompt in cache order (tools, system, messages): (text, tokens, breakpoint)."""
    out: list[tuple[str, int, bool]] = []
    for tool in body.get("tools") or ():
        text = orjson.dumps(tool).decode()
        out.append((text, estimate_text(text), isinstance(tool, dict) and "cache_control" in tool))
    for block in _blocks(body.get("system")):
        text = _text_of(block)
        out.append((text, estimate_text(text), "cache_control" in block))
    for message in body.get("messages") or ():
        out.append((str(message.get("role")), MESSAGE_OVERHEAD, False))
        for block in _blocks(message.get("content")):
            text = _text_of(block)
            tokens = IMAGE_TOKENS if block.get("type") == "image" else estimate_text(text)
            out.append((text, tokens, "cache_control" in block))
    return out


def _cache_prefix(segments: list[tuple[str, int, bool]]) -> CachePrefix | None:
    """The prompt up to its last ``cache_control`` breakpoint, if long enough to cache."""
    marks = [i for i, (_, _, mark) in enumerate(segments) if mark]
    if not marks:
        return None
    prefix = segments[: marks[-1] + 1]
    tokens = sum(t for _, t, _ in prefix)
    if tokens < CACHE_MIN_TOKENS:
        return None
    material = orjson.dumps([text for text, _, _ in prefix])
    return CachePrefix(hashlib.sha256(material).hexdigest(), tokens, explicit=True)


def _blocks_of(answer: Answer) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "text", "text": answer.text}] if answer.text else []
    for call in answer.tool_calls:
        try:
            arguments = orjson.loads(call.arguments)
        except orjson.JSONDecodeError:  # cut short by max_tokens
            arguments = {}
        block = {"type": "tool_use", "id": f"toolu_01{call.id[:22]}", "name": call.name}
        blocks.append({**block, "input": arguments, "_json": call.arguments})
    return blocks


def _deltas(index: int, block: dict[str, Any]) -> list[Frame]:
    if block["type"] == "text":
        return [
            Frame(_event("content_block_delta", {"index": index, "delta": d}), content=d["text"])
            for d in ({"type": "text_delta", "text": p} for p in pieces(block["text"]))
        ]
    text = str(block["_json"])
    parts = [text[i : i + ARGUMENT_CHUNK] for i in range(0, len(text), ARGUMENT_CHUNK)]
    return [
        Frame(_event("content_block_delta", {"index": index, "delta": d}), content=part)
        for part, d in ((p, {"type": "input_json_delta", "partial_json": p}) for p in parts)
    ]


def _visible(block: dict[str, Any]) -> dict[str, Any]:
    """The block without the simulator's private keys (``_json``: raw tool input)."""
    return {k: v for k, v in block.items() if not k.startswith("_")}


def _message(answer: Answer, content: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "msg_01" + "".join(secrets.choice(_ALPHABET) for _ in range(22)),
        "type": "message",
        "role": "assistant",
        "model": answer.model,
        "content": [_visible(block) for block in content],
        "stop_reason": _STOP[answer.finish],
        "stop_sequence": answer.stop_sequence,
    }


def _usage(usage: Usage) -> dict[str, Any]:
    return {
        "input_tokens": usage.prompt - usage.cache_read - usage.cache_write,
        "output_tokens": usage.completion,
        "cache_creation_input_tokens": usage.cache_write,
        "cache_read_input_tokens": usage.cache_read,
    }


def _event(kind: str, payload: dict[str, Any]) -> bytes:
    data = orjson.dumps({"type": kind, **payload})
    return b"event: " + kind.encode() + b"\ndata: " + data + b"\n\n"
