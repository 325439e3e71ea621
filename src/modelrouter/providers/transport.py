"""A lean HTTP/1.1 transport for the upstream clients: keep-alive pools on asyncio streams.

``httpx2``'s default transport (httpcore on anyio) costs about 1.3 ms of CPU per call on
the benchmark machine, more than the rest of the gateway; this one costs about a tenth
of that (see docs/benchmarks.md). It plugs in under ``httpx2.AsyncClient`` as any
transport does, so the client API, decoding, and the tests' injected transports are
unchanged. It speaks HTTP/1.1 only (what the default client speaks too), over TCP or
TLS; it raises ``httpx2`` transport exceptions, which ``providers/http.py`` translates.

It never follows proxies: ``make_client`` uses it only when no proxy variable is set.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx2

KEEPALIVE_SECONDS = 5.0
_READ = 65536
_NO_BODY = frozenset((204, 304))
Origin = tuple[bytes, bytes, int]


class _Connection:
    """One open connection and when it last went idle."""

    __slots__ = ("idle_since", "loop", "reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.loop = asyncio.get_running_loop()
        self.idle_since = time.monotonic()

    def usable(self) -> bool:
        """Still open, on this loop, and not idle for too long."""
        return (
            self.loop is asyncio.get_running_loop()
            and not self.reader.at_eof()
            and not self.writer.is_closing()
            and time.monotonic() - self.idle_since < KEEPALIVE_SECONDS
        )

    def close(self) -> None:
        """Close without waiting."""
        if not self.loop.is_closed():
            self.writer.close()


class _Slots:
    """At most ``limit`` connections in use; waiters are woken in order."""

    def __init__(self, limit: int) -> None:
        self.free = limit
        self.waiters: list[asyncio.Future[None]] = []

    async def acquire(self, timeout: float | None) -> None:
        """Take a slot, waiting at most ``timeout`` seconds (PoolTimeout after that)."""
        if self.free > 0 and not self.waiters:
            self.free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter
        except TimeoutError:
            raise httpx2.PoolTimeout("no connection became free in time") from None
        finally:
            if waiter in self.waiters:
                self.waiters.remove(waiter)
        if waiter.cancelled():  # pragma: no cover - cancelled while being handed the slot
            self.release()

    def release(self) -> None:
        """Give a slot back, to the first waiter if any."""
        while self.waiters:
            waiter = self.waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                return
        self.free += 1


class Http1Transport(httpx2.AsyncBaseTransport):
    """Pooled HTTP/1.1 connections, keyed by scheme, host and port."""

    def __init__(self, max_connections: int = 100, ssl_context: ssl.SSLContext | None = None):
        self._slots = _Slots(max_connections)
        self._idle: dict[Origin, list[_Connection]] = {}
        self._ssl = ssl_context

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request`` and return the response with its body still streaming."""
        timeouts: dict[str, float | None] = request.extensions.get("timeout", {})
        url = request.url
        origin: Origin = (url.raw_scheme, url.raw_host, url.port or _default_port(url))
        payload = _serialise(request, await request.aread())
        await self._slots.acquire(timeouts.get("pool"))
        connection = None
        try:
            connection = self._idle_connection(origin) or await self._connect(
                origin, timeouts.get("connect")
            )
            await _write(connection, payload, timeouts.get("write"))
            status, reason, version, headers = await _read_head(
                connection.reader, timeouts.get("read")
            )
        except BaseException:
            if connection is not None:
                connection.close()
            self._slots.release()
            raise
        body = _Body(self, origin, connection, request.method, status, version, headers, timeouts)
        extensions = {"http_version": version, "reason_phrase": reason}
        return httpx2.Response(status, headers=headers, stream=body, extensions=extensions)

    def _idle_connection(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if connection.usable():
                return connection
            connection.close()
        return None

    async def _connect(self, origin: Origin, timeout: float | None) -> _Connection:
        scheme, host, port = origin
        context = None
        if scheme == b"https":
            context = self._ssl or _default_context()
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host.decode("ascii"), port, ssl=context, limit=_READ
                )
        except TimeoutError:
            raise httpx2.ConnectTimeout(f"connecting to {host.decode()}:{port}") from None
        except (OSError, ssl.SSLError) as exc:
            raise httpx2.ConnectError(f"{type(exc).__name__}: {exc}") from exc
        return _Connection(reader, writer)

    def done(self, origin: Origin, connection: _Connection, reusable: bool) -> None:
        """A response is over: pool its connection (or close it) and free the slot."""
        if reusable and connection.usable():
            connection.idle_since = time.monotonic()
            self._idle.setdefault(origin, []).append(connection)
        else:
            connection.close()
        self._slots.release()

    async def aclose(self) -> None:
        """Close every idle connection."""
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()


def _default_port(url: httpx2.URL) -> int:
    return 443 if url.raw_scheme == b"https" else 80


_CONTEXT: list[ssl.SSLContext] = []


def _default_context() -> ssl.SSLContext:
    """httpx2's verifying context (built once: loading the CA bundle takes milliseconds)."""
    if not _CONTEXT:
        context = httpx2.create_ssl_context()
        context.set_alpn_protocols(["http/1.1"])
        _CONTEXT.append(context)
    return _CONTEXT[0]


