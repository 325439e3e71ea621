"""Daily quotas and per-minute limits of deployments counted across processes through
Redis.

Each request sent to a deployment with ``requests_per_day`` increments one counter,
``<prefix>:quota:<deployment id>:<quota day>``, which lives until a day after its period
ends; the count Redis returns becomes this process's view, which the next choice of a
deployment reads from memory (the request path never waits on Redis to *choose*). A 429
that says the quota is spent is shared as a cool-down by ``state/circuits.py``, not here.
Per-minute limits (``minute_limits.py``) count one request and its tokens in
``<prefix>:minute:<deployment id>:<minute>``, checked and counted in one script. Redis
unreachable: the count is kept in this process alone, with one warning a minute, and no
request fails for it.
"""

from __future__ import annotations

import logging
import time

from modelrouter.config.deployments import DeploymentSpec
from modelrouter.deployments import Clock, Quotas
from modelrouter.errors import SharedStateUnavailable
from modelrouter.minute_limits import Minutes, WallClock, limited
from modelrouter.state.redis import SharedState

logger = logging.getLogger("modelrouter.state")
WARN_EVERY_S = 60.0
_LINGER_S = 86_400

# KEYS: the minute's hash. ARGV: rpm (0: none), tpm (0: none), tokens. 1 admitted, 0 not.
_MINUTE = """
local requests = tonumber(redis.call('HGET', KEYS[1], 'requests') or '0')
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or '0')
local rpm, tpm, asked = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if rpm > 0 and requests >= rpm then return 0 end
if tpm > 0 and tokens > 0 and tokens + asked > tpm then return 0 end
redis.call('HINCRBY', KEYS[1], 'requests', 1)
redis.call('HINCRBY', KEYS[1], 'tokens', asked)
redis.call('EXPIRE', KEYS[1], 120)
return 1
"""

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


class RedisMinutes(Minutes):
    """``Minutes`` shared by every process using the same Redis."""

    def __init__(self, shared: SharedState, clock: WallClock = time.time) -> None:
        super().__init__(clock)
        self.shared = shared
        self._script = shared.script(_MINUTE)
        self._warned = float("-inf")

    async def take(self, dep_id: str, deployment: DeploymentSpec, tokens: int) -> bool:
        """Check and count one request in Redis (in this process alone while it is away)."""
        if not limited(deployment):
            return True
        minute = int(self.clock() // 60)
        key = self.shared.key("minute", dep_id, str(minute))
        rpm, tpm = deployment.requests_per_minute or 0, deployment.tokens_per_minute or 0
        try:
            return bool(int(await self.shared.run(self._script, [key], [rpm, tpm, tokens])))
        except SharedStateUnavailable:
            now = time.monotonic()
            if now - self._warned >= WARN_EVERY_S:
                self._warned = now
                logger.warning("per-minute limits counted in this process only: no Redis")
            return await super().take(dep_id, deployment, tokens)
