"""Hostile connections against the real gateway, over real sockets (issue 12, item 4).

Each limit of ``gateway.limits`` is attacked the way it was found open: a header that
never ends (64 MiB), a connection that never sends a request, slowloris headers and a
body trickled a byte at a time, more connections than the cap, more requests in flight
for one key than its cap. Each must be refused as HTTP says (431, 408, 503, 429), in the
API's error format where the request got far enough to have one, and counted in
``/metrics``; what the gateway does with each is in docs/reliability.md.

The timed limits are set short here (a second or so) and every wait has a wide margin:
the machine is shared.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest
from tests.gateway_fixtures import ADMIN_KEY, RunningGateway, running_gateway
from tests.serve_fixtures import start_serve
from tests.test_fuzz import error_format_problem

CHAT, MESSAGES = "/v1/chat/completions", "/v1/messages"
LIMITS = {"header_timeout_s": 1.0, "body_timeout_s": 1.0, "body_min_bytes_per_s": 50}
MARGIN = 6.0  # seconds past a limit before a test gives up waiting


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    tmp = tmp_path_factory.mktemp("hostile-connections")
    with running_gateway(tmp, gateway={"limits": LIMITS}) as running:
        yield running


def connect(url: str) -> socket.socket:
    """A raw TCP connection to the gateway at ``url``."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=MARGIN)
    return sock


def read_all(sock: socket.socket, wait: float = MARGIN) -> bytes:
    """Everything the server sends until it closes the connection (or ``wait`` passes)."""
    sock.settimeout(wait)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        pytest.fail(f"the connection was still open after {wait} s; got {received[:200]!r}")
    except ConnectionResetError:
        pass
    return received


def parse(raw: bytes) -> tuple[int, dict[str, str], Any]:
    """Status, headers and JSON body of one HTTP/1.1 response."""
    head, _, content = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, json.loads(content) if content else None


def refusals(url: str, headers: dict[str, str] | None = None) -> dict[str, float]:
    """``modelrouter_limit_refusals_total`` by limit, from ``/metrics``."""
    text = httpx2.get(f"{url}/metrics", headers=headers or {}, timeout=30).text
    counts = {}
    for line in text.splitlines():
        if line.startswith("modelrouter_limit_refusals_total{"):
            labels, value = line.rsplit(" ", 1)
            counts[labels.split('"')[1]] = float(value)
    return counts


def request_head(path: str, length: int, key: str | None = None) -> bytes:
    """A POST's request line and headers, announcing a body of ``length`` bytes."""
    auth = f"authorization: Bearer {key}\r\n" if key else ""
    return (
        f"POST {path} HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\n"
        f"{auth}content-length: {length}\r\n\r\n"
    ).encode()


