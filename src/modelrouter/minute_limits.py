"""Deployments' per-minute limits (``requests_per_minute``, ``tokens_per_minute``) enforced
before each attempt: a deployment at its limit this minute is passed over for the next one
(of the same model first), as a provider would answer it 429.

Counts are kept per fixed UTC minute. A request counts one request and its tokens: the
prompt's estimate plus the output it asks for at most (what providers reserve against a
tokens-per-minute limit). A request larger than the whole tokens-per-minute limit still
goes when the minute is empty (else it could never go). ``RedisMinutes``
(``state/quotas.py``) counts them across processes. This module never calls a model.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from modelrouter.config.deployments import DeploymentSpec

WallClock = Callable[[], float]


def limited(deployment: DeploymentSpec) -> bool:
    """Whether ``deployment`` has a per-minute limit to enforce."""
    return deployment.requests_per_minute is not None or deployment.tokens_per_minute is not None


def over(deployment: DeploymentSpec, requests: int, tokens: int, asked: int) -> bool:
    """Whether one more request of ``asked`` tokens would go over the minute's limits,
    ``requests`` and ``tokens`` counted already."""
    rpm, tpm = deployment.requests_per_minute, deployment.tokens_per_minute
    if rpm is not None and requests >= rpm:
        return True
    return tpm is not None and tokens > 0 and tokens + asked > tpm


def refusal(deployment: DeploymentSpec, now: float) -> str:
    """Why a deployment was passed over, for the trace."""
    limits = [
        f"{value:,} {name} a minute"
        for name, value in (
            ("requests", deployment.requests_per_minute),
            ("tokens", deployment.tokens_per_minute),
        )
        if value is not None
    ]
    return f"per-minute limit reached ({', '.join(limits)}; {60 - now % 60:.0f}s left)"


class Minutes:
    """Requests and tokens counted per deployment and minute, in this process."""

    def __init__(self, clock: WallClock = time.time) -> None:
        self.clock = clock
        self._counts: dict[str, tuple[int, int, int]] = {}  # id -> (minute, requests, tokens)

    async def take(self, dep_id: str, deployment: DeploymentSpec, tokens: int) -> bool:
        """Count one request of ``tokens`` against ``deployment``'s minute; False, counting
        nothing, when that would go over its limits."""
        if not limited(deployment):
            return True
        minute = int(self.clock() // 60)
        counted, requests, used = self._counts.get(dep_id, (minute, 0, 0))
        if counted != minute:
            requests, used = 0, 0
        if over(deployment, requests, used, tokens):
            return False
        self._counts[dep_id] = (minute, requests + 1, used + tokens)
        return True
