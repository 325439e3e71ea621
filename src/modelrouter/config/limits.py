"""Settings of the gateway's front door: connection limits, and who may read the
operations endpoints (``gateway.limits``, ``gateway.operations``).

Data only; ``server/connections.py`` enforces the limits and ``server/operations.py``
the exposure.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from modelrouter.config.base import Strict


class LimitsSpec(Strict):
    """What one client connection may cost before it is refused (per worker process)."""

    max_header_bytes: int = Field(
        default=32 * 1024, ge=1024, description="request line and headers; over it: 431"
    )
    header_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="time to receive a request's headers (408); a new connection that "
        "sends nothing in this time is closed",
    )
    body_timeout_s: float = Field(
        default=15.0, gt=0, description="longest gap between two parts of a body (408)"
    )
    body_min_bytes_per_s: float = Field(
        default=1024.0,
        ge=0,
        description="past body_timeout_s, a body slower than this on average gets 408 (0: off)",
    )
    keep_alive_s: float = Field(
        default=5.0, gt=0, description="an idle keep-alive connection is closed after this"
    )
    max_connections: int = Field(
        default=1000, ge=1, description="open client connections; beyond it: 503 and close"
    )
    max_requests_per_key: int | None = Field(
        default=100, ge=1, description="requests in flight per caller key (429); null: none"
    )


OperationsAccess = Literal["open", "admin", "listen"]


class OperationsSpec(Strict):
    """Who may read ``/metrics``, ``/readyz`` and ``/openapi.json`` (``/healthz`` is open).

    ``admin``: the admin key, whenever callers need keys (open while the gateway is);
    ``open``: anyone; ``listen``: only on the separate address ``listen`` (host:port),
    where nothing else is served, and not on the main address."""

    access: OperationsAccess = "admin"
    listen: str | None = Field(default=None, description="host:port, with access: listen")

    @model_validator(mode="after")
    def _check_listen(self) -> OperationsSpec:
        if self.access == "listen" and self.listen is None:
            raise ValueError("listen: access 'listen' needs an address, e.g. 127.0.0.1:9464")
        if self.listen is not None:
            self.address()
        return self

    def address(self) -> tuple[str, int]:
        """``listen`` as (host, port); raises ValueError naming the field when malformed."""
        host, _, port = (self.listen or "").rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"listen: expected host:port, got {self.listen!r}")
        return host.strip("[]"), int(port)
