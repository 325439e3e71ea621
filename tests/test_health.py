"""Failure handling: circuit breakers per deployment, 429 cool-downs, waiting for recovery
within the deadline or 503 with Retry-After, per-model timeouts. Upstreams faked at the
transport; time is the fake sleeper's clock, so cool-downs pass without waiting."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from tests.fakes import DEFAULT_KEYS, NoSleep, Upstream, fail, scripted_router, status, text

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.schema import CircuitSpec
from modelrouter.errors import AllAttemptsFailed, RateLimited, UpstreamUnavailable
from modelrouter.health import Health
from modelrouter.router import Router

DOWN = UpstreamUnavailable("down")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_circuit_opens_after_consecutive_failures_then_probes_and_closes() -> None:
    clock = Clock()
    health = Health(CircuitSpec(failures=3, cooldown_s=10, half_open_probes=2), clock)
    for _ in range(3):
        grant = health.admit("m")
        assert grant is not None
        health.failed(grant, DOWN)
    assert health.admit("m") is None and health.wait("m") == pytest.approx(10)
    assert health.unavailable() == {"m": pytest.approx(10)}
    clock.now = 10.0
    first, second = health.admit("m"), health.admit("m")
    assert first is not None and first.probe and second is not None and second.probe
    assert health.admit("m") is None, "only two probes at a time"
    health.succeeded(first)
    health.succeeded(second)
    assert health.snapshot()["m"]["state"] == "closed"
    assert health.admit("m") is not None


def test_a_failed_probe_reopens_with_a_longer_cooldown() -> None:
    clock = Clock()
    health = Health(CircuitSpec(failures=1, cooldown_s=5, max_cooldown_s=8), clock)
    grant = health.admit("m")
    assert grant is not None
    health.failed(grant, DOWN)
    clock.now = 5.0
    probe = health.admit("m")
    assert probe is not None and probe.probe
    health.failed(probe, DOWN)
    assert health.wait("m") == pytest.approx(8), "doubled, capped at max_cooldown_s"
    clock.now = 13.0
    probe = health.admit("m")
    assert probe is not None
    health.release(probe)  # the caller went away: the slot is free again, no verdict
    assert health.snapshot()["m"]["state"] == "half_open"
    assert health.admit("m") is not None


def test_failure_share_in_the_window_opens_the_circuit() -> None:
    health = Health(CircuitSpec(failures=100, window=10, min_calls=10, failure_share=0.5))
    for n in range(9):
        grant = health.admit("m")
        assert grant is not None
        if n % 2:
            health.succeeded(grant)
        else:
            health.failed(grant, DOWN)
    assert health.admit("m") is not None, "9 calls: fewer than min_calls"
    grant = health.admit("m")
    assert grant is not None
    health.failed(grant, DOWN)  # 6 of the last 10 failed
    assert health.admit("m") is None


def test_rate_limit_cools_down_only_that_deployment_and_is_not_a_failure() -> None:
    clock = Clock()
    health = Health(CircuitSpec(failures=1), clock)
    grant = health.admit("a")
    assert grant is not None
    health.failed(grant, RateLimited("slow down", retry_after=3.0))
    assert health.wait("a") == pytest.approx(3) and health.wait("b") == 0
    assert "rate limit" in health.reason("a")
    clock.now = 3.0
    assert health.admit("a") is not None
    assert health.snapshot()["a"]["opened"] == 0


async def test_open_circuit_is_skipped_by_the_planner_and_recorded() -> None:
    upstream = Upstream().on("kimi-k2.6", *[status(503)] * 6)
    sleep = NoSleep()
    router = scripted_router(
        upstream, sleep, routing={"circuit": {"failures": 2, "cooldown_s": 30}}
    )
    first = await router.complete("hi", task="simple")
    assert first.response.model == "qwen3.6-plus"
    assert router.health.snapshot()["kimi-k2.6"]["state"] == "open"
    second = await router.complete("hi again", task="simple")
    assert [a.model for a in second.trace.attempts] == ["qwen3.6-plus"]
    assert second.trace.skipped["kimi-k2.6"].startswith("circuit open (")
    assert upstream.models_called().count("kimi-k2.6") == 2


async def test_rate_limited_deployment_is_skipped_while_its_neighbour_is_used() -> None:
    # gpt-5.5 and gpt-5.4 share the openai provider; only gpt-5.5 answered 429
    limited = status(429, headers={"retry-after": "20"})
    upstream = Upstream().on("gpt-5.5", limited)
    sleep = NoSleep()
    router = scripted_router(upstream, sleep)
    first = await router.complete("hi", model="gpt-5.5")
    assert first.trace.attempts[0].error == "rate_limited"
    assert first.response.model != "gpt-5.5"
    second = await router.complete("hi", model="gpt-5.4")
    assert second.response.model == "gpt-5.4"
    third = await router.complete("hi", model="gpt-5.5")
    assert "rate limit" in third.trace.skipped["gpt-5.5"]
    assert upstream.models_called().count("gpt-5.5") == 1


def _down_everywhere(upstream: Upstream, models: list[str], times: int) -> None:
    for model in models:
        upstream.on(model, *[fail(httpx2.ConnectError("refused"))] * times)


async def test_all_open_waits_for_the_soonest_within_the_deadline() -> None:
    upstream = Upstream()
    sleep = NoSleep()
    router = scripted_router(
        upstream,
        sleep,
        routing={
            "circuit": {"failures": 1, "cooldown_s": 4},
            "deadline_s": 10,
            "retries_per_model": 0,
        },
    )
    models = list(router.settings.models)
    _down_everywhere(upstream, models, 1)
    # one request per model opens every circuit (each fails once, then is skipped)
    for model in models:
        with pytest.raises(AllAttemptsFailed):
            await router.complete("hi", model=model, allowed_models=[model])
    assert all(w > 0 for w in router.health.unavailable().values())
    result = await router.complete("hi", task="simple")
    assert result.trace.outcome == "ok"
    assert sleep.delays[-1] == pytest.approx(4, abs=0.01), "waited for the soonest"


async def test_all_open_beyond_the_deadline_is_503_with_retry_after() -> None:
    upstream = Upstream()
    sleep = NoSleep()
    router = scripted_router(
        upstream,
        sleep,
        routing={
            "circuit": {"failures": 1, "cooldown_s": 60},
            "deadline_s": 5,
            "retries_per_model": 0,
        },
    )
    route = router.settings.tasks["simple"].route.models()
    _down_everywhere(upstream, list(router.settings.models), 1)
    for model in router.settings.models:
        with pytest.raises(AllAttemptsFailed):
            await router.complete("hi", model=model, allowed_models=[model])
    calls = len(upstream.requests)
    with pytest.raises(AllAttemptsFailed) as failed:
        await router.complete("hi", task="simple")
    assert failed.value.status == 503
    assert failed.value.retry_after == pytest.approx(60, abs=0.01)
    assert "temporarily unavailable" in failed.value.message
    assert len(upstream.requests) == calls, "no upstream was called"
    assert set(route) <= set(failed.value.trace.skipped)


async def test_first_token_timeout_fails_over_a_slow_stream() -> None:
    settings = build_settings(
        merge(
            default_data(),
            {
                "sim": {"enabled": True, "models": {"kimi-k2.6": {"ttft_ms": 3000}}},
                "models": {"kimi-k2.6": {"timeouts": {"first_token_s": 0.1}}},
            },
        )
    )
    async with Router(settings) as router:
        routed = await router.stream("hi", task="simple")
        chunks = [c async for c in routed]
    assert chunks and routed.trace.model == "qwen3.6-plus"
    first = routed.trace.attempts[0]
    assert first.model == "kimi-k2.6" and first.error == "timeout"
    assert "first token within 0.1s" in (first.message or "")
    assert first.latency_ms < 1500


async def test_timeouts_resolve_model_then_provider_then_routing() -> None:
    settings = build_settings(
        merge(
            default_data(),
            {
                "routing": {"timeouts": {"connect_s": 3, "first_token_s": 20, "total_s": 90}},
                "providers": {"openai": {"connect_timeout": 2}},
                "models": {"gpt-5.5": {"timeouts": {"total_s": 30}}, "gpt-5.4": {"timeout": 40}},
            },
        )
    )
    big, mid, kimi = (settings.models[m].timeouts for m in ("gpt-5.5", "gpt-5.4", "kimi-k2.6"))
    assert (big.connect_s, big.first_token_s, big.total_s) == (2, 20, 30)
    assert mid.total_s == 40
    assert (kimi.connect_s, kimi.first_token_s, kimi.total_s) == (3, 20, 90)
    seen: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.extensions["timeout"])
        return text("ok")({"model": "gpt-5.5"}, False)

    router = Router(
        settings,
        env=DEFAULT_KEYS,
        transports={name: httpx2.MockTransport(handler) for name in settings.providers},
    )
    await router.complete("hi", model="gpt-5.5")
    assert seen[0]["connect"] == 2 and seen[0]["read"] == 30
    await router.aclose()


async def test_a_stream_the_caller_abandons_frees_its_probe_at_once() -> None:
    settings = build_settings(
        merge(
            default_data(),
            {
                "sim": {"enabled": True},
                "routing": {"circuit": {"failures": 1, "cooldown_s": 5, "half_open_probes": 1}},
            },
        )
    )
    sleep = NoSleep()
    async with Router(settings, sleep=sleep, timer=sleep.timer) as router:
        grant = router.health.admit("kimi-k2.6")
        assert grant is not None
        router.health.failed(grant, DOWN)
        sleep.now += 5  # the cool-down is over: the next call is the probe
        routed = await router.stream("hi", model="kimi-k2.6")
        chunks = aiter(routed)
        first = await anext(chunks)
        assert first.model == "kimi-k2.6"
        assert router.health.admit("kimi-k2.6") is None, "the one probe is out"
        await chunks.aclose()  # type: ignore[attr-defined]
        probe = router.health.admit("kimi-k2.6")
        assert probe is not None and probe.probe, "released when the stream was closed"
