"""Feedback on answers the gateway gave: one value per (request, metric), the request
named by the ``x-request-id`` the gateway returned.

Only the key that made the request (or the admin) may rate it; a repeat for the same
request and metric replaces the earlier value. The same transaction adds the change to
the quality counts (the new value, minus the replaced one), so the estimates never count
a replaced rating.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError

from modelrouter.config.loop import MetricSpec
from modelrouter.errors import Forbidden, InvalidRequest, QualityStoreUnavailable, UnknownRequest
from modelrouter.store import quality
from modelrouter.store.tables import feedback, requests


@dataclass(frozen=True, slots=True)
class Rating:
    """One piece of feedback as the caller sent it."""

    request_id: str
    metric: str
    value: Any
    comment: str | None = None
    tags: list[str] | dict[str, Any] | None = field(default=None)


@dataclass(frozen=True, slots=True)
class Rater:
    """Who sends feedback: a key id (None: no key), or the admin."""

    key_id: str | None
    admin: bool = False


def parse_value(metrics: dict[str, MetricSpec], metric: str, value: Any) -> float:
    """The value as a float, or ``InvalidRequest`` naming what is wrong (400)."""
    spec = metrics.get(metric)
    if spec is None:
        known = ", ".join(sorted(metrics))
        raise InvalidRequest(f"metric: unknown metric {metric!r}; known: {known}", param="metric")
    if spec.type == "boolean":
        if not isinstance(value, bool):
            raise InvalidRequest(f"value: metric {metric!r} takes true or false", param="value")
        return float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequest(f"value: metric {metric!r} takes a number", param="value")
    if not spec.min <= value <= spec.max:
        raise InvalidRequest(
            f"value: metric {metric!r} takes a number in [{spec.min:g}, {spec.max:g}]",
            param="value",
        )
    return float(value)


def give(
    engine: Engine,
    metrics: dict[str, MetricSpec],
    rating: Rating,
    rater: Rater,
    now: dt.datetime,
) -> dict[str, Any]:
    """Store ``rating`` (replacing an earlier one); 400, 403 or 404 as a project error."""
    value = parse_value(metrics, rating.metric, rating.value)
    spec = metrics[rating.metric]
    try:
        with engine.begin() as conn:
            return _store(conn, spec, rating, rater, value, now)
    except SQLAlchemyError as exc:
        raise QualityStoreUnavailable(f"feedback not stored: {type(exc).__name__}") from exc


def _store(
    conn: Connection,
    spec: MetricSpec,
    rating: Rating,
    rater: Rater,
    value: float,
    now: dt.datetime,
) -> dict[str, Any]:
    query = select(requests.c.key_id, requests.c.task, requests.c.model, requests.c.ts)
    request = conn.execute(query.where(requests.c.id == rating.request_id)).first()
    if request is None:
        raise UnknownRequest(f"no request {rating.request_id!r} in the ledger", param="request_id")
    if not rater.admin and request.key_id != rater.key_id:
        raise Forbidden("this request was made with another key", param="request_id")
    where = (feedback.c.request_id == rating.request_id) & (feedback.c.metric == rating.metric)
    old = conn.execute(select(feedback.c.value, feedback.c.created_at).where(where)).first()
    row = {
        "request_id": rating.request_id,
        "metric": rating.metric,
        "value": value,
        "comment": (rating.comment or "")[:2000] or None,
        "tags": rating.tags,
        "key_id": request.key_id,
        "created_at": old.created_at if old else now,
        "updated_at": now,
    }
    if old is not None:
        conn.execute(feedback.delete().where(where))
    conn.execute(feedback.insert().values(**row))
    if spec.quality and request.task and request.model:
        earlier = spec.normalised(old.value) if old is not None else 0.0
        inc = quality.Count(
            task=request.task,
            model=request.model,
            key_id=request.key_id or "",
            source="feedback",
            day=quality.day_of(request.ts),
            n=0.0 if old is not None else 1.0,
            total=spec.normalised(value) - earlier,
        )
        quality.add(conn, [inc])
    return {
        "request_id": rating.request_id,
        "metric": rating.metric,
        "value": value,
        "replaced": old is not None,
    }


def read_feedback(engine: Engine, request_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Feedback rows, for some requests or all."""
    query = select(feedback).order_by(feedback.c.request_id, feedback.c.metric)
    if request_ids is not None:
        query = query.where(feedback.c.request_id.in_(request_ids))
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
