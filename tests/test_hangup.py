"""Streams the caller abandons are paid for: a client that hangs up mid-stream, and one
that stops reading, through the real gateway on loopback over the simulator; and a
Python caller that closes its stream early.

A provider bills the prompt and every token it generated, whether or not the caller read
them. Each abandoned stream must be recorded with those tokens and their cost, charged
to the key's budget (in process and in Redis), and the upstream stopped.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis
from tests.gateway_fixtures import RunningGateway, running_gateway

from modelrouter.budgets import BudgetExceeded
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.router import Router

pytest_plugins = ["tests.redis_fixtures"]

CHAT, MESSAGES = "/v1/chat/completions", "/v1/messages"
# ~5,200 prompt tokens, as in the report
PROMPT = "Please summarise this report. " + "The quarterly numbers rose steadily. " * 560
LIMIT = 0.03  # USD a day for the key: a handful of these requests at kimi-k2.6's prices
MARKERS = {CHAT: b'"content":"', MESSAGES: b'"text_delta"'}


def raw_request(url: str, path: str, key: str, body: dict[str, Any]) -> socket.socket:
    """A connected socket that has sent one POST (HTTP/1.1) with ``key``."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    payload = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
        f"authorization: Bearer {key}\r\nx-api-key: {key}\r\nconnection: close\r\n"
        f"content-length: {len(payload)}\r\n\r\n"
    )
    sock.sendall(head.encode() + payload)
    return sock


def read_then_hang_up(url: str, path: str, key: str, body: dict[str, Any], events: int) -> int:
    """Read ``events`` content events of a stream, then close the socket; the status."""
    sock = raw_request(url, path, key, body)
    received = b""
    try:
        while received.count(MARKERS[path]) < events:
            part = sock.recv(65536)
            if not part:
                break
            received += part
    finally:
        sock.close()
    return int(received.split(b" ", 2)[1])


def body_for(path: str, n: int, **extra: Any) -> dict[str, Any]:
    # a prompt of its own each time: an estimate cannot know the upstream's cache hits
    messages = [{"role": "user", "content": f"Report {n}. {PROMPT}"}]
    return {"model": "kimi-k2.6", "max_tokens": 1000, "stream": True, "messages": messages, **extra}


def wait_for(gw: RunningGateway, count: int) -> list[dict[str, Any]]:
    """The ledger's request rows once ``count`` are there (or after 10 seconds)."""
    deadline = time.monotonic() + 10
    rows: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        rows = gw.ledger()[0]
        if len(rows) >= count:
            break
    return rows


def redis_spent(storage: dict[str, Any]) -> Callable[[str], float]:
    """Reads a key's spending today from the shared counters."""
    client = redis.Redis.from_url(storage["redis_url"])

    def spent(key_id: str) -> float:
        day = time.strftime("%Y-%m-%d", time.gmtime())
        value = client.get(f"{storage['redis_prefix']}:budget:key:{key_id}:day:{day}")
        return float(value or 0)

    return spent


@pytest.mark.parametrize("where", ["in_process", "redis"])
def test_hanging_up_mid_stream_is_billed_and_spends_the_budget(
    tmp_path: Path, where: str, request: pytest.FixtureRequest
) -> None:
    storage: dict[str, Any] = request.getfixturevalue("shared") if where == "redis" else {}
    overrides = {
        "budgets": {"per_key": {"daily_usd": LIMIT, "soft_share": 1.0}},
        "sim": {"default": {"tokens_per_second": 2000}},
    }
    if storage:
        overrides["storage"] = storage
    with running_gateway(tmp_path, **overrides) as gw:
        key, record = gw.store.create("hangs-up")
        statuses = []
        for i in range(10):
            path = (CHAT, MESSAGES)[i % 2]
            statuses.append(read_then_hang_up(gw.url, path, key, body_for(path, i), events=8))
            wait_for(gw, i + 1)  # the ledger row is written once the hang-up is settled
        rows = wait_for(gw, 10)
        attempts = gw.ledger()[1]
        billed = gw.sim.snapshot()["models"]["kimi-k2.6"]
        spent = redis_spent(storage)(record.id) if storage else None

    hung_up = [r for r in rows if r["status"] == 499]
    assert 429 in statuses, f"the budget never refused: {statuses}"
    refused_from = statuses.index(429)
    assert refused_from >= 3, f"requests were refused before the budget was spent: {statuses}"
    assert all(s == 429 for s in statuses[refused_from:]), statuses
    assert len(hung_up) == refused_from
    for row in hung_up:
        assert row["outcome"] == "abandoned" and row["model"] == "kimi-k2.6"
        assert row["prompt_tokens"] > 5000, "the prompt is billed"
        assert row["completion_tokens"] > 0, "so are the tokens generated before the hang-up"
        assert row["cost_usd"] > 0
    answered = [a for a in attempts if a["outcome"] == "abandoned"]
    assert len(answered) == len(hung_up) and all(a["usage_estimated"] for a in answered)
    recorded = sum(r["cost_usd"] for r in hung_up)
    # the ledger's estimate is what the upstream billed, to within the token estimate
    assert recorded == pytest.approx(billed["billed_usd"], rel=0.05)
    assert recorded <= LIMIT, "never more than the budget"
    assert billed["calls"] == len(hung_up), "refused requests never reached the upstream"
    if spent is not None:
        assert spent == pytest.approx(recorded), "the shared counter was charged"


