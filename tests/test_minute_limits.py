"""Deployments' per-minute limits enforced: a deployment at its requests or tokens per
minute is passed over for the next deployment of the same model, in this process and
through a real Redis on loopback shared by two processes' counters."""

from __future__ import annotations

from typing import Any

from modelrouter.config.deployments import DeploymentSpec
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import Settings
from modelrouter.config.storage import StorageSpec
from modelrouter.minute_limits import Minutes
from modelrouter.router import Router
from modelrouter.state.quotas import RedisMinutes
from modelrouter.state.redis import SharedState

pytest_plugins = ["tests.redis_fixtures"]

KIMI = "kimi-k2.6"
AT_MOONSHOT, AT_OPENROUTER = f"{KIMI}@moonshot", f"{KIMI}@openrouter"
OPENROUTER = {
    "format": "openai",
    "base_url": "https://openrouter.ai/api/v1",
    "api_key_env": "OPENROUTER_API_KEY",
}


def _settings(limits: dict[str, int], **extra: Any) -> Settings:
    listed = [
        {"provider": "moonshot", **limits},
        {"provider": "openrouter", "upstream": "moonshotai/kimi-k2.6"},
    ]
    data = {
        "providers": {"openrouter": OPENROUTER},
        "models": {KIMI: {"deployments": listed}},
        "sim": {"enabled": True},
        # each request a conversation of its own: stickiness does not pick the deployment
        "routing": {"deployments": {"sticky": False}},
        **extra,
    }
    return build_settings(merge(default_data(), data))


async def _deployments(router: Router, count: int, words: int = 5) -> list[str | None]:
    used = []
    for i in range(count):
        result = await router.complete(f"question {i}: " + "word " * words, model=KIMI)
        used.append(result.trace.deployment)
    return used


async def test_requests_per_minute_pass_over_to_the_next_deployment() -> None:
    async with Router(_settings({"requests_per_minute": 2})) as router:
        used = await _deployments(router, 4)
        last = await router.complete("one more", model=KIMI)
    assert used == [AT_MOONSHOT, AT_MOONSHOT, AT_OPENROUTER, AT_OPENROUTER]
    assert "per-minute limit reached (2 requests a minute" in last.trace.skipped[AT_MOONSHOT]


async def test_tokens_per_minute_count_the_prompt_and_the_output_asked_for() -> None:
    async with Router(_settings({"tokens_per_minute": 3_000})) as router:
        small = await router.complete("a short question", model=KIMI, max_tokens=100)
        large = await router.complete("another question", model=KIMI, max_tokens=2_900)
        after = await router.complete("a third one", model=KIMI, max_tokens=100)
    # 100-odd tokens, then 3,000-odd would go over 3,000: elsewhere; 100 more still fit
    assert [r.trace.deployment for r in (small, large, after)] == [
        AT_MOONSHOT,
        AT_OPENROUTER,
        AT_MOONSHOT,
    ]


async def test_the_minute_resets() -> None:
    now = [600.0]
    minutes = Minutes(lambda: now[0])
    spec = DeploymentSpec(provider="moonshot", requests_per_minute=1)
    assert await minutes.take(AT_MOONSHOT, spec, 10)
    assert not await minutes.take(AT_MOONSHOT, spec, 10)
    now[0] = 660.0
    assert await minutes.take(AT_MOONSHOT, spec, 10)


async def test_two_processes_share_the_limit_through_redis(shared: dict[str, Any]) -> None:
    first, second = SharedState(StorageSpec(**shared)), SharedState(StorageSpec(**shared))
    one, two = RedisMinutes(first), RedisMinutes(second)
    spec = DeploymentSpec(provider="moonshot", requests_per_minute=3, tokens_per_minute=1_000)
    try:
        taken = [await m.take(AT_MOONSHOT, spec, 10) for m in (one, two, one, two)]
        assert taken == [True, True, True, False], "three a minute, whoever sends them"
        tokens = DeploymentSpec(provider="openrouter", tokens_per_minute=1_000)
        assert await one.take(AT_OPENROUTER, tokens, 600)
        assert not await two.take(AT_OPENROUTER, tokens, 600), "1,200 tokens > 1,000"
        assert await two.take(AT_OPENROUTER, tokens, 300)
    finally:
        await first.aclose()
        await second.aclose()
