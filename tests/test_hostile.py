"""Hand-made hostile input against the real gateway on loopback, and hostile upstreams.

Every case asserts the status and that the error is in the endpoint's own format; none may
be a 5xx (except 502, the documented answer to a broken upstream), a hang or a crash.
What the gateway does with each kind of bad input is in docs/reliability.md. Hostile
connections (a header that never ends, slowloris headers and bodies, too many
connections) are in tests/test_hostile_connections.py.
"""

from __future__ import annotations

import json
import random
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, running_gateway
from tests.test_fuzz import error_format_problem

CHAT, MESSAGES = "/v1/chat/completions", "/v1/messages"
USER = [{"role": "user", "content": "hi"}]
TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
ANTHROPIC_TOOL = {"name": "f", "input_schema": {"type": "object"}}


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    tmp = tmp_path_factory.mktemp("hostile")
    with running_gateway(tmp, gateway={"stream_stall_s": 1.0}) as running:
        yield running


@pytest.fixture(scope="module")
def http(gw: RunningGateway) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=gw.url, timeout=30) as client:
        yield client


def _openai(**fields: Any) -> bytes:
    return json.dumps({"model": "auto", "messages": USER, **fields}).encode()


def _anthropic(**fields: Any) -> bytes:
    return json.dumps({"model": "auto", "max_tokens": 20, "messages": USER, **fields}).encode()


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def assert_error(response: httpx2.Response, path: str, status: int) -> dict[str, Any]:
    """The answer has ``status`` and an error body in ``path``'s format."""
    assert response.status_code == status, response.text[:500]
    data: dict[str, Any] = response.json()
    problem = error_format_problem(path, status, data)
    assert problem is None, problem
    return data


