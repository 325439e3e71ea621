"""The OpenAI Chat Completions wire format, as the simulated upstream speaks it.

Requests are validated with the project's own ``ChatRequest`` (the OpenAI shape);
responses, stream chunks and errors follow OpenAI's documentation: ``chatcmpl-`` ids,
``choices[].message`` / ``delta``, ``usage`` with ``prompt_tokens_details.cached_tokens``
and ``completion_tokens_details.reasoning_tokens``, a final usage-only chunk when
``stream_options.include_usage`` is set, then ``data: [DONE]``. Errors are
``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from typing import Any, ClassVar

import orjson
from pydantic import ValidationError

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
from modelrouter.types import ChatRequest, Message, new_id

CACHE_MIN_TOKENS = 1024
CACHE_STEP = 128
IMAGE_TOKENS = 85
ARGUMENT_CHUNK = 8
REASONING_TOKENS = {"minimal": 0, "none": 0, "low": 64, "medium": 192, "high": 512, "xhigh": 1024}

_FINISH = {"stop": "stop", "stop_sequence": "stop", "length": "length", "tool_calls": "tool_calls"}
_ERRORS: dict[ErrorKind, tuple[str, str | None, str]] = {
    "invalid_request": ("invalid_request_error", None, "Invalid request."),
    "missing_key": (
        "invalid_request_error",
        None,
        "You didn't provide an API key. You need to provide your API key in an "
        "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    ),
    "bad_key": (
        "invalid_request_error",
        "invalid_api_key",
        "Incorrect API key provided. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
    ),
    "not_found": (
        "invalid_request_error",
        "model_not_found",
        "The model `{model}` does not exist or you do not have access to it.",
    ),
    "context_length": (
        "invalid_request_error",
        "context_length_exceeded",
        "This model's maximum context length is {window} tokens. However, your messages "
        "resulted in {tokens} tokens. Please reduce the length of the messages.",
    ),
    "max_tokens": (
        "invalid_request_error",
        None,
        "max_tokens is too large: {asked}. This model supports at most {limit} completion "
        "tokens, whereas you provided {asked}.",
    ),
    "rate_limit": (
        "requests",
        "rate_limit_exceeded",
        "Rate limit reached for {model} on requests per min (RPM): Limit 60, Used 60, "
        "Requested 1. Please try again in {retry_after}s.",
    ),
    "server": (
        "server_error",
        None,
        "The server had an error while processing your request. Sorry about that!",
    ),
    "overloaded": ("server_error", None, "The engine is currently overloaded, please retry."),
    "unavailable": ("server_error", None, "The server is overloaded or not ready yet."),
}


class OpenAIWire:
    """OpenAI Chat Completions: ``POST /v1/chat/completions``."""

    name: ClassVar[WireName] = "openai"
    request_id_header: ClassVar[str] = "x-request-id"

    def check_headers(self, headers: Mapping[str, str]) -> None:
        """OpenAI needs no header beyond the key."""

    def parse(self, body: dict[str, Any]) -> Ask:
        """The request as an ``Ask``; raises ``Rejected`` when OpenAI would refuse it."""
        if not isinstance(body.get("model"), str) or not body["model"]:
            raise Rejected(400, "invalid_request", "you must provide a model parameter")
        try:
            request = ChatRequest.model_validate(body)
        except ValidationError as exc:
            error = exc.errors()[0]
            param = ".".join(str(part) for part in error["loc"])
            raise Rejected(400, "invalid_request", f"{param}: {error['msg']}", param=param) from exc
        tools = tuple(
            ToolSpec(t.function.name, t.function.description or "", t.function.parameters or {})
            for t in request.tools or ()
        )
        tool_mode, forced = _tool_choice(request.tool_choice, tools)
        last = request.messages[-1]
        response_format = request.response_format or {}
        stop = request.stop if isinstance(request.stop, list) else [request.stop or ""]
        effort = str(request.passthrough().get("reasoning_effort"))
        return Ask(
            model=request.model,
            turns=tuple((m.role, _text_of(m)) for m in request.messages),
            prompt_tokens=_prompt_tokens(request.messages, tools),
            max_tokens=request.output_limit(),
            stream=request.stream,
            include_usage=bool((request.stream_options or {}).get("include_usage")),
            tools=tools,
            tool_mode=tool_mode,
            forced_tool=forced,
            tool_result=last.text() if last.role == "tool" else None,
            json_mode=request.wants_json(),
            json_schema=(response_format.get("json_schema") or {}).get("schema"),
            stop=tuple(s for s in stop if s),
            reasoning_tokens=REASONING_TOKENS.get(effort, 0),
            cache=_cache_prefix(request.messages, tools),
            choices=_choices(request.passthrough().get("n")),
        )

    def error(self, rejected: Rejected) -> dict[str, Any]:
        """``{"error": {...}}`` in OpenAI's words."""
        kind, code, template = _ERRORS[rejected.kind]
        message = rejected.detail or template.format(**rejected.facts)
        return {"error": {"message": message, "type": kind, "param": rejected.param, "code": code}}

    def server_error(self, repeat: int) -> Rejected:
        """OpenAI answers internal failures with 500."""
        return Rejected(500, "server")

    def render(self, answer: Answer) -> dict[str, Any]:
        """A ``chat.completion`` object."""
        message: dict[str, Any] = {
            "role": "assistant",
            "content": answer.text if answer.text or not answer.tool_calls else None,
            "refusal": None,
            "annotations": [],
        }
        if answer.tool_calls:
            message["tool_calls"] = [
                {
                    "id": f"call_{call.id}",
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments},
                }
                for call in answer.tool_calls
            ]
        choice = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": _FINISH[answer.finish],
        }
        return {
            **_envelope("chat.completion", new_id("chatcmpl"), answer.model),
            "choices": [{**choice, "index": i} for i in range(answer.choices)],
            "usage": _usage(answer.usage),
        }

    def frames(self, answer: Answer, ask: Ask) -> list[Frame]:
        """``chat.completion.chunk`` events, the usage chunk if asked, then ``[DONE]``."""
        head = _envelope("chat.completion.chunk", new_id("chatcmpl"), answer.model)
        extra = {"usage": None} if ask.include_usage else {}

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return _sse({**head, "choices": [choice], **extra})

        out = [Frame(chunk({"role": "assistant", "content": "", "refusal": None}))]
        out += [Frame(chunk({"content": p}), content=p) for p in pieces(answer.text)]
        for index, call in enumerate(answer.tool_calls):
            start = {"index": index, "id": f"call_{call.id}", "type": "function"}
            start["function"] = {"name": call.name, "arguments": ""}
            out.append(Frame(chunk({"tool_calls": [start]})))
            for part in _slices(call.arguments, ARGUMENT_CHUNK):
                delta = {"tool_calls": [{"index": index, "function": {"arguments": part}}]}
                out.append(Frame(chunk(delta), content=part))
        out.append(Frame(chunk({}, _FINISH[answer.finish]), final=True))
        if ask.include_usage:
            usage_chunk = {**head, "choices": [], "usage": _usage(answer.usage)}
            out.append(Frame(_sse(usage_chunk), final=True))
        out.append(Frame(b"data: [DONE]\n\n", final=True))
        return out

    def garbage(self) -> bytes:
        """A chunk cut off in the middle of its JSON."""
        return b'data: {"id": "chatcmpl-sim", "object": "chat.completion.chunk", "choices": [{\n\n'


