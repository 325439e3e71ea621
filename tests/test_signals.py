"""Signals that must tell the truth (issue 15): a request not answered by its plan's first
choice is a fallback whatever the reason, with the reason recorded; back-off is not
gateway overhead; no provider configured is a server-side 503 naming the keys."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient
from tests.fakes import NOW, NoSleep, Upstream, scripted_router, status
from tests.gateway_fixtures import running_gateway

from modelrouter import Router
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.server.app import build

SIMPLE = "hello there, how are you?"


def _sim_router(models: dict[str, Any], **extra: Any) -> Router:
    data = merge(default_data(), {"sim": {"enabled": True, "models": models}, **extra})
    return Router(build_settings(data))


async def test_every_request_answered_by_another_model_during_an_outage_is_a_fallback() -> None:
    down = {"kimi-k2.6": {"error_rate": 1.0, "faults": ["server_error"]}}
    async with _sim_router(down, routing={"backoff_base": 0.001}) as router:
        traces = [(await router.complete(SIMPLE, task="simple")).trace for _ in range(7)]
    assert [t.model for t in traces] == ["qwen3.6-plus"] * 7
    assert [t.outcome for t in traces] == ["fallback"] * 7
    assert all(t.first_choice == "kimi-k2.6" for t in traces)
    # the first ones tried the primary and saw its error; once its circuit opened, the
    # planner skipped it: still a fallback, now for that reason
    assert traces[0].fallback_reason == "unavailable"
    assert traces[-1].fallback_reason == "circuit_open"
    assert "kimi-k2.6" not in {a.model for a in traces[-1].attempts}


async def test_a_retry_that_succeeds_on_the_first_choice_is_not_a_fallback() -> None:
    upstream = Upstream().on("kimi-k2.6", status(500))
    result = await scripted_router(upstream, NoSleep()).complete("hi", task="simple")
    assert [a.model for a in result.trace.attempts] == ["kimi-k2.6", "kimi-k2.6"]
    assert result.trace.outcome == "ok" and result.trace.fallback_reason is None


async def test_a_429_cool_down_of_the_first_choice_is_a_fallback_with_its_reason() -> None:
    upstream = Upstream().on("kimi-k2.6", status(429, headers={"retry-after": "30"}), status(429))
    router = scripted_router(upstream, NoSleep())
    first = await router.complete("hi", task="simple")
    second = await router.complete("hi", task="simple")
    assert first.trace.outcome == "fallback" and first.trace.fallback_reason == "rate_limited"
    assert second.trace.outcome == "fallback" and second.trace.fallback_reason == "rate_limited"
    assert [a.model for a in second.trace.attempts] == ["qwen3.6-plus"]


def test_the_ledger_and_log_carry_the_fallback_and_its_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="modelrouter")
    with running_gateway(tmp_path) as gw:
        gw.fault("kimi-k2.6", error_rate=1.0, faults=["server_error"])
        with httpx2.Client(base_url=gw.url) as client:
            for _ in range(6):
                body = {"model": "route:simple", "messages": [{"role": "user", "content": SIMPLE}]}
                reply = client.post("/v1/chat/completions", json=body)
                assert reply.status_code == 200
                assert reply.headers["x-modelrouter-outcome"] == "fallback"
        requests, _ = gw.ledger()
    assert len(requests) == 6
    for row in requests:
        assert row["outcome"] == "fallback" and row["first_choice"] == "kimi-k2.6"
        assert row["model"] == "qwen3.6-plus"
    assert {r["fallback_reason"] for r in requests} == {"unavailable", "circuit_open"}
    lines = [r.fields for r in caplog.records if r.getMessage() == "request"]  # type: ignore[attr-defined]
    assert len(lines) == 6
    for line in lines:
        assert line["outcome"] == "fallback" and line["first_choice"] == "kimi-k2.6"
        assert line["fallback_reason"] in ("unavailable", "circuit_open")
        assert line["error"].startswith("kimi-k2.6: ")  # what kept the first choice out


def test_back_off_is_recorded_apart_from_overhead(tmp_path: Path) -> None:
    routing = {"backoff_base": 0.001, "backoff_max": 5.0}
    with running_gateway(tmp_path, routing=routing) as gw:
        gw.fault("kimi-k2.6", error_rate=1.0, faults=["rate_limit"], retry_after=0.4)
        body = {"model": "route:simple", "messages": [{"role": "user", "content": SIMPLE}]}
        with httpx2.Client(base_url=gw.url) as client:
            reply = client.post("/v1/chat/completions", json=body)
            metrics = client.get("/metrics").text
        requests, _ = gw.ledger()
    assert reply.status_code == 200
    (row,) = requests
    assert row["backoff_ms"] >= 350  # the retry waited for the 429's Retry-After
    assert row["overhead_ms"] < 200  # ... which is not time spent in the gateway
    assert float(reply.headers["x-modelrouter-overhead-ms"]) < 200
    assert float(reply.headers["x-modelrouter-backoff-ms"]) >= 350
    assert "modelrouter_backoff_seconds_count" in metrics
    overhead_sum = _sample(metrics, "modelrouter_overhead_seconds_sum")
    assert overhead_sum < 0.2


def _sample(exposition: str, name: str) -> float:
    for line in exposition.splitlines():
        if line.startswith(name):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in /metrics")


def _keyless_gateway(tmp_path: Path) -> Any:
    """The gateway over the defaults with no API key in the environment."""
    settings = build_settings(
        merge(default_data(), {"gateway": {"operations": {"access": "open"}}})
    )
    env = {"HOME": str(tmp_path), "MODELROUTER_DB": str(tmp_path / "db.sqlite")}
    return build(settings, env)


@pytest.mark.parametrize("api", ["openai", "anthropic"])
def test_no_provider_configured_is_a_503_naming_the_missing_keys(tmp_path: Path, api: str) -> None:
    with TestClient(_keyless_gateway(tmp_path)) as client:
        message = [{"role": "user", "content": "hi"}]
        if api == "openai":
            reply = client.post("/v1/chat/completions", json={"model": "auto", "messages": message})
            error = reply.json()["error"]
        else:
            body = {"model": "auto", "max_tokens": 10, "messages": message}
            reply = client.post("/v1/messages", json=body)
            assert reply.json()["type"] == "error"
            error = reply.json()["error"]
        ready = client.get("/readyz")
    assert reply.status_code == 503
    assert error["type"] in ("service_unavailable", "overloaded_error", "api_error")
    for variable in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "MOONSHOT_API_KEY"):
        assert variable in error["message"]
    assert ready.status_code == 503
    assert "ANTHROPIC_API_KEY" in ready.json()["providers_problem"]


async def test_economy_forced_by_a_budget_is_a_fallback_for_budget() -> None:
    budgets = {"total": {"daily_usd": 100.0, "soft_share": 0.5}}
    router = scripted_router(Upstream(), NoSleep(), budgets=budgets)
    calm = await router.complete("Write a Python function that reverses a list.", task="code")
    router.budgets.load({"total": [(NOW, 60.0)]})  # past the soft share: economy mode
    tight = await router.complete("Write a Python function that reverses a list.", task="code")
    assert calm.trace.outcome == "ok" and calm.trace.fallback_reason is None
    assert tight.trace.budget == "economy"
    assert tight.trace.first_choice == calm.trace.model != tight.trace.model
    assert tight.trace.outcome == "fallback" and tight.trace.fallback_reason == "budget"