REFUSED: dict[str, tuple[str, bytes, int]] = {
    "deep arrays": (CHAT, _deep(100_000), 400),
    "deep arrays in a field": (
        MESSAGES,
        _anthropic(metadata=None)[:-1] + b',"x":' + _deep(100_000) + b"}",
        400,
    ),
    # deeper than the upstream body can be encoded (orjson: 254), below the parser's 1,024
    "254 levels in metadata": (
        CHAT,
        _openai()[:-1] + b', "metadata": {"x": ' + _deep(254) + b"}}",
        400,
    ),
    "600 levels in seed": (CHAT, _openai()[:-1] + b', "seed": ' + _deep(600) + b"}", 400),
    "1,000 levels in a message": (
        CHAT,
        _openai(messages=[{"role": "user", "content": "x", "extra": 0}]).replace(
            b'"extra": 0', b'"extra": ' + _deep(1000)
        ),
        400,
    ),
    "254 levels in an Anthropic tool": (
        MESSAGES,
        _anthropic(tools=[{"name": "f", "input_schema": {"type": "object", "x": 0}}]).replace(
            b'"x": 0', b'"x": ' + _deep(254)
        ),
        400,
    ),
    "NaN": (CHAT, _openai()[:-1] + b', "temperature": NaN}', 400),
    "Infinity": (MESSAGES, _anthropic()[:-1] + b', "temperature": Infinity}', 400),
    "1e999": (CHAT, _openai()[:-1] + b', "temperature": 1e999}', 400),
    "invalid UTF-8": (MESSAGES, b'{"model": "\xff\xfe", "max_tokens": 5}', 400),
    "lone surrogate": (CHAT, b'{"messages": [{"role": "user", "content": "\\ud800"}]}', 400),
    "not an object": (CHAT, b'["model", "auto"]', 400),
    "empty body": (MESSAGES, b"", 400),
    "wrong top-level types": (CHAT, json.dumps({"model": 5, "messages": "hi"}).encode(), 400),
    "number as string": (CHAT, _openai(max_tokens="5"), 400),
    "boolean as string": (CHAT, _openai(stream="yes"), 400),
    "boolean as number": (CHAT, _openai(temperature=True), 400),
    "anthropic wrong types": (MESSAGES, _anthropic(model=["x"], stop_sequences="x"), 400),
    "anthropic max_tokens as string": (MESSAGES, _anthropic(max_tokens="5"), 400),
    "negative max_tokens": (CHAT, _openai(max_tokens=-1), 400),
    "zero max_tokens": (MESSAGES, _anthropic(max_tokens=0), 400),
    "huge max_tokens": (CHAT, _openai(max_tokens=2**40), 400),
    "huge max_tokens anthropic": (MESSAGES, _anthropic(max_tokens=10**30), 400),
    "fractional max_tokens": (CHAT, _openai(max_tokens=5.5), 400),
    "empty messages": (CHAT, _openai(messages=[]), 400),
    "empty messages anthropic": (MESSAGES, _anthropic(messages=[]), 400),
    "null user content": (CHAT, _openai(messages=[{"role": "user", "content": None}]), 400),
    "null content anthropic": (
        MESSAGES,
        _anthropic(messages=[{"role": "user", "content": None}]),
        400,
    ),
    "unknown role": (CHAT, _openai(messages=[{"role": "robot", "content": "x"}]), 400),
    "image part without url": (
        CHAT,
        _openai(messages=[{"role": "user", "content": [{"type": "image_url", "image_url": 5}]}]),
        400,
    ),
    "text part without text": (
        CHAT,
        _openai(messages=[{"role": "user", "content": [{"type": "text"}]}]),
        400,
    ),
    "tool schema not JSON Schema": (
        CHAT,
        _openai(
            tools=[
                {
                    "type": "function",
                    "function": {"name": "f", "parameters": {"type": 12, "properties": "x"}},
                }
            ]
        ),
        400,
    ),
    "tool schema bad nested": (
        CHAT,
        _openai(
            tools=[
                {
                    "type": "function",
                    "function": {
                        "name": "f",
                        "parameters": {"properties": {"a": {"required": "x"}}},
                    },
                }
            ]
        ),
        400,
    ),
    "tool schema anthropic": (
        MESSAGES,
        _anthropic(tools=[{"name": "f", "input_schema": {"type": "strng"}}]),
        400,
    ),
    "tool_choice names no tool": (
        CHAT,
        _openai(tools=[TOOL], tool_choice={"type": "function", "function": {"name": "nope"}}),
        400,
    ),
    "tool_choice names no tool anthropic": (
        MESSAGES,
        _anthropic(tools=[ANTHROPIC_TOOL], tool_choice={"type": "tool", "name": "nope"}),
        400,
    ),
    "tool_choice malformed": (CHAT, _openai(tools=[TOOL], tool_choice={"function": "x"}), 400),
    "tool_choice unknown word": (CHAT, _openai(tools=[TOOL], tool_choice="banana"), 400),
    "tool_choice without tools": (CHAT, _openai(tool_choice="required"), 400),
    "tool_choice type an object": (
        MESSAGES,
        _anthropic(tools=[ANTHROPIC_TOOL], tool_choice={"type": {}}),
        400,
    ),
    "response_format unknown": (CHAT, _openai(response_format={"type": "yaml"}), 400),
    "response_format json_schema malformed": (
        CHAT,
        _openai(response_format={"type": "json_schema", "json_schema": 5}),
        400,
    ),
    "system of the wrong type": (MESSAGES, _anthropic(system=False), 400),
    "10 MB single string": (
        CHAT,
        _openai(messages=[{"role": "user", "content": "a" * 10_000_000}]),
        400,
    ),
    "unknown model": (CHAT, _openai(model="gpt-9"), 404),
    # fields that change the bill without the price seeing them (issue 12)
    "unknown fields (not priced, not forwarded)": (CHAT, _openai(frobnicate={"a": [1]}), 400),
    "n of 1000": (CHAT, _openai(n=1000), 400),
    "n of 0": (CHAT, _openai(n=0), 400),
    "n of -1": (CHAT, _openai(n=-1), 400),
    "priority service tier": (CHAT, _openai(service_tier="priority"), 400),
    "audio output": (CHAT, _openai(modalities=["text", "audio"], audio={"voice": "x"}), 400),
    "web search": (CHAT, _openai(web_search_options={"search_context_size": "high"}), 400),
    "model with a NUL": (MESSAGES, _anthropic(model="auto\u0000"), 404),
}


@pytest.mark.parametrize(("path", "body", "status"), REFUSED.values(), ids=list(REFUSED))
def test_bad_input_is_refused_in_the_api_format(
    gw: RunningGateway, http: httpx2.Client, path: str, body: bytes, status: int
) -> None:
    started = time.monotonic()
    response = http.post(path, content=body, headers={"content-type": "application/json"})
    assert_error(response, path, status)
    assert time.monotonic() - started < 5
    request_id = response.headers["x-request-id"]
    rows = [r for r in gw.ledger()[0] if r["id"] == request_id]
    assert [r["status"] for r in rows] == [status], "every refusal is in the ledger"


