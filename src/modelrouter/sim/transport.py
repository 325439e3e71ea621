"""Run the simulator in process: an httpx2 transport that calls the ASGI app directly.

``httpx2.ASGITransport`` collects the whole body before returning the response, which
hides streaming (and makes a hang or a slow stream look like one long wait). This
transport runs the app in a task and hands body chunks to the client through a queue as
they are sent, and fails the way a network would, so a client sees the same thing in
process as over loopback:

- the app drops the connection (``DROP_KEY`` in the scope's state) → ``ReadError``
  (reset) or ``RemoteProtocolError`` (closed mid-body);
- nothing arrives within the request's read timeout → ``ReadTimeout``;
- the caller is cancelled (or closes the response early) → the app task is cancelled.

It must never be used for anything but an ASGI app on the same event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx2
from starlette.types import ASGIApp, Message

from modelrouter.sim.model import DROP_KEY

_log = logging.getLogger(__name__)
_RESET = "[Errno 104] Connection reset by peer"
_NO_RESPONSE = "Server disconnected without sending a response."
_INCOMPLETE = "peer closed connection without sending complete message body"


def sim_transport(app: ASGIApp) -> httpx2.AsyncBaseTransport:
    """A transport that serves requests from ``app`` in process, streaming included."""
    return SimTransport(app)


class SimTransport(httpx2.AsyncBaseTransport):
    """Streams responses from an ASGI app running in a task of the caller's loop."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Start the app on ``request`` and return as soon as its status line is sent."""
        exchange = _Exchange(await request.aread(), request)
        task = asyncio.create_task(self._run(_scope(request, exchange), exchange))
        task.add_done_callback(exchange.finished)
        try:
            start = await exchange.next()
            if start["type"] != "http.response.start":
                raise exchange.failure(start, started=False)
        except BaseException:
            await _stop(task)
            raise
        return httpx2.Response(
            start["status"], headers=start.get("headers", []), stream=_Body(exchange, task)
        )

    async def _run(self, scope: dict[str, Any], exchange: _Exchange) -> None:
        await self.app(scope, exchange.receive, exchange.send)


class _Exchange:
    """One request/response between the client and the app task."""

    def __init__(self, body: bytes, request: httpx2.Request) -> None:
        self.request = request
        self._body: bytes | None = body
        self._events: asyncio.Queue[MutableMapping[str, Any]] = asyncio.Queue()
        self.closed = asyncio.Event()
        timeout: dict[str, float | None] = request.extensions.get("timeout") or {}
        self.read_timeout = timeout.get("read")

    async def receive(self) -> Message:
        if self._body is not None:
            body, self._body = self._body, None
            return {"type": "http.request", "body": body, "more_body": False}
        await self.closed.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if not self.closed.is_set():
            self._events.put_nowait(message)

    def drop(self, hard: bool) -> None:
        """The app's hook to drop the connection (``hard``: reset, else close)."""
        self._events.put_nowait({"type": "sim.drop", "hard": hard})
        self.closed.set()

    def finished(self, task: asyncio.Task[None]) -> None:
        self._events.put_nowait({"type": "sim.end"})
        if not task.cancelled() and task.exception() is not None:
            _log.error("simulator app failed", exc_info=task.exception())

    async def next(self) -> MutableMapping[str, Any]:
        """The app's next message, within the request's read timeout."""
        try:
            async with asyncio.timeout(self.read_timeout):
                return await self._events.get()
        except TimeoutError:
            raise httpx2.ReadTimeout("timed out reading", request=self.request) from None

    def failure(self, message: MutableMapping[str, Any], *, started: bool) -> httpx2.TransportError:
        """The error a client sees when the connection ends with ``message``."""
        if message["type"] == "sim.drop" and message["hard"]:
            return httpx2.ReadError(_RESET, request=self.request)
        text = _INCOMPLETE if started else _NO_RESPONSE
        return httpx2.RemoteProtocolError(text, request=self.request)


class _Body(httpx2.AsyncByteStream):
    """The response body, chunk by chunk as the app sends it."""

    def __init__(self, exchange: _Exchange, task: asyncio.Task[None]) -> None:
        self.exchange = exchange
        self.task = task

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            message = await self.exchange.next()
            if message["type"] != "http.response.body":
                raise self.exchange.failure(message, started=True)
            if message.get("body"):
                yield bytes(message["body"])
            if not message.get("more_body", False):
                return

    async def aclose(self) -> None:
        """The client is done with the response: disconnect and stop the app task."""
        self.exchange.closed.set()
        await _stop(self.task)


def _scope(request: httpx2.Request, exchange: _Exchange) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "headers": [(k.lower(), v) for k, v in request.headers.raw],
        "scheme": request.url.scheme,
        "path": request.url.path,
        "raw_path": request.url.raw_path.split(b"?")[0],
        "query_string": request.url.query,
        "server": (request.url.host, request.url.port),
        "client": ("127.0.0.1", 0),
        "root_path": "",
        "state": {DROP_KEY: exchange.drop},
    }


async def _stop(task: asyncio.Task[None]) -> None:
    """Cancel the app task and wait until it has unwound (its errors are logged, not raised)."""
    if not task.done():
        task.cancel()
        await asyncio.wait({task})
