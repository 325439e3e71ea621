"""Slowloris connections for the chaos run: raw sockets to the gateway that send a
request's headers, or its body, a byte at a time, alongside the normal load.

Each attacker opens a connection, trickles one byte every ``interval_s`` until the gateway
answers or closes it, notes what it got (the status of the answer, or ``closed``), and
starts again until the load is over. It must never wait for the gateway longer than
``give_up_s`` on one connection: a connection still open then is the failure the audit
looks for (``still open``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

Kind = Literal["headers", "body"]
STILL_OPEN = "still open"
CLOSED = "closed"
BODY_BYTES = 4096
GIVE_UP_S = 60.0
_ids = itertools.count()


@dataclass
class Attacks:
    """What the slowloris connections got, per kind, and the ledger ids of the body ones
    (their headers arrive whole, so the gateway records them)."""

    answers: dict[str, list[str]] = field(default_factory=lambda: {"headers": [], "body": []})
    body_ids: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


async def attack(
    url: str, key: str, kind: Kind, done: asyncio.Event, attacks: Attacks, *, interval_s: float
) -> None:
    """Open slowloris connections of ``kind``, one after the other, until ``done``."""
    while not done.is_set():
        request_id = f"slowloris-{kind}-{next(_ids):05d}"
        loop = asyncio.get_running_loop()
        started = loop.time()
        answer = await _one(url, _head(kind, key, request_id), kind, interval_s)
        attacks.answers[kind].append(answer)
        attacks.seconds.append(loop.time() - started)
        if kind == "body":
            attacks.body_ids.append(request_id)


def _head(kind: Kind, key: str, request_id: str) -> bytes:
    """What goes out at once: for ``headers`` only the request line (the headers follow a
    byte at a time and never end); for ``body`` the whole head of a request."""
    line = b"POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n"
    if kind == "headers":
        return line
    return (
        line
        + (
            f"authorization: Bearer {key}\r\nx-request-id: {request_id}\r\n"
            f"content-type: application/json\r\ncontent-length: {BODY_BYTES}\r\n\r\n"
        ).encode()
    )


async def _one(url: str, head: bytes, kind: Kind, interval_s: float) -> str:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    trickle = b"x-slow: " + b"a" * BODY_BYTES if kind == "headers" else b'{"a": "' + b"a" * 4000
    loop = asyncio.get_running_loop()
    deadline = loop.time() + GIVE_UP_S
    try:
        writer.write(head)
        for sent in itertools.count():
            if loop.time() > deadline:
                break
            with contextlib.suppress(ConnectionError):  # closed: its answer may be there
                writer.write(trickle[sent % len(trickle) :][:1])
                await writer.drain()
            with contextlib.suppress(TimeoutError):
                return _status(await asyncio.wait_for(reader.read(4096), interval_s))
        return STILL_OPEN
    except ConnectionError:
        return CLOSED
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


def _status(data: bytes) -> str:
    """``408`` (or whatever status) from an answer's status line; ``closed`` for none."""
    if not data.startswith(b"HTTP/1.1 "):
        return CLOSED
    return data[9:12].decode("ascii", "replace")
