"""``modelrouter demo`` end to end: its report agrees with what the upstreams billed."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.demo.report import summarise, text
from modelrouter.demo.run import serve_and_drive, workload
from modelrouter.server import logs
from modelrouter.store.db import connect
from modelrouter.store.ledger import read_attempts, read_requests


def test_workload_covers_every_task_in_several_languages() -> None:
    rows = workload()
    assert len(rows) >= 200
    assert {r["label"] for r in rows} == {
        "code",
        "long_context",
        "reasoning",
        "simple",
        "creative",
        "data_analysis",
    }
    assert len({r["lang"] for r in rows}) >= 5


def test_report_comes_from_the_ledger_which_matches_what_was_billed(tmp_path: Path) -> None:
    settings = build_settings(merge(default_data(), {"sim": {"enabled": True}}))
    rows = workload()[:80]
    engine = connect(f"sqlite:///{tmp_path / 'ledger.db'}")
    events: list[str] = []
    sent, router = serve_and_drive(
        settings,
        rows,
        engine=engine,
        outage="moonshot",
        concurrency=4,
        progress=lambda n: None,
        say=events.append,
    )
    requests, attempts = read_requests(engine), read_attempts(engine)
    summary = summarise(sent, requests, attempts, settings, router.executor.clock())
    billed = router.sim_app.state.sim.snapshot()["models"]
    assert len(events) == 2 and "goes down" in events[0] and "is back" in events[1]
    # every request the client sent is in the ledger, once, with the id it was given
    assert sorted(r["id"] for r in requests) == sorted(s.request_id for s in sent)
    assert summary["requests"] == summary["answered"] == 80
    # an outage shows in the outcomes: every answer from another model than the plan's
    # first choice is a fallback (or an escalation, when a check failed), with its reason
    elsewhere = [r for r in requests if r["model"] != r["first_choice"]]
    outcomes = summary["outcomes"]
    assert len(elsewhere) == outcomes.get("fallback", 0) + outcomes.get("escalated", 0)
    assert outcomes["fallback"] == sum(summary["fallback_reasons"].values()) > 0
    assert "circuit_open" in summary["fallback_reasons"]
    assert "fallbacks (answered by another model" in text(summary)
    # the ledger's token counts are what the upstreams billed
    assert sum(a["completion_tokens"] for a in attempts) == sum(
        m["usage"]["completion_tokens"] for m in billed.values()
    )
    assert sum(a["prompt_tokens"] for a in attempts) == sum(
        m["usage"]["prompt_tokens"] for m in billed.values()
    )
    # the report's figures are the ledger's sums
    assert summary["cost_usd"]["routed"] == pytest.approx(sum(r["cost_usd"] for r in requests))
    assert summary["outcomes"]["fallback"] == sum(r["outcome"] == "fallback" for r in requests)
    assert summary["outcomes"]["fallback"] > 0, "the outage forced fallbacks"
    assert billed["kimi-k2.6"]["faults"], "calls during the outage were refused"
    for task, models in summary["decisions"].items():
        for model, count in models.items():
            assert count == sum(r["task"] == task and r["model"] == model for r in requests)
    single = summary["cost_usd"]["single_model"]
    assert summary["cost_usd"]["routed"] < single["claude-opus-4-7"] / 2
    assert "simulated" in text(summary)


def test_demo_command(tmp_path: Path) -> None:
    chart = tmp_path / "demo.png"
    ledger = tmp_path / "demo.db"
    result = CliRunner().invoke(
        main_group,
        ["demo", "--limit", "24", "--json", "--chart", str(chart), "--ledger", str(ledger)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    assert report["requests"] == 24 and report["simulated"] is True
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(read_requests(connect(f"sqlite:///{ledger}"))) == 24


def test_the_demo_script_narrates_its_outage_without_stray_log_lines(tmp_path: Path) -> None:
    # the real entry point: the CLI's text log handler is on, and the demo quiets it while
    # its own lines say what happens (the circuit events would otherwise interleave)
    done = subprocess.run(
        [sys.executable, "-m", "modelrouter", "demo", "--chart", str(tmp_path / "d.png"),
         "--ledger", str(tmp_path / "d.db")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "provider moonshot goes down" in done.stdout
    assert "circuit opened" not in done.stdout + done.stderr
    assert "provider down" not in done.stdout + done.stderr


def test_cli_warnings_are_one_readable_line(capsys: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger(logs.LOGGER)
    saved = (list(logger.handlers), logger.level, logger.propagate)
    logs.configure_text()
    try:
        logs.log(logging.WARNING, "circuit opened", model="kimi-k2.6", seconds=30.0, error=None)
    finally:
        logger.handlers[:], logger.level, logger.propagate = saved
    assert capsys.readouterr().err == (
        "modelrouter: warning: circuit opened (model=kimi-k2.6, seconds=30.0)\n"
    )
