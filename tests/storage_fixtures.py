"""Storage fixtures: the same test on every database backend the store supports.

``store_url`` is parametrized over ``sqlite`` (a file in the test's temporary directory)
and ``postgres`` (the server named by ``MODELROUTER_TEST_POSTGRES``, a
``postgresql+psycopg://`` URL; the case skips when it is unset). Each PostgreSQL test gets
a fresh schema of its own, selected through the connection's ``search_path`` in the URL,
so tests are independent and can run against one shared database; the schema is dropped
afterwards. ``store_engine`` is ``connect(store_url)``: migrated, disposed after the test.

Use from a test module with ``pytest_plugins = ["tests.storage_fixtures"]``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from modelrouter.store.db import connect

POSTGRES_ENV = "MODELROUTER_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgres")


def postgres_base_url() -> str | None:
    """The PostgreSQL server for tests, or None (its tests then skip)."""
    return os.environ.get(POSTGRES_ENV) or None


@pytest.fixture(params=BACKENDS)
def store_backend(request: pytest.FixtureRequest) -> str:
    """The backend name: ``sqlite`` or ``postgres``."""
    backend: str = request.param
    if backend == "postgres" and postgres_base_url() is None:
        pytest.skip(f"{POSTGRES_ENV} is not set (a postgresql+psycopg:// URL)")
    return backend


@pytest.fixture
def store_url(store_backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database of its own on ``store_backend``."""
    if store_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = postgres_base_url()
    assert base is not None
    schema = f"mr_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store_engine(store_url: str) -> Iterator[Engine]:
    """``connect(store_url)``: an engine on a freshly migrated database."""
    engine = connect(store_url)
    try:
        yield engine
    finally:
        engine.dispose()
