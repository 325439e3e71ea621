"""CPU per request of uvicorn's ``HttpToolsProtocol`` and of ``GuardedHttpTools``.

Usage: taskset -c 0 python bench/protocol_cpu.py [--requests 50000] [--rounds 5]

The same chat request (about 400 bytes, headers and body in one read) is fed to each
protocol on uvloop, one connection, an ASGI app that answers at once, a transport that
drops what is written: what is left is the protocol's own cost per request, the figure
the connection limits must not raise measurably. Rounds alternate the two protocols.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

import uvloop
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from modelrouter.config.limits import LimitsSpec
from modelrouter.server.connections import Guard, GuardedHttpTools

BODY = (
    b'{"model": "route:simple", "max_tokens": 64, "messages": [{"role": "user", '
    b'"content": "Translate into French: good morning, I hope you slept well"}]}'
)
REQUEST = (
    b"POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nuser-agent: bench\r\n"
    b"accept: */*\r\nauthorization: Bearer mr-" + b"x" * 43 + b"\r\n"
    b"content-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(BODY)
) + BODY


class App:
    """Reads the body, answers ``ok``."""

    guard = Guard(LimitsSpec(), lambda limit: None)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await receive()
        headers = [(b"content-length", b"2")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})


class Transport(asyncio.Transport):
    """Drops writes; reports loopback addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.closing = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8080), "peername": ("127.0.0.1", 5555)}.get(name, default)

    def write(self, data: Any) -> None:
        pass

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def per_request(protocol: type[HttpToolsProtocol], requests: int) -> float:
    """Microseconds of CPU per request through ``protocol``."""
    config = Config(App(), log_level="warning", access_log=False, proxy_headers=False)
    config.load()
    state = ServerState()
    connection = protocol(config=config, server_state=state, app_state={})
    connection.connection_made(Transport())
    started = time.process_time()
    for _ in range(requests):
        connection.data_received(REQUEST)
        while state.tasks:
            await asyncio.sleep(0)
    return (time.process_time() - started) / requests * 1e6


async def main(requests: int, rounds: int) -> None:
    """Alternate the protocols for ``rounds`` rounds; print min and median per request."""
    results: dict[str, list[float]] = {"HttpToolsProtocol": [], "GuardedHttpTools": []}
    for _ in range(rounds):
        for protocol in (HttpToolsProtocol, GuardedHttpTools):
            results[protocol.__name__].append(await per_request(protocol, requests))
    for name, values in results.items():
        print(
            f"{name:18} CPU per request: median {statistics.median(values):.2f} µs, "
            f"min {min(values):.2f} µs over {rounds} rounds of {requests}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    uvloop.run(main(args.requests, args.rounds))
