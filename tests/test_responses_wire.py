"""The Responses API translation (issue 14): request items to chat messages, chat
chunks to the Responses event sequence. Pins translation bugs other gateways shipped:
streamed tool-call events dropped, parallel tool calls split or merged, reasoning items
that cannot cross providers turned into errors."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from modelrouter.errors import InvalidRequest
from modelrouter.sim.anthropic_wire import AnthropicWire
from modelrouter.sim.model import Rejected
from modelrouter.types import ChatChunk, ChatRequest, ChunkChoice, Delta, ToolCallDelta, Usage
from modelrouter.wire.responses.answers import ResponsesStreamEncoder, shell
from modelrouter.wire.responses.requests import chat_body

TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Weather for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
}


def _call(call_id: str, city: str) -> dict[str, Any]:
    arguments = orjson.dumps({"city": city}).decode()
    return {
        "type": "function_call",
        "call_id": call_id,
        "name": "get_weather",
        "arguments": arguments,
    }


def test_string_input_and_instructions_become_system_then_user() -> None:
    chat = chat_body({"input": "hi", "instructions": "be brief", "model": "auto"}, []).chat
    assert chat["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi"},
    ]
    ChatRequest.model_validate(chat, strict=True)


def test_parallel_calls_are_one_assistant_turn_and_outputs_follow_in_order() -> None:
    items = [
        {"role": "user", "content": [{"type": "input_text", "text": "Paris and Rome?"}]},
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Checking."}],
        },
        _call("call_a", "Paris"),
        _call("call_b", "Rome"),
        {"type": "function_call_output", "call_id": "call_a", "output": "sunny"},
        {
            "type": "function_call_output",
            "call_id": "call_b",
            "output": [{"type": "input_text", "text": "rain"}],
        },
    ]
    messages = chat_body({"input": items, "tools": [TOOL]}, []).chat["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "tool"]
    assistant = messages[1]
    assert assistant["content"] == "Checking."  # text and calls stay one turn
    assert [c["id"] for c in assistant["tool_calls"]] == ["call_a", "call_b"]
    assert [(m["tool_call_id"], m["content"]) for m in messages[2:]] == [
        ("call_a", "sunny"),
        ("call_b", "rain"),
    ]


def test_reasoning_items_are_dropped_with_a_note_never_an_error() -> None:
    items = [
        {"role": "user", "content": "hi"},
        {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAA..."},
        {"type": "message", "role": "assistant", "content": "hello"},
        {"role": "user", "content": "again"},
    ]
    translated = chat_body({"input": items}, [])
    assert [m["role"] for m in translated.chat["messages"]] == ["user", "assistant", "user"]
    assert translated.notes == ["1 reasoning item(s) dropped: they cannot cross to another model"]


def test_history_comes_first_and_hosted_tools_are_dropped_with_a_note() -> None:
    history = [{"type": "message", "role": "user", "content": "first"}, _call("c1", "Oslo")]
    body = {
        "input": [{"type": "function_call_output", "call_id": "c1", "output": "cold"}],
        "tools": [TOOL, {"type": "web_search"}],
        "tool_choice": {"type": "function", "name": "get_weather"},
    }
    translated = chat_body(body, history)
    roles = [m["role"] for m in translated.chat["messages"]]
    assert roles == ["user", "assistant", "tool"]
    assert translated.chat["tool_choice"] == {
        "type": "function",
        "function": {"name": "get_weather"},
    }
    assert len(translated.chat["tools"]) == 1
    assert translated.notes == ["hosted tools not served by routed models were dropped: web_search"]
    assert translated.items == body["input"]  # what is stored: the request's own items


def test_format_effort_and_limits_map_to_chat_fields() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    body = {
        "input": "x",
        "text": {"format": {"type": "json_schema", "name": "A", "schema": schema, "strict": True}},
        "reasoning": {"effort": "low"},
        "max_output_tokens": 50,
        "temperature": 0.2,
    }
    chat = chat_body(body, []).chat
    assert chat["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "A", "schema": schema, "strict": True},
    }
    assert chat["reasoning_effort"] == "low"
    assert chat["max_completion_tokens"] == 50
    assert chat["temperature"] == 0.2
    json_object = chat_body({"input": "x", "text": {"format": {"type": "json_object"}}}, [])
    assert json_object.chat["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "input"),
        ({"input": []}, "input"),
        ({"input": [{"type": "function_call", "name": "f"}]}, "input.0.call_id"),
        ({"input": [{"role": ["user"], "content": "x"}]}, "input.0.role"),
        (
            {"input": [{"role": "user", "content": [{"type": "input_file"}]}]},
            "input.0.content.0.type",
        ),
        ({"input": [{"type": "item_reference", "id": "x"}]}, "input.0.type"),
        ({"input": "x", "stream": "yes"}, "stream"),
        ({"input": "x", "max_output_tokens": 0}, "max_output_tokens"),
        ({"input": "x", "reasoning": {"effort": "max"}}, "reasoning.effort"),
        ({"input": "x", "text": {"format": {"type": "xml"}}}, "text.format.type"),
        ({"input": "x", "metadata": {"k": 1}}, "metadata.k"),
    ],
)
def test_bad_fields_are_named(body: dict[str, Any], param: str) -> None:
    with pytest.raises(InvalidRequest) as raised:
        chat_body(body, [])
    assert raised.value.param == param


def _chunk(
    text: str | None = None,
    calls: list[ToolCallDelta] | None = None,
    finish: str | None = None,
    usage: Usage | None = None,
) -> ChatChunk:
    choices = (
        []
        if usage
        else [ChunkChoice(delta=Delta(content=text, tool_calls=calls), finish_reason=finish)]
    )
    return ChatChunk(id="c", model="m-1", choices=choices, usage=usage)


def _events(encoder: ResponsesStreamEncoder, chunks: list[ChatChunk]) -> list[dict[str, Any]]:
    raw = [part for chunk in chunks for part in encoder.feed(chunk)] + encoder.finish()
    events = []
    for part in raw:
        head, data = part.decode().split("\n", 1)
        event = orjson.loads(data.removeprefix("data: "))
        assert head == f"event: {event['type']}"
        events.append(event)
    return events


def _call_delta(index: int, call_id: str | None, name: str | None, arguments: str) -> ToolCallDelta:
    function = {"arguments": arguments} | ({"name": name} if name else {})
    return ToolCallDelta(
        index=index, id=call_id, type="function" if call_id else None, function=function
    )


def test_stream_of_text_then_parallel_calls_is_the_full_sequence_with_stable_ids() -> None:
    encoder = ResponsesStreamEncoder(shell("resp_1", {"input": "x"}, "auto", store=True))
    events = _events(
        encoder,
        [
            _chunk("Let me "),
            _chunk("check."),
            _chunk(calls=[_call_delta(0, "call_a", "get_weather", '{"ci')]),
            _chunk(calls=[_call_delta(0, None, None, 'ty":"Paris"}')]),
            _chunk(calls=[_call_delta(1, "call_b", "get_weather", '{"city":"Rome"}')]),
            _chunk(finish="tool_calls"),
            _chunk(usage=Usage.of(10, 7)),
        ],
    )
    assert [e["type"] for e in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    final = events[-1]["response"]
    assert final["status"] == "completed" and final["model"] == "m-1"
    assert final["usage"]["input_tokens"] == 10 and final["usage"]["output_tokens"] == 7
    output = final["output"]
    assert output[0]["content"][0]["text"] == "Let me check."
    assert [(o["call_id"], o["arguments"]) for o in output[1:]] == [
        ("call_a", '{"city":"Paris"}'),
        ("call_b", '{"city":"Rome"}'),
    ]
    added = [e["item"]["id"] for e in events if e["type"] == "response.output_item.added"]
    assert added == [o["id"] for o in output]  # the ids the deltas used are the final ones
    deltas = [e for e in events if e["type"] == "response.function_call_arguments.delta"]
    assert [d["item_id"] for d in deltas] == [output[1]["id"], output[1]["id"], output[2]["id"]]
    assert [d["output_index"] for d in deltas] == [1, 1, 2]


def test_stream_cut_by_the_output_limit_is_incomplete_and_failure_has_error_events() -> None:
    encoder = ResponsesStreamEncoder(shell("resp_2", {"input": "x"}, "auto", store=False))
    events = _events(encoder, [_chunk("abc", finish="length")])
    assert events[-1]["type"] == "response.incomplete"
    assert events[-1]["response"]["incomplete_details"] == {"reason": "max_output_tokens"}
    failing = ResponsesStreamEncoder(shell("resp_3", {"input": "x"}, "auto", store=False))
    failing.feed(_chunk("partial"))
    parts = failing.failed("upstream_unavailable", "every model failed").split(b"\n\n")
    kinds = [orjson.loads(p.split(b"data: ", 1)[1])["type"] for p in parts if p]
    assert kinds == ["error", "response.failed"]


def test_sim_anthropic_refuses_unpaired_tool_results() -> None:
    wire = AnthropicWire()
    use = {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}}
    body = {
        "model": "claude-haiku-4-5",
        "max_tokens": 10,
        "messages": [
            {"role": "user", "content": "x"},
            {"role": "assistant", "content": [use]},
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "toolu_2", "content": "r"}],
            },
        ],
    }
    with pytest.raises(Rejected):
        wire.parse(body)
    body["messages"][2]["content"][0]["tool_use_id"] = "toolu_1"
    assert wire.parse(body).tool_result == "r"


PATCH_TOOL = {
    "type": "custom",
    "name": "apply_patch",
    "description": "Edit files with a patch",
    "format": {"type": "grammar", "syntax": "lark", "definition": "start: /.+/"},
}


def test_custom_tools_go_as_one_string_functions_and_their_calls_come_back() -> None:
    items = [
        {"role": "user", "content": "fix it"},
        {"type": "custom_tool_call", "call_id": "c1", "name": "apply_patch", "input": "*** Begin"},
        {"type": "custom_tool_call_output", "call_id": "c1", "output": "Done"},
    ]
    translated = chat_body({"input": items, "tools": [PATCH_TOOL]}, [])
    assert translated.custom == frozenset({"apply_patch"})
    (tool,) = translated.chat["tools"]
    assert tool["function"]["parameters"]["required"] == ["input"]
    assert "start: /.+/" in tool["function"]["description"]
    assert "x-custom" not in tool["function"]
    call = translated.chat["messages"][1]["tool_calls"][0]
    assert orjson.loads(call["function"]["arguments"]) == {"input": "*** Begin"}
    assert translated.chat["messages"][2] == {
        "role": "tool",
        "tool_call_id": "c1",
        "content": "Done",
    }
    ChatRequest.model_validate(translated.chat, strict=True)
    custom = frozenset({"apply_patch"})
    encoder = ResponsesStreamEncoder(shell("resp_4", {"input": "x"}, "auto", store=False), custom)
    events = _events(
        encoder,
        [
            _chunk(calls=[_call_delta(0, "call_p", "apply_patch", '{"input": "*** Be')]),
            _chunk(calls=[_call_delta(0, None, None, 'gin"}')]),
            _chunk(finish="tool_calls"),
        ],
    )
    kinds = [e["type"] for e in events]
    assert "response.function_call_arguments.delta" not in kinds  # JSON fragments stay in
    assert kinds[-3:] == [
        "response.custom_tool_call_input.done",
        "response.output_item.done",
        "response.completed",
    ]
    item = events[-1]["response"]["output"][0]
    assert item == {
        "type": "custom_tool_call",
        "id": item["id"],
        "call_id": "call_p",
        "name": "apply_patch",
        "input": "*** Begin",
        "status": "completed",
    }
