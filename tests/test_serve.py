"""``modelrouter serve`` as a user runs it: a real process, real port, JSON logs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_starts_reports_and_answers(tmp_path: Path, workers: int) -> None:
    port = _free_port()
    env = {**os.environ, "MODELROUTER_DB": str(tmp_path / "gw.db"), "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "modelrouter",
            "serve",
            "--sim",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "serve did not start"
            time.sleep(0.2)
        answer = httpx2.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            timeout=10,
            json={"model": "auto", "messages": [{"role": "user", "content": "hello"}]},
        )
        assert answer.status_code == 200 and answer.headers["x-modelrouter-task"] == "simple"
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    messages = [line["msg"] for line in lines]
    assert "gateway ready" in messages
    storage = next(line for line in lines if line["msg"] == "storage")
    assert storage["database"] == str(tmp_path / "gw.db")
    request = next(line for line in lines if line["msg"] == "request")
    assert request["status"] == 200 and request["request_id"] == answer.headers["x-request-id"]
    assert "sk-" not in stderr
