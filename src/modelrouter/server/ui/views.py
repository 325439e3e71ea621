"""The dashboard's read-only pages: overview, requests and their traces, routing, quality.

Figures over time come from the rollups (``queries``); the requests page reads the latest
rows of the ledger through its time index, a bounded page at a time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from modelrouter.errors import QualityStoreUnavailable
from modelrouter.reports.ledger_report import reference_models
from modelrouter.server.ui import Dashboard, live
from modelrouter.server.ui import queries as q
from modelrouter.store.quality import EPOCH, read_counts, read_events
from modelrouter.store.tables import attempts, requests

LATEST = 100
OUTCOMES = ("ok", "fallback", "escalated", "check_failed", "failed", "cut", "abandoned", "rejected")
FILTERS = ("key", "task", "model", "outcome")


def _engine(dash: Dashboard) -> Engine:
    assert dash.engine is not None  # ``Dashboard.page`` refuses without one
    return dash.engine


async def overview(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """Spend and requests over time, savings against single models, routing mix, top keys."""
    window = q.Window.of(request.query_params.get("range"), dt.datetime.now(dt.UTC))
    context |= await run_in_threadpool(_overview, dash, window)
    return dash.render("overview.html", context)


def _overview(dash: Dashboard, window: q.Window) -> dict[str, Any]:
    engine = _engine(dash)
    totals = q.total(engine, window)
    priced = q.baselines(engine, window)
    settings = dash.gateway.router.settings
    savings = [
        {
            "model": model,
            "usd": priced[model],
            "saved": 1 - totals["cost_usd"] / priced[model] if priced[model] else None,
        }
        for model in reference_models(settings)
        if model in priced
    ]
    names = dash.gateway.auth.store.names() if dash.gateway.auth.store else {}
    by_key = q.grouped(engine, window, "key_id", sums=("requests", "cost_usd"))
    keys = sorted(by_key, key=lambda r: -r["cost_usd"])[:10]
    return {
        "window": window,
        "ranges": list(q.RANGES),
        "totals": totals,
        "savings": savings,
        "mix": q.mix(engine, window),
        "top_keys": [{**k, "name": names.get(k["key_id"]) or _unnamed(k)} for k in keys],
        "chart": q.series(engine, window),
    }


def _unnamed(group: dict[str, Any]) -> str:
    return str(group["key_id"] or "(no key)")


async def requests_page(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """The latest requests, filtered by key, task, model and outcome."""
    chosen = {name: request.query_params.get(name) or "" for name in FILTERS}
    rows = await run_in_threadpool(_latest, _engine(dash), chosen)
    settings = dash.gateway.router.settings
    store = dash.gateway.auth.store
    names = await run_in_threadpool(store.names) if store else {}
    context |= {
        "rows": rows,
        "chosen": chosen,
        "names": names,
        "options": {
            "key": sorted(names.items(), key=lambda item: item[1]),
            "task": sorted(settings.tasks),
            "model": sorted(settings.models),
            "outcome": OUTCOMES,
        },
        "latest": LATEST,
    }
    return dash.render("requests.html", context)


def _latest(engine: Engine, chosen: dict[str, str]) -> list[dict[str, Any]]:
    r = requests.c
    query = select(requests).order_by(r.ts.desc()).limit(LATEST)
    columns = {"key": r.key_id, "task": r.task, "model": r.model, "outcome": r.outcome}
    for name, column in columns.items():
        if chosen[name]:
            query = query.where(column == chosen[name])
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


async def trace(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """One request's full trace: its row and every attempt."""
    request_id = request.path_params["request_id"]
    row, tries = await run_in_threadpool(_trace, _engine(dash), request_id)
    if row is None:
        return dash.refuse(404, "no request with this id in the ledger", context)
    context |= {"row": row, "attempts": tries}
    return dash.render("trace.html", context)


def _trace(engine: Engine, request_id: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    with engine.connect() as conn:
        row = conn.execute(select(requests).where(requests.c.id == request_id)).mappings().first()
        query = select(attempts).where(attempts.c.request_id == request_id)
        tries = [dict(a) for a in conn.execute(query.order_by(attempts.c.seq)).mappings()]
    return (dict(row) if row else None), tries


async def routing(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """Per task the models that served it, recent fallbacks, circuits, the routing table."""
    window = q.Window.of(request.query_params.get("range"), dt.datetime.now(dt.UTC))
    engine = _engine(dash)
    mix, recent = await run_in_threadpool(lambda: (q.mix(engine, window), _detours(engine)))
    router = dash.gateway.router
    context |= await live.circuits(router)
    context |= {
        "window": window,
        "ranges": list(q.RANGES),
        "mix": mix,
        "recent": recent,
        "tasks": router.settings.tasks,
        "policy": router.settings.routing.policy,
    }
    return dash.render("routing.html", context)


def _detours(engine: Engine) -> list[dict[str, Any]]:
    r = requests.c
    query = (
        select(r.id, r.ts, r.task, r.first_choice, r.model, r.outcome, r.fallback_reason)
        .where(r.outcome.in_(("fallback", "escalated")))
        .order_by(r.ts.desc())
        .limit(50)
    )
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


async def quality(dash: Dashboard, request: Request, context: dict[str, Any]) -> Response:
    """Feedback, judge scores and check verdicts per task x model (last 30 days), with
    95% intervals, and the latest routing events with their reasons."""
    engine = _engine(dash)
    since = (dt.datetime.now(dt.UTC).date() - EPOCH).days - 30
    try:
        counts, events = await run_in_threadpool(
            lambda: (read_counts(engine, since_day=since), read_events(engine)[-30:])
        )
    except QualityStoreUnavailable as exc:
        return dash.refuse(503, exc.message, context)
    table: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for count in counts:
        slot = table[(count.task, count.model, count.source)]
        slot[0] += count.n
        slot[1] += count.total
    rows = [
        {"task": t, "model": m, "source": s, "n": n, **_interval(total / n if n else 0.0, n)}
        for (t, m, s), (n, total) in sorted(table.items())
    ]
    context |= {"rows": rows, "events": list(reversed(events))}
    return dash.render("quality.html", context)


def _interval(mean: float, n: float) -> dict[str, float]:
    """Mean and a 95% normal interval (outcomes are normalised to 0..1), clipped."""
    half = 1.96 * math.sqrt(max(mean * (1 - mean), 0.0) / n) if n else 1.0
    return {"mean": mean, "low": max(mean - half, 0.0), "high": min(mean + half, 1.0)}
