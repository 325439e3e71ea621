"""Settings of durable and shared state (``storage``): the database for keys and the
ledger, and the Redis server that several gateway processes share budgets and rate
limits through."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***``, for messages, logs and ``config show``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class StorageSpec(BaseModel):
    """Where durable state lives: SQLite by default, PostgreSQL when a URL says so; with
    ``redis_url``, budgets and per-key rate limits are shared through Redis."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite in the data directory"
    )
    redis_url: str | None = Field(
        default=None,
        description="redis:// URL shared by every gateway process; default: state per process",
    )
    redis_prefix: str = Field(
        default="modelrouter", min_length=1, description="prefix of every Redis key"
    )
    redis_hold_seconds: float = Field(
        default=900.0,
        gt=0,
        description="a budget reservation not settled within this long (its process died) "
        "is released",
    )
    redis_timeout_s: float = Field(
        default=2.0, gt=0, description="connect and answer timeout of each Redis call"
    )
    redis_health_refresh_s: float = Field(
        default=0.25,
        gt=0,
        le=1.0,
        description="how often each process reads the circuit and 429 cool-down deadlines "
        "other processes shared",
    )
