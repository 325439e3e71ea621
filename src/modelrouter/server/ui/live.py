"""The dashboard's live state: what the gateway's own counters say now, not the database.

Circuits come from the router's ``Health`` (with Redis, the deadlines other processes
shared are read again first); the Routing page polls ``/ui/routing/circuits`` for them.
Budgets and rate limits come from the counters the gateway enforces (``BudgetBook``,
``Limiter``: in process, or in Redis for every process), next to the ledger's figures.
This module only reads: it never opens, closes or charges anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from modelrouter.budgets import Scope, Usage
from modelrouter.deployments import health_key
from modelrouter.errors import SharedStateUnavailable
from modelrouter.router import Router
from modelrouter.server.gateway import Gateway
from modelrouter.server.ui import Dashboard
from modelrouter.store.keys import KeyRecord

REFRESH_MS = 2000  # how often the Routing page asks for the circuits
# the ledger and the counters are "different" past this (USD): float sums of the same costs
# in another order differ in the last digits, not in the fourth decimal
TOLERANCE_USD = 1e-6


async def circuits(router: Router) -> dict[str, Any]:
    """Every deployment's circuit now: this process's state, the shared deadlines when
    Redis shares them (read again first), and the seconds until it may be called. A model
    with one deployment is named by its id, one with several by each deployment's
    (``kimi-k2.6@moonshot``), as the router keeps their circuits."""
    shared = router.shared_health
    redis_ok = await shared.refresh() if shared is not None else None
    health = router.health
    local = health.snapshot()
    remote = health.shared_waits()
    rows = []
    for model_id, model in sorted(router.settings.models.items()):
        for deployment in model.deployments:
            key = health_key(model_id, model, deployment)
            mine = local.get(key, {})
            wait = health.wait(key)
            shared_open, shared_cooling = remote.get(key, (0.0, 0.0))
            rows.append(
                {
                    "model": key,
                    "provider": deployment.provider,
                    "state": _state(str(mine.get("state", "closed")), wait, health.kind(key)),
                    "recent_failures": mine.get("recent_failures", 0),
                    "recent_calls": mine.get("recent_calls", 0),
                    "opened": mine.get("opened", 0),
                    "wait_s": round(wait, 1),
                    "shared": _shared(shared_open, shared_cooling),
                }
            )
    return {
        "circuits": rows,
        "shared_by": router.shared.describe() if router.shared is not None else None,
        "redis_ok": redis_ok,
        "as_of": dt.datetime.now(dt.UTC),
        "refresh_ms": REFRESH_MS,
    }


def _state(local: str, wait: float, kind: str) -> str:
    """One word for the panel: ``cooling_down`` after a 429, ``open`` when another process
    opened it (shared) though this one's is closed, else this process's state."""
    if wait > 0 and kind == "rate_limited":
        return "cooling_down"
    if wait > 0 and local == "closed":
        return "open"
    return local


def _shared(open_s: float, cooling_s: float) -> str:
    if open_s > 0:
        return f"open {open_s:.1f} s"
    if cooling_s > 0:
        return f"cooling down {cooling_s:.1f} s"
    return "-"


async def circuits_panel(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """The Routing page's circuit panel alone (polled by ``ui.js``)."""
    context |= await circuits(dash.gateway.router)
    return dash.render("_circuits.html", context)


async def budgets(
    gateway: Gateway, keys: list[KeyRecord], ledger: dict[str, Any]
) -> dict[str, Any]:
    """Each budget's enforced counters (what the next reservation is checked against)
    beside the ledger's spend, each rate-limited key's requests in the last minute, and
    each key's requests in flight here (against ``gateway.limits.max_requests_per_key``).
    ``ledger``: the rollups' spend, ``today`` and ``month`` per key id and in total."""
    book = gateway.router.budgets
    scopes = list(book.scopes())
    owners: list[KeyRecord | None] = [None] * len(scopes)
    for key in keys:
        if key.active:
            mine = [s for s in book.scopes(key.id, key.name) if s.name != "total"]
            scopes += mine
            owners += [key] * len(mine)
    where = gateway.router.shared.describe() if gateway.router.shared else "this process"
    found: dict[str, Any] = {
        "counters": where,
        "counter_error": None,
        "budget_rows": [],
        "rpm_now": {},
        # requests in flight per key: counted in each process (gateway.limits)
        "in_flight": {k.id: gateway.in_flight.count(k.id) for k in keys if k.active},
        "in_flight_limit": gateway.in_flight.limit,
    }
    try:
        used = await book.usage(scopes)
        rpm = await gateway.limiter.recent([k.id for k in keys if k.active and k.rpm_limit])
    except SharedStateUnavailable as exc:
        return found | {"counter_error": exc.message}
    rows = [
        row
        for scope, owner, usage in zip(scopes, owners, used, strict=True)
        for row in _rows(scope, owner, usage, ledger)
    ]
    return found | {"budget_rows": rows, "rpm_now": rpm}


def _rows(
    scope: Scope, owner: KeyRecord | None, usage: Usage, ledger: dict[str, Any]
) -> list[dict[str, Any]]:
    """A scope's limits, one row per period that has one."""
    periods = (
        ("daily", usage.today, scope.limit.daily_usd, "today"),
        ("monthly", usage.month, scope.limit.monthly_usd, "month"),
    )
    held = usage.held if usage.held > TOLERANCE_USD else 0.0  # float residue of settled holds
    rows = []
    for period, spent, limit, name in periods:
        if limit is None:
            continue
        recorded = ledger[f"{name}_total"] if owner is None else ledger[name].get(owner.id, 0.0)
        rows.append(
            {
                "scope": "Whole gateway" if owner is None else owner.name,
                "period": period,
                "ledger": recorded,
                "spent": spent,
                "held": held,
                "limit": limit,
                "left": max(limit - spent - held, 0.0),
                "differs": abs(recorded - spent) > TOLERANCE_USD,
                "soft": spent + held >= limit * scope.limit.soft_share,
            }
        )
    return rows
