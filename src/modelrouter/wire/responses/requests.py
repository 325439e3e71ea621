"""OpenAI Responses requests arriving at the gateway, as internal ``ChatRequest``s.

Codex CLI, the OpenAI Agents SDK and ``client.responses.*`` send ``POST /v1/responses``;
this module turns the body (``input`` as a string or items, ``instructions``, function
tools, ``text.format``, ``reasoning``) plus the items of an earlier stored response into
the chat-completions shape the router speaks. ``answers.py`` translates the way back.

Free-form (``custom``) tools go as functions of one string, ``input``. Items the internal
shape cannot carry to another model are dropped with a note, never an error: reasoning
items (encrypted or summarised thinking of one vendor's model) and hosted tools (web
search, file search...) that no routed upstream runs, with the call items a native
upstream that ran them returned (``web_search_call``...). Everything else that is
wrong is an ``InvalidRequest`` naming the field (``input.2.call_id``).

Pure functions: no I/O, never picks a model, never talks to a vendor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from modelrouter.errors import InvalidRequest
from modelrouter.types import MAX_TOKENS

# Responses fields that map one to one onto chat-completions fields.
_SAME = ("temperature", "top_p", "parallel_tool_calls", "user", "safety_identifier")
_ROLES = {"user": "user", "assistant": "assistant", "system": "system", "developer": "system"}
_TEXT_PARTS = frozenset({"input_text", "output_text", "text", "refusal", "summary_text"})


@dataclass
class Translated:
    """The chat-completions body for one Responses request, and what was left behind."""

    chat: dict[str, Any]
    items: list[dict[str, Any]]  # the request's input as items (stored for later turns)
    notes: list[str] = field(default_factory=list)
    custom: frozenset[str] = frozenset()  # free-form (custom) tools, sent as functions


def chat_body(body: dict[str, Any], history: list[dict[str, Any]]) -> Translated:
    """The internal request body for ``body``, after the ``history`` items of its
    ``previous_response_id`` chain."""
    items = input_items(body.get("input"))
    notes: list[str] = []
    messages: list[dict[str, Any]] = []
    instructions = body.get("instructions")
    if instructions is not None:
        if not isinstance(instructions, str):
            raise _invalid("instructions", "must be a string")
        messages.append({"role": "system", "content": instructions})
    messages += messages_of(history + items, notes, base=-len(history))
    chat: dict[str, Any] = {
        "model": _string(body, "model") or "auto",
        "messages": messages,
        "stream": _flag(body, "stream"),
    }
    _metadata(body.get("metadata"))
    chat.update({name: body[name] for name in _SAME if body.get(name) is not None})
    limit = body.get("max_output_tokens")
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_TOKENS:
            raise _invalid("max_output_tokens", "must be a positive integer")
        chat["max_completion_tokens"] = limit
    chat.update(_reasoning(body.get("reasoning")))
    chat.update(_format(body.get("text")))
    tools = tools_of(body.get("tools"), notes)
    custom = frozenset(t["function"]["name"] for t in tools if t["function"].get("x-custom"))
    for tool in tools:
        tool["function"].pop("x-custom", None)
    if tools:
        chat["tools"] = tools
        choice = tool_choice(body.get("tool_choice"))
        if choice is not None:
            chat["tool_choice"] = choice
    return Translated(chat, items, notes, custom)


def input_items(value: Any) -> list[dict[str, Any]]:
    """``input`` as a list of items (a string is one user message)."""
    if isinstance(value, str):
        return [{"type": "message", "role": "user", "content": value}]
    if not isinstance(value, list) or not value:
        raise _invalid("input", "must be a string or a non-empty list of items")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise _invalid(f"input.{i}", "must be an object")
    return value


def messages_of(items: list[dict[str, Any]], notes: list[str], base: int = 0) -> list[Any]:
    """Chat messages for Responses items: consecutive function calls become one assistant
    turn (parallel tool calls), each output a tool message with the same ``call_id``."""
    messages: list[dict[str, Any]] = []
    dropped, hosted = 0, 0
    for i, item in enumerate(items):
        where = f"input.{i + base}" if i + base >= 0 else "previous_response_id"
        kind = item.get("type", "message")
        if kind == "message":
            messages.append(_message(item, where))
        elif kind == "function_call":
            _add_call(messages, item, where)
        elif kind in ("function_call_output", "custom_tool_call_output"):
            messages.append(_output(item, where))
        elif kind == "custom_tool_call":
            _add_call(messages, _as_function_call(item, where), where)
        elif kind == "reasoning":
            dropped += 1
        elif isinstance(kind, str) and kind.endswith("_call"):
            hosted += 1  # web_search_call and the like, run by a native upstream
        else:
            raise _invalid(f"{where}.type", f"items of type {kind!r} are not supported")
    if dropped:
        notes.append(f"{dropped} reasoning item(s) dropped: they cannot cross to another model")
    if hosted:
        notes.append(f"{hosted} hosted tool call item(s) dropped: only their upstream reads them")
    return messages


def _message(item: dict[str, Any], where: str) -> dict[str, Any]:
    given = item.get("role")
    role = _ROLES.get(given) if isinstance(given, str) else None
    if role is None:
        raise _invalid(f"{where}.role", "must be user, assistant, system or developer")
    content = item.get("content")
    if isinstance(content, str):
        return {"role": role, "content": content}
    if not isinstance(content, list):
        raise _invalid(f"{where}.content", "must be a string or a list of parts")
    parts = [_part(part, f"{where}.content.{j}") for j, part in enumerate(content)]
    if role != "user" and all(p["type"] == "text" for p in parts):
        return {"role": role, "content": "".join(p["text"] for p in parts)}
    return {"role": role, "content": parts}


def _part(part: Any, where: str) -> dict[str, Any]:
    kind = part.get("type") if isinstance(part, dict) else None
    if isinstance(kind, str) and kind in _TEXT_PARTS:
        text = part.get("text", part.get("refusal"))
        if not isinstance(text, str):
            raise _invalid(f"{where}.text", "must be a string")
        return {"type": "text", "text": text}
    if kind == "input_image":
        url = part.get("image_url")
        if not isinstance(url, str):
            raise _invalid(
                f"{where}.image_url", "must be a URL or data URL (file_id is not served)"
            )
        return {
            "type": "image_url",
            "image_url": {"url": url, "detail": part.get("detail", "auto")},
        }
    raise _invalid(f"{where}.type", f"content parts of type {kind!r} are not supported")


def _add_call(messages: list[dict[str, Any]], item: dict[str, Any], where: str) -> None:
    call_id, name = item.get("call_id"), item.get("name")
    if not isinstance(call_id, str) or not call_id:
        raise _invalid(f"{where}.call_id", "must be a non-empty string")
    if not isinstance(name, str) or not name:
        raise _invalid(f"{where}.name", "must be a non-empty string")
    arguments = item.get("arguments", "")
    if not isinstance(arguments, str):
        raise _invalid(f"{where}.arguments", "must be a string of JSON")
    call = {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
    last = messages[-1] if messages else None
    if (
        last is not None
        and last["role"] == "assistant"
        and isinstance(last.get("content"), str | None)
    ):
        last.setdefault("tool_calls", []).append(call)
        return
    messages.append({"role": "assistant", "content": None, "tool_calls": [call]})


def _as_function_call(item: dict[str, Any], where: str) -> dict[str, Any]:
    """A free-form tool's call as the call of the function it is sent as."""
    text = item.get("input")
    if not isinstance(text, str):
        raise _invalid(f"{where}.input", "must be a string")
    return {**item, "arguments": orjson.dumps({"input": text}).decode()}


