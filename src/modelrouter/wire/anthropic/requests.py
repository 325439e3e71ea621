"""Anthropic Messages requests arriving at the gateway, as internal ``ChatRequest``s.

Clients of the official ``anthropic`` SDK point their base URL at modelrouter; this module
turns their request body into the internal request, so the router can send it to any
model, OpenAI-format ones included. ``answers.py`` translates the way back.

Bad input is rejected here with ``InvalidRequest`` whose ``param`` names the field in
Anthropic's dotted style (``messages.2.content.0.type``). Anthropic-only fields the internal
shape can hold (``top_k``, ``cache_control``, ``is_error``) ride along as extra fields.

Pure functions: this module never does I/O, never picks a model and never talks to a
vendor. Translation *to* Anthropic upstreams is ``calls.py``.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError

from modelrouter.errors import InvalidRequest, shown
from modelrouter.jsonschema import schema_problem
from modelrouter.types import MAX_TOKENS, ChatRequest, integral

_TOOL_CHOICES = {"auto": "auto", "any": "required", "none": "none"}
# Extended-thinking blocks a client sends back cannot be replayed to another model.
_DROPPED_BLOCKS = frozenset({"thinking", "redacted_thinking"})


def request_from_messages(body: dict[str, Any]) -> ChatRequest:
    """An Anthropic Messages request body as the internal request; unknown fields are ignored."""
    if not isinstance(body, dict):
        raise InvalidRequest("the request body must be a JSON object")
    fields: dict[str, Any] = {
        "model": _field(body, "model", str) or "auto",
        "max_tokens": _field(body, "max_tokens", int, required=True, low=1, high=MAX_TOKENS),
        "messages": _system(body.get("system")) + _messages(body.get("messages")),
        "stream": _field(body, "stream", bool) or False,
        "user": _field(_field(body, "metadata", dict) or {}, "user_id", str, "metadata"),
        **_sampling(body),
        **_tools(body),
    }
    try:
        return ChatRequest.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:  # a safety net: the checks above name the Anthropic field
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise InvalidRequest(f"{where}: {error['msg']}") from exc


def _invalid(param: str, problem: str) -> InvalidRequest:
    return InvalidRequest(f"{param}: {problem}", param=param)


def _field(
    data: dict[str, Any],
    name: str,
    kind: type | tuple[type, ...],
    where: str = "",
    *,
    required: bool = False,
    low: float | None = None,
    high: float | None = None,
) -> Any:
    """``data[name]`` checked to be a ``kind`` (a bool is no number) in range, or None.

    null counts as absent, and so does "" where a string is expected."""
    param = f"{where}.{name}" if where else name
    value = data.get(name)
    if value is None or (value == "" and kind is str):
        if required:
            raise _invalid(param, "field required")
        return None
    if kind is int:
        value = integral(value)
    typed = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if not typed:
        raise _invalid(param, f"must not be of type {type(value).__name__}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise _invalid(param, f"must be at least {low}" + (f" and at most {high}" if high else ""))
    return value


def _sampling(body: dict[str, Any]) -> dict[str, Any]:
    stop = _field(body, "stop_sequences", list) or None
    if stop and not all(isinstance(s, str) for s in stop):
        raise _invalid("stop_sequences", "must be a list of strings")
    return {
        "temperature": _field(body, "temperature", (int, float), low=0, high=1),
        "top_p": _field(body, "top_p", (int, float), low=0, high=1),
        "top_k": _field(body, "top_k", int, low=0, high=MAX_TOKENS),
        "stop": stop,
    }


def _system(value: Any, where: str = "system") -> list[dict[str, Any]]:
    """The ``system`` prompt (or a system turn among the messages) as one system message."""
    if value is None or value in ("", []):
        return []
    if isinstance(value, str):
        return [{"role": "system", "content": value}]
    if not isinstance(value, list):
        raise _invalid(where, "must be a string or a list of text blocks")
    message: dict[str, Any] = {"role": "system"}
    texts = []
    for i, block in enumerate(value):
        if _block_type(block, f"{where}.{i}") != "text":
            raise _invalid(f"{where}.{i}.type", "system blocks must be of type 'text'")
        part = _part(block, f"{where}.{i}")
        texts.append(part["text"])
        if "cache_control" in part:  # the last breakpoint covers the whole merged prompt
            message["cache_control"] = part["cache_control"]
    return [{**message, "content": "\n\n".join(texts)}]


def _messages(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise _invalid("messages", "must be a non-empty list of messages")
    messages: list[dict[str, Any]] = []
    for i, turn in enumerate(value):
        if not isinstance(turn, dict):
            raise _invalid(f"messages.{i}", "must be an object")
        role = turn.get("role")
        content = turn.get("content")
        if role == "system":  # Claude Code sends system turns among the messages
            messages.extend(_system(content, f"messages.{i}.content"))
            continue
        if role not in ("user", "assistant"):
            raise _invalid(f"messages.{i}.role", "must be 'user', 'assistant' or 'system'")
        if isinstance(content, str):
            messages.append({"role": role, "content": content})
        elif isinstance(content, list) and content:
            turn_of = _user_turn if role == "user" else _assistant_turn
            messages.extend(turn_of(content, f"messages.{i}.content"))
        else:
            raise _invalid(f"messages.{i}.content", "must be a string or a non-empty list")
    return messages


def _user_turn(blocks: list[Any], where: str) -> list[dict[str, Any]]:
    """Tool results first (as ``tool`` messages, in order), then the turn's own content."""
    results: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for j, block in enumerate(blocks):
        kind = _block_type(block, f"{where}.{j}")
        if kind == "tool_result":
            result, images = _tool_result(block, f"{where}.{j}")
            results.append(result)
            parts.extend(images)
        elif kind in ("text", "image"):
            parts.append(_part(block, f"{where}.{j}"))
        else:
            raise _invalid(
                f"{where}.{j}.type", f"unsupported block type {shown(kind)} in a user turn"
            )
    return results + ([{"role": "user", "content": parts}] if parts else [])


