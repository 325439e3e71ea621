"""Streamed answers on a real server: a caller who leaves mid-stream stops the relay at
once and the request is recorded as 499; one who stays gets every event and [DONE]."""

from __future__ import annotations

import time
from pathlib import Path

import httpx2
from tests.gateway_fixtures import running_gateway

BODY = {
    "model": "route:simple",
    "stream": True,
    "messages": [{"role": "user", "content": "Say hello in French, at length."}],
}


def test_a_caller_leaving_mid_stream_is_recorded_as_499(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw:
        gw.fault("kimi-k2.6", tokens_per_second=20)  # a slow stream: ~50 ms per token
        with httpx2.Client(base_url=gw.url, timeout=10) as http:
            started = time.monotonic()
            with http.stream("POST", "/v1/chat/completions", json=BODY) as response:
                assert response.status_code == 200
                for line in response.iter_lines():
                    if line.startswith("data: {"):
                        break
            assert time.monotonic() - started < 5
        deadline = time.monotonic() + 5
        statuses: list[int] = []
        while time.monotonic() < deadline and 499 not in statuses:
            statuses = [row["status"] for row in gw.ledger()[0]]
        assert statuses == [499]


def test_a_caller_who_stays_gets_every_event(tmp_path: Path) -> None:
    with running_gateway(tmp_path) as gw, httpx2.Client(base_url=gw.url, timeout=10) as http:
        with http.stream("POST", "/v1/chat/completions", json=BODY) as response:
            lines = [line for line in response.iter_lines() if line]
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-modelrouter-task"] == "simple"
        assert lines[-1] == "data: [DONE]"
        assert len(lines) > 2
        # the record is written as the relay ends, just after the caller has read [DONE]
        deadline = time.monotonic() + 5
        statuses: list[int] = []
        while time.monotonic() < deadline and not statuses:
            statuses = [row["status"] for row in gw.ledger()[0]]
        assert statuses == [200]
