"""Choosing a model's deployment: which of the places a model is served to call first.

Within one model the order is: the deployment this conversation last used, while it is
healthy (so the provider's prompt cache keeps hitting); then free deployments while their
daily quota lasts; then the others by ``routing.deployments.strategy``: ``price``
(cheapest first), ``latency`` (lowest recent time to first token), ``least-busy``
(fewest calls in flight here) or ``weighted`` (random, by weight). Deployments outside
the allowed regions, or whose daily quota is spent, are left out with the reason; one at
its per-minute limit (``minute_limits.py``) is passed over when its attempt would start.

Health (circuits, 429 cool-downs) is kept per deployment: a model with one deployment is
keyed by its model id, as before deployments existed; one with several by the deployment
id, ``kimi-k2.6@moonshot``. This module never calls a model nor sleeps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from modelrouter.config.deployments import DeploymentSpec, deployment_id
from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.errors import RateLimited
from modelrouter.health import Health
from modelrouter.minute_limits import Minutes, limited, refusal
from modelrouter.policy.base import Candidate
from modelrouter.pricing import price_in_force
from modelrouter.tokens import estimate_request
from modelrouter.trace import Trace
from modelrouter.types import ChatRequest

Clock = Callable[[], dt.datetime]
_CONVERSATIONS = 10_000  # conversations remembered for stickiness (least recent dropped)


@dataclass(frozen=True, slots=True)
class Choice:
    """One deployment of a model to try: its id, its health key and its catalog view."""

    id: str
    key: str
    spec: DeploymentSpec


def health_key(model_id: str, model: ModelSpec, deployment: DeploymentSpec) -> str:
    """The name ``deployment``'s circuit is kept under (see the module docstring)."""
    return model_id if len(model.deployments) <= 1 else deployment_id(model_id, deployment)


class Quotas:
    """Requests counted against each deployment's daily quota, in this process.

    ``RedisQuotas`` (``state/quotas.py``) counts them across processes."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._used: dict[str, tuple[str, int]] = {}  # deployment id -> (quota day, count)

    def used(self, dep_id: str, deployment: DeploymentSpec) -> int:
        """Requests counted today against ``deployment``'s quota."""
        day, _ = deployment.quota_day(self.clock())
        counted_day, count = self._used.get(dep_id, (day, 0))
        return count if counted_day == day else 0

    def left(self, dep_id: str, deployment: DeploymentSpec) -> int | None:
        """Requests left today (None: no daily quota)."""
        limit = deployment.requests_per_day
        if limit is None:
            return None
        return max(limit - self.used(dep_id, deployment), 0)

    def _set(self, dep_id: str, deployment: DeploymentSpec, count: int) -> None:
        day, _ = deployment.quota_day(self.clock())
        self._used[dep_id] = (day, count)

    async def take(self, dep_id: str, deployment: DeploymentSpec) -> bool:
        """Count one request against ``deployment``'s daily quota (if it has one); False,
        counting nothing, when it is spent."""
        limit = deployment.requests_per_day
        if limit is None:
            return True
        used = self.used(dep_id, deployment)
        if used >= limit:
            return False
        self._set(dep_id, deployment, used + 1)
        return True

    def spend(self, dep_id: str, deployment: DeploymentSpec) -> None:
        """The provider says the quota is spent (a 429): count it as such until it resets."""
        if deployment.requests_per_day is not None:
            self._set(dep_id, deployment, deployment.requests_per_day)


@dataclass
class _Load:
    """What this process saw of one deployment: calls in flight, recent first token."""

    in_flight: int = 0
    ttft_ms: float | None = None


