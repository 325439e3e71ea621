"""The lean HTTP/1.1 transport against a scripted server on loopback: framing (length,
chunked, until close), keep-alive reuse, 1xx, errors and timeouts as httpx2 exceptions."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Callable

import httpx2
import pytest
import trustme

from modelrouter.errors import ConnectionFailed, UpstreamTimeout
from modelrouter.providers.http import transport_errors
from modelrouter.providers.transport import Http1Transport

Script = Callable[[bytes], list[bytes] | None]


class Server:
    """Answers each request head with the script's byte pieces (None: hang up)."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.connections = 0
        self.requests: list[bytes] = []
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                request = head + await reader.readexactly(length)
                self.requests.append(request)
                pieces = self.script(request)
                if pieces is None:
                    break
                for piece in pieces:
                    writer.write(piece)
                    await writer.drain()
                    await asyncio.sleep(0)
                if b"connection: close" in b"".join(pieces).lower():
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def serving(script: Script) -> tuple[Server, asyncio.Server]:
    server = Server(script)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    server.port = listener.sockets[0].getsockname()[1]
    return server, listener


@pytest.fixture
async def run() -> AsyncIterator[Callable[[Script], object]]:
    listeners: list[asyncio.Server] = []

    async def start(script: Script) -> Server:
        server, listener = await serving(script)
        listeners.append(listener)
        return server

    yield start
    for listener in listeners:
        listener.close()


