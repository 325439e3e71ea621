"""Claude Code (``@anthropic-ai/claude-code`` from npm) as a client of the gateway.

The real ``claude`` binary runs in print mode with ``ANTHROPIC_BASE_URL`` pointing at a
gateway on loopback whose providers are all simulated, a dummy key, telemetry and other
non-essential traffic off, and a temporary home. It must complete a prompt that needs a
tool call (the simulated model calls ``Read``, Claude Code runs it, the model answers from
the result) and its ``/context`` command, which counts tokens through
``/v1/messages/count_tokens``. Skipped when ``claude`` is not on PATH (install it with
``npm install -g @anthropic-ai/claude-code``); see docs/clients.md for versions run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.gateway_fixtures import RunningGateway, running_gateway

CLAUDE = shutil.which("claude")
pytestmark = [
    pytest.mark.clients,
    pytest.mark.skipif(
        CLAUDE is None,
        reason="claude is not on PATH (npm install -g @anthropic-ai/claude-code)",
    ),
]
MODEL = "claude-sonnet-4-6"


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    with running_gateway(tmp_path_factory.mktemp("claude-gw")) as running:
        yield running


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("claude-work")
    (work / "home").mkdir()
    (work / "project").mkdir()
    (work / "project" / "notes.txt").write_text("the launch code is tangerine\n")
    return work


def _claude(
    gw: RunningGateway, work: Path, *args: str, model: str = MODEL
) -> subprocess.CompletedProcess[str]:
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env |= {
        "HOME": str(work / "home"),
        "ANTHROPIC_BASE_URL": gw.url,
        "ANTHROPIC_API_KEY": "dummy-key-for-the-gateway",
        "ANTHROPIC_MODEL": model,
        "ANTHROPIC_SMALL_FAST_MODEL": "claude-haiku-4-5",
        "DISABLE_TELEMETRY": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    assert CLAUDE is not None
    return subprocess.run(
        [CLAUDE, "-p", *args],
        cwd=work / "project",
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _events(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip().startswith("{")]


def _blocks(events: list[dict[str, Any]], role: str) -> list[dict[str, Any]]:
    return [
        block
        for event in events
        if event.get("type") == role
        for block in event["message"]["content"]
        if isinstance(block, dict)
    ]


# a catalog model, and ``auto``: routed by the gateway, here to an OpenAI-format model, so
# the tool call and its result cross the Anthropic <-> OpenAI translation both ways
@pytest.mark.parametrize("model", [MODEL, "auto"])
def test_claude_code_completes_a_prompt_with_a_tool_round_trip(
    gw: RunningGateway, workdir: Path, model: str
) -> None:
    requests_before = len(gw.ledger()[0])
    done = _claude(
        gw,
        workdir,
        "Read the file notes.txt",
        "--tools",
        "Read",
        "--output-format",
        "stream-json",
        "--verbose",
        model=model,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    events = _events(done.stdout)
    calls = [b for b in _blocks(events, "assistant") if b.get("type") == "tool_use"]
    assert [(c["name"], c["input"].get("file_path")) for c in calls] == [("Read", "notes.txt")]
    results = [b for b in _blocks(events, "user") if b.get("type") == "tool_result"]
    assert len(results) == 1 and results[0]["tool_use_id"] == calls[0]["id"]
    assert "tangerine" in json.dumps(results[0]["content"])
    final = events[-1]
    assert final["type"] == "result" and final["is_error"] is False
    assert "tangerine" in final["result"]  # the answer came from the tool's result
    requests = gw.ledger()[0][requests_before:]
    answered = [r for r in requests if r["api"] == "anthropic" and r["task"] != "count_tokens"]
    assert len(answered) >= 2 and all(r["status"] == 200 for r in answered)
    assert all(r["selector"] == model and r["model"] for r in answered)
    if model == MODEL:
        assert {r["model"] for r in answered} == {MODEL}


def test_claude_code_counts_tokens_through_the_gateway(gw: RunningGateway, workdir: Path) -> None:
    before = gw.gateway.router.sim_app.state.endpoint_calls["count_tokens"]
    done = _claude(gw, workdir, "/context")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Context Usage" in done.stdout and MODEL in done.stdout
    counted = gw.gateway.router.sim_app.state.endpoint_calls["count_tokens"] - before
    assert counted >= 1  # the Anthropic adapter asked the (simulated) upstream
    requests, _ = gw.ledger()
    rows = [r for r in requests if r["task"] == "count_tokens"]
    assert len(rows) >= counted and all(r["status"] == 200 for r in rows)
    assert all(r["model"] == MODEL and r["cost_usd"] == 0 for r in rows)