ACCEPTED: dict[str, tuple[str, bytes]] = {
    "priced fields (passed upstream)": (CHAT, _openai(seed=3, n=2, service_tier="default")),
    "unknown fields anthropic (ignored)": (MESSAGES, _anthropic(frobnicate=1)),
    "duplicate keys (the last wins)": (
        CHAT,
        b'{"model": "gpt-9", "model": "auto", "messages": [{"role": "user", "content": "x"}]}',
    ),
    "integral float max_tokens": (MESSAGES, _anthropic(max_tokens=20.0)),
    "thousands of messages": (
        CHAT,
        _openai(
            messages=[
                {"role": ("user", "assistant")[i % 2], "content": f"m{i}"} for i in range(5001)
            ]
        ),
    ),
    "thousands of messages anthropic": (
        MESSAGES,
        _anthropic(
            messages=[
                {"role": ("user", "assistant")[i % 2], "content": f"m{i}"} for i in range(5001)
            ]
        ),
    ),
    "boolean subschemas": (
        CHAT,
        _openai(
            tools=[
                {
                    "type": "function",
                    "function": {
                        "name": "f",
                        "parameters": {
                            "type": "object",
                            "properties": {"a": True},
                            "anyOf": [True],
                        },
                    },
                }
            ],
            tool_choice="required",
        ),
    ),
    "assistant turn without content": (
        CHAT,
        _openai(messages=[*USER, {"role": "assistant"}, *USER]),
    ),
}


@pytest.mark.parametrize(("path", "body"), ACCEPTED.values(), ids=list(ACCEPTED))
def test_odd_but_valid_input_is_answered(http: httpx2.Client, path: str, body: bytes) -> None:
    response = http.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text[:500]


def test_bodies_over_the_limit_get_413_fast(gw: RunningGateway, http: httpx2.Client) -> None:
    limit = gw.gateway.spec.max_body_bytes
    started = time.monotonic()
    declared = http.post(CHAT, content=b"x" * (limit + 1))
    assert_error(declared, CHAT, 413)

    def chunks() -> Iterator[bytes]:  # no content-length: counted while it arrives
        for _ in range(limit // 65536 + 2):
            yield b" " * 65536

    streamed = http.post(MESSAGES, content=chunks())
    assert_error(streamed, MESSAGES, 413)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", _openai(), 200),  # the body is read as JSON whatever the label says
        ("application/x-www-form-urlencoded", b"model=auto&messages=hi", 400),
        ("multipart/form-data; boundary=x", b"--x\r\n\r\nhi\r\n--x--", 400),
    ],
)
def test_content_type_is_not_trusted(
    http: httpx2.Client, content_type: str, body: bytes, status: int
) -> None:
    response = http.post(CHAT, content=body, headers={"content-type": content_type})
    if status == 200:
        assert response.status_code == 200
    else:
        assert_error(response, CHAT, status)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", [CHAT, MESSAGES])
def test_wrong_method_is_405_in_the_api_format(http: httpx2.Client, method: str, path: str) -> None:
    assert_error(http.request(method, path), path, 405)
    assert_error(http.post("/v1/models"), "/v1/models", 405)


def test_odd_keys_and_request_ids_are_refused_cleanly(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw, httpx2.Client(base_url=gw.url) as http:
        gw.store.create("someone")
        odd = [b"Bearer", b"Bearer  x", b"x" * 8000, b"Bearer \xff\xfe", b"Bearer a\tb"]
        for key in odd:
            openai = http.post(CHAT, content=_openai(), headers={"authorization": key})
            assert_error(openai, CHAT, 401)
            headers = {"x-api-key": key, "x-request-id": b"a\xffb;c"}
            refused = http.post(MESSAGES, content=_anthropic(), headers=headers)
            assert_error(refused, MESSAGES, 401)
            assert len(refused.headers["x-request-id"]) == 32, "an odd id is replaced"
            assert key.decode("latin-1") not in refused.text


def test_abandoned_streams_do_not_leak(gw: RunningGateway, http: httpx2.Client) -> None:
    before = {r["id"] for r in gw.ledger()[0]}
    body = _openai(stream=True, messages=[{"role": "user", "content": "a long story " * 50}])
    for _ in range(20):
        with http.stream("POST", CHAT, content=body) as stream:
            assert stream.status_code == 200
            next(stream.iter_raw())
    answer = http.post(CHAT, content=_openai())
    assert answer.status_code == 200, "the gateway keeps answering"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        rows = [r for r in gw.ledger()[0] if r["id"] not in before]
        if len(rows) == 21:
            break
    assert len(rows) == 21, "every abandoned stream was finished and recorded"
    assert sorted(r["status"] for r in rows).count(200) >= 1


def test_hanging_up_at_random_points_is_billed(gw: RunningGateway) -> None:
    """A client that closes its socket mid-stream pays for what was generated (issue 12)."""
    before = {r["id"] for r in gw.ledger()[0]}
    rng = random.Random(12)
    prompt = [{"role": "user", "content": "Summarise the history of the harbour. " * 40}]
    gw.fault("kimi-k2.6", tokens_per_second=2000)  # paced, so the client leaves mid-way
    try:
        for i in range(12):
            path = (CHAT, MESSAGES)[i % 2]
            body = _openai if path == CHAT else _anthropic
            raw = body(model="kimi-k2.6", stream=True, messages=prompt, max_tokens=400)
            read_then_hang_up(gw.url, path, raw, rng.randint(1, 6))
        rows = _new_rows(gw, before, 12)
    finally:
        gw.heal()
    cut = [r for r in rows if r["status"] == 499]
    assert len(cut) >= 10, [r["status"] for r in rows]
    for row in cut:
        assert row["outcome"] == "abandoned" and row["prompt_tokens"] > 300
        assert row["cost_usd"] > 0, "a hang-up is never free"


def test_a_client_that_stops_reading_is_cut(gw: RunningGateway) -> None:
    """Reading nothing for ``gateway.stream_stall_s`` ends the stream, billed (issue 12)."""
    before = {r["id"] for r in gw.ledger()[0]}
    text = " ".join(f"Sentence {i} of a long letter about the sea." for i in range(2000))
    raw = _openai(
        stream=True, messages=[{"role": "user", "content": "Translate to German: " + text}]
    )
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    host, port = gw.url.removeprefix("http://").split(":")
    sock.connect((host, int(port)))
    sock.sendall(_head(CHAT, len(raw)) + raw)
    try:
        assert sock.recv(64).startswith(b"HTTP/1.1 200")
        (row,) = _new_rows(gw, before, 1)
    finally:
        sock.close()
    assert row["status"] == 499 and row["outcome"] == "abandoned" and row["cost_usd"] > 0
    assert "read nothing" in row["error"]


def _head(path: str, length: int) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        f"x-api-key: k\r\nconnection: close\r\ncontent-length: {length}\r\n\r\n"
    ).encode()


