"""A real Redis on loopback for the shared-state tests.

``redis_url`` is the server named by ``MODELROUTER_TEST_REDIS`` (a ``redis://`` URL) or,
when that is unset, a ``redis-server`` started for the session on a free loopback port
in a temporary directory (no persistence); without either, the tests skip. ``shared``
is the ``storage`` settings for one test: that URL and a key prefix of its own, so tests
never see each other's counters. ``private_redis`` is a server of one test's own, which
it may stop to see how the gateway behaves when Redis goes away.

Use from a test module with ``pytest_plugins = ["tests.redis_fixtures"]``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis

REDIS_ENV = "MODELROUTER_TEST_REDIS"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    client = redis.Redis.from_url(url)
    try:
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {log.read_text()}") from None
                time.sleep(0.02)
    finally:
        client.close()


@contextmanager
def _server(home: Path, missing: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A ``redis-server`` of our own on a free loopback port (skips, saying ``missing``,
    without the binary)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(missing)
    port = _free_port()
    log = home / "redis.log"
    args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(home)]
    args += ["--save", "", "--appendonly", "no", "--logfile", str(log)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for(url, server, log)
        yield url, server
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server for the tests (see the module docstring)."""
    given = os.environ.get(REDIS_ENV)
    if given:
        yield given
        return
    missing = f"no redis-server on PATH and {REDIS_ENV} is not set (a redis:// URL)"
    with _server(tmp_path_factory.mktemp("redis"), missing) as (url, _):
        yield url


@pytest.fixture
def private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    """A Redis server for one test alone, which the test may stop (Redis going away); it
    needs the ``redis-server`` binary even when ``MODELROUTER_TEST_REDIS`` is set."""
    missing = "no redis-server on PATH (this test stops a server of its own)"
    with _server(tmp_path_factory.mktemp("redis-private"), missing) as (url, server):
        yield PrivateRedis(url, server)


@dataclass
class PrivateRedis:
    """A test's own Redis: its URL, and ``stop`` to take it away mid-test."""

    url: str
    server: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop the server (its port then refuses connections)."""
        self.server.terminate()
        self.server.wait(10)


@pytest.fixture
def shared(redis_url: str) -> dict[str, Any]:
    """``storage`` settings sharing that Redis, under a key prefix of this test's own."""
    return {"redis_url": redis_url, "redis_prefix": f"mrtest-{uuid.uuid4().hex[:12]}"}


@pytest.fixture
def unreachable_redis_url() -> str:
    """A redis:// URL on a loopback port where nothing listens."""
    return f"redis://127.0.0.1:{_free_port()}/0"
