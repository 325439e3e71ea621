"""Checks that fire (issue 13 part 3), end to end: through the gateway over the simulator a
weak answer is caught and escalated to a stronger model, the ledger records each check's
verdict, a check that did not apply is recorded (and reported) as skipped; and the
heuristic and learned checks judge answers the way the shared data showed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from click.testing import CliRunner
from tests.gateway_fixtures import RunningGateway, running_gateway

from modelrouter.check.arithmetic import ArithmeticCheck
from modelrouter.check.learned import LearnedCheck
from modelrouter.cli.report_cmd import report
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.errors import ConfigError
from modelrouter.types import AssistantMessage, ChatRequest, ChatResponse, Choice

CHEAP, STRONG = "gpt-5.4-mini", "gpt-5.5"
COUNT = "A farmer has 17 cows and buys 3 more, then sells 5. How many cows? Think step by step."
PROVE = "Prove step by step that the sum of two even integers is always even."
CHECKS = ["empty", "refusal", "truncated", "json", "code", "arithmetic", "learned"]


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    overrides = {
        "routing": {"checks": CHECKS, "learned_check": {"threshold": 0.3}},
        "tasks": {"reasoning": {"route": {"primary": CHEAP, "fallbacks": [STRONG]}}},
    }
    with running_gateway(tmp_path_factory.mktemp("checks"), **overrides) as running:
        yield running


@pytest.fixture(autouse=True)
def _healthy(gw: RunningGateway) -> Iterator[None]:
    gw.heal()
    yield
    gw.heal()


def _ask(gw: RunningGateway, prompt: str) -> tuple[str, list[dict[str, Any]]]:
    """The answer's text and the ledger's attempts of that request."""
    response = httpx2.post(
        f"{gw.url}/v1/chat/completions",
        json={"model": "auto", "messages": [{"role": "user", "content": prompt}]},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    request_id = response.headers["x-request-id"]
    requests, attempts = gw.ledger()
    (request,) = [r for r in requests if r["id"] == request_id]
    assert request["task"] == "reasoning"
    mine = sorted((a for a in attempts if a["request_id"] == request_id), key=lambda a: a["seq"])
    return response.json()["choices"][0]["message"]["content"], [request, *mine]


def _verdicts(attempt: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["check"]: v for v in attempt["verdicts"]}


def test_wrong_working_is_caught_and_escalated_to_the_stronger_model(gw: RunningGateway) -> None:
    gw.fault(CHEAP, error_rate=1.0, faults=["weak"])
    text, (request, first, second) = _ask(gw, COUNT)
    assert (first["model"], first["outcome"]) == (CHEAP, "check_failed")
    assert second["model"] == STRONG and second["outcome"] == "ok"
    assert request["outcome"] == "escalated" and request["model"] == STRONG
    assert "Answer: 25" in text  # the strong model's right sum, not the weak 26
    failed = _verdicts(first)
    assert failed["arithmetic"]["ok"] is False and "26" in failed["arithmetic"]["reason"]
    assert "skipped" not in failed["arithmetic"]
    # checks that did not apply are recorded as skipped, not as passes
    assert failed["json"] == {**failed["json"], "ok": True, "skipped": True}
    assert failed["code"]["skipped"] is True
    passed = _verdicts(second)
    assert passed["arithmetic"]["ok"] is True and "skipped" not in passed["arithmetic"]


def test_learned_check_catches_a_weak_answer_the_heuristics_pass(gw: RunningGateway) -> None:
    gw.fault(CHEAP, error_rate=1.0, faults=["weak"])
    _, (request, first, second) = _ask(gw, PROVE)
    failed = _verdicts(first)
    assert failed["learned"]["ok"] is False and "< 0.3" in failed["learned"]["reason"]
    # no calculation to check, nothing broken: only the learned check saw it was weak
    assert failed["arithmetic"]["skipped"] is True
    assert all(v["ok"] for name, v in failed.items() if name != "learned")
    assert second["model"] == STRONG and _verdicts(second)["learned"]["ok"] is True
    assert request["outcome"] == "escalated"


def test_good_answer_is_not_escalated(gw: RunningGateway) -> None:
    _, (request, only) = _ask(gw, COUNT)
    assert (only["model"], only["outcome"]) == (CHEAP, "ok")
    assert request["outcome"] == "ok"
    assert _verdicts(only)["arithmetic"]["ok"] is True


def test_report_counts_skipped_checks_apart(gw: RunningGateway, tmp_path: Path) -> None:
    gw.fault(CHEAP, error_rate=1.0, faults=["weak"])
    _ask(gw, COUNT)
    database = str(gw.store.engine.url.database)
    result = CliRunner().invoke(report, ["--db", database, "--format", "json"])
    assert result.exit_code == 0, result.output
    checks = json.loads(result.output)["total"]["checks"]
    assert checks["json"]["runs"] == 0 and checks["json"]["skipped"] > 0
    assert checks["json"]["pass_rate"] is None
    arithmetic = checks["arithmetic"]
    assert arithmetic["runs"] > arithmetic["passed"]  # the weak answers failed it
    text = CliRunner().invoke(report, ["--db", database]).output
    assert "did not apply (skipped): " in text and "json " in text


def _response(text: str) -> ChatResponse:
    return ChatResponse(model="m", choices=[Choice(message=AssistantMessage(content=text))])


REQUEST = ChatRequest(model="auto", messages=[{"role": "user", "content": COUNT}])


@pytest.mark.parametrize(
    ("answer", "holds"),
    [
        ("Tara spent 8 x 5 x 4 = $<<8*5*4=160>>160 on the bags.", True),
        ("She sold them for 8 x 8 = $<<8*8=62>>62 in all.", False),
        ("So 3 * 15 - 5 = 45 - 5 = 40 games.", True),
        ("So 3 * 15 - 5 = 45 - 5 = 41 games.", False),
        ("It takes 10/60 = 0.17 hours, and 73 / 8 = 9 boxes are full.", True),
        ("The share is (4 / 20) * 100 = 20%, that is 0.2 * 100 = 20.", True),
        ("20% of 40% = 0.20 * 0.40 = 0.08.", True),
        ("From 2:15 to 2:38 = 23 minutes; 90 / 450 = 0.2 * 100 = 20%.", True),
        ("Solve x - 5 = 10 and 3S + 9 - 9 = 27 - 9 for S.", None),
        ("A poem about autumn leaves.", None),
        ("```python\nx = 2 + 2 = 5\n```\nDone.", None),
    ],
)
def test_arithmetic_check_on_written_working(answer: str, holds: bool | None) -> None:
    verdict = ArithmeticCheck().check(REQUEST, _response(answer), "reasoning")
    if holds is None:
        assert verdict.skipped and verdict.ok
    else:
        assert verdict.ok is holds and not verdict.skipped, verdict.reason


def test_arithmetic_check_is_linear_on_hostile_text() -> None:
    import time

    hostile = ["1" * 10**6 + "S", "1 + " * 10**5 + "= 3", "(" * 10**6, "9=" * 10**6, "1." * 10**6]
    for text in hostile:
        started = time.perf_counter()
        ArithmeticCheck().check(REQUEST, _response(text), "reasoning")
        assert time.perf_counter() - started < 2.0, text[:20]


def test_learned_check_setting_errors_name_the_field(tmp_path: Path) -> None:
    missing = tmp_path / "nope.answer-check.json"
    data = merge(default_data(), {"routing": {"learned_check": {"file": str(missing)}}})
    with pytest.raises(ConfigError, match=r"routing\.learned_check\.file"):
        LearnedCheck(build_settings(data))
    bad = merge(default_data(), {"routing": {"learned_check": {"tasks": ["astrology"]}}})
    with pytest.raises(ConfigError, match=r"routing\.learned_check\.tasks"):
        build_settings(bad)


def test_learned_check_skips_other_tasks_and_models() -> None:
    data = merge(default_data(), {"routing": {"learned_check": {"models": [CHEAP]}}})
    check = LearnedCheck(build_settings(data))
    weak = "I am not sure, the question is unclear. Maybe."
    assert check.check(REQUEST, _response(weak), "creative").skipped
    assert check.check(REQUEST, _response(weak), "reasoning").skipped  # model "m"
    mine = ChatResponse(model=CHEAP, choices=[Choice(message=AssistantMessage(content=weak))])
    verdict = check.check(REQUEST, mine, "reasoning")
    assert not verdict.ok and not verdict.skipped and verdict.score < 0.5
