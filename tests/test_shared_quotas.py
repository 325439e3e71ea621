"""Deployments' daily quotas counted through a real Redis on loopback: two processes'
counters (two ``RedisQuotas`` on their own connections) spend one free tier together."""

from __future__ import annotations

import datetime as dt
from typing import Any

from modelrouter.config.deployments import DeploymentSpec
from modelrouter.config.storage import StorageSpec
from modelrouter.state.quotas import RedisQuotas
from modelrouter.state.redis import SharedState

pytest_plugins = ["tests.redis_fixtures"]

FREE = DeploymentSpec(provider="openrouter", free=True, requests_per_day=3)
DEP = "kimi-k2.6@openrouter"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def test_two_processes_share_one_free_quota(shared: dict[str, Any]) -> None:
    first, second = SharedState(StorageSpec(**shared)), SharedState(StorageSpec(**shared))
    one, two = RedisQuotas(_now, first), RedisQuotas(_now, second)
    try:
        taken = [await q.take(DEP, FREE) for q in (one, two, one, two)]
        assert taken == [True, True, True, False], "three a day, whoever sends them"
        assert one.left(DEP, FREE) == 0 or two.left(DEP, FREE) == 0
        assert two.left(DEP, FREE) == 0, "the process that was refused knows it is spent"
        other = DeploymentSpec(provider="moonshot", requests_per_day=3)
        assert await one.take("kimi-k2.6@moonshot", other), "each deployment counts apart"
    finally:
        await first.aclose()
        await second.aclose()


async def test_redis_away_counts_in_this_process(unreachable_redis_url: str) -> None:
    state = SharedState(StorageSpec(redis_url=unreachable_redis_url, redis_timeout_s=0.2))
    quotas = RedisQuotas(_now, state)
    try:
        taken = [await quotas.take(DEP, FREE) for _ in range(4)]
    finally:
        await state.aclose()
    assert taken == [True, True, True, False]
