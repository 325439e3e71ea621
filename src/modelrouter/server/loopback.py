"""Serve an ASGI app on a free loopback port in a background thread (tests, the demo).

The server runs the app's lifespan (the gateway's ledger starts and is flushed there)
and stops cleanly when the context exits.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import uvicorn

from modelrouter.server.connections import GuardedHttpTools, guard_of

START_TIMEOUT = 10.0


@contextmanager
def serving(
    app: Any,
    host: str = "127.0.0.1",
    *,
    http: Any = "auto",
    lifespan: Literal["on", "off"] = "on",
    graceful_shutdown: float = 5.0,
) -> Iterator[str]:
    """Serve ``app`` on a free port of ``host``; yields ``http://host:port``. A gateway
    app is served with its connection limits (``connections.GuardedHttpTools``)."""
    if http == "auto" and guard_of(app) is not None:
        http = GuardedHttpTools
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=http,
        lifespan=lifespan,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=int(graceful_shutdown),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server for {app!r} did not start")
            time.sleep(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT + graceful_shutdown)
        sock.close()