def _serialise(request: httpx2.Request, body: bytes) -> bytes:
    target = request.url.raw_path
    lines = [request.method.encode("ascii") + b" " + target + b" HTTP/1.1"]
    framed = False
    for name, value in request.headers.raw:
        lowered = name.lower()
        if lowered == b"transfer-encoding":
            continue  # the body is read in full and sent with its length
        framed = framed or lowered == b"content-length"
        lines.append(name + b": " + value)
    if not framed and (body or request.method not in ("GET", "HEAD", "DELETE", "OPTIONS")):
        lines.append(b"Content-Length: " + str(len(body)).encode("ascii"))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


async def _write(connection: _Connection, payload: bytes, timeout: float | None) -> None:
    try:
        connection.writer.write(payload)
        async with asyncio.timeout(timeout):
            await connection.writer.drain()
    except TimeoutError:
        raise httpx2.WriteTimeout("sending the request") from None
    except OSError as exc:
        raise httpx2.WriteError(f"{type(exc).__name__}: {exc}") from exc


async def _read_head(
    reader: asyncio.StreamReader, timeout: float | None
) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
    """Status, reason, version and headers of the next final (non-1xx) response."""
    while True:
        head = await _guarded(reader.readuntil(b"\r\n\r\n"), timeout)
        lines = head[:-4].split(b"\r\n")
        version, _, rest = lines[0].partition(b" ")
        code, _, reason = rest.partition(b" ")
        if not version.startswith(b"HTTP/1.") or not code.isdigit():
            raise httpx2.RemoteProtocolError(f"not an HTTP/1.x status line: {lines[0][:80]!r}")
        headers = []
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon:
                raise httpx2.RemoteProtocolError("a header line without a colon")
            headers.append((name.strip(), value.strip()))
        status = int(code)
        if not 100 <= status < 200:
            return status, reason, version, headers


async def _guarded(read: Any, timeout: float | None) -> bytes:
    """Await one read, translating its failures into httpx2's exceptions."""
    try:
        async with asyncio.timeout(timeout):
            data: bytes = await read
    except TimeoutError:
        raise httpx2.ReadTimeout("waiting for the upstream") from None
    except asyncio.IncompleteReadError as exc:
        raise httpx2.RemoteProtocolError("the upstream closed the connection early") from exc
    except asyncio.LimitOverrunError as exc:
        raise httpx2.RemoteProtocolError("a line longer than the read limit") from exc
    except (OSError, ssl.SSLError) as exc:
        raise httpx2.ReadError(f"{type(exc).__name__}: {exc}") from exc
    return data


class _Body(httpx2.AsyncByteStream):
    """The response body as it arrives; hands the connection back when read to the end."""

    def __init__(
        self,
        transport: Http1Transport,
        origin: Origin,
        connection: _Connection,
        method: str,
        status: int,
        version: bytes,
        headers: list[tuple[bytes, bytes]],
        timeouts: dict[str, float | None],
    ) -> None:
        self.transport, self.origin, self.connection = transport, origin, connection
        self.timeout = timeouts.get("read")
        self.length: int | None = None
        self.chunked = False
        closing = version == b"HTTP/1.0"
        for name, value in headers:
            lowered = name.lower()
            if lowered == b"content-length" and value.isdigit():
                self.length = int(value)
            elif lowered == b"transfer-encoding":
                self.chunked = b"chunked" in value.lower()
            elif lowered == b"connection":
                closing = b"close" in value.lower() or (closing and b"keep-alive" not in value)
        if method == "HEAD" or status in _NO_BODY:
            self.length, self.chunked = 0, False
        self.reusable = not closing and (self.chunked or self.length is not None)
        self.finished = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            parts = self._chunked() if self.chunked else self._sized()
            async for part in parts:
                yield part
        except BaseException:
            self._finish(reusable=False)
            raise
        self._finish(reusable=self.reusable)

    async def _sized(self) -> AsyncIterator[bytes]:
        reader = self.connection.reader
        while self.length is None or self.length > 0:
            want = _READ if self.length is None else min(self.length, _READ)
            data = await _guarded(reader.read(want), self.timeout)
            if not data:
                if self.length is None:
                    return  # the body ends with the connection
                raise httpx2.RemoteProtocolError("the upstream closed the connection early")
            if self.length is not None:
                self.length -= len(data)
                if self.length == 0:
                    self._finish(reusable=self.reusable)  # pooled before the last read
            yield data

    async def _chunked(self) -> AsyncIterator[bytes]:
        reader = self.connection.reader
        while True:
            line = await _guarded(reader.readuntil(b"\r\n"), self.timeout)
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise httpx2.RemoteProtocolError("a malformed chunk size") from None
            if size == 0:
                while await _guarded(reader.readuntil(b"\r\n"), self.timeout) != b"\r\n":
                    pass  # trailers, ignored
                return
            data = await _guarded(reader.readexactly(size + 2), self.timeout)
            yield data[:-2]

    def _finish(self, *, reusable: bool) -> None:
        if not self.finished:
            self.finished = True
            self.transport.done(self.origin, self.connection, reusable)

    async def aclose(self) -> None:
        """Closed before the end: the connection is reused if the rest of the body has
        already arrived (an SSE stream read up to ``[DONE]``), else closed."""
        if self.finished:
            return
        if self.reusable:
            try:
                async with asyncio.timeout(0):  # only what is already buffered
                    async for _ in self._chunked() if self.chunked else self._sized():
                        pass
            except (TimeoutError, httpx2.TransportError):
                pass
            else:
                self._finish(reusable=True)
                return
        self._finish(reusable=False)
