"""Inbound Anthropic Messages translation: requests in, Message objects and SSE events out,
checked against the official ``anthropic`` SDK's own types and client."""

from __future__ import annotations

import copy
import json
from typing import Any

import anthropic
import httpx2
import orjson
import pytest
from anthropic.types import ErrorResponse, Message, RawMessageStreamEvent
from pydantic import TypeAdapter

from modelrouter.errors import InvalidRequest, MalformedResponse
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
from modelrouter.wire.anthropic.answers import (
    MessagesStreamEncoder,
    anthropic_error,
    messages_from_response,
)
from modelrouter.wire.anthropic.calls import to_messages_body
from modelrouter.wire.anthropic.requests import request_from_messages

PNG = "iVBORw0KGgoAAAANSUhEUg=="
WEATHER = {
    "name": "get_weather",
    "description": "Weather for a city",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}
CLOCK = {
    "name": "get_time",
    "input_schema": {"type": "object", "properties": {"tz": {"type": "string"}}},
}
SYSTEM = [
    {"type": "text", "text": "You are terse."},
    {"type": "text", "text": "Cite sources.", "cache_control": {"type": "ephemeral"}},
]
ASSISTANT_TURN = {
    "role": "assistant",
    "content": [
        {"type": "thinking", "thinking": "two tools", "signature": "sig"},
        {"type": "text", "text": "Checking both."},
        {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "toolu_02", "name": "get_time", "input": {"tz": "CET"}},
    ],
}
BODY: dict[str, Any] = {
    "model": "route:code",
    "max_tokens": 1024,
    "system": SYSTEM,
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is this, and the weather?"},
                {
                    "type": "image",
                    "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                },
            ],
        },
        ASSISTANT_TURN,
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "And this cat?"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_01",
                    "content": [{"type": "text", "text": "18C"}, {"type": "text", "text": "sunny"}],
                },
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_02",
                    "content": "boom",
                    "is_error": True,
                },
                {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
            ],
        },
    ],
    "tools": [WEATHER, CLOCK],
    "tool_choice": {"type": "any", "disable_parallel_tool_use": True},
    "stop_sequences": ["END"],
    "temperature": 0.2,
    "top_p": 0.9,
    "top_k": 40,
    "stream": True,
    "metadata": {"user_id": "user-42"},
    "thinking": {"type": "enabled", "budget_tokens": 2000},
    "service_tier": "auto",
}
EXPECTED_MESSAGES: list[dict[str, Any]] = [
    {
        "role": "system",
        "content": "You are terse.\n\nCite sources.",
        "cache_control": {"type": "ephemeral"},
    },
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is this, and the weather?"},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
        ],
    },
    {
        "role": "assistant",
        "content": "Checking both.",
        "tool_calls": [
            {
                "id": "toolu_01",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
            },
            {
                "id": "toolu_02",
                "type": "function",
                "function": {"name": "get_time", "arguments": '{"tz":"CET"}'},
            },
        ],
    },
    {"role": "tool", "tool_call_id": "toolu_01", "content": "18C\nsunny"},
    {"role": "tool", "tool_call_id": "toolu_02", "content": "boom", "is_error": True},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "And this cat?"},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
        ],
    },
]


def test_request_translates_to_the_exact_internal_request() -> None:
    request = request_from_messages(copy.deepcopy(BODY))

    assert request.model_dump(exclude_none=True) == {
        "model": "route:code",
        "max_tokens": 1024,
        "messages": EXPECTED_MESSAGES,
        "temperature": 0.2,
        "top_p": 0.9,
        "top_k": 40,
        "stop": ["END"],
        "tools": [
            {"type": "function", "function": {**_function(WEATHER)}},
            {"type": "function", "function": {**_function(CLOCK)}},
        ],
        "tool_choice": "required",
        "parallel_tool_calls": False,
        "stream": True,
        "user": "user-42",
    }
    assert request.required_capabilities() == {"tools", "vision"}


def _function(tool: dict[str, Any]) -> dict[str, Any]:
    function = {"name": tool["name"], "parameters": tool["input_schema"]}
    return {**function, "description": tool["description"]} if "description" in tool else function


