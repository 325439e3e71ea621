"""Table definitions (SQLAlchemy Core).

The migration that creates a table creates it from the column list here, so a fresh
database always gets the current columns. A later change to a list therefore comes with
a migration that is idempotent: it adds the column only where it is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as UTC and read back timezone-aware, in UTC, on every backend.

    SQLite has no timestamp type: SQLAlchemy stores the wall time as text and drops the
    offset, so an aware value came back naive and values written in other zones sorted
    and filtered by wall time. PostgreSQL returns the session's zone. Naive values are
    taken as UTC. The column type in the schema is unchanged (``DateTime(timezone=True)``).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return _utc(value)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return _utc(value)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


schema_version = Table(
    "schema_version",
    metadata,
    Column("name", String(100), primary_key=True),
)


def key_columns() -> list[Column[Any]]:
    """Columns of ``api_keys``."""
    return [
        Column("id", String(32), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("key_hash", String(64), nullable=False, unique=True),
        Column("prefix", String(16), nullable=False),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("revoked_at", UTCDateTime()),
        Column("allowed_providers", JSON),
        Column("allowed_models", JSON),
        Column("budget", String(16)),
        Column("rpm_limit", Integer),
        Column("allowed_regions", JSON),  # added by 0012_key_regions
    ]


def request_columns() -> list[Column[Any]]:
    """Columns of ``requests``."""
    return [
        Column("id", String(64), primary_key=True),
        Column("ts", UTCDateTime(), nullable=False, index=True),
        Column("api", String(16), nullable=False),
        Column("key_id", String(32), index=True),
        Column("selector", String(200)),
        Column("status", Integer, nullable=False),
        Column("error", String(500)),
        Column("task", String(64)),
        Column("confidence", Float),
        Column("detector", String(64)),
        Column("policy", String(64)),  # added by 0003_request_policy
        Column("detect_reason", String(300)),
        Column("budget", String(16)),
        Column("model", String(128)),
        Column("provider", String(64)),
        Column("outcome", String(16), nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("prompt_tokens", Integer, nullable=False),
        Column("cached_tokens", Integer, nullable=False),
        Column("completion_tokens", Integer, nullable=False),
        Column("reasoning_tokens", Integer, nullable=False),
        Column("cost_usd", Float, nullable=False),
        Column("latency_ms", Float, nullable=False),
        Column("overhead_ms", Float, nullable=False),
        Column("ttft_ms", Float),
        # added by 0009_fallback_reason: the model the plan would have tried first with
        # every deployment healthy, why another answered, and the time spent waiting
        # between attempts (retry back-off; not part of overhead_ms)
        Column("first_choice", String(128)),
        Column("fallback_reason", String(32)),
        Column("backoff_ms", Float),
        # added by 0011_deployments: where the model that answered was called
        # (``kimi-k2.6@moonshot``)
        Column("deployment", String(200)),
    ]


def attempt_columns() -> list[Column[Any]]:
    """Columns of ``attempts``."""
    return [
        Column("request_id", String(64), primary_key=True),
        Column("seq", Integer, primary_key=True),
        Column("model", String(128), nullable=False),
        Column("provider", String(64), nullable=False),
        Column("role", String(16), nullable=False),
        Column("reason", String(300)),
        Column("outcome", String(16), nullable=False),
        Column("error", String(32)),
        Column("message", String(500)),
        Column("prompt_tokens", Integer, nullable=False),
        Column("cached_tokens", Integer, nullable=False),
        Column("cache_write_tokens", Integer, nullable=False),
        Column("completion_tokens", Integer, nullable=False),
        Column("reasoning_tokens", Integer, nullable=False),
        Column("cost_usd", Float, nullable=False),
        Column("latency_ms", Float, nullable=False),
        Column("ttft_ms", Float),
        Column("verdicts", JSON),
        # added by 0004_attempt_usage_estimated: the tokens are our estimate, because the
        # upstream's own count never arrived (a stream cut or abandoned before its end)
        Column("usage_estimated", Boolean),
        # added by 0009_fallback_reason: the back-off waited after this attempt failed,
        # before the next one (None when nothing was waited)
        Column("backoff_ms", Float),
        Column("deployment", String(200)),  # added by 0011_deployments
    ]


def feedback_columns() -> list[Column[Any]]:
    """Columns of ``feedback``: one value per (request, metric); a repeat replaces it."""
    return [
        Column("request_id", String(64), primary_key=True),
        Column("metric", String(64), primary_key=True),
        Column("value", Float, nullable=False),
        Column("comment", String(2000)),
        Column("tags", JSON),
        Column("key_id", String(32)),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("updated_at", UTCDateTime(), nullable=False),
    ]


def quality_columns() -> list[Column[Any]]:
    """Columns of ``quality_counts``: absolute counts and sums of normalised outcomes per
    (task, model, key, source, day of the request); priors and decay apply at read time."""
    return [
        Column("task", String(64), primary_key=True),
        Column("model", String(128), primary_key=True),
        Column("key_id", String(32), primary_key=True),  # "" for requests without a key
        Column("source", String(16), primary_key=True),  # feedback | judge | checks
        Column("day", Integer, primary_key=True),  # days since 1970-01-01 (UTC)
        Column("n", Float, nullable=False),
        Column("total", Float, nullable=False),
    ]


def event_columns() -> list[Column[Any]]:
    """Columns of ``routing_events``: each change of a task's first choice, and why."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("ts", UTCDateTime(), nullable=False, index=True),
        Column("kind", String(32), nullable=False),
        Column("task", String(64), nullable=False),
        Column("before_model", String(128)),
        Column("after_model", String(128)),
        Column("detail", JSON),
    ]