def _tool_choice(
    choice: str | dict[str, Any] | None, tools: tuple[ToolSpec, ...]
) -> tuple[ToolMode, str | None]:
    if choice is not None and not tools:
        raise Rejected(
            400,
            "invalid_request",
            "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' "
            "are specified.",
            param="tool_choice",
        )
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if name not in {t.name for t in tools}:
            raise Rejected(
                400, "invalid_request", f"Tool choice '{name}' not found in 'tools'.",
                param="tool_choice",
            )  # fmt: skip
        return "required", str(name)
    if choice == "none":
        return "none", None
    return ("required", None) if choice == "required" else ("auto", None)


def _text_of(message: Message) -> str:
    calls = " ".join(f"{c.function.name}({c.function.arguments})" for c in message.tool_calls or ())
    return f"{message.text()} {calls}".strip() if calls else message.text()


def _prompt_tokens(messages: list[Message], tools: tuple[ToolSpec, ...]) -> int:
    total = REPLY_PRIMING
    for message in messages:
        total += MESSAGE_OVERHEAD + estimate_text(_text_of(message))
        total += IMAGE_TOKENS if message.has_image() else 0
    if tools:
        total += estimate_text(orjson.dumps([t.schema for t in tools]).decode())
        total += sum(estimate_text(f"{t.name} {t.description}") for t in tools)
    return total


def _cache_prefix(messages: list[Message], tools: tuple[ToolSpec, ...]) -> CachePrefix | None:
    """OpenAI caches prompt prefixes of 1024 tokens and more, in steps of 128 tokens."""
    prefix = messages[:-1] or messages
    tokens = _prompt_tokens(prefix, tools) - REPLY_PRIMING
    if tokens < CACHE_MIN_TOKENS:
        return None
    material = orjson.dumps(
        [[m.model_dump(mode="json") for m in prefix], [t.name for t in tools]],
        option=orjson.OPT_SORT_KEYS,
    )
    return CachePrefix(hashlib.sha256(material).hexdigest(), tokens - tokens % CACHE_STEP)


def _envelope(kind: str, response_id: str, model: str) -> dict[str, Any]:
    return {
        "id": response_id,
        "object": kind,
        "created": int(time.time()),
        "model": model,
        "service_tier": "default",
        "system_fingerprint": "fp_sim",
    }


def _choices(n: object) -> int:
    """OpenAI's ``n`` (1 to 128), as many answers; anything else is refused as OpenAI does."""
    if n is None:
        return 1
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 128:
        raise Rejected(400, "invalid_request", "n: must be an integer from 1 to 128", param="n")
    return n


def _usage(usage: Usage) -> dict[str, Any]:
    return {
        "prompt_tokens": usage.prompt,
        "completion_tokens": usage.completion,
        "total_tokens": usage.prompt + usage.completion,
        "prompt_tokens_details": {"cached_tokens": usage.cache_read, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": usage.reasoning,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _sse(payload: dict[str, Any]) -> bytes:
    return b"data: " + orjson.dumps(payload) + b"\n\n"


def _slices(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]
