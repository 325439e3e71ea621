"""Circuit breakers and 429 cool-downs shared through Redis (``storage.redis_url``).

Each process keeps its own ``Health`` and answers "may I call this deployment?" from
memory: the request path never waits on Redis. What is shared is the deadlines:

- when a circuit opens here, or a 429 cools a deployment down, its deadline (wall-clock
  seconds) is written to one Redis hash, ``<prefix>:health``, by a script that keeps the
  later of the stored and the new deadline (a re-trip never shortens an outage) and drops
  deadlines that have passed;
- every ``storage.redis_health_refresh_s`` (0.25 s by default) a background task reads
  the hash and lays the deadlines over this process's ``Health`` (``Health.remote``).

Polling, not pub/sub: one small HGETALL per process and interval is cheap, a process that
starts (or reconnects) reads the current state at once instead of waiting for the next
message, and nothing is lost while a subscription is down. A trip reaches the other
processes within one interval plus a round trip.

Other processes skip the deployment until the deadline, then call it normally; only the
process whose circuit opened probes it half-open (and shares a doubled deadline if the
probe fails). Redis unreachable: writes and reads are dropped with one warning a minute,
each process falls back to its own circuits, and no request fails for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from modelrouter.errors import SharedStateUnavailable
from modelrouter.health import Health
from modelrouter.state.redis import SharedState

logger = logging.getLogger("modelrouter.state")
Wall = Callable[[], float]
WARN_EVERY_S = 60.0

_KEEP_LATER = """
local now = tonumber(ARGV[3])
local new = tonumber(ARGV[2])
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if new > cur then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
local all = redis.call('HGETALL', KEYS[1])
local latest = now
for i = 1, #all, 2 do
  local deadline = tonumber(all[i + 1])
  if deadline < now then redis.call('HDEL', KEYS[1], all[i])
  elseif deadline > latest then latest = deadline end
end
redis.call('EXPIRE', KEYS[1], math.ceil(latest - now) + 60)
return 1
"""

# field suffix -> what it holds
OPEN, LIMITED = "open", "limited"


class SharedHealth:
    """Shares one process's circuit and cool-down deadlines through Redis and reads the
    others' (see the module docstring)."""

    def __init__(
        self, health: Health, shared: SharedState, refresh_s: float, wall: Wall = time.time
    ) -> None:
        self.health = health
        self.shared = shared
        self.refresh_s = refresh_s
        self.wall = wall
        self.key = shared.key("health")
        self._script = shared.script(_KEEP_LATER)
        self._task: asyncio.Task[None] | None = None
        self._writes: set[asyncio.Task[bool]] = set()
        self._warned = float("-inf")
        health.listen(self._on_event)

    async def ensure_started(self) -> None:
        """On first use: read the shared deadlines once, then refresh in the background."""
        if self._task is None:
            await self.refresh()
            self.start()

    def start(self) -> None:
        """Start the background refresh (once; needs a running event loop)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="modelrouter-shared-health"
            )

    async def stop(self) -> None:
        """Stop the refresh and wait for writes in flight."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)

    def _on_event(self, model: str, event: str, detail: dict[str, object]) -> None:
        """A circuit opened or a 429 cooled a deployment down here: share its deadline."""
        until = detail.get("until")
        if event not in ("opened", "limited") or not isinstance(until, float):
            return
        deadline = self.wall() + (until - self.health.timer())
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a synchronous caller): nothing to share with
            return
        task = loop.create_task(
            self.publish(model, OPEN if event == "opened" else LIMITED, deadline)
        )
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def publish(self, model: str, what: str, deadline: float) -> bool:
        """Store ``model``'s ``what`` deadline (wall-clock seconds) unless a later one is
        stored; False when Redis did not answer."""
        args = (f"{model}|{what}", repr(deadline), repr(self.wall()))
        try:
            await self.shared.run(self._script, [self.key], args)
        except SharedStateUnavailable as exc:
            self._warn(exc)
            return False
        return True

    async def refresh(self) -> bool:
        """Read every shared deadline into the health; False when Redis did not answer
        (the health keeps what it last read until those deadlines pass)."""
        try:
            fields = await self.shared.read_hash(self.key)
        except SharedStateUnavailable as exc:
            self._warn(exc)
            return False
        now_wall, now = self.wall(), self.health.timer()
        deadlines: dict[str, list[float]] = {}
        for field, value in fields.items():
            model, _, what = field.rpartition("|")
            try:
                left = float(value) - now_wall
            except ValueError:
                continue
            if left > 0 and what in (OPEN, LIMITED):
                slots = deadlines.setdefault(model, [0.0, 0.0])
                slots[0 if what == OPEN else 1] = now + left
        self.health.remote({m: (d[0], d[1]) for m, d in deadlines.items()})
        return True

    async def _run(self) -> None:
        while True:
            await self.refresh()
            await asyncio.sleep(self.refresh_s)

    def _warn(self, exc: SharedStateUnavailable) -> None:
        """One warning a minute while Redis is away: circuits are per process meanwhile."""
        now = time.monotonic()
        if now - self._warned >= WARN_EVERY_S:
            self._warned = now
            logger.warning("circuit state not shared (local state used): %s", exc.message)