def sized(body: bytes, extra: bytes = b"") -> list[bytes]:
    return [b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n%s\r\n" % (len(body), extra), body]


async def test_keeps_connections_alive_and_sends_the_body(run) -> None:
    server = await run(lambda request: sized(b'{"ok":true}'))
    async with httpx2.AsyncClient(transport=Http1Transport()) as client:
        for _ in range(3):
            response = await client.post(f"http://127.0.0.1:{server.port}/v1/x", content=b"{}")
            assert response.json() == {"ok": True}
    assert server.connections == 1
    assert server.requests[0].startswith(b"POST /v1/x HTTP/1.1\r\n")
    assert server.requests[0].endswith(b"\r\n\r\n{}")


async def test_reads_chunked_bodies_in_pieces(run) -> None:
    pieces = [
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n",
        b"5\r\nhello\r\n",
        b"6;ext=1\r\n world\r\n",
        b"0\r\nx-trailer: 1\r\n\r\n",
    ]
    server = await run(lambda request: pieces)
    async with httpx2.AsyncClient(transport=Http1Transport()) as client:
        for _ in range(2):
            async with client.stream("GET", f"http://127.0.0.1:{server.port}/") as response:
                parts = [part async for part in response.aiter_raw()]
            assert b"".join(parts) == b"hello world"
    assert server.connections == 1


async def test_a_body_without_length_ends_with_the_connection(run) -> None:
    server = await run(lambda request: [b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n", b"abc"])
    async with httpx2.AsyncClient(transport=Http1Transport()) as client:
        for _ in range(2):
            response = await client.get(f"http://127.0.0.1:{server.port}/")
            assert response.content == b"abc"
    assert server.connections == 2


async def test_skips_informational_answers_and_keeps_status_and_headers(run) -> None:
    pieces = [
        b"HTTP/1.1 100 Continue\r\n\r\n",
        b"HTTP/1.1 429 Too Many\r\ncontent-length: 2\r\nRetry-After: 3\r\n\r\n",
        b"no",
    ]
    server = await run(lambda request: pieces)
    async with httpx2.AsyncClient(transport=Http1Transport()) as client:
        response = await client.get(f"http://127.0.0.1:{server.port}/")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert response.text == "no"


async def test_early_close_is_a_transport_error(run) -> None:
    cut = [b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\nconnection: close\r\n\r\nabc"]
    server = await run(lambda request: cut)
    hang_up = await run(lambda request: None)
    async with httpx2.AsyncClient(transport=Http1Transport()) as client:
        for port in (server.port, hang_up.port):
            with pytest.raises(ConnectionFailed), transport_errors("p", "m"):
                await client.get(f"http://127.0.0.1:{port}/")


async def test_refused_connection_and_read_timeout(run) -> None:
    listener = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    listener.close()
    await listener.wait_closed()
    async with httpx2.AsyncClient(transport=Http1Transport()) as client:
        with pytest.raises(ConnectionFailed), transport_errors("p", "m"):
            await client.get(f"http://127.0.0.1:{port}/")
    server = await run(lambda request: [b"HTTP/1.1 200 OK\r\n"])  # the head never ends
    async with httpx2.AsyncClient(transport=Http1Transport(), timeout=0.2) as client:
        with pytest.raises(UpstreamTimeout), transport_errors("p", "m"):
            await client.get(f"http://127.0.0.1:{server.port}/")


async def test_closing_a_stream_early_discards_its_connection(run) -> None:
    body = b"x" * 200_000
    server = await run(lambda request: sized(body))
    async with httpx2.AsyncClient(transport=Http1Transport(max_connections=1)) as client:
        url = f"http://127.0.0.1:{server.port}/"
        async with client.stream("GET", url) as response:
            async for _ in response.aiter_raw():
                break
        response = await client.get(url)  # the single slot was given back
        assert len(response.content) == len(body)
    assert server.connections == 2


async def test_the_pool_limit_queues_requests(run) -> None:
    server = await run(lambda request: sized(b"ok"))
    async with httpx2.AsyncClient(transport=Http1Transport(max_connections=2)) as client:
        url = f"http://127.0.0.1:{server.port}/"
        answers = await asyncio.gather(*(client.get(url) for _ in range(10)))
    assert [a.text for a in answers] == ["ok"] * 10
    assert server.connections <= 2


async def test_a_stream_closed_after_its_last_bytes_keeps_the_connection(run) -> None:
    events = b"data: 1\n\ndata: [DONE]\n\n"
    chunked = [
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n",
        b"%x\r\n%s\r\n0\r\n\r\n" % (len(events), events),
    ]
    for script in (lambda request: sized(events), lambda request: chunked):
        server = await run(script)
        async with httpx2.AsyncClient(transport=Http1Transport()) as client:
            for _ in range(3):
                async with client.stream("GET", f"http://127.0.0.1:{server.port}/") as response:
                    async for line in response.aiter_lines():
                        if line == "data: [DONE]":
                            break
        assert server.connections == 1


def test_a_proxy_in_the_environment_keeps_httpx2s_proxy_handling(monkeypatch) -> None:
    from modelrouter.providers.http import ClientTransport, default_transport

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(default_transport(10), Http1Transport)
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    assert isinstance(default_transport(10), ClientTransport)


async def _tls_listener(ca: trustme.CA, server: Server) -> asyncio.Server:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=context)
    server.port = listener.sockets[0].getsockname()[1]
    return listener


async def test_speaks_https_and_checks_the_certificate() -> None:
    ca = trustme.CA()
    server = Server(lambda request: sized(b'{"tls":true}'))
    listener = await _tls_listener(ca, server)
    trusted = ssl.create_default_context()
    ca.configure_trust(trusted)
    try:
        async with httpx2.AsyncClient(transport=Http1Transport(ssl_context=trusted)) as client:
            for _ in range(2):
                response = await client.post(f"https://localhost:{server.port}/v1/x", content=b"{}")
                assert response.json() == {"tls": True}
        assert server.connections == 1  # kept alive over TLS
        # a certificate nobody vouched for (the default trust store) is refused
        refused = pytest.raises(ConnectionFailed, match="CERTIFICATE_VERIFY_FAILED")
        with refused, transport_errors("p", "m"):
            async with httpx2.AsyncClient(transport=Http1Transport()) as client:
                await client.post(f"https://localhost:{server.port}/v1/x", content=b"{}")
    finally:
        listener.close()
