"""Graceful shutdown of a real ``modelrouter serve``: SIGTERM mid-stream stops accepting
connections, lets the stream finish (up to ``gateway.shutdown_grace_s``), flushes the
ledger, and exits."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from tests.serve_fixtures import start_serve


def _serve(tmp: Path, config: str) -> tuple[subprocess.Popen[str], str]:
    path = tmp / "modelrouter.yaml"
    path.write_text(config)
    return start_serve(tmp, config=path)


SLOW_STREAMS = """
gateway: {{ledger_flush_seconds: 3600, shutdown_grace_s: {grace}}}
sim: {{default: {{tokens_per_second: {speed}}}}}
"""


def _stream_through_sigterm(tmp: Path, grace: int, speed: int) -> tuple[list[str], str, float]:
    """Start a stream, SIGTERM the server after its first chunk, read to the end (or to
    the cut); wait for the server to exit."""
    process, url = _serve(tmp, SLOW_STREAMS.format(grace=grace, speed=speed))
    try:
        lines, request_id, after = _read_through_sigterm(process, url)
        # uvicorn shuts down, then re-raises the signal it caught: killed by SIGTERM, cleanly
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    return lines, request_id, after


def _read_through_sigterm(process: subprocess.Popen[str], url: str) -> tuple[list[str], str, float]:
    body = {
        "model": "route:simple",
        "stream": True,
        "messages": [{"role": "user", "content": "Tell me about the history of tea."}],
    }
    lines: list[str] = []
    with (
        httpx2.Client(base_url=url, timeout=60) as client,
        client.stream("POST", "/v1/chat/completions", json=body) as answer,
    ):
        assert answer.status_code == 200
        request_id = answer.headers["x-request-id"]
        stopped = 0.0
        try:
            for line in answer.iter_lines():
                if line:
                    lines.append(line)
                if stopped == 0.0 and line.startswith("data: {"):
                    process.send_signal(signal.SIGTERM)
                    stopped = time.monotonic()
                    time.sleep(0.5)
                    with pytest.raises(httpx2.ConnectError):
                        httpx2.get(f"{url}/healthz", timeout=2)  # no longer accepting
        except httpx2.RemoteProtocolError:
            lines.append("<cut>")
    return lines, request_id, time.monotonic() - stopped


def _ledger(tmp: Path, request_id: str) -> tuple[int, str | None]:
    with sqlite3.connect(tmp / "gw.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        row = db.execute("select status, outcome from requests where id = ?", (request_id,))
        status, outcome = row.fetchone()
    return int(status), outcome


def test_sigterm_mid_stream_finishes_the_stream_and_flushes_the_ledger(tmp_path: Path) -> None:
    lines, request_id, after = _stream_through_sigterm(tmp_path, grace=30, speed=40)
    assert lines[-1] == "data: [DONE]", "the stream in flight ran to its end"
    assert after > 0.5, "the stream outlived the signal"
    # the flush interval is an hour: only the shutdown flush wrote this row
    assert _ledger(tmp_path, request_id) == (200, "ok")


def test_stream_past_the_grace_period_is_cut_and_still_recorded(tmp_path: Path) -> None:
    lines, request_id, after = _stream_through_sigterm(tmp_path, grace=1, speed=3)
    assert lines[-1] == "<cut>", "cut at the grace deadline"
    assert after < 10
    status, _ = _ledger(tmp_path, request_id)
    assert status == 499


SLOW_FIRST_TOKEN = """
gateway: {ledger_flush_seconds: 3600, shutdown_grace_s: 1}
sim: {default: {ttft_ms: 20000}}
"""


def test_a_stream_still_waiting_for_its_first_token_at_shutdown_is_recorded(
    tmp_path: Path,
) -> None:
    """Past the grace period the server cancels a request still waiting for its first
    token, before any answer began: the request is recorded (499), the upstream closed."""
    process, url = _serve(tmp_path, SLOW_FIRST_TOKEN)
    body = {
        "model": "route:simple",
        "stream": True,
        "messages": [{"role": "user", "content": "Tell me about the history of tea."}],
    }
    try:
        with httpx2.Client(base_url=url, timeout=30) as client:
            headers = {"x-request-id": "waits-for-a-first-token"}
            with ThreadPoolExecutor(1) as pool:
                pending = pool.submit(
                    client.post, "/v1/chat/completions", json=body, headers=headers
                )
                time.sleep(1.0)  # the request is in, waiting for the upstream's first token
                process.send_signal(signal.SIGTERM)
                answer = pending.result(timeout=30)
        assert answer.status_code == 500, "uvicorn's answer to a request it cancelled"
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
    status, _ = _ledger(tmp_path, "waits-for-a-first-token")
    assert status == 499
