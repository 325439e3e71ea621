"""``modelrouter demo`` end to end: its report agrees with what the upstreams billed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from modelrouter.cli import main_group
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.demo.report import summarise, text
from modelrouter.demo.run import serve_and_drive, workload


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


def test_report_matches_what_the_simulator_billed() -> None:
    settings = build_settings(merge(default_data(), {"sim": {"enabled": True}}))
    rows = workload()[:80]
    events: list[str] = []
    sent, router = serve_and_drive(
        settings,
        rows,
        outage="moonshot",
        concurrency=4,
        progress=lambda n: None,
        say=events.append,
    )
    summary = summarise(sent, settings, router.executor.clock())
    billed = router.sim_app.state.sim.snapshot()["models"]
    assert summary["requests"] == summary["answered"] == 80
    assert len(events) == 2 and "goes down" in events[0] and "is back" in events[1]
    # what the gateway reported, request by request, is what the upstreams billed
    assert sum(s.completion_tokens for s in sent) == sum(
        m["usage"]["completion_tokens"] for m in billed.values()
    )
    assert sum(s.prompt_tokens for s in sent) == sum(
        m["usage"]["prompt_tokens"] for m in billed.values()
    )
    answered_by = {model: n for task in summary["decisions"].values() for model, n in task.items()}
    for model, count in answered_by.items():
        assert billed[model]["answered"] >= count
    # during the outage the simple and long-document routes fell back
    assert summary["outcomes"].get("fallback", 0) > 0
    assert billed["kimi-k2.6"]["faults"], "calls during the outage were refused"
    # routing beats sending everything to the strongest model
    single = summary["cost_usd"]["single_model"]
    assert summary["cost_usd"]["routed"] < single["claude-opus-4-7"] / 2
    assert "simulated" in text(summary)


def test_demo_command(tmp_path: Path) -> None:
    chart = tmp_path / "demo.png"
    result = CliRunner().invoke(
        main_group, ["demo", "--limit", "24", "--json", "--chart", str(chart)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    assert report["requests"] == 24 and report["simulated"] is True
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