@dataclass
class Deployments:
    """Orders a model's deployments for one request and learns from each attempt."""

    settings: Settings
    health: Health
    clock: Clock
    quotas: Quotas | None = None
    minutes: Minutes = field(default_factory=Minutes)
    rng: random.Random = field(default_factory=random.Random)
    _load: dict[str, _Load] = field(default_factory=dict)
    _sticky: OrderedDict[str, str] = field(default_factory=OrderedDict)

    def __post_init__(self) -> None:
        if self.quotas is None:
            self.quotas = Quotas(self.clock)

    @property
    def quota(self) -> Quotas:
        """The daily-quota counter in use."""
        assert self.quotas is not None  # set in __post_init__
        return self.quotas

    def order(
        self,
        model_id: str,
        model: ModelSpec,
        request: ChatRequest | None,
        regions: Iterable[str] | None,
    ) -> tuple[list[Choice], dict[str, str]]:
        """``model``'s deployments in the order to try them, and those left out (by health
        key: the model's id when it has one deployment) with the reason."""
        allowed = frozenset(regions) if regions is not None else None
        usable: list[Choice] = []
        left_out: dict[str, str] = {}
        for deployment in model.deployments:
            choice = Choice(
                deployment_id(model_id, deployment),
                health_key(model_id, model, deployment),
                deployment,
            )
            problem = self._problem(choice, allowed)
            if problem is None:
                usable.append(choice)
            else:
                left_out[choice.key] = problem
        usable.sort(key=lambda c: (not self._free_now(c), *self._rank(model, c)))
        sticky = self._sticky.get(conversation(request)) if request and self._sticks() else None
        for index, choice in enumerate(usable):
            if choice.id == sticky and self.health.wait(choice.key) == 0:
                usable.insert(0, usable.pop(index))
                break
        return usable, left_out

    def _sticks(self) -> bool:
        return self.settings.routing.deployments.sticky

    def _problem(self, choice: Choice, allowed: frozenset[str] | None) -> str | None:
        region = choice.spec.region
        if allowed is not None and region not in allowed:
            where = f"region {region}" if region else "no region given"
            return f"{where}; allowed regions: {', '.join(sorted(allowed)) or 'none'}"
        if self.quota.left(choice.id, choice.spec) == 0:
            _, resets = choice.spec.quota_day(self.clock())
            return f"daily quota spent (resets {resets:%Y-%m-%d %H:%M} UTC)"
        return None

    def _free_now(self, choice: Choice) -> bool:
        return choice.spec.free and self.quota.left(choice.id, choice.spec) != 0

    def _rank(self, model: ModelSpec, choice: Choice) -> tuple[float, ...]:
        """The strategy's sort key (smaller first)."""
        strategy = self.settings.routing.deployments.strategy
        load = self._load.get(choice.key, _Load())
        if strategy == "latency":
            return (0.0 if load.ttft_ms is None else 1.0, load.ttft_ms or 0.0)
        if strategy == "least-busy":
            return (float(load.in_flight),)
        if strategy == "weighted":
            return (-(self.rng.random() ** (1.0 / choice.spec.weight)),)
        price = price_in_force(model.at(choice.spec), self.clock())
        return (price.input + price.output,)

    async def counted(
        self, candidate: Candidate, model: ModelSpec, trace: Trace, request: ChatRequest
    ) -> bool:
        """Count an attempt on ``candidate``'s deployment (``model`` is its view) against
        its per-minute limits and daily quota; False, noted in the trace, when it is at
        its limit this minute, or another process spent its quota since the choice."""
        if candidate.deployment is None or not model.deployments:
            return True
        deployment = model.deployments[0]
        if limited(deployment):
            tokens = estimate_request(request) + (request.output_limit() or 0)
            if not await self.minutes.take(candidate.deployment, deployment, tokens):
                trace.skipped[candidate.key] = refusal(deployment, self.minutes.clock())
                return False
        if await self.quota.take(candidate.deployment, deployment):
            return True
        trace.skipped[candidate.key] = (
            self._problem(Choice(candidate.deployment, candidate.key, deployment), None)
            or "daily quota spent"
        )
        return False

    def started(self, key: str) -> None:
        """An attempt on the deployment ``key`` began."""
        self._load.setdefault(key, _Load()).in_flight += 1

    def finished(self, key: str, ttft_ms: float | None) -> None:
        """An attempt on ``key`` ended; ``ttft_ms`` is its time to first token (or the
        whole answer's, for plain calls) when it answered."""
        load = self._load.setdefault(key, _Load())
        load.in_flight = max(load.in_flight - 1, 0)
        if ttft_ms is not None:
            alpha = self.settings.routing.deployments.latency_alpha
            old = load.ttft_ms
            load.ttft_ms = ttft_ms if old is None else alpha * ttft_ms + (1 - alpha) * old

    def answered(self, request: ChatRequest, dep_id: str) -> None:
        """``dep_id`` answered this conversation: later turns go there while healthy."""
        if not self._sticks():
            return
        key = conversation(request)
        self._sticky[key] = dep_id
        self._sticky.move_to_end(key)
        if len(self._sticky) > _CONVERSATIONS:
            self._sticky.popitem(last=False)

    def until_reset(self, deployment: DeploymentSpec, exc: RateLimited) -> RateLimited:
        """A 429 from a deployment with a daily quota cools it down until the quota
        resets, not for a second: the same error with that Retry-After."""
        if deployment.requests_per_day is None:
            return exc
        _, resets = deployment.quota_day(self.clock())
        wait = max((resets - self.clock()).total_seconds(), 1.0)
        if exc.retry_after is not None and exc.retry_after >= wait:
            return exc
        return RateLimited(exc.message, provider=exc.provider, model=exc.model, retry_after=wait)

    def unavailable_models(self, unavailable: Mapping[str, float]) -> dict[str, float]:
        """Models none of whose deployments may be called now, with the soonest wait."""
        out: dict[str, float] = {}
        for model_id, model in self.settings.models.items():
            if len(model.deployments) <= 1:
                if model_id in unavailable:
                    out[model_id] = unavailable[model_id]
                continue
            keys = [deployment_id(model_id, d) for d in model.deployments]
            if all(k in unavailable for k in keys):
                out[model_id] = min(unavailable[k] for k in keys)
        return out


def regions(settings: Settings, key: Iterable[str] | None) -> frozenset[str] | None:
    """The regions a request's deployments may be in: ``routing.allowed_regions``, narrowed
    by the caller key's own ``allowed_regions`` (None: any region)."""
    given = settings.routing.allowed_regions
    allowed = frozenset(given) if given is not None else None
    if key is None:
        return allowed
    mine = frozenset(key)
    return mine if allowed is None else allowed & mine


def conversation(request: ChatRequest) -> str:
    """A conversation's key: its messages up to and including the first user message,
    which every later turn repeats."""
    head: list[str] = []
    for message in request.messages:
        head.append(f"{message.role}\x00{message.text()}")
        if message.role == "user":
            break
    return hashlib.sha256("\x01".join(head).encode()).hexdigest()[:24]
