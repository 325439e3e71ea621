"""Per-key requests per minute counted in Redis, shared by every process.

One sorted set per key (``<prefix>:rpm:<key id>``): a member per admitted request, scored
by its time. One Lua script drops members older than the window, refuses when the key
has ``limit`` in it (answering the seconds until the oldest leaves), else adds this one.
Times are wall-clock seconds from the caller (``time.time``), comparable across machines
whose clocks are synchronised.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence

from modelrouter.state.redis import SharedState

WINDOW = 60.0

# KEYS: the key's window. ARGV: now, window, limit, member.
HIT = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tostring(window - (now - tonumber(oldest[2])))
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
return false
"""

# KEYS: the keys' windows. ARGV: the window's start. Returns a count per key, in order.
COUNT = """
local out = {}
for i = 1, #KEYS do out[i] = redis.call('ZCOUNT', KEYS[i], '(' .. ARGV[1], '+inf') end
return out
"""


class SharedWindow:
    """Sliding 60-second windows per key, in Redis."""

    def __init__(self, state: SharedState, clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self._clock = clock
        self._hit = state.script(HIT)
        self._count = state.script(COUNT)

    async def hit(self, key_id: str, limit: int) -> float | None:
        """Count one request of ``key_id``; None when admitted, else the seconds to wait."""
        now = self._clock()
        member = f"{now:.6f}:{uuid.uuid4().hex}"
        wait = await self.state.run(
            self._hit, [self.state.key("rpm", key_id)], [now, WINDOW, limit, member]
        )
        return None if wait is None else float(wait)

    async def recent(self, key_ids: Sequence[str]) -> dict[str, int]:
        """Requests of each key admitted in the last ``WINDOW`` seconds (read only; one
        round trip for all of them)."""
        if not key_ids:
            return {}
        windows = [self.state.key("rpm", key_id) for key_id in key_ids]
        counts = await self.state.run(self._count, windows, [self._clock() - WINDOW])
        return {key_id: int(n) for key_id, n in zip(key_ids, counts, strict=True)}