def test_outbound_translation_gives_back_the_same_conversation() -> None:
    body = to_messages_body(request_from_messages(copy.deepcopy(BODY)), "claude-x", 8192)

    # the prompt-cache breakpoint survives the round trip
    assert body["system"] == [
        {
            "type": "text",
            "text": "You are terse.\n\nCite sources.",
            "cache_control": {"type": "ephemeral"},
        }
    ]
    first, _, third = BODY["messages"]
    assert body["messages"][0] == first
    # thinking blocks cannot be replayed to another model; everything else survives
    assert body["messages"][1] == {"role": "assistant", "content": ASSISTANT_TURN["content"][1:]}
    assert body["messages"][2] == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "toolu_01", "content": "18C\nsunny"},
            {"type": "tool_result", "tool_use_id": "toolu_02", "content": "boom", "is_error": True},
            third["content"][0],
            third["content"][3],
        ],
    }
    assert len(body["messages"]) == 3
    assert body["tools"] == [WEATHER, CLOCK]
    assert body["tool_choice"] == BODY["tool_choice"]
    assert (body["max_tokens"], body["stop_sequences"]) == (1024, ["END"])
    assert (body["temperature"], body["top_p"], body["top_k"]) == (0.2, 0.9, 40)


def test_simple_request_defaults() -> None:
    request = request_from_messages(
        {
            "max_tokens": 10,
            "messages": [{"role": "user", "content": "hi"}],
            "tool_choice": {"type": "auto"},
            "system": "Be brief.",
        }
    )

    assert request.model == "auto"
    assert request.stream is False
    assert request.tool_choice is None  # no tools: the choice has nothing to choose from
    assert [m.model_dump(exclude_none=True) for m in request.messages] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "hi"},
    ]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"type": "auto"}, "auto"),
        ({"type": "any"}, "required"),
        ({"type": "none"}, "none"),
        (
            {"type": "tool", "name": "get_time"},
            {"type": "function", "function": {"name": "get_time"}},
        ),
    ],
)
def test_tool_choice(choice: dict[str, Any], expected: Any) -> None:
    body = {**_minimal(), "tools": [CLOCK], "tool_choice": choice}

    request = request_from_messages(body)

    assert request.tool_choice == expected
    assert "parallel_tool_calls" not in request.passthrough()


