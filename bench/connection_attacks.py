"""The connection attacks of issue 12 against a real ``modelrouter serve --sim``.

Usage: python bench/connection_attacks.py  (with PYTHONPATH=src to measure a checkout)

Starts the gateway with the default settings on loopback and measures: a header that
never ends (up to 64 MiB, or 120 s): how much the gateway took in, how long, what it
answered, its RSS before, at peak and after; a connection that never sends (up to 40 s);
slowloris headers at a byte a second (up to 70 s): when the gateway closed each and with
what. Not a test: the test suite checks the limits (tests/test_hostile_connections.py).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

MIB = 2**20


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def big_header(port: int, pid: int) -> dict[str, object]:
    """Send a header value that never ends until the gateway answers or 64 MiB went in."""
    before = peak = rss_mib(pid)
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\nx-big: ")
    sock.settimeout(0.05)
    sent, chunk, started, answer = 0, b"a" * 65536, time.monotonic(), b""
    while sent < 64 * MIB and time.monotonic() - started < 120 and not answer:
        try:
            sent += sock.send(chunk)
            answer += sock.recv(65536, socket.MSG_DONTWAIT)
        except (BlockingIOError, TimeoutError):
            pass
        except (BrokenPipeError, ConnectionResetError) as exc:
            answer += f"<{type(exc).__name__}>".encode()
        peak = max(peak, rss_mib(pid))
    seconds = time.monotonic() - started
    sock.close()
    time.sleep(1)
    return {
        "sent_mib": round(sent / MIB, 2),
        "seconds": round(seconds, 2),
        "answer": answer[:40].decode("latin-1"),
        "rss_mib": [round(before, 1), round(peak, 1), round(rss_mib(pid), 1)],
    }


def idle(port: int) -> tuple[float, str]:
    """Seconds until the gateway closes a connection that sends nothing, and what it sent."""
    sock = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    sock.settimeout(40)
    try:
        data = sock.recv(100)
    except TimeoutError:
        data = b"<still open>"
    sock.close()
    return round(time.monotonic() - started, 1), data[:30].decode("latin-1")


def slowloris(port: int) -> tuple[float, str]:
    """A request line, then header bytes one a second: seconds until the gateway answers."""
    sock = socket.create_connection(("127.0.0.1", port))
    started = time.monotonic()
    sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\n")
    sock.settimeout(1)
    for byte in b"x-a: " + b"a" * 65:
        try:
            sock.sendall(bytes([byte]))
            data = sock.recv(100)
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            data = b"<reset>"
        sock.close()
        return round(time.monotonic() - started, 1), data[:30].decode("latin-1")
    sock.close()
    return round(time.monotonic() - started, 1), "<still open>"


def main() -> None:
    """Start the gateway, run each attack, print one JSON line per attack."""
    folder = Path(tempfile.mkdtemp(prefix="modelrouter-attacks-"))
    port = free_port()
    env = {**os.environ, "MODELROUTER_DB": str(folder / "gw.db"), "HOME": str(folder)}
    command = [sys.executable, "-m", "modelrouter", "serve", "--sim", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, cwd=folder)
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx2.get(url, timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        for _ in range(50):  # warm up: pools, caches, the allocator
            httpx2.get(url, timeout=10)
        print(json.dumps({"big_header": big_header(port, process.pid)}), flush=True)
        print(json.dumps({"idle": idle(port)}), flush=True)
        print(json.dumps({"slowloris_headers": slowloris(port)}), flush=True)
    finally:
        process.terminate()
        process.wait(30)


if __name__ == "__main__":
    main()