def rss_kib(pid: int) -> int:
    """Resident memory of process ``pid``, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_64_mib_header_that_never_ends_is_cut_off_with_431(tmp_path: Path) -> None:
    """The attack that raised a gateway from 97 to 195 MiB: a real ``serve``, defaults."""
    process, url = start_serve(tmp_path)
    try:
        for _ in range(20):  # warm up: pools, caches, the allocator
            httpx2.get(f"{url}/healthz", timeout=10)
        before = rss_kib(process.pid)
        sock = connect(url)
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\nx-big: ")
        sent, chunk, deadline = 0, b"a" * 65536, time.monotonic() + 60
        sock.settimeout(0.05)
        answer = b""
        while sent < 64 * 2**20 and time.monotonic() < deadline:
            try:
                sent += sock.send(chunk)
                answer += sock.recv(65536, socket.MSG_DONTWAIT)
            except (BlockingIOError, TimeoutError):
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if answer:
                break
        answer += read_all(sock)
        sock.close()
        after = rss_kib(process.pid)
        status, headers, body = parse(answer)
        assert status == 431 and headers["connection"] == "close"
        assert error_format_problem(CHAT, 431, body) is None
        assert sent < 16 * 2**20, f"{sent} bytes went in before the gateway stopped reading"
        assert after - before < 16 * 1024, f"RSS grew from {before} to {after} KiB"
        # a large header that fits is served; a complete one over the cap is refused
        fits = httpx2.get(f"{url}/healthz", headers={"x-fits": "a" * 20_000}, timeout=10)
        assert fits.status_code == 200
        over = httpx2.get(f"{url}/healthz", headers={"x-over": "a" * 40_000}, timeout=10)
        assert over.status_code == 431
        assert refusals(url)["header_bytes"] == 2
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_a_connection_that_never_sends_a_request_is_closed(gw: RunningGateway) -> None:
    before = refusals(gw.url).get("idle", 0)
    started = time.monotonic()
    sock = connect(gw.url)
    assert read_all(sock, LIMITS["header_timeout_s"] + MARGIN) == b""
    sock.close()
    assert time.monotonic() - started >= LIMITS["header_timeout_s"] * 0.9
    assert refusals(gw.url)["idle"] == before + 1


def test_slowloris_headers_at_a_byte_a_tick_get_408(gw: RunningGateway) -> None:
    before = refusals(gw.url).get("header_timeout", 0)
    sock = connect(gw.url)
    line, _, headers = request_head(MESSAGES, 2).partition(b"\r\n")
    sock.sendall(line + b"\r\n")
    started = time.monotonic()
    answer = b""
    sock.settimeout(0.2)
    for byte in headers[:-4]:  # never the blank line that ends the headers
        try:
            sock.sendall(bytes([byte]))
            answer += sock.recv(65536)
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            break
        if answer or time.monotonic() - started > LIMITS["header_timeout_s"] + MARGIN:
            break
    answer += read_all(sock)
    sock.close()
    status, response_headers, body = parse(answer)
    assert status == 408 and response_headers["connection"] == "close"
    assert error_format_problem(MESSAGES, 408, body) is None, "the Anthropic format for its path"
    assert time.monotonic() - started < LIMITS["header_timeout_s"] + MARGIN
    assert refusals(gw.url)["header_timeout"] == before + 1


def _trickle(url: str, path: str, key: str | None, pause: float) -> tuple[bytes, int]:
    """Send the headers, then the body a byte every ``pause`` s; the answer and the count."""
    sock = connect(url)
    sock.sendall(request_head(path, 10_000, key))
    sock.settimeout(pause)
    answer, sent, started = b"", 0, time.monotonic()
    while not answer and time.monotonic() - started < LIMITS["body_timeout_s"] + MARGIN:
        try:
            sock.sendall(b" ")
            sent += 1
            answer += sock.recv(65536)
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            break
    answer += read_all(sock)
    sock.close()
    return answer, sent


def test_a_body_trickled_byte_by_byte_gets_408_and_is_recorded(gw: RunningGateway) -> None:
    before = refusals(gw.url).get("body_timeout", 0)
    # a byte every 0.1 s: never a gap of body_timeout_s, but far under body_min_bytes_per_s
    answer, sent = _trickle(gw.url, CHAT, None, 0.1)
    status, headers, body = parse(answer)
    assert status == 408 and headers["connection"] == "close"
    assert error_format_problem(CHAT, 408, body) is None
    assert sent < 200, f"{sent} bytes trickled in before the 408"
    # a body that stops half way: 408 after body_timeout_s, in the Anthropic format
    sock = connect(gw.url)
    sock.sendall(request_head(MESSAGES, 100) + b'{"model": "auto"')
    status, _, body = parse(read_all(sock))
    sock.close()
    assert status == 408 and error_format_problem(MESSAGES, 408, body) is None
    requests, _ = gw.ledger()
    assert [r["status"] for r in requests[-2:]] == [408, 408], "the ledger records both"
    assert refusals(gw.url)["body_timeout"] == before + 2
    # a body sent in quick parts is still served
    with httpx2.Client(base_url=gw.url, timeout=30) as http:
        parts = [
            b'{"model": "route:simple", ',
            b'"messages": [{"role": "user", ',
            b'"content": "hi"}]}',
        ]

        def slowly() -> Iterator[bytes]:
            for part in parts:
                time.sleep(0.2)
                yield part

        assert http.post(CHAT, content=slowly()).status_code == 200


def test_connections_beyond_the_cap_are_refused_with_503(tmp_path: Path) -> None:
    limits = {"max_connections": 3, "header_timeout_s": 30, "keep_alive_s": 30}
    with running_gateway(tmp_path, gateway={"limits": limits}) as gw:
        held = []
        for _ in range(3):  # each connection answered once, so the server has accepted it
            sock = connect(gw.url)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: gateway\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            held.append(sock)
        extra = connect(gw.url)
        status, headers, body = parse(read_all(extra))
        extra.close()
        assert status == 503 and headers["retry-after"] == "1"
        assert error_format_problem(CHAT, 503, body) is None
        # the connections within the cap keep working
        held[0].sendall(b"GET /healthz HTTP/1.1\r\nhost: gateway\r\n\r\n")
        assert held[0].recv(65536).startswith(b"HTTP/1.1 200")
        for sock in held:
            sock.close()
        deadline = time.monotonic() + MARGIN
        while True:  # once they are gone, there is room again
            try:
                assert httpx2.get(f"{gw.url}/healthz", timeout=5).status_code == 200
                break
            except (httpx2.TransportError, AssertionError):
                assert time.monotonic() < deadline, "no room after the connections closed"
                time.sleep(0.2)
        assert refusals(gw.url)["connections"] >= 1


def test_requests_in_flight_per_key_beyond_the_cap_get_429(tmp_path: Path) -> None:
    limits = {"max_requests_per_key": 2}
    with running_gateway(tmp_path, admin=True, gateway={"limits": limits}) as gw:
        key, busy = gw.store.create("busy")
        other, _ = gw.store.create("calm")
        gw.fault("kimi-k2.6", ttft_ms=3000)
        slow = {"model": "kimi-k2.6", "messages": [{"role": "user", "content": "hi"}]}
        statuses: list[int] = []

        def call() -> None:
            with httpx2.Client(base_url=gw.url, timeout=60) as http:
                auth = {"authorization": f"Bearer {key}"}
                statuses.append(http.post(CHAT, json=slow, headers=auth).status_code)

        threads = [threading.Thread(target=call) for _ in range(2)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + MARGIN
        while gw.gateway.in_flight.count(busy.id) < 2:
            assert time.monotonic() < deadline, "the two slow requests never got in flight"
            time.sleep(0.05)
        quick = {"model": "gpt-5.5", "max_tokens": 20, "messages": slow["messages"]}
        with httpx2.Client(base_url=gw.url, timeout=30) as http:
            refused = http.post(CHAT, json=quick, headers={"authorization": f"Bearer {key}"})
            assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
            assert error_format_problem(CHAT, 429, refused.json()) is None
            assert refused.json()["error"]["code"] == "concurrency_limit_exceeded"
            refused = http.post(MESSAGES, json=quick, headers={"x-api-key": key})
            assert refused.status_code == 429
            assert error_format_problem(MESSAGES, 429, refused.json()) is None
            calm = http.post(CHAT, json=quick, headers={"authorization": f"Bearer {other}"})
            assert calm.status_code == 200, "another key is not held back"
            for thread in threads:
                thread.join(60)
            assert statuses == [200, 200]
            again = http.post(CHAT, json=quick, headers={"authorization": f"Bearer {key}"})
            assert again.status_code == 200, "the slots came back when the requests ended"
        assert refusals(gw.url, {"authorization": f"Bearer {ADMIN_KEY}"})["key_concurrency"] == 2


def test_every_way_a_request_ends_gives_its_slot_back(tmp_path: Path) -> None:
    """With one request in flight per key: a stream holds the slot until the caller
    leaves it; a request that fails in any way (here JSON nested 300 deep in a forwarded
    field, which broke the gateway with a 500) gives it back."""
    limits = {"max_requests_per_key": 1}
    with running_gateway(tmp_path, gateway={"limits": limits}) as gw:
        key, record = gw.store.create("one-at-a-time")
        auth = {"authorization": f"Bearer {key}"}
        gw.fault("kimi-k2.6", tokens_per_second=2)  # a slow stream: 0.5 s per token
        say = "Say hello in French, at length."
        hello = {"model": "kimi-k2.6", "messages": [{"role": "user", "content": say}]}
        streaming = httpx2.Client(base_url=gw.url, timeout=30, headers=auth)
        with streaming, httpx2.Client(base_url=gw.url, timeout=30, headers=auth) as http:
            with streaming.stream("POST", CHAT, json=hello | {"stream": True}) as response:
                assert response.status_code == 200
                lines = response.iter_lines()  # kept: closing the iterator closes the stream
                assert next(line for line in lines if line.startswith("data: {"))
                assert http.post(CHAT, json=hello).status_code == 429, "the stream holds it"
                del lines  # the caller leaves mid-stream
            deadline = time.monotonic() + MARGIN
            while gw.gateway.in_flight.count(record.id):
                assert time.monotonic() < deadline, "the slot of the stream left was not freed"
                time.sleep(0.05)
            gw.heal()
            deep = hello | {"metadata": {"x": json.loads("[" * 300 + "]" * 300)}}
            failed = http.post(CHAT, json=deep)
            assert failed.status_code != 429
            assert gw.gateway.in_flight.count(record.id) == 0
            assert http.post(CHAT, json=hello).status_code == 200
