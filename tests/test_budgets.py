"""Budgets: reservation of the worst case, settlement to the actual cost, the soft switch
to economy mode, refusal at the hard limit, and no overspending under concurrency."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import httpx2
import pytest
from tests.fakes import DEFAULT_KEYS, NoSleep, Upstream, text
from tests.gateway_fixtures import running_gateway

from modelrouter.budgets import BudgetExceeded, Budgets
from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.config.spending import BudgetLimit, BudgetSpec
from modelrouter.router import Router

NOW = dt.datetime(2026, 11, 21, 15, 30, tzinfo=dt.UTC)


def _budgets(**limits: BudgetLimit) -> Budgets:
    return Budgets(BudgetSpec(**limits), lambda: NOW)  # type: ignore[arg-type]


async def test_reserve_settle_and_the_message_at_the_limit() -> None:
    budgets = _budgets(total=BudgetLimit(daily_usd=1.0, monthly_usd=10.0))
    scopes = budgets.scopes()
    held = await budgets.reserve(scopes, 0.6)
    with pytest.raises(BudgetExceeded) as refused:
        await budgets.reserve(scopes, 0.5)  # 0.6 held + 0.5 > 1.0
    assert "daily limit $1.00" in refused.value.message
    assert "resets at 2026-11-22T00:00:00+00:00" in refused.value.message
    assert refused.value.retry_after == pytest.approx(8.5 * 3600)
    assert refused.value.status == 429
    await budgets.settle(held, 0.1)  # the attempt cost far less than its worst case
    await budgets.settle(held, 0.1)  # settling twice changes nothing
    await budgets.reserve(scopes, 0.5)


async def test_ledger_spending_counts_by_day_and_month() -> None:
    budgets = _budgets(total=BudgetLimit(daily_usd=50.0, monthly_usd=20.0, soft_share=0.5))
    budgets.load(
        {
            "total": [
                (NOW - dt.timedelta(days=3), 9.0),  # this month, not today
                (NOW - dt.timedelta(hours=1), 1.0),  # today
                (NOW - dt.timedelta(days=40), 100.0),  # last month: ignored
            ]
        }
    )
    assert await budgets.economy_reason(budgets.scopes()) == (
        "the total budget: monthly spending $10.00 of $20.00"
    )
    with pytest.raises(BudgetExceeded, match="monthly"):
        await budgets.reserve(budgets.scopes(), 10.5)
    await budgets.reserve(budgets.scopes(), 3.9)


def test_key_budgets_by_name_id_and_default() -> None:
    budgets = _budgets(
        per_key=BudgetLimit(daily_usd=1.0), keys={"team-a": BudgetLimit(daily_usd=50.0)}
    )
    assert budgets.scopes("k1", "team-a")[0].limit.daily_usd == 50.0
    assert budgets.scopes("k2", "other")[0].limit.daily_usd == 1.0
    assert budgets.scopes() == ()


def _router(upstream: Upstream, delay: float = 0.0, **budgets: object) -> Router:
    settings = build_settings(merge(default_data(), {"budgets": budgets}))
    return Router(
        settings,
        env=DEFAULT_KEYS,
        sleep=NoSleep(),
        clock=lambda: NOW,
        transports=upstream.transports(list(settings.providers), delay),
    )


async def test_past_the_soft_share_requests_are_planned_in_economy_mode() -> None:
    router = _router(Upstream(), total={"daily_usd": 10.0, "soft_share": 0.5})
    first = await router.complete("hi", task="code", max_tokens=100)
    assert first.trace.budget == "normal" and first.trace.model == "claude-opus-4-7"
    router.budgets.load({"total": [(NOW, 6.0)]})
    second = await router.complete("hi", task="code", max_tokens=100)
    assert second.trace.budget == "economy"
    assert second.trace.model != "claude-opus-4-7"


async def test_concurrent_requests_never_overspend() -> None:
    # every answer costs the same; the worst case (max_tokens=2000) is a little more
    upstream = Upstream()
    for _ in range(200):
        upstream.on("kimi-k2.6", text("ok", prompt=1000, completion=1500))
    limit = 0.05
    # each call takes 20 ms, so all hundred are in flight together
    router = _router(upstream, 0.02, total={"daily_usd": limit, "soft_share": 1.0})
    results = await asyncio.gather(
        *(router.complete("hi", task="simple", max_tokens=2000) for _ in range(100)),
        return_exceptions=True,
    )
    answered = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BudgetExceeded)]
    assert len(answered) + len(refused) == 100 and answered and refused
    assert {r.trace.model for r in answered} == {"kimi-k2.6"}
    spent = sum(r.trace.cost_usd for r in answered)
    one_answer = (1000 * 0.95 + 1500 * 4.0) / 1e6
    assert spent <= limit
    assert spent > limit - 2 * one_answer, "the budget was used, not refused too early"


def test_a_budget_refused_after_a_failed_attempt_keeps_that_attempt_in_the_ledger(
    tmp_path: Path,
) -> None:
    """The cheap primary fails; the dear fallback's worst case no longer fits the budget:
    the caller gets 429 and the ledger keeps the attempt that did go upstream."""
    from modelrouter.pricing import estimate
    from modelrouter.tokens import estimate_request
    from modelrouter.types import ChatRequest

    routing = {
        "tasks": {"simple": {"route": {"primary": "deepseek-v4-flash", "fallbacks": ["gpt-5.5"]}}},
        "routing": {"retries_per_model": 0},
    }
    body = {"model": "route:simple", "max_tokens": 4000}
    body["messages"] = [{"role": "user", "content": "hello there"}]  # type: ignore[assignment]
    settings = build_settings(merge(default_data(), routing))
    prompt = estimate_request(ChatRequest.model_validate(body))
    now = dt.datetime.now(dt.UTC)
    cheap, dear = (
        estimate(settings.models[m], prompt, 4000, now) for m in ("deepseek-v4-flash", "gpt-5.5")
    )
    assert cheap * 2 < dear
    limit = {"total": {"daily_usd": 2 * cheap}}
    with running_gateway(tmp_path, **routing, budgets=limit) as gw:
        gw.fault("deepseek-v4-flash", error_rate=1.0, faults=["server_error"])
        with httpx2.Client(base_url=gw.url, timeout=30) as client:
            response = client.post("/v1/chat/completions", json=body)
        assert response.status_code == 429, response.text
        assert response.json()["error"]["code"] == "budget_exceeded"
        requests, attempts = gw.ledger()
    assert len(requests) == 1 and requests[0]["status"] == 429
    assert [(a["model"], a["outcome"]) for a in attempts] == [("deepseek-v4-flash", "error")]
    assert requests[0]["attempts"] == 1
