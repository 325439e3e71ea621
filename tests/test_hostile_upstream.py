"""Hostile upstreams: answers of the wrong shape, huge ones, and stream text that only a
naive line splitter would cut. None may crash a worker; a broken answer is a 502 in the
caller's format (or a fallback), a good one is relayed whole."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import orjson
import pytest
from tests.test_hostile import CHAT, MESSAGES, _anthropic, _openai, assert_error

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.providers.http import sse_lines
from modelrouter.router import Router
from modelrouter.server.app import create_app
from modelrouter.server.auth import Authenticator
from modelrouter.server.gateway import Gateway
from modelrouter.server.loopback import serving
from modelrouter.store.db import connect
from modelrouter.store.ledger import Ledger, read_requests


@contextmanager
def _upstream_gateway(
    tmp: Path, handler: Callable[[httpx2.Request], httpx2.Response]
) -> Iterator[str]:
    """A gateway whose anthropic provider is ``handler``; one attempt per request."""
    data = merge(default_data(), {"sim": {"enabled": True}, "routing": {"max_attempts": 1}})
    settings = build_settings(data)
    router = Router(settings, transports={"anthropic": httpx2.MockTransport(handler)})
    auth = Authenticator(None, None, require=False, refresh_seconds=60)
    with serving(create_app(Gateway(router, auth, settings.gateway))) as url:
        yield url


WRONG_SHAPES: dict[str, bytes] = {
    "a list": b"[1, 2]",
    "content blocks that are not objects": b'{"content": [5, "x"], "usage": {}}',
    "tool_use without an id": b'{"content": [{"type": "tool_use", "name": "f"}]}',
    "usage of the wrong type": b'{"content": [], "usage": {"input_tokens": "many"}}',
    "text that is a number": b'{"content": [{"type": "text", "text": 5}]}',
    "20 MB of garbage": b"<" * 20_000_000,
    "stream events of the wrong shape": (
        b'event: message_start\ndata: {"type": "message_start", "message": 5}\n\n'
        b'event: content_block_start\ndata: {"type": "content_block_start", "index": "x"}\n\n'
    ),
}


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("body", WRONG_SHAPES.values(), ids=list(WRONG_SHAPES))
def test_wrong_shaped_upstream_answers_are_502_not_crashes(
    tmp_path: Path, body: bytes, stream: bool
) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        kind = "text/event-stream" if b'"stream":true' in request.content else "application/json"
        return httpx2.Response(200, content=body, headers={"content-type": kind})

    with _upstream_gateway(tmp_path, handler) as url, httpx2.Client(base_url=url) as http:
        request = json.loads(_anthropic(model="claude-opus-4-7", stream=stream))
        response = http.post(MESSAGES, json=request)
        assert_error(response, MESSAGES, 502)
        assert http.get("/healthz").status_code == 200


def test_a_huge_valid_upstream_answer_is_relayed(tmp_path: Path) -> None:
    text = "word " * 2_000_000
    answer = {"id": "msg_1", "model": "x", "content": [{"type": "text", "text": text}]}

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json=answer)

    with _upstream_gateway(tmp_path, handler) as url, httpx2.Client(base_url=url) as http:
        response = http.post(CHAT, content=_openai(model="claude-opus-4-7"))
        assert response.status_code == 200
        assert len(response.json()["choices"][0]["message"]["content"]) == len(text)


def _sse(*events: dict[str, object]) -> bytes:
    return b"".join(
        b"event: " + str(e["type"]).encode() + b"\ndata: " + orjson.dumps(e) + b"\n\n"
        for e in events
    )


def test_line_separators_inside_streamed_json_are_text(tmp_path: Path) -> None:
    text = "one\u2028two\u0085three\u2029four"
    message = {"id": "msg_1", "model": "x", "usage": {"input_tokens": 3}}
    stream = _sse(
        {"type": "message_start", "message": message},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}},
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn"},
            "usage": {"output_tokens": 5},
        },
        {"type": "message_stop"},
    )
    assert "\u2028".encode() in stream, "orjson leaves U+2028 raw, as JSON allows"

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=stream, headers={"content-type": "text/event-stream"})

    with _upstream_gateway(tmp_path, handler) as url, httpx2.Client(base_url=url) as http:
        body = _openai(model="claude-opus-4-7", stream=True)
        events = http.post(CHAT, content=body).text.split("\n\n")
    chunks = [json.loads(e.removeprefix("data: ")) for e in events if e.startswith("data: {")]
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks) == text


async def test_sse_lines_split_only_at_cr_lf_and_crlf() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for part in (b"a\r", b"\nb\xe2\x80", b"\xa8c\rd\n", b"\n", b"e"):
            yield part

    assert [line async for line in sse_lines(chunks())] == ["a", "b\u2028c", "d", "", "e"]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_an_unforeseen_error_is_a_500_and_still_recorded(tmp_path: Path, stream: bool) -> None:
    """A transport that fails in a way nobody translated (a bug, not an upstream's fault)
    is a clean 500, and the request still has its ledger row."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        raise RuntimeError("a transport bug")

    data = merge(default_data(), {"sim": {"enabled": True}, "routing": {"max_attempts": 1}})
    settings = build_settings(data)
    router = Router(settings, transports={"anthropic": httpx2.MockTransport(handler)})
    auth = Authenticator(None, None, require=False, refresh_seconds=60)
    engine = connect(f"sqlite:///{tmp_path / 'ledger.db'}")
    gateway = Gateway(router, auth, settings.gateway, Ledger(engine, interval=0.02))
    with serving(create_app(gateway, engine)) as url, httpx2.Client(base_url=url) as http:
        request = json.loads(_anthropic(model="claude-opus-4-7", stream=stream))
        response = http.post(MESSAGES, json=request, headers={"x-request-id": "unforeseen"})
        assert_error(response, MESSAGES, 500)
    rows = [r for r in read_requests(engine) if r["id"] == "unforeseen"]
    assert [(r["status"], r["error"]) for r in rows] == [(500, "internal error: RuntimeError")]
