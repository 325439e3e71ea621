"""Daily quotas of deployments (free tiers) counted across processes through Redis.

Each request sent to a deployment with ``requests_per_day`` increments one counter,
``<prefix>:quota:<deployment id>:<quota day>``, which lives until a day after its period
ends; the count Redis returns becomes this process's view, which the next choice of a
deployment reads from memory (the request path never waits on Redis to *choose*). A 429
that says the quota is spent is shared as a cool-down by ``state/circuits.py``, not here.
Redis unreachable: the count is kept in this process alone, with one warning a minute,
and no request fails for it.
"""

from __future__ import annotations

import logging
import time

from modelrouter.config.deployments import DeploymentSpec
from modelrouter.deployments import Clock, Quotas
from modelrouter.errors import SharedStateUnavailable
from modelrouter.state.redis import SharedState

logger = logging.getLogger("modelrouter.state")
WARN_EVERY_S = 60.0
_LINGER_S = 86_400

_COUNT = """
local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return count
"""


class RedisQuotas(Quotas):
    """``Quotas`` whose counts are shared by every process using the same Redis."""

    def __init__(self, clock: Clock, shared: SharedState) -> None:
        super().__init__(clock)
        self.shared = shared
        self._script = shared.script(_COUNT)
        self._warned = float("-inf")

    async def take(self, dep_id: str, deployment: DeploymentSpec) -> bool:
        """Count one request in Redis (in this process alone while Redis is away); False
        when every process together has spent the quota."""
        limit = deployment.requests_per_day
        if limit is None:
            return True
        now = self.clock()
        day, ends = deployment.quota_day(now)
        key = self.shared.key("quota", dep_id, day)
        ttl = int((ends - now).total_seconds()) + _LINGER_S
        try:
            count = int(await self.shared.run(self._script, [key], [ttl]))
        except SharedStateUnavailable:
            self._warn()
            return await super().take(dep_id, deployment)
        self._used[dep_id] = (day, max(count, self.used(dep_id, deployment)))
        return count <= limit

    def _warn(self) -> None:
        now = time.monotonic()
        if now - self._warned >= WARN_EVERY_S:
            self._warned = now
            logger.warning("daily quotas counted in this process only: Redis did not answer")
