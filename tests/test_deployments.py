"""One model, many deployments (issue 17): the catalog form, choosing a deployment (free
first while its quota lasts, the strategy, regions, sticky conversations) and failing over
to the next deployment of the same model, against the simulator in process."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from tests.gateway_fixtures import running_gateway

from modelrouter import Router
from modelrouter.cli.report_cmd import report
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import Settings
from modelrouter.errors import ConfigError

OPENROUTER = {
    "format": "openai",
    "base_url": "https://openrouter.ai/api/v1",
    "api_key_env": "OPENROUTER_API_KEY",
}
KIMI = "kimi-k2.6"
AT_MOONSHOT, AT_OPENROUTER = f"{KIMI}@moonshot", f"{KIMI}@openrouter"


def _settings(
    deployments: list[dict[str, Any]] | None = None,
    sim: dict[str, Any] | None = None,
    **extra: Any,
) -> Settings:
    listed = deployments or [
        {"provider": "moonshot"},
        {"provider": "openrouter", "upstream": "moonshotai/kimi-k2.6"},
    ]
    data = {
        "providers": {"openrouter": OPENROUTER},
        "models": {KIMI: {"deployments": listed}},
        "sim": {"enabled": True, **(sim or {})},
        **extra,
    }
    return build_settings(merge(default_data(), data))


def _far_reset() -> str:
    """A quota reset time about 23 hours away, whenever the test runs."""
    return (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%H:%M")


def test_the_issue_example_loads_and_the_single_form_is_one_deployment() -> None:
    settings = _settings()
    kimi = settings.models[KIMI]
    assert kimi.provider == "moonshot", "the first deployment's provider is the model's"
    assert [(d.provider, d.upstream) for d in kimi.deployments] == [
        ("moonshot", KIMI),
        ("openrouter", "moonshotai/kimi-k2.6"),
    ]
    single = settings.models["deepseek-v4-pro"]
    assert [(d.provider, d.upstream) for d in single.deployments] == [
        ("deepseek", "deepseek-v4-pro")
    ]


def test_a_free_deployment_costs_nothing_and_bad_deployments_are_refused() -> None:
    settings = _settings([{"provider": "moonshot"}, {"provider": "openrouter", "free": True}])
    free = settings.models[KIMI].deployments[1]
    assert free.prices is not None and free.prices[0].input == 0 == free.prices[0].output
    with pytest.raises((ValidationError, ConfigError), match="unknown provider 'nowhere'"):
        _settings([{"provider": "moonshot"}, {"provider": "nowhere"}])
    with pytest.raises((ValidationError, ConfigError), match="listed twice"):
        _settings([{"provider": "moonshot"}, {"provider": "moonshot"}])
    with pytest.raises((ValidationError, ConfigError), match="not one of its deployments"):
        build_settings(
            merge(
                default_data(),
                {
                    "providers": {"openrouter": OPENROUTER},
                    "models": {KIMI: {"deployments": [{"provider": "openrouter"}]}},
                },
            )
        )


async def test_a_down_deployment_fails_over_to_the_same_model_elsewhere() -> None:
    settings = _settings(sim={"models": {AT_MOONSHOT: {"down": True}}})
    async with Router(settings) as router:
        result = await router.complete("hello there", model=KIMI)
        trace = result.trace
        assert trace.model == KIMI and trace.outcome == "ok", "same model: not a fallback"
        assert trace.deployment == AT_OPENROUTER and trace.provider == "openrouter"
        assert next(a.deployment for a in trace.attempts if a.outcome == "error") == AT_MOONSHOT
        assert all(a.model == KIMI for a in trace.attempts)
        streamed = await router.stream("hello again", model=KIMI)
        text = "".join([c.choices[0].delta.content or "" async for c in streamed if c.choices])
        assert text and streamed.trace.deployment == AT_OPENROUTER


async def test_an_open_circuit_is_per_deployment() -> None:
    circuit = {"failures": 1, "cooldown_s": 60}
    settings = _settings(
        sim={"models": {AT_MOONSHOT: {"down": True}}}, routing={"circuit": circuit}
    )
    async with Router(settings) as router:
        await router.complete("one", model=KIMI)
        assert router.health.wait(AT_MOONSHOT) > 0 and router.health.wait(AT_OPENROUTER) == 0
        second = await router.complete("two", model=KIMI)
        assert [a.deployment for a in second.trace.attempts] == [AT_OPENROUTER]
        assert AT_MOONSHOT in second.trace.skipped


async def test_free_first_while_the_quota_lasts_then_the_paid_deployment() -> None:
    free = {
        "provider": "openrouter",
        "free": True,
        "requests_per_day": 2,
        "quota_resets": _far_reset(),
    }
    settings = _settings([{"provider": "moonshot"}, free])
    async with Router(settings) as router:
        results = [await router.complete(f"question {i}", model=KIMI) for i in range(3)]
    used = [r.trace.deployment for r in results]
    assert used == [AT_OPENROUTER, AT_OPENROUTER, AT_MOONSHOT]
    assert results[0].trace.cost_usd == 0 and results[2].trace.cost_usd > 0
    assert "daily quota spent" in results[2].trace.skipped[AT_OPENROUTER]


async def test_a_quota_429_cools_the_deployment_down_until_the_quota_resets() -> None:
    free = {
        "provider": "openrouter",
        "free": True,
        "requests_per_day": 100,  # the config overestimates; the provider says otherwise
        "quota_resets": _far_reset(),
    }
    settings = _settings(
        [{"provider": "moonshot"}, free], sim={"models": {AT_OPENROUTER: {"daily_quota": 1}}}
    )
    async with Router(settings) as router:
        first = await router.complete("question one", model=KIMI)
        second = await router.complete("question two", model=KIMI)
        assert first.trace.deployment == AT_OPENROUTER
        limited = second.trace.attempts[0]
        assert limited.deployment == AT_OPENROUTER and limited.error == "rate_limited"
        assert "quota" in (limited.message or "")
        assert second.trace.deployment == AT_MOONSHOT and second.trace.outcome == "ok"
        assert router.health.wait(AT_OPENROUTER) > 3600, "until the reset, not for a second"
        third = await router.complete("question three", model=KIMI)
        assert [a.deployment for a in third.trace.attempts] == [AT_MOONSHOT]


async def test_allowed_regions_leave_other_deployments_out() -> None:
    listed = [
        {"provider": "moonshot", "region": "cn"},
        {"provider": "openrouter", "upstream": "moonshotai/kimi-k2.6", "region": "eu"},
    ]
    settings = _settings(listed, routing={"allowed_regions": ["eu"]})
    async with Router(settings) as router:
        result = await router.complete("hello", model=KIMI)
    assert result.trace.deployment == AT_OPENROUTER
    assert "region cn" in result.trace.skipped[AT_MOONSHOT]


async def conversation_share(router: Router, first: str) -> tuple[set[str | None], float]:
    """One conversation with a long system prompt: its first turn, then six follow-ups
    on the same history (the prefix the simulator caches); the deployments used and the
    share of the follow-ups' prompt tokens read from the cache."""
    system = f"You are a careful assistant, {first}. " * 200
    head: list[dict[str, Any]] = [
        {"role": "system", "content": system},
        {"role": "user", "content": first},
    ]
    opening = await router.complete(head, model=KIMI)
    head.append({"role": "assistant", "content": opening.response.text})
    seen, cached, prompt = {opening.trace.deployment}, 0, 0
    for turn in range(6):
        ask = [*head, {"role": "user", "content": f"follow-up {turn}"}]
        result = await router.complete(ask, model=KIMI)
        seen.add(result.trace.deployment)
        usage = result.response.usage
        assert usage is not None
        cached += usage.prompt_tokens_details.cached_tokens or 0
        prompt += usage.prompt_tokens
    return seen, cached / prompt


