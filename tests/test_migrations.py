"""Migrations: a database made by an older version is brought up to date in place."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData, Table, create_engine, inspect

from modelrouter.store import tables
from modelrouter.store.db import MIGRATIONS, connect, data_dir, default_url


def test_an_older_ledger_gains_the_policy_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    meta = MetaData()
    Table("requests", meta, *[c for c in tables.request_columns() if c.name != "policy"])
    Table("attempts", meta, *tables.attempt_columns())
    Table("api_keys", meta, *tables.key_columns())
    with old.begin() as conn:
        meta.create_all(conn)
        tables.schema_version.create(conn)
        conn.execute(
            tables.schema_version.insert(), [{"name": "0001_api_keys"}, {"name": "0002_ledger"}]
        )
    old.dispose()
    engine = connect(url)
    columns = {c["name"] for c in inspect(engine).get_columns("requests")}
    assert "policy" in columns
    with engine.connect() as conn:
        applied = set(
            conn.scalars(
                tables.schema_version.select().with_only_columns(tables.schema_version.c.name)
            )
        )
    assert applied == {name for name, _ in MIGRATIONS}
    # a fresh database gets the column from the creating migration; 0003 then does nothing
    fresh = connect(f"sqlite:///{tmp_path / 'new.db'}")
    assert "policy" in {c["name"] for c in inspect(fresh).get_columns("requests")}


def test_an_older_ledger_gains_the_usage_estimated_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    meta = MetaData()
    Table("requests", meta, *tables.request_columns())
    Table("attempts", meta, *[c for c in tables.attempt_columns() if c.name != "usage_estimated"])
    Table("api_keys", meta, *tables.key_columns())
    with old.begin() as conn:
        meta.create_all(conn)
        tables.schema_version.create(conn)
        done = [{"name": name} for name, _ in MIGRATIONS[:3]]
        conn.execute(tables.schema_version.insert(), done)
    old.dispose()
    engine = connect(url)
    assert "usage_estimated" in {c["name"] for c in inspect(engine).get_columns("attempts")}


def test_the_default_database_never_lands_in_the_working_directory(tmp_path: Path) -> None:
    """Without HOME (a service manager, a test's bare environment) the default ledger and
    journal go under the user's home from the password database, not ./.local."""
    assert default_url({}).startswith(f"sqlite:///{Path.home()}/.local/share/modelrouter/")
    assert default_url({"HOME": str(tmp_path)}) == (
        f"sqlite:///{tmp_path}/.local/share/modelrouter/modelrouter.db"
    )
    assert data_dir({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "modelrouter"