def test_a_client_that_stops_reading_is_cut_billed_and_not_buffered(tmp_path: Path) -> None:
    sentences = (
        f"The river number {i} flows quietly past the old mill at dawn." for i in range(3000)
    )
    body = {
        "model": "kimi-k2.6",
        "stream": True,  # translated, the answer is as long as the model may write: 32k tokens
        "messages": [{"role": "user", "content": "Translate into French: " + " ".join(sentences)}],
    }
    overrides = {"gateway": {"stream_stall_s": 1.0}, "sim": {"default": {"tokens_per_second": 0}}}
    with running_gateway(tmp_path, **overrides) as gw:
        host, port = gw.url.removeprefix("http://").split(":")
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect((host, int(port)))
        payload = json.dumps(body).encode()
        head = f"POST {CHAT} HTTP/1.1\r\nhost: x\r\ncontent-length: {len(payload)}\r\n\r\n"
        sock.sendall(head.encode() + payload)
        assert sock.recv(1024).startswith(b"HTTP/1.1 200")  # then it reads nothing more
        started = time.monotonic()
        rows = wait_for(gw, 1)
        waited = time.monotonic() - started
        attempts = gw.ledger()[1]
        sock.close()
    assert rows, "a stalled stream is ended and recorded"
    assert waited < 5, "within the stall limit (1 s), not at some upstream timeout"
    (row,) = rows
    assert row["status"] == 499 and row["outcome"] == "abandoned"
    assert "read nothing for 1s" in row["error"]
    assert row["cost_usd"] > 0 and row["prompt_tokens"] > 30_000
    assert 0 < row["completion_tokens"] < 32_000, "the gateway stopped reading the upstream"
    assert attempts[0]["usage_estimated"]


async def test_a_python_stream_closed_early_is_billed_and_charged() -> None:
    settings = build_settings(
        merge(
            default_data(),
            {
                "sim": {"enabled": True, "default": {"tokens_per_second": 2000}},
                "budgets": {"total": {"daily_usd": 1.0, "soft_share": 1.0}},
            },
        )
    )
    router = Router(settings)
    try:
        routed = await router.stream(f"Report 0. {PROMPT}", model="kimi-k2.6", max_tokens=400)
        async for chunk in routed:
            if chunk.has_content():
                break
        await routed.aclose()
        trace = routed.trace
        assert trace.outcome == "abandoned" and trace.model == "kimi-k2.6"
        (attempt,) = trace.attempts
        assert attempt.usage_estimated and attempt.usage.prompt_tokens > 5000
        assert trace.cost_usd > 0
        # the charge is in the budget: what is left is the limit less exactly that cost
        (scope,) = router.budgets.scopes()
        with pytest.raises(BudgetExceeded) as refused:
            await router.budgets.reserve((scope,), 1.0 - trace.cost_usd + 1e-9)
        assert "$1.00" in refused.value.message
        held = await router.budgets.reserve((scope,), 1.0 - trace.cost_usd - 1e-9)
        await router.budgets.settle(held, 0.0)
    finally:
        await router.aclose()