def read_then_hang_up(url: str, path: str, raw: bytes, events: int) -> None:
    """Send ``raw`` to ``path``, read ``events`` content events, then close the socket."""
    host, port = url.removeprefix("http://").split(":")
    marker = b'"content":"' if path == CHAT else b'"text_delta"'
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(_head(path, len(raw)) + raw)
        received = b""
        while received.count(marker) < events:
            part = sock.recv(4096)
            if not part:
                break
            received += part


def _new_rows(gw: RunningGateway, before: set[str], count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    rows: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        rows = [r for r in gw.ledger()[0] if r["id"] not in before]
        if len(rows) >= count:
            break
    return rows


@pytest.mark.parametrize("path", [CHAT, MESSAGES])
def test_echoed_input_is_capped_in_answers_and_logs(
    http: httpx2.Client, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A 1 MB model name does not come back as a 1 MB error body or log line (issue 12)."""
    huge = "m" * 1_000_000
    body = _openai(model=huge) if path == CHAT else _anthropic(model=huge)
    tool = {"type": "function", "function": {"name": "n" * 200_000}}
    with caplog.at_level("INFO", logger="modelrouter"):
        unknown = http.post(path, content=body)
        choice = http.post(CHAT, content=_openai(tools=[TOOL], tool_choice=tool))
    assert_error(unknown, path, 404)
    assert_error(choice, CHAT, 400)
    assert len(unknown.content) < 2_000 and len(choice.content) < 2_000
    assert "1,000,002 characters" in unknown.text, "it says how long the value was"
    lines = [r.getMessage() + repr(r.__dict__) for r in caplog.records]
    assert lines and max(len(line) for line in lines) < 5_000


def test_auth_edges(tmp_path: Path) -> None:
    """The admin key spends nothing; the Bearer scheme in any case; a malformed
    Authorization does not hide a valid x-api-key; a key cannot name its way out (issue 12)."""
    with running_gateway(tmp_path, admin=True) as gw, httpx2.Client(base_url=gw.url) as http:
        key, _ = gw.store.create("deepseek-only", allowed_providers=["deepseek"])
        admin = {"authorization": f"Bearer {ADMIN_KEY}"}
        assert_error(http.post(CHAT, content=_openai(), headers=admin), CHAT, 403)
        assert_error(http.post(MESSAGES, content=_anthropic(), headers=admin), MESSAGES, 403)
        for scheme in ("bearer", "BEARER", "BeArEr"):
            lower = http.post(CHAT, content=_openai(), headers={"authorization": f"{scheme} {key}"})
            assert lower.status_code == 200, lower.text[:200]
        fallback = {"authorization": "Basic Zm9vOmJhcg==", "x-api-key": key}
        assert http.post(CHAT, content=_openai(), headers=fallback).status_code == 200
        named = http.post(CHAT, content=_openai(model="gpt-5.5"), headers={"x-api-key": key})
        assert_error(named, CHAT, 403)
        assert gw.sim.snapshot()["models"]["gpt-5.5"]["calls"] == 0
