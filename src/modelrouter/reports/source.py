"""Reading the ledger for a report: the period, the rows, and each request's answer.

The ledger stores UTC times; SQLite keeps them without an offset and compares them as
text, so bounds are converted to naive UTC there (PostgreSQL gets them with the offset).
This module only reads: it never writes to the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from modelrouter.config.schema import Settings
from modelrouter.pricing import cost
from modelrouter.store.judge_queue import JUDGE_API
from modelrouter.store.keys import KeyStore
from modelrouter.store.ledger import Row, read_attempts, read_requests
from modelrouter.types import Usage

DAYS_PER_MONTH = 365.25 / 12
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Period:
    """The requested window: ``since`` inclusive, ``until`` exclusive, either open."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class LedgerRows:
    """Request rows in time order and the attempt rows of those requests; the judge's own
    calls (``api = 'judge'``) apart, so they never count as caller traffic."""

    requests: list[Row]
    attempts: list[Row]
    judge: list[Row] = field(default_factory=list)


def load(engine: Engine, period: Period, key_id: str | None = None) -> LedgerRows:
    """The rows of ``period`` (and of one caller key, if given)."""
    rows = read_requests(
        engine,
        since=_bound(engine, period.since),
        until=_bound(engine, period.until),
        key_id=key_id,
    )
    requests = [row for row in rows if row["api"] != JUDGE_API]
    judge = [row for row in rows if row["api"] == JUDGE_API]
    names = KeyStore(engine).names()
    for row in requests:  # ``report --by key`` shows names; CLI calls have no key
        row["key_name"] = names.get(row["key_id"]) if row["key_id"] else None
        if row["key_id"] is None and row["api"] == "cli":
            row["key_name"] = "cli"
    ids = [row["id"] for row in requests]
    attempts: list[Row] = []
    # in chunks: SQLite limits the number of bound parameters in one statement
    for start in range(0, len(ids), CHUNK):
        attempts += read_attempts(engine, ids[start : start + CHUNK])
    return LedgerRows(requests, attempts, judge)


def _bound(engine: Engine, when: dt.datetime | None) -> dt.datetime | None:
    if when is None:
        return None
    when = utc(when)
    return when.replace(tzinfo=None) if engine.dialect.name == "sqlite" else when


def utc(when: dt.datetime) -> dt.datetime:
    """``when`` as an aware UTC time (naive times from the ledger are UTC)."""
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def answers(requests: Iterable[Row], attempts: Iterable[Row]) -> dict[str, Row]:
    """Each request's answering attempt: the last one on the request's model that did not
    error. Requests that got no answer are absent."""
    answered = {row["id"]: row["model"] for row in requests if row["model"]}
    found: dict[str, Row] = {}
    for attempt in attempts:
        request_id = attempt["request_id"]
        if answered.get(request_id) == attempt["model"] and attempt["outcome"] != "error":
            found[request_id] = attempt
    return found


def usage_of(attempt: Row) -> Usage:
    """The recorded token counts of one attempt."""
    return Usage.of(
        attempt["prompt_tokens"],
        attempt["completion_tokens"],
        cached=attempt["cached_tokens"],
        cache_write=attempt["cache_write_tokens"],
        reasoning=attempt["reasoning_tokens"],
    )


def reprice(settings: Settings, model_id: str, attempt: Row, when: dt.datetime) -> float:
    """What ``attempt``'s recorded tokens would have cost on ``model_id`` at ``when``."""
    return cost(settings.models[model_id], usage_of(attempt), utc(when))


def span_days(
    requests: list[Row], period: Period, *, at_least: float = 1.0
) -> tuple[dt.datetime | None, dt.datetime | None, float]:
    """The covered period: from ``since`` (else the first request) to ``until`` (else the
    last request), in days, counted as at least ``at_least`` day."""
    if not requests:
        return None, None, at_least
    start = utc(period.since) if period.since else utc(requests[0]["ts"])
    end = utc(period.until) if period.until else utc(requests[-1]["ts"])
    return start, end, max((end - start).total_seconds() / 86400, at_least)
