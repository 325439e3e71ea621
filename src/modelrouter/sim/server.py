"""Run the simulator over real HTTP with uvicorn: ``serve`` for the CLI, ``running_sim``
for tests and the demo (a free loopback port, a background thread, a clean stop).

The server uses uvicorn's h11 protocol with one addition: each connection puts a
``drop(hard)`` hook in the ASGI scope's state (``DROP_KEY``), so a ``reset`` fault closes
the socket with an RST and a ``cut`` body ends with the connection closed, as a failing
upstream would. This module must never hold settings of its own.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import uvicorn
from starlette.applications import Starlette
from uvicorn.protocols.http.h11_impl import H11Protocol

from modelrouter.config.schema import Settings
from modelrouter.server import loopback
from modelrouter.sim.app import build_app
from modelrouter.sim.model import DROP_KEY

_GRACEFUL_SHUTDOWN = 2


class SimHTTPProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a hook that lets the app drop its connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Accept the connection and give its requests the ``DROP_KEY`` hook."""
        super().connection_made(transport)
        self.app_state = {**self.app_state, DROP_KEY: partial(_drop, transport)}


def _drop(transport: asyncio.Transport, hard: bool) -> None:
    """Close the connection: with an RST when ``hard``, else after flushing what was sent."""
    if not hard:
        transport.close()
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _config(app: Starlette, host: str, port: int, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=SimHTTPProtocol,
        lifespan="off",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN,
    )


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8900) -> None:
    """Serve the simulator for ``settings`` on ``host:port`` until interrupted."""
    uvicorn.Server(_config(build_app(settings), host, port, "info")).run()


@contextmanager
def running_sim(settings: Settings) -> Iterator[str]:
    """Serve a fresh simulator for ``settings`` on a free loopback port; yields its base URL."""
    with serving(build_app(settings)) as base_url:
        yield base_url


@contextmanager
def serving(app: Starlette, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``app`` (from ``build_app``) on a free port of ``host`` in a background
    thread; yields ``http://host:port`` and stops the server on exit."""
    with loopback.serving(
        app, host, http=SimHTTPProtocol, lifespan="off", graceful_shutdown=_GRACEFUL_SHUTDOWN
    ) as url:
        yield url
