"""Circuit breakers and 429 cool-downs shared through a real Redis (issue 15): after one
gateway's circuit opens, another on the same Redis stops calling the dead deployment
within a second; a re-trip keeps the later deadline; Redis unreachable, each process keeps
its own state and no request fails for it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest
from tests.gateway_fixtures import RunningGateway, running_gateway

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.router import Router

pytest_plugins = ["tests.redis_fixtures"]

HELLO = {"model": "route:simple", "messages": [{"role": "user", "content": "hello"}]}
CIRCUIT = {"failures": 2, "cooldown_s": 30.0}


def _calls(gw: RunningGateway, model: str) -> int:
    calls: int = gw.sim.snapshot()["models"][model]["calls"]
    return calls


def test_a_circuit_opened_by_one_gateway_stops_the_other_calling(
    tmp_path: Path, shared: dict[str, Any]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    routing = {"circuit": CIRCUIT, "retries_per_model": 0}
    with (
        running_gateway(tmp_path / "a", storage=shared, routing=routing) as one,
        running_gateway(tmp_path / "b", storage=shared, routing=routing) as two,
    ):
        for gw in (one, two):
            gw.fault("kimi-k2.6", error_rate=1.0, faults=["server_error"])
        for _ in range(3):
            assert httpx2.post(f"{one.url}/v1/chat/completions", json=HELLO).status_code == 200
        assert _calls(one, "kimi-k2.6") == 2  # its circuit opened after two failures
        time.sleep(1.0)  # a trip reaches the other instances within a second
        replies = [httpx2.post(f"{two.url}/v1/chat/completions", json=HELLO) for _ in range(4)]
    assert [r.status_code for r in replies] == [200] * 4
    assert _calls(two, "kimi-k2.6") == 0, "the second gateway called the dead deployment"
    assert {r.headers["x-modelrouter-fallback-reason"] for r in replies} == {"circuit_open"}


def test_a_429_cool_down_is_shared_too(tmp_path: Path, shared: dict[str, Any]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    routing = {"retries_per_model": 0}
    with (
        running_gateway(tmp_path / "a", storage=shared, routing=routing) as one,
        running_gateway(tmp_path / "b", storage=shared, routing=routing) as two,
    ):
        one.fault("kimi-k2.6", error_rate=1.0, faults=["rate_limit"], retry_after=20)
        assert httpx2.post(f"{one.url}/v1/chat/completions", json=HELLO).status_code == 200
        time.sleep(1.0)
        reply = httpx2.post(f"{two.url}/v1/chat/completions", json=HELLO)
    assert reply.headers["x-modelrouter-fallback-reason"] == "rate_limited"
    assert _calls(two, "kimi-k2.6") == 0


def _router(storage: dict[str, Any]) -> Router:
    data = merge(default_data(), {"sim": {"enabled": True}, "storage": storage})
    return Router(build_settings(data))


async def test_a_re_trip_keeps_the_later_deadline(shared: dict[str, Any]) -> None:
    async with _router(shared) as one, _router(shared) as two:
        sync_one, sync_two = one.shared_health, two.shared_health
        assert sync_one is not None and sync_two is not None
        now = time.time()
        await sync_one.publish("kimi-k2.6", "open", now + 30)
        await sync_two.publish("kimi-k2.6", "open", now + 5)  # earlier: must not shorten it
        await sync_two.refresh()
        assert two.health.wait("kimi-k2.6") == pytest.approx(30, abs=1)
        await sync_two.publish("kimi-k2.6", "open", now + 60)
        await sync_one.refresh()
        assert one.health.wait("kimi-k2.6") == pytest.approx(60, abs=1)


async def test_redis_unreachable_keeps_local_state_and_answers(
    unreachable_redis_url: str,
) -> None:
    storage = {"redis_url": unreachable_redis_url, "redis_timeout_s": 0.2}
    data = merge(
        default_data(),
        {
            "sim": {
                "enabled": True,
                "models": {"kimi-k2.6": {"error_rate": 1.0, "faults": ["server_error"]}},
            },
            "storage": storage,
            "routing": {"circuit": CIRCUIT, "retries_per_model": 0},
        },
    )
    async with Router(build_settings(data)) as router:
        results = [await router.complete("hello", task="simple") for _ in range(4)]
        await asyncio.sleep(0.3)  # the sync tries Redis and fails, quietly
        assert router.shared_health is not None
        assert await router.shared_health.refresh() is False
    assert [r.trace.outcome for r in results] == ["fallback"] * 4
    assert results[-1].trace.fallback_reason == "circuit_open"  # the local circuit still works
