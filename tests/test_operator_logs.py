"""What the gateway tells its operator (issue 15, item 4): the listen URL at start-up,
``gateway ready`` only once bound, a failed bind as one clear line and a non-zero exit,
circuit and provider events (log and /metrics), and 404/405 answers logged and counted."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2
import orjson
import pytest
from tests.gateway_fixtures import running_gateway
from tests.serve_fixtures import start_serve

SIMPLE = "hello there, how are you?"


def _lines(stderr: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def test_start_up_logs_the_listen_url_before_ready(tmp_path: Path) -> None:
    process, url = start_serve(tmp_path)
    process.terminate()
    _, stderr = process.communicate(timeout=30)
    messages = [line["msg"] for line in _lines(stderr)]
    listening = next(line for line in _lines(stderr) if line["msg"] == "listening")
    assert listening["url"] == url
    assert messages.index("listening") < messages.index("gateway ready")


def test_a_port_in_use_is_one_error_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "MODELROUTER_DB": str(tmp_path / "gw.db"), "HOME": str(tmp_path)}
        command = [sys.executable, "-m", "modelrouter", "serve", "--sim", "--port", str(port)]
        done = subprocess.run(
            command, check=False, env=env, capture_output=True, text=True, timeout=60
        )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "gateway ready" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, done.stderr
    (error,) = [line for line in _lines(done.stderr) if line["level"] == "error"]
    assert f"127.0.0.1:{port}" in error["msg"] and "in use" in error["msg"]


def _metric(exposition: str, name: str, **labels: str) -> float | None:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in exposition.splitlines():
        if line.startswith(f"{name}{{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    del wanted
    return None


def test_circuit_and_provider_events_are_logged_and_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="modelrouter")
    circuit = {"failures": 2, "cooldown_s": 0.3, "half_open_probes": 1}
    ops = {"operations": {"access": "open"}}
    with running_gateway(tmp_path, routing={"circuit": circuit}, gateway=ops) as gw:
        gw.fault("kimi-k2.6", error_rate=1.0, faults=["server_error"])
        body = {"model": "route:simple", "messages": [{"role": "user", "content": SIMPLE}]}
        with httpx2.Client(base_url=gw.url) as client:
            for _ in range(3):
                client.post("/v1/chat/completions", json=body)
            down = client.get("/metrics").text
            gw.heal()
            time.sleep(0.4)
            for _ in range(3):
                client.post("/v1/chat/completions", json=body)
            back = client.get("/metrics").text
    events = [(r.getMessage(), getattr(r, "fields", {})) for r in caplog.records]
    opened = [f for m, f in events if m == "circuit opened"]
    assert opened and opened[0]["model"] == "kimi-k2.6" and opened[0]["provider"] == "moonshot"
    assert any(m == "provider down" and f["provider"] == "moonshot" for m, f in events)
    assert any(m == "circuit closed" and f["model"] == "kimi-k2.6" for m, f in events)
    assert any(m == "provider back" and f["provider"] == "moonshot" for m, f in events)
    assert _metric(down, "modelrouter_circuit_events_total", model="kimi-k2.6", event="opened")
    assert _metric(down, "modelrouter_provider_up", provider="moonshot") == 0
    assert _metric(back, "modelrouter_circuit_events_total", model="kimi-k2.6", event="closed")
    assert _metric(back, "modelrouter_provider_up", provider="moonshot") == 1


def test_404_and_405_are_logged_and_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="modelrouter")
    ops = {"operations": {"access": "open"}}
    with running_gateway(tmp_path, gateway=ops) as gw, httpx2.Client(base_url=gw.url) as client:
        assert client.get("/v1/nowhere").status_code == 404
        assert client.get("/v1/chat/completions").status_code == 405
        metrics = client.get("/metrics").text
    lines = {r.getMessage(): getattr(r, "fields", {}) for r in caplog.records}
    assert lines["no such endpoint"]["path"] == "/v1/nowhere"
    assert lines["method not allowed"]["method"] == "GET"
    assert _metric(metrics, "modelrouter_unrouted_requests_total", status="404") == 1
    assert _metric(metrics, "modelrouter_unrouted_requests_total", status="405") == 1
