"""Who is calling: caller keys (cached from the key store), the admin key, rate limits,
requests in flight per key.

The key cache is refreshed every ``keys_refresh_seconds`` and on an unknown key (at
most once a second), so keys created or revoked with ``modelrouter keys`` take effect on
a running gateway without a restart. Keys are compared by hash, in constant time.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from modelrouter.server.errors import Api, GatewayError
from modelrouter.store.keys import KeyRecord, KeyStore, hash_key, same_hash

if TYPE_CHECKING:
    from modelrouter.state.limits import SharedWindow

MISS_RELOAD_INTERVAL = 1.0


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated caller: a key record, the admin, or anyone (no keys configured)."""

    key: KeyRecord | None = None
    admin: bool = False

    @property
    def label(self) -> str:
        """A loggable name (never the key)."""
        if self.admin:
            return "admin"
        return self.key.id if self.key else "anonymous"


def presented_key(request: Request, api: Api) -> str | None:
    """The key the caller sent, in its API's header first (either header is accepted).

    ``Authorization`` takes the ``Bearer`` scheme in any case, or a bare key; with another
    scheme or no token it is ignored, so a valid ``x-api-key`` beside it still counts."""
    primary = "x-api-key" if api == "anthropic" else "authorization"
    for header in (primary, "authorization", "x-api-key"):
        value = request.headers.get(header)
        key = bearer_token(value) if header == "authorization" else value
        if key:
            return key
    return None


def bearer_token(value: str | None) -> str | None:
    """The token of an ``Authorization`` value (``Bearer``, ``bearer``, ``BEARER``, or a
    bare key); None when it is empty or uses another scheme."""
    parts = (value or "").split()
    if len(parts) == 2 and parts[0].lower() == "bearer":
        return parts[1]
    if len(parts) == 1 and parts[0].lower() != "bearer":
        return parts[0]
    return None


