"""The native Responses wire upstream (``responses: native``) against hand-written
OpenAI Responses payloads, faked at the transport: what is sent, what comes back."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest

from modelrouter.accumulate import StreamAccumulator
from modelrouter.config.loader import load_settings
from modelrouter.config.schema import ProviderSpec
from modelrouter.errors import StreamCut, UpstreamUnavailable
from modelrouter.providers.openai import OpenAIProvider
from modelrouter.types import ChatChunk, ChatRequest

MODEL = load_settings().models["gpt-5.4-mini"]
BODY = {"input": [{"type": "message", "role": "user", "content": "hi"}], "store": False}
USAGE = {
    "input_tokens": 30,
    "input_tokens_details": {"cached_tokens": 12},
    "output_tokens": 50,
    "output_tokens_details": {"reasoning_tokens": 40},
    "total_tokens": 80,
}
REASONING = {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "x"}


def _provider(handler: Any, responses: str = "native") -> OpenAIProvider:
    spec = ProviderSpec(format="openai", base_url="https://api.openai.com/v1", responses=responses)
    return OpenAIProvider("openai", spec, "k", httpx2.MockTransport(handler))


def _request(stream: bool = False) -> ChatRequest:
    chat = ChatRequest(messages=[{"role": "user", "content": "hi"}], stream=stream)
    return chat.with_responses(BODY)


def _sse(events: list[dict[str, Any]]) -> bytes:
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events).encode()


async def test_plain_posts_the_body_to_responses_and_reads_calls_and_usage() -> None:
    seen: list[tuple[str, dict[str, Any]]] = []
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f"}
    answer = {
        "id": "resp_up", "object": "response", "status": "completed", "model": "gpt-5.4-mini",
        "output": [REASONING, {**call, "arguments": '{"a":1}', "status": "completed"}],
        "usage": USAGE,
    }  # fmt: skip

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx2.Response(200, json=answer)

    response = await _provider(handler).complete(_request(), MODEL)
    path, sent = seen[0]
    assert path == "/v1/responses"
    assert sent == {**BODY, "model": MODEL.upstream, "stream": False}
    calls = response.choices[0].message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [
        ("call_1", "f", '{"a":1}')
    ]
    assert response.finish_reason == "tool_calls" and response.native == answer
    usage = response.usage
    assert (usage.prompt_tokens, usage.completion_tokens) == (30, 50)
    assert usage.prompt_tokens_details.cached_tokens == 12
    assert usage.completion_tokens_details.reasoning_tokens == 40


async def test_a_failed_response_and_a_chat_request_on_a_native_provider() -> None:
    paths: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        paths.append(request.url.path)
        if request.url.path.endswith("/responses"):
            failed = {"status": "failed", "output": [], "error": {"message": "boom"}}
            return httpx2.Response(200, json=failed)
        chat = {"model": "m", "choices": [{"message": {"content": "ok"}}]}
        return httpx2.Response(200, json=chat)

    provider = _provider(handler)
    with pytest.raises(UpstreamUnavailable, match="boom"):
        await provider.complete(_request(), MODEL)
    plain_chat = ChatRequest(messages=[{"role": "user", "content": "hi"}])
    assert (await provider.complete(plain_chat, MODEL)).text == "ok"
    translate = _provider(handler, responses="translate")
    assert (await translate.complete(_request(), MODEL)).text == "ok"
    assert paths == ["/v1/responses", "/v1/chat/completions", "/v1/chat/completions"]


def _stream_events() -> list[dict[str, Any]]:
    head = {"id": "resp_up", "status": "in_progress", "output": [], "usage": None}
    message = {"type": "message", "id": "msg_1", "role": "assistant", "content": []}
    done = {**head, "status": "completed", "output": [REASONING], "usage": USAGE}
    at = {"item_id": "msg_1", "output_index": 1, "content_index": 0}
    return [
        {"type": "response.created", "response": head},
        {"type": "response.output_item.added", "output_index": 0, "item": REASONING},
        {"type": "response.output_item.done", "output_index": 0, "item": REASONING},
        {"type": "response.output_item.added", "output_index": 1, "item": message},
        {"type": "response.output_text.delta", **at, "delta": "Hel"},
        {"type": "response.output_text.delta", **at, "delta": "lo"},
        {"type": "response.output_text.done", **at, "text": "Hello"},
        {"type": "response.output_item.done", "output_index": 1, "item": message},
        {"type": "response.completed", "response": done},
    ]


async def _chunks(events: list[dict[str, Any]]) -> list[ChatChunk]:
    def handler(request: httpx2.Request) -> httpx2.Response:
        assert json.loads(request.content)["stream"] is True
        return httpx2.Response(200, content=_sse(events))

    return [chunk async for chunk in _provider(handler).stream(_request(stream=True), MODEL)]


async def test_stream_relays_every_event_once_and_in_order_with_usage() -> None:
    events = _stream_events()
    chunks = await _chunks(events)
    assert [e for c in chunks for e in c.native or ()] == events
    assert chunks[0].has_content()  # the content-free head rides on the first text
    assert len(chunks) == 3  # "Hel" (with the head), "lo", then the done events + completed
    folded = StreamAccumulator()
    for chunk in chunks:
        folded.add(chunk)
    response = folded.response()
    assert response.text == "Hello" and response.finish_reason == "stop"
    assert response.usage.completion_tokens_details.reasoning_tokens == 40
    assert response.usage.prompt_tokens_details.cached_tokens == 12


async def test_stream_error_event_and_early_end() -> None:
    events = _stream_events()
    with pytest.raises(UpstreamUnavailable, match="overloaded"):
        await _chunks([events[0], {"type": "error", "code": "x", "message": "overloaded"}])
    with pytest.raises(StreamCut):
        await _chunks(events[:6])
