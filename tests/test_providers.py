"""Wire adapters against hand-written vendor payloads: plain, streamed, tools, errors."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest

from modelrouter.accumulate import StreamAccumulator
from modelrouter.config.loader import load_settings
from modelrouter.config.schema import ProviderSpec
from modelrouter.errors import (
    AuthenticationFailed,
    ContextLengthExceeded,
    MalformedResponse,
    RateLimited,
    StreamCut,
    UpstreamRejected,
    UpstreamUnavailable,
)
from modelrouter.providers.anthropic import AnthropicProvider
from modelrouter.providers.openai import OpenAIProvider
from modelrouter.types import ChatRequest

MODELS = load_settings().models
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]


def _sse(events: list[tuple[str, dict[str, Any]]] | list[dict[str, Any] | str]) -> bytes:
    lines = []
    for item in events:
        if isinstance(item, tuple):
            lines.append(f"event: {item[0]}\ndata: {json.dumps(item[1])}\n\n")
        else:
            data = item if isinstance(item, str) else json.dumps(item)
            lines.append(f"data: {data}\n\n")
    return "".join(lines).encode()


def _anthropic(handler: Any) -> AnthropicProvider:
    spec = ProviderSpec(format="anthropic", base_url="https://api.anthropic.com")
    return AnthropicProvider("anthropic", spec, "k", httpx2.MockTransport(handler))


def _openai(handler: Any) -> OpenAIProvider:
    spec = ProviderSpec(format="openai", base_url="https://api.openai.com/v1")
    return OpenAIProvider("openai", spec, "k", httpx2.MockTransport(handler))


def _request(**kwargs: Any) -> ChatRequest:
    messages = kwargs.pop("messages", [{"role": "user", "content": "weather in Paris?"}])
    return ChatRequest(messages=messages, **kwargs)


async def test_anthropic_request_translation_and_tool_use_answer() -> None:
    seen: dict[str, Any] = {}

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.update(json.loads(request.content))
        return httpx2.Response(
            200,
            json={
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": "claude-opus-4-7",
                "content": [
                    {"type": "text", "text": "Let me check."},
                    {
                        "type": "tool_use",
                        "id": "toolu_1",
                        "name": "get_weather",
                        "input": {"city": "Paris"},
                    },
                ],
                "stop_reason": "tool_use",
                "usage": {
                    "input_tokens": 50,
                    "output_tokens": 20,
                    "cache_read_input_tokens": 100,
                    "cache_creation_input_tokens": 10,
                },
            },
        )

    history = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "weather in Paris?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "toolu_0",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Lyon"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "toolu_0", "content": "12C"},
        {"role": "user", "content": "and Paris?"},
    ]
    request = _request(messages=history, tools=TOOLS, tool_choice="required", stop="END")
    response = await _anthropic(handler).complete(request, MODELS["claude-opus-4-7"])
    assert seen["system"] == "Be brief."
    assert seen["tool_choice"] == {"type": "any"}
    assert seen["stop_sequences"] == ["END"]
    assert seen["tools"][0]["input_schema"]["required"] == ["city"]
    assert [t["role"] for t in seen["messages"]] == ["user", "assistant", "user"]
    assert seen["messages"][1]["content"][0] == {
        "type": "tool_use",
        "id": "toolu_0",
        "name": "get_weather",
        "input": {"city": "Lyon"},
    }
    assert seen["messages"][2]["content"][0]["type"] == "tool_result"
    assert seen["messages"][2]["content"][1] == {"type": "text", "text": "and Paris?"}
    call = response.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert (call.id, call.function.name, json.loads(call.function.arguments)) == (
        "toolu_1",
        "get_weather",
        {"city": "Paris"},
    )
    assert response.finish_reason == "tool_calls"
    usage = response.usage
    assert (
        usage.prompt_tokens,
        usage.prompt_tokens_details.cached_tokens,
        usage.prompt_tokens_details.cache_write_tokens,
    ) == (160, 100, 10)


async def test_anthropic_stream_with_tool_call_survives_translation() -> None:
    events = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": "msg_2",
                    "type": "message",
                    "role": "assistant",
                    "model": "claude-opus-4-7",
                    "content": [],
                    "usage": {"input_tokens": 30, "output_tokens": 1},
                },
            },
        ),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": "Checking"},
            },
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 1,
                "content_block": {
                    "type": "tool_use",
                    "id": "toolu_9",
                    "name": "get_weather",
                    "input": {},
                },
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 1,
                "delta": {"type": "input_json_delta", "partial_json": '{"ci'},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 1,
                "delta": {"type": "input_json_delta", "partial_json": 'ty": "Paris"}'},
            },
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "tool_use"},
                "usage": {"output_tokens": 25},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    provider = _anthropic(lambda r: httpx2.Response(200, content=_sse(events)))
    accumulator = StreamAccumulator()
    async for chunk in provider.stream(_request(tools=TOOLS), MODELS["claude-opus-4-7"]):
        accumulator.add(chunk)
    response = accumulator.response()
    assert response.text == "Checking"
    call = response.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert call.id == "toolu_9" and json.loads(call.function.arguments) == {"city": "Paris"}
    assert response.finish_reason == "tool_calls"
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (30, 25)


async def test_anthropic_stream_without_message_stop_is_cut() -> None:
    events = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {"id": "m", "model": "x", "usage": {"input_tokens": 3}},
            },
        ),
        (
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": "partial"},
            },
        ),
    ]
    provider = _anthropic(lambda r: httpx2.Response(200, content=_sse(events)))
    with pytest.raises(StreamCut):
        async for _ in provider.stream(_request(), MODELS["claude-opus-4-7"]):
            pass


async def test_openai_stream_requests_usage_and_reads_it() -> None:
    sent: dict[str, Any] = {}

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.update(json.loads(request.content))
        chunks = [
            {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": "gpt-5.5",
                "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hel"}}],
            },
            {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": "gpt-5.5",
                "choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}],
            },
            {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": "gpt-5.5",
                "choices": [],
                "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
            },
            "[DONE]",
        ]
        return httpx2.Response(200, content=_sse(chunks))

    accumulator = StreamAccumulator()
    async for chunk in _openai(handler).stream(_request(), MODELS["gpt-5.5"]):
        accumulator.add(chunk)
    assert sent["stream"] is True and sent["stream_options"] == {"include_usage": True}
    assert sent["model"] == "gpt-5.5"
    assert accumulator.response().text == "Hello"
    assert accumulator.response().usage.total_tokens == 11


async def test_openai_stream_ending_early_is_cut_and_bad_chunk_is_malformed() -> None:
    partial = [
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": "Hel"}}],
        }
    ]
    cut = _openai(lambda r: httpx2.Response(200, content=_sse(partial)))
    with pytest.raises(StreamCut):
        async for _ in cut.stream(_request(), MODELS["gpt-5.5"]):
            pass
    broken = _openai(lambda r: httpx2.Response(200, content=b"data: {oops\n\n"))
    with pytest.raises(MalformedResponse):
        async for _ in broken.stream(_request(), MODELS["gpt-5.5"]):
            pass


@pytest.mark.parametrize(
    ("status", "body", "headers", "error", "retryable"),
    [
        (
            429,
            {"error": {"message": "slow down", "type": "rate_limit_error"}},
            {"retry-after": "7"},
            RateLimited,
            True,
        ),
        (500, {"error": {"message": "oops"}}, {}, UpstreamUnavailable, True),
        (503, "<html>bad gateway</html>", {}, UpstreamUnavailable, True),
        (401, {"error": {"message": "bad key"}}, {}, AuthenticationFailed, False),
        (
            400,
            {
                "error": {
                    "message": "This model's maximum context length is 8192 tokens",
                    "code": "context_length_exceeded",
                }
            },
            {},
            ContextLengthExceeded,
            False,
        ),
        (400, {"error": {"message": "bad tool schema"}}, {}, UpstreamRejected, False),
    ],
)
async def test_openai_errors_translate_into_the_tree(
    status: int, body: Any, headers: dict[str, str], error: type[Exception], retryable: bool
) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        if isinstance(body, str):
            return httpx2.Response(status, content=body.encode(), headers=headers)
        return httpx2.Response(status, json=body, headers=headers)

    with pytest.raises(error) as caught:
        await _openai(handler).complete(_request(), MODELS["gpt-5.5"])
    assert caught.value.retryable is retryable  # type: ignore[attr-defined]
    if status == 429:
        assert caught.value.retry_after == 7.0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("status", "kind", "message", "error"),
    [
        (429, "rate_limit_error", "slow", RateLimited),
        (529, "overloaded_error", "busy", UpstreamUnavailable),
        (401, "authentication_error", "bad key", AuthenticationFailed),
        (
            400,
            "invalid_request_error",
            "prompt is too long: 300000 tokens > 200000 maximum",
            ContextLengthExceeded,
        ),
    ],
)
async def test_anthropic_errors_translate_into_the_tree(
    status: int, kind: str, message: str, error: type[Exception]
) -> None:
    body = {"type": "error", "error": {"type": kind, "message": message}}
    provider = _anthropic(lambda r: httpx2.Response(status, json=body))
    with pytest.raises(error):
        await provider.complete(_request(), MODELS["claude-opus-4-7"])


async def test_openai_body_drops_anthropic_only_fields() -> None:
    sent: dict[str, Any] = {}

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.update(json.loads(request.content))
        return httpx2.Response(
            200,
            json={
                "id": "c",
                "object": "chat.completion",
                "created": 1,
                "model": "gpt-5.5",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "ok"},
                        "finish_reason": "stop",
                    }
                ],
            },
        )

    messages = [
        {"role": "system", "content": "Be brief.", "cache_control": {"type": "ephemeral"}},
        {
            "role": "user",
            "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}],
        },
    ]
    request = _request(messages=messages, top_k=5, user="u-1")
    await _openai(handler).complete(request, MODELS["gpt-5.5"])
    assert "top_k" not in sent and sent["user"] == "u-1"
    assert "cache_control" not in sent["messages"][0]
    assert sent["messages"][1]["content"] == [{"type": "text", "text": "hi"}]