def _assistant_turn(blocks: list[Any], where: str) -> list[dict[str, Any]]:
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    for j, block in enumerate(blocks):
        kind = _block_type(block, f"{where}.{j}")
        if kind == "text":
            texts.append(_text_part(block, f"{where}.{j}")["text"])
        elif kind == "tool_use":
            calls.append(_tool_call(block, f"{where}.{j}"))
        elif kind not in _DROPPED_BLOCKS:
            raise _invalid(
                f"{where}.{j}.type", f"unsupported block type {shown(kind)} from assistant"
            )
    if not texts and not calls:  # a turn of thinking blocks only
        return []
    message = {"role": "assistant", "content": "".join(texts) or None, "tool_calls": calls or None}
    return [_present(message)]


def _block_type(block: Any, where: str) -> str:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        raise _invalid(f"{where}.type", "each content block must be an object with a type")
    return str(block["type"])


def _part(block: dict[str, Any], where: str) -> dict[str, Any]:
    """A text or image block as a content part, keeping its ``cache_control``."""
    part = _text_part(block, where) if block["type"] == "text" else _image_part(block, where)
    if block.get("cache_control") is not None:
        part["cache_control"] = block["cache_control"]
    return part


def _text_part(block: dict[str, Any], where: str) -> dict[str, Any]:
    text = block.get("text")
    if not isinstance(text, str):
        raise _invalid(f"{where}.text", "must be a string")
    return {"type": "text", "text": text}


def _image_part(block: dict[str, Any], where: str) -> dict[str, Any]:
    source = _field(block, "source", dict, where, required=True)
    if source.get("type") == "base64":
        media = _field(source, "media_type", str, f"{where}.source", required=True)
        data = _field(source, "data", str, f"{where}.source", required=True)
        url = f"data:{media};base64,{data}"
    elif source.get("type") == "url":
        url = _field(source, "url", str, f"{where}.source", required=True)
    else:
        raise _invalid(f"{where}.source.type", "image sources must be 'base64' or 'url'")
    return {"type": "image_url", "image_url": {"url": url}}


def _tool_result(block: dict[str, Any], where: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A ``tool`` message, and the images the result carried (tool messages hold text only)."""
    message: dict[str, Any] = {
        "role": "tool",
        "tool_call_id": _field(block, "tool_use_id", str, where, required=True),
        "is_error": _field(block, "is_error", bool, where),
        "cache_control": block.get("cache_control"),
    }
    content = block.get("content")
    if content is None or isinstance(content, str):
        return {**_present(message), "content": content or ""}, []
    if not isinstance(content, list):
        raise _invalid(f"{where}.content", "must be a string or a list of blocks")
    parts = []
    for k, item in enumerate(content):
        if _block_type(item, f"{where}.content.{k}") not in ("text", "image"):
            raise _invalid(f"{where}.content.{k}.type", "tool results hold text and images")
        parts.append(_part(item, f"{where}.content.{k}"))
    text = "\n".join(p["text"] for p in parts if p["type"] == "text")
    return {**_present(message), "content": text}, [p for p in parts if p["type"] != "text"]


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def _tool_call(block: dict[str, Any], where: str) -> dict[str, Any]:
    call_id = _field(block, "id", str, where, required=True)
    name = _field(block, "name", str, where, required=True)
    arguments = orjson.dumps(_field(block, "input", dict, where) or {}).decode()
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def _tools(body: dict[str, Any]) -> dict[str, Any]:
    """``tools`` as function tools with ``tool_choice``; both dropped when no tools are given."""
    choice, serial = _tool_choice(_field(body, "tool_choice", dict))
    tools = _field(body, "tools", list)
    if not tools:
        return {}
    return {
        "tools": [_tool(tool, f"tools.{i}") for i, tool in enumerate(tools)],
        "tool_choice": choice,
        "parallel_tool_calls": False if serial else None,
    }


def _tool(tool: Any, where: str) -> dict[str, Any]:
    if not isinstance(tool, dict):
        raise _invalid(where, "must be an object")
    if tool.get("type") not in (None, "custom"):
        raise _invalid(
            f"{where}.type", f"Anthropic-defined tool {shown(tool['type'])} is not supported"
        )
    name = _field(tool, "name", str, where, required=True)
    if len(name) > 128:
        raise _invalid(f"{where}.name", "must be at most 128 characters")
    schema = _field(tool, "input_schema", dict, where, required=True)
    problem = schema_problem(schema)
    if problem:
        raise _invalid(f"{where}.input_schema", f"not a JSON Schema: {problem}")
    function = {
        "name": name,
        "description": _field(tool, "description", str, where),
        "parameters": schema,
    }
    return {"type": "function", "function": _present(function)}


def _tool_choice(value: dict[str, Any] | None) -> tuple[str | dict[str, Any] | None, bool]:
    """The OpenAI ``tool_choice`` and whether parallel tool calls are disabled."""
    if value is None:
        return None, False
    serial = bool(_field(value, "disable_parallel_tool_use", bool, "tool_choice"))
    kind = value.get("type")
    if kind == "tool":
        name = _field(value, "name", str, "tool_choice", required=True)
        return {"type": "function", "function": {"name": name}}, serial
    if not isinstance(kind, str) or kind not in _TOOL_CHOICES:  # a dict is unhashable
        raise _invalid("tool_choice.type", "must be one of 'auto', 'any', 'tool', 'none'")
    return _TOOL_CHOICES[kind], serial


# --- response --------------------------------------------------------------------------