def _minimal() -> dict[str, Any]:
    return {"model": "auto", "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]}


def _with(path: str, value: Any) -> dict[str, Any]:
    """The full body with one field (dotted path) replaced, or removed when value is ...."""
    body: Any = copy.deepcopy(BODY)
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is ...:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return dict(body)


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (_with("messages", ...), "messages"),
        (_with("messages", []), "messages"),
        (_with("max_tokens", ...), "max_tokens"),
        (_with("max_tokens", 0), "max_tokens"),
        (_with("max_tokens", "100"), "max_tokens"),
        (_with("max_tokens", True), "max_tokens"),
        (_with("model", 7), "model"),
        (_with("messages.0.role", "tool"), "messages.0.role"),
        (_with("messages.0.content", []), "messages.0.content"),
        (_with("messages.0.content.0", {"type": "document"}), "messages.0.content.0.type"),
        (_with("messages.0.content.0", "hi"), "messages.0.content.0.type"),
        (_with("messages.0.content.1.source.type", "file"), "messages.0.content.1.source.type"),
        (_with("messages.0.content.1.source.data", ...), "messages.0.content.1.source.data"),
        (_with("messages.1.content.0", {"type": "tool_result"}), "messages.1.content.0.type"),
        (_with("messages.1.content.2.id", ...), "messages.1.content.2.id"),
        (_with("messages.1.content.2.input", "x"), "messages.1.content.2.input"),
        (_with("messages.2.content.1.tool_use_id", ...), "messages.2.content.1.tool_use_id"),
        (_with("messages.2.content.2.is_error", "yes"), "messages.2.content.2.is_error"),
        (_with("system.0.type", "image"), "system.0.type"),
        (_with("temperature", 1.5), "temperature"),
        (_with("top_k", -1), "top_k"),
        (_with("stop_sequences", [1]), "stop_sequences"),
        (_with("tool_choice", {"type": "tool"}), "tool_choice.name"),
        (_with("tool_choice.type", "maybe"), "tool_choice.type"),
        (_with("tools.0.input_schema", ...), "tools.0.input_schema"),
        (_with("tools.1", {"type": "web_search_20250305", "name": "web"}), "tools.1.type"),
        (_with("metadata.user_id", 42), "metadata.user_id"),
    ],
)
def test_invalid_requests_name_the_field(body: dict[str, Any], param: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        request_from_messages(body)

    assert caught.value.param == param
    assert caught.value.message.startswith(param)


def test_a_body_that_is_not_an_object_is_invalid() -> None:
    with pytest.raises(InvalidRequest):
        request_from_messages([1, 2])  # type: ignore[arg-type]


def _call(call_id: str, name: str, arguments: str) -> ToolCall:
    return ToolCall(id=call_id, function=FunctionCall(name=name, arguments=arguments))


def test_response_becomes_a_message_the_sdk_accepts() -> None:
    response = ChatResponse(
        id="chatcmpl-abc123",
        model="gpt-4o-mini",
        choices=[
            Choice(
                message=AssistantMessage(
                    content="Checking.",
                    tool_calls=[
                        _call("call_1", "get_weather", '{"city": "Paris"}'),
                        _call("call_2", "get_time", '{"tz": '),
                    ],
                ),
                finish_reason="tool_calls",
            )
        ],
        usage=Usage.of(120, 30, cached=100, cache_write=5),
    )

    message = messages_from_response(response, "gpt-4o-mini")

    assert message == {
        "id": "msg_abc123",
        "type": "message",
        "role": "assistant",
        "model": "gpt-4o-mini",
        "content": [
            {"type": "text", "text": "Checking."},
            {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": "call_2", "name": "get_time", "input": {"_raw": '{"tz": '}},
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 15,
            "output_tokens": 30,
            "cache_read_input_tokens": 100,
            "cache_creation_input_tokens": 5,
        },
    }
    parsed = Message.model_validate(message)
    assert parsed.content[1].type == "tool_use"
    assert parsed.content[1].input == {"city": "Paris"}


@pytest.mark.parametrize(
    ("finish", "calls", "reason"),
    [
        ("stop", False, "end_turn"),
        ("length", False, "max_tokens"),
        ("content_filter", False, "refusal"),
        ("tool_calls", True, "tool_use"),
        ("stop", True, "tool_use"),  # some OpenAI-compatible servers finish tool calls so
        (None, False, "end_turn"),
    ],
)
def test_stop_reasons(finish: str | None, calls: bool, reason: str) -> None:
    tool_calls = [_call("c", "f", "{}")] if calls else None
    message = AssistantMessage(content=None if calls else "x", tool_calls=tool_calls)
    response = ChatResponse(model="m", choices=[Choice(message=message, finish_reason=finish)])

    assert messages_from_response(response, "m")["stop_reason"] == reason


ARGS = ['{"city": "Paris", "unit": "c"}', '{"tz": "Europe/Paris"}']


def _chunk(
    content: str | None = None,
    calls: list[ToolCallDelta] | None = None,
    finish: str | None = None,
    usage: Usage | None = None,
) -> ChatChunk:
    choices = (
        []
        if usage
        else [ChunkChoice(delta=Delta(content=content, tool_calls=calls), finish_reason=finish)]
    )
    return ChatChunk(id="chatcmpl-s1", model="gpt-4o-mini", choices=choices, usage=usage)


def _fragment(
    index: int, arguments: str, call_id: str | None = None, name: str | None = None
) -> ToolCallDelta:
    function = {"arguments": arguments, **({"name": name} if name else {})}
    return ToolCallDelta(
        index=index, id=call_id, type="function" if call_id else None, function=function
    )


def _stream_chunks() -> list[ChatChunk]:
    """Text, then two tool calls whose arguments arrive in pieces; usage after the finish."""
    return [
        ChatChunk(
            id="chatcmpl-s1",
            model="gpt-4o-mini",
            choices=[ChunkChoice(delta=Delta(role="assistant", content=""))],
        ),
        _chunk("Hel"),
        _chunk("lo!"),
        _chunk(calls=[_fragment(0, "", "call_a", "get_weather")]),
        _chunk(calls=[_fragment(0, ARGS[0][:7])]),
        _chunk(calls=[_fragment(0, ARGS[0][7:19])]),
        _chunk(calls=[_fragment(0, ARGS[0][19:])]),
        _chunk(calls=[_fragment(1, ARGS[1][:5], "call_b", "get_time")]),
        _chunk(calls=[_fragment(1, ARGS[1][5:])]),
        _chunk(finish="tool_calls"),
        _chunk(usage=Usage.of(50, 20, cached=10)),
    ]


def _encode(chunks: list[ChatChunk], encoder: MessagesStreamEncoder | None = None) -> bytes:
    encoder = encoder or MessagesStreamEncoder()
    events = [event for chunk in chunks for event in encoder.feed(chunk)]
    return b"".join([*events, *encoder.finish()])


def _read_sse(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """A tiny SSE reader: (event name, JSON data) per event."""
    events = []
    for block in data.decode().split("\n\n"):
        if not block:
            continue
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        assert set(fields) == {"event", "data"}
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def test_stream_events_follow_the_messages_protocol() -> None:
    events = _read_sse(_encode(_stream_chunks()))

    assert all(name == payload["type"] for name, payload in events)
    assert [(name, payload.get("index")) for name, payload in events] == [
        ("message_start", None),
        ("ping", None),
        ("content_block_start", 0),
        ("content_block_delta", 0),
        ("content_block_delta", 0),
        ("content_block_stop", 0),
        ("content_block_start", 1),
        ("content_block_delta", 1),
        ("content_block_delta", 1),
        ("content_block_delta", 1),
        ("content_block_stop", 1),
        ("content_block_start", 2),
        ("content_block_delta", 2),
        ("content_block_delta", 2),
        ("content_block_stop", 2),
        ("message_delta", None),
        ("message_stop", None),
    ]
    start = events[0][1]["message"]
    assert (start["id"], start["model"], start["content"]) == ("msg_s1", "gpt-4o-mini", [])
    deltas = [(p["index"], p["delta"]) for name, p in events if name == "content_block_delta"]
    assert "".join(d["text"] for i, d in deltas if i == 0) == "Hello!"
    for index, arguments in ((1, ARGS[0]), (2, ARGS[1])):
        assert "".join(d["partial_json"] for i, d in deltas if i == index) == arguments
    blocks = [p["content_block"] for name, p in events if name == "content_block_start"]
    assert [(b["type"], b.get("id"), b.get("name")) for b in blocks] == [
        ("text", None, None),
        ("tool_use", "call_a", "get_weather"),
        ("tool_use", "call_b", "get_time"),
    ]
    assert events[-2][1]["delta"] == {"stop_reason": "tool_use", "stop_sequence": None}
    assert events[-2][1]["usage"]["output_tokens"] == 20
    assert events[-2][1]["usage"]["input_tokens"] == 40


def test_the_sdk_types_accept_every_stream_event() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(RawMessageStreamEvent)
    for name, payload in _read_sse(_encode(_stream_chunks())):
        if name != "ping":  # ping is not part of the SDK's event union
            assert adapter.validate_python(payload).type == name


def _sdk(handler: Any) -> anthropic.Anthropic:
    transport = httpx2.MockTransport(handler)
    return anthropic.Anthropic(
        api_key="k", base_url="http://gateway.test", http_client=httpx2.Client(transport=transport)
    )


def test_the_sdk_client_reads_our_stream_into_the_final_message() -> None:
    seen: list[Any] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request_from_messages(orjson.loads(request.content)))
        headers = {"content-type": "text/event-stream"}
        return httpx2.Response(200, headers=headers, content=_encode(_stream_chunks()))

    with (
        _sdk(handler) as client,
        client.messages.stream(
            model="route:code",
            max_tokens=256,
            system="Be brief.",
            messages=[{"role": "user", "content": "Weather and time in Paris?"}],
            tools=[WEATHER, CLOCK],  # type: ignore[list-item]
        ) as stream,
    ):
        final = stream.get_final_message()

    assert seen[0].stream is True
    assert seen[0].model == "route:code"
    assert [block.type for block in final.content] == ["text", "tool_use", "tool_use"]
    assert final.content[0].text == "Hello!"  # type: ignore[union-attr]
    assert final.content[1].input == json.loads(ARGS[0])  # type: ignore[union-attr]
    assert final.content[2].input == json.loads(ARGS[1])  # type: ignore[union-attr]
    assert final.stop_reason == "tool_use"
    assert (final.usage.input_tokens, final.usage.output_tokens) == (40, 20)
    assert final.usage.cache_read_input_tokens == 10


def test_the_sdk_client_reads_our_plain_message() -> None:
    message = AssistantMessage(content="Hi there.")
    response = ChatResponse(
        model="gpt-4o-mini", choices=[Choice(message=message)], usage=Usage.of(9, 3)
    )

    def handler(request: httpx2.Request) -> httpx2.Response:
        request_from_messages(orjson.loads(request.content))
        return httpx2.Response(200, json=messages_from_response(response, "gpt-4o-mini"))

    with _sdk(handler) as client:
        answer = client.messages.create(
            model="auto", max_tokens=50, messages=[{"role": "user", "content": "hi"}]
        )

    assert answer.content[0].text == "Hi there."  # type: ignore[union-attr]
    assert (answer.stop_reason, answer.usage.input_tokens, answer.usage.output_tokens) == (
        "end_turn",
        9,
        3,
    )


def test_an_empty_stream_still_forms_a_whole_message() -> None:
    events = _read_sse(_encode([], MessagesStreamEncoder("gpt-4o-mini", input_tokens=12)))

    assert [name for name, _ in events] == [
        "message_start",
        "ping",
        "message_delta",
        "message_stop",
    ]
    assert events[0][1]["message"]["usage"] == {"input_tokens": 12, "output_tokens": 0}
    assert events[0][1]["message"]["id"].startswith("msg_")
    assert events[2][1]["delta"]["stop_reason"] == "end_turn"


def test_text_after_a_tool_call_opens_a_new_block() -> None:
    chunks = [
        _chunk(calls=[_fragment(0, "{}", "call_a", "f")]),
        _chunk("done"),
        _chunk(finish="stop"),
    ]

    events = _read_sse(_encode(chunks))

    starts = [
        (p["index"], p["content_block"]["type"]) for n, p in events if n == "content_block_start"
    ]
    stops = [p["index"] for n, p in events if n == "content_block_stop"]
    assert (starts, stops) == ([(0, "tool_use"), (1, "text")], [0, 1])


def test_an_interleaved_tool_call_is_refused_rather_than_garbled() -> None:
    encoder = MessagesStreamEncoder()
    encoder.feed(_chunk(calls=[_fragment(0, "{", "call_a", "f")]))
    encoder.feed(_chunk(calls=[_fragment(1, "{", "call_b", "g")]))

    with pytest.raises(MalformedResponse):
        encoder.feed(_chunk(calls=[_fragment(0, "}")]))


def test_error_event_shape_and_nothing_after_it() -> None:
    encoder = MessagesStreamEncoder()
    encoder.feed(_chunk("partial"))

    raw = encoder.error("overloaded_error", "Overloaded")

    [(name, payload)] = _read_sse(raw)
    assert name == "error"
    assert payload == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }
    assert ErrorResponse.model_validate(payload).error.type == "overloaded_error"
    assert encoder.feed(_chunk("more")) == []
    assert encoder.finish() == []


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, "invalid_request_error"),
        (401, "authentication_error"),
        (403, "permission_error"),
        (404, "not_found_error"),
        (413, "request_too_large"),
        (422, "invalid_request_error"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (502, "api_error"),
        (503, "api_error"),
        (504, "api_error"),
        (529, "overloaded_error"),
    ],
)
def test_anthropic_error_bodies(status: int, kind: str) -> None:
    body = anthropic_error(status, "nope")

    assert body == {"type": "error", "error": {"type": kind, "message": "nope"}}


def test_a_system_turn_among_the_messages_is_a_system_message() -> None:
    # Claude Code (2.1) sends reminders as {"role": "system"} turns between user turns
    request = request_from_messages(
        {
            "model": "auto",
            "max_tokens": 10,
            "messages": [
                {"role": "user", "content": "hi"},
                {"role": "system", "content": [{"type": "text", "text": "agent types: a, b"}]},
                {"role": "user", "content": "go"},
            ],
        }
    )
    assert [(m.role, m.text()) for m in request.messages] == [
        ("user", "hi"),
        ("system", "agent types: a, b"),
        ("user", "go"),
    ]
    body = to_messages_body(request, "claude-sonnet-4-6", 1000)
    assert body["system"] == "agent types: a, b"
    assert [turn["role"] for turn in body["messages"]] == ["user"]  # the two user turns merged
