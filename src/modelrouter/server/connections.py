"""Connection limits at the HTTP layer, which uvicorn's httptools protocol lacks.

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) and has a
``limit_concurrency`` that answers a plain-text 503 only once a request's headers have
arrived. It has no cap on the size of a request's headers (llhttp has none, and httptools
keeps a header value growing by concatenation: a 64 MiB header that never ends costs
hundreds of MiB), no time limit on receiving headers or a body, and a new connection that
never sends a byte is kept forever (its keep-alive timer starts only after a response).

``GuardedHttpTools`` is uvicorn's ``HttpToolsProtocol`` with those limits
(``gateway.limits``, ``config/limits.py``), answered as HTTP says: 431 for headers over
``max_header_bytes``, 408 for headers or a body too slow, 503 (then close) for a
connection over ``max_connections``; a new connection that sends nothing is closed. Each
refusal is counted in ``/metrics`` (``modelrouter_limit_refusals_total{limit}``).

It must never add work to a request that arrives whole: bytes are counted with one
addition per read, and a deadline timer is armed only when a read leaves a request's
headers or body incomplete (plus one per connection, for the first request).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from modelrouter.config.limits import LimitsSpec
from modelrouter.server.errors import Api, Failure, body
from modelrouter.server.logs import log

TIMED_OUT = "modelrouter.body_timed_out"  # scope key: the protocol answered 408 itself
LINGER_S = 2.0  # after a refusal, read and drop what the client still sends, this long
LOG_EVERY_S = 1.0  # at most one log line per limit this often (all are counted in /metrics)

# What the connection waits for: nothing (between requests, or while the app works),
# the headers of a request, or the rest of its body.
_IDLE, _HEADERS, _BODY = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Guard:
    """The limits of one app and how to count a refusal (``Metrics.refused``)."""

    limits: LimitsSpec
    refused: Callable[[str], None]
    _logged: dict[str, tuple[float, int]] = field(default_factory=dict)

    def note(self, limit: str, client: str, now: float) -> None:
        """Count a refusal; log it, at most once per limit every ``LOG_EVERY_S`` seconds
        (with how many went unlogged): an attacker's connections must not flood the log."""
        self.refused(limit)
        last, unlogged = self._logged.get(limit, (float("-inf"), 0))
        if now - last < LOG_EVERY_S:
            self._logged[limit] = (last, unlogged + 1)
            return
        self._logged[limit] = (now, 0)
        log(logging.INFO, "connection refused", limit=limit, client=client, unlogged=unlogged)


def guard_of(app: Any) -> Guard | None:
    """The ``guard`` of ``app``, looking through middleware that uvicorn wraps it in."""
    for _ in range(8):
        guard = getattr(app, "guard", None)
        if isinstance(guard, Guard):
            return guard
        app = getattr(app, "app", None)
        if app is None:
            break
    return None


def body_timed_out(scope: Any) -> bool:
    """Whether the connection gave up on this request's body (and answered 408)."""
    return bool(scope.get(TIMED_OUT))


def api_of(path: bytes) -> Api:
    """The API whose error format a request to ``path`` expects."""
    return "anthropic" if path.startswith(b"/v1/messages") else "openai"


def refusal(
    status: int, message: str, code: str, path: bytes = b"", retry_after: int | None = None
) -> bytes:
    """A whole HTTP response closing the connection, its body in the API's error format."""
    content = body(api_of(path), Failure(status, message, code))
    head = [
        STATUS_LINE[status],
        b"content-type: application/json\r\n",
        b"content-length: %d\r\n" % len(content),
        b"connection: close\r\n",
    ]
    if retry_after is not None:
        head.append(b"retry-after: %d\r\n" % retry_after)
    return b"".join([*head, b"\r\n", content])


class GuardedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol with header size, header and body time limits and a
    connection cap; the app it serves must carry a ``Guard`` (``create_app`` sets one)."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        guard = guard_of(self.app)
        if guard is None:
            raise TypeError("GuardedHttpTools serves only an app with a Guard (create_app)")
        self.guard = guard
        self.limits = guard.limits
        self.timeout_keep_alive = self.limits.keep_alive_s  # type: ignore[assignment]
        self.ws_protocol_class = None  # no WebSockets here: an upgrade is a plain request
        self._phase = _HEADERS
        self._header_bytes = 0  # received since the last headers completed (upper bound)
        self._body_bytes = 0
        self._since = 0.0  # when the current phase began
        self._last = 0.0  # when body bytes last arrived
        self._timer: asyncio.TimerHandle | None = None
        self._refused = False
        self._too_large = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Refuse a connection over the cap; else start the clock for its first request."""
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            answer = refusal(
                503, "too many connections; retry", "too_many_connections", retry_after=1
            )
            self._refuse("connections", answer, linger=False)  # free the descriptor at once
            return
        self._since = self.loop.time()
        self._timer = self.loop.call_at(self._since + self.limits.header_timeout_s, self._expire)

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop the deadline with the connection."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Count, parse, then refuse headers over the cap or arm the deadline."""
        if self._refused:
            return  # lingering after a refusal: read and drop
        if self._phase == _BODY:
            self._body_bytes += len(data)
            self._last = self.loop.time()
        else:
            self._header_bytes += len(data)
        self._feed(data)
        if self._phase == _IDLE or self._refused or self.transport.is_closing():
            return
        if self._phase == _HEADERS and self._header_bytes > self.limits.max_header_bytes:
            self._refuse_header_size()
            return
        if self._since == 0.0:  # the phase began during this read (see the callbacks)
            self._since = self._last = self.loop.time()
        deadline = self._deadline()
        timer = self._timer
        if timer is None or timer.when() > deadline:
            if timer is not None:
                timer.cancel()
            self._timer = self.loop.call_at(deadline, self._expire)

    def _feed(self, data: bytes) -> None:
        """uvicorn's ``data_received``, with our refusals told apart from parse errors."""
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            if self._too_large:
                self._refuse_header_size()
                return
            msg = "Invalid HTTP request received."
            self.logger.warning(msg)
            self.send_400_response(msg)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()

    def on_message_begin(self) -> None:
        """A request starts: its headers' clock starts (the first one's at connect)."""
        super().on_message_begin()
        if self._phase == _IDLE:
            self._phase = _HEADERS
            self._since = 0.0  # now; read from the clock only if the read ends incomplete

    def on_headers_complete(self) -> None:
        """Check the exact header size when the rough count is over; then the body's turn."""
        if self._header_bytes > self.limits.max_header_bytes and self._header_size() > (
            self.limits.max_header_bytes
        ):
            self._too_large = True
            raise ValueError("headers too large")  # stops the parser (see ``_feed``)
        self._header_bytes = 0
        self._body_bytes = 0
        self._phase = _BODY
        self._since = 0.0  # as in on_message_begin
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        """The whole request is in: nothing to wait for until the next one."""
        self._phase = _IDLE
        super().on_message_complete()

    def _header_size(self) -> int:
        return len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)

    def _deadline(self) -> float:
        limits = self.limits
        if self._phase == _HEADERS:
            return self._since + limits.header_timeout_s
        deadline = self._last + limits.body_timeout_s
        if limits.body_min_bytes_per_s > 0:
            allowed = limits.body_timeout_s + self._body_bytes / limits.body_min_bytes_per_s
            deadline = min(deadline, self._since + allowed)
        return deadline

    def _expire(self) -> None:
        """The deadline timer: refuse what is overdue, else wait for the new deadline."""
        self._timer = None
        if self._phase == _IDLE or self._refused or self.transport.is_closing():
            return
        now = self.loop.time()
        if self._phase == _BODY and self.flow.read_paused:
            # the app is not reading the body: the client cannot send, so the clock restarts
            self._since = self._last = now
            self._body_bytes = 0
        deadline = self._deadline()
        if now < deadline:
            self._timer = self.loop.call_at(deadline, self._expire)
        elif self._phase == _BODY:
            self._body_too_slow()
        elif self.cycle is None and self._header_bytes == 0:
            self._refuse("idle", b"")  # a new connection that never sent a byte
        elif self.cycle is not None and not self.cycle.response_complete:
            self._refuse("header_timeout", b"")  # pipelined behind an answer still going
        else:
            path = getattr(self, "url", b"")
            message = f"the request's headers took longer than {self.limits.header_timeout_s:g} s"
            self._refuse("header_timeout", refusal(408, message, "request_timeout", path))

    def _body_too_slow(self) -> None:
        """408 for the body; the app, waiting for it, is told the client is gone."""
        cycle = self.cycle
        if cycle.response_started:
            self._refuse("body_timeout", b"")
        else:
            message = "the request's body arrived too slowly (gateway.limits.body_timeout_s)"
            self._refuse(
                "body_timeout", refusal(408, message, "request_timeout", cycle.scope["raw_path"])
            )
        cast(dict[str, Any], cycle.scope)[TIMED_OUT] = True
        cycle.disconnected = True
        cycle.message_event.set()

    def _refuse_header_size(self) -> None:
        limit = self.limits.max_header_bytes
        message = f"the request's headers are larger than {limit} bytes"
        self._refuse(
            "header_bytes", refusal(431, message, "headers_too_large", getattr(self, "url", b""))
        )

    def _refuse(self, limit: str, answer: bytes, *, linger: bool = True) -> None:
        """Count the refusal, answer, and close: after a lingering read, so the client
        sees the answer rather than a reset while it is still sending."""
        self._refused = True
        self.guard.note(limit, _peer(self.client), self.loop.time())
        if answer and not self.transport.is_closing():
            self.transport.write(answer)
        self.flow.resume_reading()
        if linger and self.transport.can_write_eof() and not self.transport.is_closing():
            self.transport.write_eof()
            self.loop.call_later(LINGER_S, self.transport.close)
        else:
            self.transport.close()


def _peer(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else ""