def judge_queue_columns() -> list[Column[Any]]:
    """Columns of ``judge_queue``: answers sampled for the judge, waiting to be judged
    (bounded; a worker claims rows for a lease, deletes them once judged)."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("request_id", String(64), nullable=False, index=True),
        Column("task", String(64), nullable=False),
        Column("model", String(128), nullable=False),  # the model that answered
        Column("key_id", String(32), nullable=False),  # "" for requests without a key
        Column("day", Integer, nullable=False),  # day of the request (quality counts)
        Column("question", Text, nullable=False),
        Column("answer", Text, nullable=False),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("claimed_by", String(64)),
        Column("claimed_at", UTCDateTime()),
        Column("tries", Integer, nullable=False, default=0),
    ]


def response_columns() -> list[Column[Any]]:
    """Columns of ``responses``: stored Responses API objects, by id, per key (0007)."""
    return [
        Column("id", String(64), primary_key=True),
        Column("key_id", String(32), index=True),  # None: made without a key
        Column("created_at", UTCDateTime(), nullable=False),
        Column("response", JSON, nullable=False),  # the response object as returned
        # the conversation up to and including this response, as input items: what a
        # request naming it as ``previous_response_id`` continues from
        Column("conversation", JSON, nullable=False),
    ]


# The latency sketch of the rollups: counts of requests at or under each bound (ms), the
# last bucket open; mergeable by addition, so any range of hours sums exactly.
LATENCY_BOUNDS_MS = (50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
ROLLUP_KEYS = ("hour", "api", "key_id", "task", "model")
ROLLUP_SUMS = (
    "requests",
    "answered",
    "rejected",
    "failed",
    "fallback",
    "escalated",
    "prompt_tokens",
    "cached_tokens",
    "completion_tokens",
    "reasoning_tokens",
    "cost_usd",
    "latency_ms",
    *(f"lat_{i}" for i in range(len(LATENCY_BOUNDS_MS) + 1)),
)


ROLLUP_DIMENSIONS = ("api", "key_id", "task", "model")
TASK_DIMENSIONS = ("api", "task", "model")  # the same sums without the key: ~50x fewer rows
BASELINE_DIMENSIONS = ("api", "task")


def _rollup_key(time: str, dimensions: tuple[str, ...]) -> list[Column[Any]]:
    sizes = {"api": 16, "key_id": 32, "task": 64, "model": 128, "baseline": 128}
    # ``hour``: hours since 1970-01-01 UTC, ``day``: days; "" for a missing key, task, model
    return [
        Column(time, Integer, primary_key=True),
        *(Column(name, String(sizes[name]), primary_key=True) for name in dimensions),
    ]


def rollup_columns(
    time: str = "hour", dimensions: tuple[str, ...] = ROLLUP_DIMENSIONS
) -> list[Column[Any]]:
    """Columns of ``rollups`` (per hour), ``rollups_daily`` (``time="day"``) and, without
    the key, ``rollups_tasks`` and ``rollups_tasks_daily``; added by 0010_rollups: sums of
    the ledger's request rows, written in the same transaction as the rows."""
    sums: list[Column[Any]] = [
        Column(name, Float if name in {"cost_usd", "latency_ms"} else BigInteger, nullable=False)
        for name in ROLLUP_SUMS
    ]
    return [*_rollup_key(time, dimensions), *sums]


def rollup_baseline_columns(time: str = "hour") -> list[Column[Any]]:
    """Columns of ``rollup_baselines`` and ``rollup_baselines_daily`` (0010_rollups): what
    the answers of each api x task would have cost on each single catalog model (the
    report's single-model costs), and how many answers were re-priced."""
    return [
        *_rollup_key(time, (*BASELINE_DIMENSIONS, "baseline")),
        Column("repriced", BigInteger, nullable=False),
        Column("cost_usd", Float, nullable=False),
    ]


api_keys = Table("api_keys", metadata, *key_columns())
requests = Table("requests", metadata, *request_columns())
attempts = Table("attempts", metadata, *attempt_columns())
feedback = Table("feedback", metadata, *feedback_columns())
quality_counts = Table("quality_counts", metadata, *quality_columns())
routing_events = Table("routing_events", metadata, *event_columns())
judge_queue = Table("judge_queue", metadata, *judge_queue_columns())
responses = Table("responses", metadata, *response_columns())
rollups = Table("rollups", metadata, *rollup_columns())
rollups_daily = Table("rollups_daily", metadata, *rollup_columns("day"))
rollups_tasks = Table("rollups_tasks", metadata, *rollup_columns("hour", TASK_DIMENSIONS))
rollups_tasks_daily = Table(
    "rollups_tasks_daily", metadata, *rollup_columns("day", TASK_DIMENSIONS)
)
rollup_baselines = Table("rollup_baselines", metadata, *rollup_baseline_columns())
rollup_baselines_daily = Table("rollup_baselines_daily", metadata, *rollup_baseline_columns("day"))

COLUMNS: dict[str, Callable[[], list[Column[Any]]]] = {
    "api_keys": key_columns,
    "requests": request_columns,
    "attempts": attempt_columns,
    "feedback": feedback_columns,
    "quality_counts": quality_columns,
    "routing_events": event_columns,
    "judge_queue": judge_queue_columns,
    "responses": response_columns,
    "rollups": rollup_columns,
    "rollups_daily": partial(rollup_columns, "day"),
    "rollups_tasks": partial(rollup_columns, "hour", TASK_DIMENSIONS),
    "rollups_tasks_daily": partial(rollup_columns, "day", TASK_DIMENSIONS),
    "rollup_baselines": rollup_baseline_columns,
    "rollup_baselines_daily": partial(rollup_baseline_columns, "day"),
}
