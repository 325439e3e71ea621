"""The database: engine creation, SQLite pragmas, versioned migrations.

SQLite (WAL, a busy timeout so concurrent writers wait rather than fail) is the embedded
default; a ``postgresql+psycopg://`` URL runs the same code on PostgreSQL. Migrations are
a list of small named functions applied in order and recorded in ``schema_version``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, event, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from modelrouter.config.storage import redact
from modelrouter.errors import ConfigError
from modelrouter.store import tables

Migration = Callable[[Connection], None]


def _create(*names: str) -> Migration:
    """A migration that creates tables from their current column lists (see tables.py)."""

    def step(conn: Connection) -> None:
        meta = MetaData()
        for name in names:
            Table(name, meta, *tables.COLUMNS[name]())
        meta.create_all(conn)

    return step


def _add_column(table: str, name: str) -> Migration:
    """A migration adding one column of ``tables.py`` where it is missing (idempotent)."""

    def step(conn: Connection) -> None:
        if name in {c["name"] for c in inspect(conn).get_columns(table)}:
            return
        column = next(c for c in tables.COLUMNS[table]() if c.name == name)
        kind = column.type.compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

    return step


def _steps(*steps: Migration) -> Migration:
    """One migration made of several (each idempotent)."""

    def step(conn: Connection) -> None:
        for each in steps:
            each(conn)

    return step


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_api_keys", _create("api_keys")),
    ("0002_ledger", _create("requests", "attempts")),
    ("0003_request_policy", _add_column("requests", "policy")),
    ("0004_attempt_usage_estimated", _add_column("attempts", "usage_estimated")),
    ("0005_quality_loop", _create("feedback", "quality_counts", "routing_events")),
    ("0006_judge_queue", _create("judge_queue")),
    ("0007_responses", _create("responses")),
    (
        "0009_fallback_reason",
        _steps(
            _add_column("requests", "first_choice"),
            _add_column("requests", "fallback_reason"),
            _add_column("requests", "backoff_ms"),
            _add_column("attempts", "backoff_ms"),
        ),
    ),
    # empty on an existing ledger until ``modelrouter rollups backfill`` fills it
    (
        "0010_rollups",
        _create(
            "rollups",
            "rollups_daily",
            "rollups_tasks",
            "rollups_tasks_daily",
            "rollup_baselines",
            "rollup_baselines_daily",
        ),
    ),
    (
        "0011_deployments",
        _steps(_add_column("requests", "deployment"), _add_column("attempts", "deployment")),
    ),
    ("0012_key_regions", _add_column("api_keys", "allowed_regions")),
]


def data_dir(env: Mapping[str, str]) -> Path:
    """modelrouter's directory under ``$XDG_DATA_HOME`` (``~/.local/share``; without
    ``HOME``, the user's home from the password database, never the working directory)."""
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    base = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "modelrouter"


def default_url(env: Mapping[str, str]) -> str:
    """``MODELROUTER_DB`` (a URL or a SQLite file path), else SQLite in the data directory."""
    given = env.get("MODELROUTER_DB")
    if given:
        return given if "://" in given else f"sqlite:///{Path(given).resolve()}"
    return f"sqlite:///{data_dir(env) / 'modelrouter.db'}"


def connect(url: str) -> Engine:
    """An engine for ``url``, schema migrated to the latest version."""
    try:
        engine = _engine(url)
        migrate(engine)
    except SQLAlchemyError as exc:
        raise ConfigError(
            f"storage.url: cannot open {redact(url)}: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}"
        ) from None
    return engine


def _json_text(value: Any) -> str:
    """JSON columns written by orjson (the ledger's verdicts: ~5x faster than json)."""
    return orjson.dumps(value).decode()


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, json_serializer=_json_text)
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        json_serializer=_json_text,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def migrate(engine: Engine) -> list[str]:
    """Apply the migrations not yet applied; returns their names."""
    applied: list[str] = []
    with engine.begin() as conn:
        if not inspect(conn).has_table(tables.schema_version.name):
            tables.schema_version.create(conn)
        done = set(conn.scalars(select(tables.schema_version.c.name)))
        for name, step in MIGRATIONS:
            if name not in done:
                step(conn)
                conn.execute(tables.schema_version.insert().values(name=name))
                applied.append(name)
    return applied


def describe(url: str) -> str:
    """Where the database is, for people: a file path or a redacted URL."""
    if url.startswith("sqlite:///"):
        return str(Path(url.removeprefix("sqlite:///")).resolve())
    return redact(url)