def _output(item: dict[str, Any], where: str) -> dict[str, Any]:
    call_id, output = item.get("call_id"), item.get("output")
    if not isinstance(call_id, str) or not call_id:
        raise _invalid(f"{where}.call_id", "must be a non-empty string")
    if isinstance(output, list):
        output = "".join(
            p["text"] for p in output if isinstance(p, dict) and isinstance(p.get("text"), str)
        )
    if not isinstance(output, str):
        raise _invalid(f"{where}.output", "must be a string or a list of text parts")
    return {"role": "tool", "tool_call_id": call_id, "content": output}


def tools_of(value: Any, notes: list[str]) -> list[dict[str, Any]]:
    """Function tools in the chat shape; hosted tools are dropped with a note."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _invalid("tools", "must be a list")
    tools, hosted = [], []
    for i, tool in enumerate(value):
        if not isinstance(tool, dict):
            raise _invalid(f"tools.{i}", "must be an object")
        if tool.get("type") == "custom" and isinstance(tool.get("name"), str):
            tools.append(_custom(tool))
            continue
        if tool.get("type") != "function":
            hosted.append(str(tool.get("type")))
            continue
        function = {
            k: tool[k] for k in ("name", "description", "parameters", "strict") if k in tool
        }
        if not isinstance(function.get("name"), str):
            raise _invalid(f"tools.{i}.name", "must be a string")
        if function.get("parameters") is None:
            function.pop("parameters", None)
        tools.append({"type": "function", "function": function})
    if hosted:
        notes.append(f"hosted tools not served by routed models were dropped: {', '.join(hosted)}")
    return tools


def _custom(tool: dict[str, Any]) -> dict[str, Any]:
    """A free-form tool (Codex's ``apply_patch``) as a function of one string, ``input``."""
    description = str(tool.get("description") or "")
    fmt = tool.get("format")
    if isinstance(fmt, dict) and isinstance(fmt.get("definition"), str):
        description += f"\n\nThe input follows this {fmt.get('syntax', '')} grammar:\n"
        description += fmt["definition"]
    parameters = {
        "type": "object",
        "properties": {"input": {"type": "string", "description": "the free-form input"}},
        "required": ["input"],
    }
    function = {"name": tool["name"], "description": description, "parameters": parameters}
    return {"type": "function", "function": {**function, "x-custom": True}}


def tool_choice(value: Any) -> str | dict[str, Any] | None:
    """``tool_choice`` in the chat shape."""
    if value is None or value in ("auto", "none", "required"):
        return value  # type: ignore[no-any-return]
    if isinstance(value, dict) and value.get("type") == "function":
        name = value.get("name")
        if not isinstance(name, str):
            raise _invalid("tool_choice.name", "must be a string")
        return {"type": "function", "function": {"name": name}}
    raise _invalid("tool_choice", "must be 'auto', 'none', 'required' or a function")


def _reasoning(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _invalid("reasoning", "must be an object")
    effort = value.get("effort")
    if effort is None:
        return {}
    if effort not in ("minimal", "low", "medium", "high"):
        raise _invalid("reasoning.effort", "must be minimal, low, medium or high")
    return {"reasoning_effort": effort}


def _format(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    fmt = value.get("format") if isinstance(value, dict) else None
    if fmt is None:
        return {}
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind == "text":
        return {}
    if kind == "json_object":
        return {"response_format": {"type": "json_object"}}
    if kind == "json_schema":
        schema = {k: fmt[k] for k in ("name", "schema", "strict", "description") if k in fmt}
        if not isinstance(schema.get("name"), str):
            raise _invalid("text.format.name", "must be a string")
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
    raise _invalid("text.format.type", "must be text, json_object or json_schema")


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise _invalid(name, "must be true or false")
    return value


def _metadata(value: Any) -> None:
    """OpenAI's rule: at most 16 pairs, keys up to 64 and values up to 512 characters."""
    if value is None:
        return
    if not isinstance(value, dict) or len(value) > 16:
        raise _invalid("metadata", "must be an object of at most 16 string pairs")
    for name, text in value.items():
        if len(name) > 64 or not isinstance(text, str) or len(text) > 512:
            raise _invalid(f"metadata.{name[:64]}", "keys up to 64, values up to 512 characters")


def _string(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise _invalid(name, "must be a string")
    return value


def _invalid(param: str, problem: str) -> InvalidRequest:
    return InvalidRequest(f"{param}: {problem}", param=param)