class Authenticator:
    """Checks caller keys against the store and the admin key."""

    def __init__(
        self,
        store: KeyStore | None,
        admin_key: str | None,
        *,
        require: bool | None,
        refresh_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._admin_hash = hash_key(admin_key) if admin_key else None
        self._require = require
        self._refresh = refresh_seconds
        self._clock = clock
        self._keys: dict[str, KeyRecord] = {}
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def _reload(self, min_age: float) -> None:
        if self.store is None or self._clock() - self._loaded_at < min_age:
            return
        async with self._lock:
            if self._clock() - self._loaded_at < min_age:
                return
            records = await run_in_threadpool(self.store.all)
            self._keys = {r.key_hash: r for r in records}
            self._loaded_at = self._clock()

    def session_secret(self) -> bytes | None:
        """A secret derived from the admin key, signing dashboard sessions (the same on
        every instance; changing the admin key ends them); None without an admin key."""
        if self._admin_hash is None:
            return None
        return hmac.new(self._admin_hash.encode(), b"modelrouter-ui-session", "sha256").digest()

    def forget(self) -> None:
        """Drop the key cache: the next check reloads (after a key is created or revoked
        here, so the change holds at once, not after ``keys_refresh_seconds``)."""
        self._loaded_at = float("-inf")

    async def required(self) -> bool:
        """Whether callers must present a key."""
        if self._require is not None:
            return self._require
        await self._reload(self._refresh)
        return bool(self._keys)

    async def authenticate(self, presented: str | None) -> Caller:
        """The caller for a presented key; raises 401/403 when it does not pass."""
        if presented and self._admin_hash and same_hash(hash_key(presented), self._admin_hash):
            return Caller(admin=True)
        if not await self.required():
            return Caller()
        if not presented:
            raise GatewayError(401, "an API key is required (Authorization: Bearer or x-api-key)")
        digest = hash_key(presented)
        record = self._keys.get(digest)
        if record is None:
            await self._reload(MISS_RELOAD_INTERVAL)
            record = self._keys.get(digest)
        if record is None or not same_hash(record.key_hash, digest):
            raise GatewayError(401, "invalid API key")
        if not record.active:
            raise GatewayError(401, "this API key has been revoked")
        return Caller(key=record)

    async def caller(self, presented: str | None) -> Caller:
        """The caller of a data-plane route (chat, messages, models). The admin key is
        refused there (403): it manages keys, and a request made with it would be
        outside every key's budget and rate limit."""
        caller = await self.authenticate(presented)
        if caller.admin:
            raise GatewayError(
                403,
                "the admin key only manages keys (/admin); send a caller key "
                "(modelrouter keys create NAME)",
            )
        return caller

    def require_admin(self, caller: Caller) -> None:
        """Raise 403 unless the caller holds the admin key."""
        if self._admin_hash is None:
            raise GatewayError(403, "admin endpoints are disabled: no admin key is configured")
        if not caller.admin:
            raise GatewayError(403, "this endpoint needs the admin key")


class Limiter(Protocol):
    """Counts requests per key: in this process, or shared through Redis."""

    async def check(self, key_id: str, limit: int) -> None:
        """Count one request; raise 429 with the wait when the key is over its limit."""
        ...

    async def recent(self, key_ids: Sequence[str]) -> dict[str, int]:
        """Requests of each key admitted in the last 60 seconds (what ``check`` weighs)."""
        ...


def rate_limited(limit: int, wait: float) -> GatewayError:
    """The 429 for a key over its requests per minute."""
    return GatewayError(
        429,
        f"rate limit of {limit} requests per minute reached for this key",
        code="rate_limit_exceeded",
        retry_after=wait,
    )


class RateLimiter:
    """Requests per minute per key, over a sliding 60-second window (in process)."""

    WINDOW = 60.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}

    async def check(self, key_id: str, limit: int) -> None:
        """Count one request; raise 429 with the wait when the key is over its limit."""
        now = self._clock()
        window = self._seen.setdefault(key_id, deque())
        while window and now - window[0] >= self.WINDOW:
            window.popleft()
        if len(window) >= limit:
            raise rate_limited(limit, self.WINDOW - (now - window[0]))
        window.append(now)

    async def recent(self, key_ids: Sequence[str]) -> dict[str, int]:
        """Requests of each key admitted in the last 60 seconds."""
        now = self._clock()
        return {
            key_id: sum(1 for t in self._seen.get(key_id, ()) if now - t < self.WINDOW)
            for key_id in key_ids
        }


class InFlight:
    """Requests in flight per caller key, in this process (``gateway.limits``)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self._counts: dict[str, int] = {}

    def enter(self, key_id: str) -> bool:
        """Take a slot for one more request of ``key_id``; False when it has none left."""
        count = self._counts.get(key_id, 0)
        if self.limit is not None and count >= self.limit:
            return False
        self._counts[key_id] = count + 1
        return True

    def leave(self, key_id: str) -> None:
        """Give back a slot taken by ``enter``."""
        count = self._counts.get(key_id, 0) - 1
        if count > 0:
            self._counts[key_id] = count
        else:
            self._counts.pop(key_id, None)

    def count(self, key_id: str) -> int:
        """Requests of ``key_id`` in flight now."""
        return self._counts.get(key_id, 0)


def too_many_in_flight(limit: int) -> GatewayError:
    """The 429 for a key with ``limit`` requests in flight already."""
    return GatewayError(
        429,
        f"this key already has {limit} requests in flight (gateway.limits.max_requests_per_key)",
        code="concurrency_limit_exceeded",
        retry_after=1.0,
    )


class SharedRateLimiter:
    """Requests per minute per key, counted in Redis for every gateway process."""

    def __init__(self, window: SharedWindow) -> None:
        self._window = window

    async def check(self, key_id: str, limit: int) -> None:
        """Count one request; raise 429 with the wait when the key is over its limit."""
        wait = await self._window.hit(key_id, limit)
        if wait is not None:
            raise rate_limited(limit, wait)

    async def recent(self, key_ids: Sequence[str]) -> dict[str, int]:
        """Requests of each key admitted in the last 60 seconds, by every process."""
        return await self._window.recent(key_ids)
