"""Budgets shared through a real Redis: two routers (as two processes would) never
overspend together, a dead process's reservation expires, a restart never counts the
ledger twice, and an unreachable Redis refuses requests (budgets fail closed)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
import redis
from tests.fakes import DEFAULT_KEYS, NoSleep, Upstream, text

from modelrouter.budgets import BudgetExceeded
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.spending import BudgetLimit, BudgetSpec
from modelrouter.config.storage import StorageSpec
from modelrouter.errors import SharedStateUnavailable
from modelrouter.router import Router
from modelrouter.state.budgets import RedisBudgets
from modelrouter.state.redis import SharedState

pytest_plugins = ["tests.redis_fixtures"]

NOW = dt.datetime(2026, 11, 21, 15, 30, tzinfo=dt.UTC)


def _router(upstream: Upstream, storage: dict[str, Any], **budgets: object) -> Router:
    settings = build_settings(merge(default_data(), {"budgets": budgets, "storage": storage}))
    return Router(
        settings,
        env=DEFAULT_KEYS,
        sleep=NoSleep(),
        clock=lambda: NOW,
        transports=upstream.transports(list(settings.providers), 0.02),
    )


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


def _book(shared: dict[str, Any], clock: Clock, **limits: BudgetLimit) -> RedisBudgets:
    return RedisBudgets(BudgetSpec(**limits), clock, SharedState(StorageSpec(**shared)))  # type: ignore[arg-type]


async def test_two_routers_sharing_redis_never_overspend_together(
    shared: dict[str, Any],
) -> None:
    upstream = Upstream()
    for _ in range(120):
        upstream.on("kimi-k2.6", text("ok", prompt=1000, completion=1500))
    limit = 0.05
    total = {"daily_usd": limit, "soft_share": 1.0}
    first, second = (_router(upstream, shared, total=total) for _ in range(2))
    calls = [
        router.complete("hi", task="simple", max_tokens=2000)
        for _ in range(30)
        for router in (first, second)
    ]
    results = await asyncio.gather(*calls, return_exceptions=True)
    answered = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BudgetExceeded)]
    assert len(answered) + len(refused) == 60 and answered and refused
    spent = sum(r.trace.cost_usd for r in answered)
    one_answer = (1000 * 0.95 + 1500 * 4.0) / 1e6
    # alone, each router's own counters would have let it spend the whole limit
    assert spent <= limit
    assert spent > limit - 2 * one_answer, "the budget was used, not refused too early"
    assert first.shared is not None
    counted = await first.shared.client.get(
        first.shared.key("budget", "total", "day", "2026-11-21")
    )
    assert float(counted) == pytest.approx(spent)
    held = await first.shared.client.hlen(first.shared.key("budget", "total", "held"))
    assert held == 0, "every reservation was settled"
    for router in (first, second):
        await router.aclose()


async def test_a_stream_settles_its_cost_in_redis(shared: dict[str, Any]) -> None:
    overrides = {
        "sim": {"enabled": True},
        "storage": shared,
        "budgets": {"total": {"daily_usd": 1}},
    }
    router = Router(build_settings(merge(default_data(), overrides)), clock=lambda: NOW)
    routed = await router.stream("Tell me a story", task="simple", max_tokens=40)
    chunks = [chunk async for chunk in routed]
    assert chunks and routed.trace.cost_usd > 0
    assert router.shared is not None
    day = await router.shared.client.get(router.shared.key("budget", "total", "day", "2026-11-21"))
    assert float(day) == pytest.approx(routed.trace.cost_usd)
    assert await router.shared.client.hlen(router.shared.key("budget", "total", "held")) == 0
    await router.aclose()


async def test_a_reservation_of_a_process_that_died_expires(shared: dict[str, Any]) -> None:
    clock = Clock()
    shared = shared | {"redis_hold_seconds": 30}
    dead = _book(shared, clock, total=BudgetLimit(daily_usd=1.0))
    alive = _book(shared, clock, total=BudgetLimit(daily_usd=1.0))
    await dead.reserve(dead.scopes(), 0.9)  # never settled: its process was killed
    with pytest.raises(BudgetExceeded, match=r"daily limit \$1.00, \$0.90 used or held"):
        await alive.reserve(alive.scopes(), 0.5)
    clock.now += dt.timedelta(seconds=31)
    held = await alive.reserve(alive.scopes(), 0.5)
    await alive.settle(held, 0.2)
    assert await alive.economy_reason(alive.scopes()) is None
    with pytest.raises(BudgetExceeded, match=r"\$0.20 used or held; it resets at 2026-11-22"):
        await alive.reserve(alive.scopes(), 0.81)
    await dead.state.aclose()
    await alive.state.aclose()


async def test_a_restart_seeds_from_the_ledger_only_once(shared: dict[str, Any]) -> None:
    clock = Clock()
    limits = {"total": BudgetLimit(daily_usd=1.0, monthly_usd=10.0, soft_share=0.5)}
    ledger = [(NOW - dt.timedelta(days=2), 3.0), (NOW - dt.timedelta(hours=1), 0.4)]
    before = _book(shared, clock, **limits)
    before.load({"total": ledger})
    held = await before.reserve(before.scopes(), 0.2)
    await before.settle(held, 0.2)
    ledger.append((NOW, 0.2))  # the ledger recorded that request too
    restarted = _book(shared, clock, **limits)
    restarted.load({"total": ledger})  # the counters exist: nothing is added
    assert await restarted.economy_reason(restarted.scopes()) == (
        "the total budget: daily spending $0.60 of $1.00"
    )
    with pytest.raises(BudgetExceeded, match=r"daily limit \$1.00, \$0.60 used"):
        await restarted.reserve(restarted.scopes(), 0.41)
    month = restarted.state.key("budget", "total", "month", "2026-11")
    assert float(await restarted.state.client.get(month)) == pytest.approx(3.6)
    await before.state.aclose()
    await restarted.state.aclose()


async def test_scopes_hold_together_or_not_at_all(shared: dict[str, Any]) -> None:
    clock = Clock()
    book = _book(
        shared,
        clock,
        total=BudgetLimit(daily_usd=1.0),
        per_key=BudgetLimit(daily_usd=0.3),
        keys={"b": BudgetLimit(daily_usd=5.0)},
    )
    await book.reserve(book.scopes("k1", "a"), 0.25)
    with pytest.raises(BudgetExceeded, match="the budget of key a is spent"):
        await book.reserve(book.scopes("k1", "a"), 0.1)
    await book.reserve(book.scopes("k2", "b"), 0.7)  # the refusal held nothing in total
    with pytest.raises(BudgetExceeded, match="the total budget is spent"):
        await book.reserve(book.scopes("k3", "c"), 0.1)
    await book.state.aclose()


async def test_unreachable_redis_refuses_the_request_and_the_start(
    unreachable_redis_url: str,
) -> None:
    storage = {"redis_url": unreachable_redis_url, "redis_timeout_s": 0.5}
    router = _router(Upstream(), storage, total={"daily_usd": 1.0})
    with pytest.raises(SharedStateUnavailable) as refused:
        await router.complete("hi", task="simple")
    assert refused.value.status == 503
    assert "Redis" in refused.value.message
    assert isinstance(refused.value.__cause__, redis.ConnectionError)
    assert router.shared is not None
    with pytest.raises(Exception, match=r"storage.redis_url: cannot reach Redis at redis://"):
        router.shared.check()
    await router.aclose()
