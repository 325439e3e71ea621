"""The savings report, the projection and the advice, against figures computed by hand from
a small ledger and the catalog prices in config/defaults.yaml (USD per million tokens):

    claude-opus-4-7  in 5.00, cached 0.50, out 25.00
    gpt-5.5          in 5.00, cached 0.50, out 30.00
    kimi-k2.6        in 0.95, cached 0.16, out 4.00
    qwen3.6-plus     in 0.325, out 1.95
    deepseek-v4-pro  in 0.66, cached 0.022, out 1.98; weekdays 01-04 and 06-10 UTC: 1.32 / 3.96
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from modelrouter.check.base import Verdict
from modelrouter.cli.report_cmd import advise, estimate, report
from modelrouter.config.loader import load_settings
from modelrouter.reports import advise as advise_over
from modelrouter.reports import build_report, parse_mix, parse_tokens
from modelrouter.reports.source import Period
from modelrouter.store.db import connect
from modelrouter.store.ledger import Ledger, Row, read_attempts, read_requests, rows_of
from modelrouter.trace import Attempt, AttemptOutcome, Trace
from modelrouter.types import Usage

SETTINGS = load_settings()
TASKS = frozenset(SETTINGS.tasks)
MONDAY_10 = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)  # off-peak (windows end at 10:00)
MONDAY_11 = dt.datetime(2026, 11, 2, 11, 0, tzinfo=dt.UTC)
TUESDAY_09 = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)  # DeepSeek peak
TUESDAY_12 = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)
WEDNESDAY_08 = dt.datetime(2026, 11, 4, 8, 0, tzinfo=dt.UTC)

# Recorded costs, by hand:
R1_OPUS = (800 * 5 + 200 * 0.5 + 500 * 25) / 1e6  # 1000 prompt (200 cached), 500 out
R2_QWEN = (100 * 0.325 + 50 * 1.95) / 1e6  # 100 prompt, 50 out
R3_OPUS = (400 * 5 + 300 * 25) / 1e6  # failed its check
R3_GPT = (400 * 5 + 600 * 30) / 1e6  # 400 prompt, 600 out (200 of them reasoning)
ROUTED = R1_OPUS + R2_QWEN + R3_OPUS + R3_GPT
# The three answers re-priced on one model:
ALL_OPUS = R1_OPUS + (100 * 5 + 50 * 25) / 1e6 + (400 * 5 + 600 * 25) / 1e6
ALL_GPT = (800 * 5 + 200 * 0.5 + 500 * 30) / 1e6 + (100 * 5 + 50 * 30) / 1e6 + R3_GPT


def _attempt(
    model: str,
    outcome: AttemptOutcome = "ok",
    usage: Usage | None = None,
    usd: float = 0.0,
    checks: tuple[tuple[str, bool], ...] = (),
) -> Attempt:
    return Attempt(
        model=model,
        provider=SETTINGS.models[model].provider,
        role="primary",
        reason="test",
        outcome=outcome,
        error="server_error" if outcome == "error" else None,
        usage=usage or Usage(),
        cost_usd=usd,
        verdicts=[Verdict(name, ok, 1.0 if ok else 0.0, "test") for name, ok in checks],
    )


def _item(
    request_id: str,
    when: dt.datetime,
    key: str | None,
    status: int,
    task: str | None,
    attempts: list[Attempt],
    answered: int | None,
) -> tuple[Row, list[Row]]:
    trace = None
    if task is not None:
        trace = Trace(request_id, task, 0.9, "rules", "test", "table", "normal")
        trace.attempts = attempts
        trace.settle(attempts[answered] if answered is not None else None)
    return rows_of(
        request_id=request_id,
        received_at=when,
        api="openai",
        key_id=key,
        selector="auto",
        status=status,
        error=None if status == 200 else "failed",
        trace=trace,
        latency_ms=10.0,
        overhead_ms=1.0,
    )


def _items() -> list[tuple[Row, list[Row]]]:
    ok = (("empty", True), ("code", True))
    return [
        _item(
            "r1", MONDAY_10, "k1", 200, "code",
            [_attempt("claude-opus-4-7", usage=Usage.of(1000, 500, cached=200), usd=R1_OPUS,
                      checks=ok)],
            0,
        ),
        _item(
            "r2", MONDAY_11, "k2", 200, "simple",
            [_attempt("kimi-k2.6", "error"),
             _attempt("qwen3.6-plus", usage=Usage.of(100, 50), usd=R2_QWEN,
                      checks=(("empty", True),))],
            1,
        ),
        _item(
            "r3", TUESDAY_09, "k1", 200, "code",
            [_attempt("claude-opus-4-7", "check_failed", Usage.of(400, 300), R3_OPUS,
                      (("empty", True), ("code", False))),
             _attempt("gpt-5.5", usage=Usage.of(400, 600, reasoning=200), usd=R3_GPT,
                      checks=ok)],
            1,
        ),
        _item(
            "r4", TUESDAY_12, "k2", 502, "simple",
            [_attempt("kimi-k2.6", "error"), _attempt("qwen3.6-plus", "error")],
            None,
        ),
        _item("r5", WEDNESDAY_08, None, 401, None, [], None),
    ]  # fmt: skip


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    Ledger(connect(f"sqlite:///{path}")).write(_items())
    return path


@pytest.fixture(autouse=True)
def _no_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./modelrouter.yaml: the built-in defaults apply
    monkeypatch.delenv("MODELROUTER_DB", raising=False)


def _run(command: click.Command, *args: str) -> Result:
    return CliRunner().invoke(command, list(args))


def _json(command: click.Command, *args: str) -> Any:
    result = _run(command, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the report, as data -------------------------------------------------------------------


def test_totals_rates_and_checks_are_the_hand_computed_sums(ledger: Path) -> None:
    engine = connect(f"sqlite:///{ledger}")
    total = build_report(read_requests(engine), read_attempts(engine), SETTINGS).total
    assert (total.requests, total.answered, total.rejected, total.failed) == (5, 3, 1, 1)
    assert total.prompt_tokens == 1000 + 100 + 400 + 400
    assert total.cached_tokens == 200
    assert total.completion_tokens == 500 + 50 + 300 + 600
    assert total.reasoning_tokens == 200
    assert total.cost_usd == pytest.approx(ROUTED)
    assert total.answer_cost_usd == pytest.approx(ROUTED - R3_OPUS)  # the escalation's waste
    assert total.fallback_rate == total.escalation_rate == total.failure_rate == 1 / 5
    assert total.checks["empty"].pass_rate == 1.0 and total.checks["empty"].runs == 4
    assert total.checks["code"].passed == 2 and total.checks["code"].pass_rate == 2 / 3


def test_counterfactual_reprices_each_answer_on_one_model(ledger: Path) -> None:
    engine = connect(f"sqlite:///{ledger}")
    total = build_report(read_requests(engine), read_attempts(engine), SETTINGS).total
    assert total.repriced == 3
    assert total.single_model_usd["claude-opus-4-7"] == pytest.approx(ALL_OPUS)
    assert total.single_model_usd["gpt-5.5"] == pytest.approx(ALL_GPT)
    assert total.saved_vs["gpt-5.5"] == pytest.approx(1 - ROUTED / ALL_GPT)
    # on this ledger routing cost more than all-Opus: the escalation paid twice
    assert total.saved_vs["claude-opus-4-7"] == pytest.approx(1 - ROUTED / ALL_OPUS)
    saved = total.saved_vs["claude-opus-4-7"]
    assert saved is not None and saved < 0


# --- the report through the command ---------------------------------------------------------


def test_json_is_one_object_with_the_figures(ledger: Path) -> None:
    data = _json(report, "--db", str(ledger), "--by", "task")
    total = data["total"]
    assert total["requests"] == 5
    assert total["cost_usd"] == pytest.approx(ROUTED)
    assert total["single_model_usd"]["claude-opus-4-7"] == pytest.approx(ALL_OPUS)
    assert data["reference_models"] == ["claude-opus-4-7", "gpt-5.5"]
    assert "same token counts" in str(data["assumption"])
    groups = {g["group"]: g for g in data["groups"]}
    assert set(groups) == {"code", "simple", "(none)"}
    assert groups["code"]["cost_usd"] == pytest.approx(R1_OPUS + R3_OPUS + R3_GPT)
    assert groups["code"]["escalation_rate"] == 0.5
    assert groups["simple"]["failure_rate"] == 0.5
    assert groups["simple"]["single_model_usd"]["gpt-5.5"] == pytest.approx(
        (100 * 5 + 50 * 30) / 1e6
    )


@pytest.mark.parametrize(
    ("by", "groups"),
    [
        ("model", {"claude-opus-4-7": 1, "gpt-5.5": 1, "qwen3.6-plus": 1, "(no answer)": 2}),
        ("key", {"k1": 2, "k2": 2, "(no key)": 1}),
        ("day", {"2026-11-02": 2, "2026-11-03": 2, "2026-11-04": 1}),
    ],
)
def test_groupings(ledger: Path, by: str, groups: dict[str, int]) -> None:
    data = _json(report, "--db", str(ledger), "--by", by)
    assert {g["group"]: g["requests"] for g in data["groups"]} == groups


@pytest.mark.parametrize(
    ("args", "ids_cost"),
    [
        (["--since", "2026-11-03"], 3),
        (["--until", "2026-11-02"], 2),  # a date alone includes that whole day
        (["--since", "2026-11-03T10:00+01:00"], 3),  # 09:00 UTC: r3 included
        (["--since", "2026-11-03T09:00:01Z"], 2),
        (["--key", "k1"], 2),
        (["--key", "k1", "--since", "2026-11-03"], 1),
    ],
)
def test_filters(ledger: Path, args: list[str], ids_cost: int) -> None:
    data = _json(report, "--db", str(ledger), *args)
    assert data["total"]["requests"] == ids_cost


def test_key_filter_sums_only_that_key(ledger: Path) -> None:
    data = _json(report, "--db", str(ledger), "--key", "k1")
    assert data["total"]["cost_usd"] == pytest.approx(R1_OPUS + R3_OPUS + R3_GPT)


def test_csv_has_one_row_per_group(ledger: Path) -> None:
    result = _run(report, "--db", str(ledger), "--by", "key", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert set(rows) == {"k1", "k2", "(no key)"}
    assert float(rows["k2"]["cost_usd"]) == pytest.approx(R2_QWEN)
    assert float(rows["k2"]["fallback_rate"]) == 0.5
    assert float(rows["k1"]["check_code_pass_rate"]) == pytest.approx(2 / 3)
    assert rows["(no key)"]["check_code_pass_rate"] == ""
    assert float(rows["k1"]["single_gpt-5.5_usd"]) == pytest.approx(
        ALL_GPT - (100 * 5 + 50 * 30) / 1e6
    )


def test_table_states_the_saving_and_the_assumption(ledger: Path) -> None:
    result = _run(report, "--db", str(ledger), "--by", "task")
    assert result.exit_code == 0, result.output
    saved = f"cost {ROUTED / ALL_GPT - 1:.1%} more than all gpt-5.5"
    assert saved in " ".join(result.stdout.split())
    assert "Assumption:" in result.stdout and "same" in result.stdout
    assert "escalated" in result.stdout


def test_plot_writes_a_png(ledger: Path, tmp_path: Path) -> None:
    chart = tmp_path / "report.png"
    result = _run(report, "--db", str(ledger), "--by", "day", "--plot", str(chart))
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_database_defaults_to_the_environment(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODELROUTER_DB", str(ledger))
    assert _json(report)["total"]["requests"] == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-13-01"], "is not a date"),
        (["--until", "yesterday"], "is not a date"),
        (["--since", "2026-11-04", "--until", "2026-11-02"], "--since must be before --until"),
    ],
)
def test_bad_dates_are_usage_errors(ledger: Path, args: list[str], message: str) -> None:
    result = _run(report, "--db", str(ledger), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_missing_ledger_is_an_error_not_a_new_database(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    result = _run(report, "--db", str(missing))
    assert result.exit_code == 1 and "no ledger at" in result.output
    assert not missing.exists()


# --- estimate -----------------------------------------------------------------------------


def test_estimate_two_task_mix_by_hand() -> None:
    data = _json(
        estimate, "--tasks", "1000", "--mix", "simple=0.5,code=0.5",
        "--tokens", "simple=1000:200,code=2000:1000", "--at", "2026-11-20",
    )  # fmt: skip
    lines = {x["task"]: x for x in data["lines"]}
    assert lines["simple"]["model"] == "kimi-k2.6" and lines["code"]["model"] == "claude-opus-4-7"
    simple = 500 * (1000 * 0.95 + 200 * 4) / 1e6
    code = 500 * (2000 * 5 + 1000 * 25) / 1e6
    assert lines["simple"]["monthly_usd"] == pytest.approx(simple)
    assert data["routed_usd"] == pytest.approx(simple + code)
    singles = {s["model"]: s["monthly_usd"] for s in data["single_models"]}
    assert singles["claude-opus-4-7"] == pytest.approx(500 * (1000 * 5 + 200 * 25) / 1e6 + code)
    assert singles["gpt-5.5"] == pytest.approx(
        500 * (1000 * 5 + 200 * 30) / 1e6 + 500 * (2000 * 5 + 1000 * 30) / 1e6
    )


def test_estimate_defaults_and_budget_modes() -> None:
    data = _json(estimate, "--mix", "simple=1", "--budget", "economy", "--at", "2026-11-20")
    (line,) = data["lines"]
    # default sizes: 300 in (modelrouter's table), 250 out (simple's typical_output_tokens)
    assert (line["input_tokens"], line["output_tokens"]) == (300, 250)
    # economy: the cheapest model with strength >= simple's min_strength (60), off-peak
    assert line["model"] == "deepseek-v4-flash"
    assert line["monthly_usd"] == pytest.approx(10_000 * (300 * 0.22 + 250 * 0.66) / 1e6)
    assert any("300 in / 250 out" in a for a in data["assumptions"])


def test_estimate_table_shows_every_approach_and_the_assumptions() -> None:
    result = _run(estimate, "--at", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "all claude-opus-4-7" in result.stdout and "multi-model routing" in result.stdout
    assert "long_context 60,000 in / 600 out" in result.stdout


@pytest.mark.parametrize(
    ("mix", "message"),
    [
        ("simple=0.4,code=0.4", "sum to 0.8"),
        ("simple=0.5,chess=0.5", "unknown task 'chess'"),
        ("simple=half,code=0.5", "not a number"),
        ("simple=0.5,simple=0.5", "given twice"),
        ("simple", "expected task=share"),
    ],
)
def test_invalid_mixes_are_refused(mix: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_mix(mix, TASKS)
    result = _run(estimate, "--mix", mix)
    assert result.exit_code == 2 and message in result.output


def test_mix_tolerance_and_token_parsing() -> None:
    assert parse_mix("simple=0.3334,code=0.3333,creative=0.3333", TASKS)["simple"] == 0.3334
    assert parse_tokens("code=2_000:800", TASKS) == {"code": (2000, 800)}
    for bad in ("code=2000", "code=0:10", "chess=1:1"):
        with pytest.raises(ValueError):
            parse_tokens(bad, TASKS)


# --- advise -------------------------------------------------------------------------------


def test_advise_small_ledger_does_not_pay_and_names_the_costliest_route(ledger: Path) -> None:
    result = _run(advise, "--db", str(ledger))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Routing does not pay" in text and "under about $50 a month" in text
    routes = result.stdout.split("Routes that cost the most:")[1].splitlines()
    assert routes[1].split()[:3] == ["code", "->", "gpt-5.5"]


def test_advise_figures(ledger: Path) -> None:
    engine = connect(f"sqlite:///{ledger}")
    advice = advise_over(read_requests(engine), read_attempts(engine), SETTINGS, Period())
    days = (WEDNESDAY_08 - MONDAY_10).total_seconds() / 86400
    assert advice.days == pytest.approx(days)
    assert advice.monthly_usd == pytest.approx(ROUTED * (365.25 / 12) / days)
    assert advice.verdict == "does_not_pay"
    assert advice.costly_routes[0].model == "gpt-5.5"
    assert advice.costly_routes[0].cost_usd == pytest.approx(R3_OPUS + R3_GPT)
    code = next(s for s in advice.swaps if s.task == "code")
    # cheapest with strength >= 85: deepseek-v4-pro, r1 off-peak (Monday 10:00), r3 at peak
    deepseek = (800 * 0.66 + 200 * 0.022 + 500 * 1.98 + 400 * 1.32 + 600 * 3.96) / 1e6
    assert code.model == "deepseek-v4-pro"
    assert code.current_usd == pytest.approx(R1_OPUS + R3_GPT)
    assert code.model_usd == pytest.approx(deepseek)
    assert code.monthly_saving_usd == pytest.approx(
        (R1_OPUS + R3_GPT - deepseek) * (365.25 / 12) / days
    )


def test_advise_on_an_empty_selection(ledger: Path) -> None:
    result = _run(advise, "--db", str(ledger), "--since", "2027-01-01")
    assert result.exit_code == 0 and "no requests" in result.stdout
