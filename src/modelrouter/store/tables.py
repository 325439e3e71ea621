"""Table definitions (SQLAlchemy Core). Changes to them go through a new migration."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("name", String(100), primary_key=True),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("allowed_providers", JSON),
    Column("allowed_models", JSON),
    Column("budget", String(16)),
    Column("rpm_limit", Integer),
)
