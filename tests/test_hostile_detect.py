"""Crafted prompts cannot hold the event loop: detection is linear and bounded (issue 11).

The reproduction of issue 11 (a separator line of underscores after an ``=``) froze a
worker, ``/healthz`` included: ``detect/scan.py``'s assignment pattern backtracked
exponentially. Here such prompts, and very large ones, go through the real gateway on
loopback in both API formats while another thread probes ``/healthz``: every request is
answered, and no probe waits long. The CLI's ``route`` answers the issue's command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from tests.gateway_fixtures import RunningGateway, running_gateway

UNDERSCORES = "a = 1\n" + "_" * 60
HOSTILE = [
    UNDERSCORES,
    "x = 2\n" + "_" * 5_000 + "\n" + "=" * 5_000,
    "for x in" + " " * 20_000 + "y",
    "data_frame" + "_" * 20_000 + " = 1",
    "\n" * 50_000 + "a = f(x)",
    "{" + ' "k": ' * 5_000,
    "The report says " + "«" * 20_000,
    "a" + "." * 30_000 + "(",
    "abc" * 200_000 + " = x(" + "_" * 200_000,  # 1.4 MB on one line
]


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("hostile-detect")) as running:
        yield running


def _probe(url: str, stop: threading.Event, waits: list[float]) -> None:
    with httpx2.Client(base_url=url, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            waits.append(time.perf_counter() - started)
            time.sleep(0.01)


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/messages"])
def test_crafted_prompts_are_answered_and_healthz_stays_responsive(
    gw: RunningGateway, path: str
) -> None:
    stop, waits = threading.Event(), []  # type: ignore[var-annotated]
    prober = threading.Thread(target=_probe, args=(gw.url, stop, waits), daemon=True)
    prober.start()
    try:
        with httpx2.Client(base_url=gw.url, timeout=60) as client:
            for prompt in HOSTILE:
                body = {"model": "auto", "max_tokens": 16}
                body["messages"] = [{"role": "user", "content": prompt}]  # type: ignore[assignment]
                started = time.perf_counter()
                response = client.post(path, content=json.dumps(body).encode())
                assert response.status_code == 200, response.text[:300]
                assert time.perf_counter() - started < 10, prompt[:40]
                assert response.headers["x-modelrouter-task"]
    finally:
        stop.set()
        prober.join(timeout=30)
    assert waits, "the probe never got an answer"
    # Generous: a frozen loop (issue 11) kept the probe waiting for minutes.
    assert max(waits) < 2.0, f"/healthz waited {max(waits):.2f} s"


def test_route_cli_answers_the_issue_reproduction(tmp_path: Path) -> None:
    """``modelrouter route --sim "$(printf 'a = 1\\n'; printf '_%.0s' $(seq 1 60))"``."""
    result = subprocess.run(
        [sys.executable, "-m", "modelrouter", "route", "--sim", UNDERSCORES],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "task:" in result.stdout and "plan" in result.stdout


@pytest.mark.parametrize("command", [["route", "--sim", "hello"], ["serve", "--port", "0"]])
def test_a_keyword_re2_cannot_run_stops_start_up_naming_the_field(
    tmp_path: Path, command: list[str]
) -> None:
    config = tmp_path / "modelrouter.yaml"
    config.write_text(
        "tasks:\n  legal:\n    description: contracts\n"
        "    keywords: ['\\bNDA\\b', 'foo(?=bar)']\n"
        "    route: {primary: claude-sonnet-4-6}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "modelrouter", "--config", str(config), *command],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert "tasks.legal.keywords[1]" in result.stderr
    assert "lookaround" in result.stderr
    assert "Traceback" not in result.stderr
