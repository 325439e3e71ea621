"""How long a circuit opened in one process takes to reach another through Redis: two
routers on one redis-server (started here, on a free loopback port), the first one's
circuit for ``kimi-k2.6`` opened by two failures, the second polled every millisecond
until it skips the deployment. 20 trips; median and max.

Usage (from the repository root, redis-server on PATH): python3 bench/circuit_propagation.py
"""

import asyncio
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import uuid

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.errors import UpstreamUnavailable
from modelrouter.router import Router


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def trip(url: str) -> float:
    storage = {"redis_url": url, "redis_prefix": f"bench-{uuid.uuid4().hex[:8]}"}
    data = {"sim": {"enabled": True}, "storage": storage, "routing": {"circuit": {"failures": 2}}}
    settings = build_settings(merge(default_data(), data))
    async with Router(settings) as one, Router(settings) as two:
        for router in (one, two):
            assert router.shared_health is not None
            await router.shared_health.ensure_started()
        for _ in range(2):
            grant = one.health.admit("kimi-k2.6")
            assert grant is not None
            one.health.failed(grant, UpstreamUnavailable("down"))
        started = time.perf_counter()
        while two.health.wait("kimi-k2.6") == 0:
            await asyncio.sleep(0.001)
        return time.perf_counter() - started


def main() -> None:
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not on PATH"
    port = _port()
    with tempfile.TemporaryDirectory() as home:
        args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", home]
        server = subprocess.Popen([*args, "--save", ""], stdout=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            url = f"redis://127.0.0.1:{port}/0"
            seconds = [asyncio.run(trip(url)) for _ in range(20)]
        finally:
            server.terminate()
            server.wait(10)
    ms = sorted(s * 1000 for s in seconds)
    print(
        f"trip reaches the other process: median {statistics.median(ms):.0f} ms, "
        f"max {ms[-1]:.0f} ms over {len(ms)} trips (refresh every 250 ms)"
    )


if __name__ == "__main__":
    main()