async def test_a_conversation_stays_on_one_deployment_and_its_cache_hits() -> None:
    routing = {"deployments": {"strategy": "weighted"}}
    async with Router(_settings(routing=routing)) as router:
        for name in ("ada", "bob", "cy"):
            seen, share = await conversation_share(router, name)
            assert len(seen) == 1, "sticky: every turn on the same deployment"
            assert share > 0.6, "the provider's prompt cache kept hitting"


async def test_latency_and_least_busy_strategies_order_deployments() -> None:
    slow = {AT_MOONSHOT: {"ttft_ms": 80}}
    routing = {"deployments": {"strategy": "latency", "sticky": False}}
    async with Router(_settings(sim={"models": slow}, routing=routing)) as router:
        used = [(await router.complete(f"q{i}", model=KIMI)).trace.deployment for i in range(4)]
    assert used[:2] == [AT_MOONSHOT, AT_OPENROUTER], "unmeasured deployments are tried first"
    assert used[2:] == [AT_OPENROUTER, AT_OPENROUTER], "then the faster one"


def test_gateway_both_apis_streams_ledger_and_report_name_the_deployment(
    tmp_path: Path,
) -> None:
    overrides = {
        "providers": {"openrouter": OPENROUTER},
        "models": {
            KIMI: {
                "deployments": [
                    {"provider": "moonshot"},
                    {"provider": "openrouter", "upstream": "moonshotai/kimi-k2.6"},
                ]
            }
        },
        "sim": {"enabled": True, "models": {AT_MOONSHOT: {"down": True}}},
    }
    with running_gateway(tmp_path, **overrides) as gw:
        body = {"model": KIMI, "messages": [{"role": "user", "content": "hello"}]}
        plain = httpx2.post(f"{gw.url}/v1/chat/completions", json=body, timeout=30)
        assert plain.status_code == 200, plain.text
        assert plain.headers["x-modelrouter-deployment"] == AT_OPENROUTER
        assert plain.headers["x-modelrouter-model"] == KIMI
        assert plain.headers["x-modelrouter-outcome"] == "ok"
        streamed = httpx2.post(
            f"{gw.url}/v1/chat/completions", json={**body, "stream": True}, timeout=30
        )
        assert streamed.status_code == 200 and "data:" in streamed.text
        assert streamed.headers["x-modelrouter-deployment"] == AT_OPENROUTER
        anthropic_body = {**body, "max_tokens": 100}
        answered = httpx2.post(
            f"{gw.url}/v1/messages",
            json=anthropic_body,
            headers={"anthropic-version": "2023-06-01"},
            timeout=30,
        )
        assert answered.status_code == 200, answered.text
        assert answered.headers["x-modelrouter-deployment"] == AT_OPENROUTER
        metrics = httpx2.get(f"{gw.url}/metrics", timeout=30).text
        requests, attempts = gw.ledger()
    assert [r["deployment"] for r in requests] == [AT_OPENROUTER] * 3
    assert {a["deployment"] for a in attempts} == {AT_MOONSHOT, AT_OPENROUTER}
    assert all(a["model"] == KIMI for a in attempts)
    assert f'modelrouter_deployment_attempts_total{{deployment="{AT_OPENROUTER}"' in metrics
    runner = CliRunner()
    db = tmp_path / "gateway.db"
    result = runner.invoke(report, ["--db", str(db), "--by", "deployment", "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = {g["group"]: g["requests"] for g in json.loads(result.stdout)["groups"]}
    assert groups == {AT_OPENROUTER: 3}
