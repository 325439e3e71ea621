"""The router: detect the task, plan by the policy, execute the plan, return answer + trace.

This is the engine the edges (CLI, HTTP gateway, Python API) share. It knows the
protocols (Detector, Policy, Provider, Check), and finds implementations through the
registry. Async first; ``complete_sync`` is a thin facade over a private event loop.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Coroutine, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import httpx2

from modelrouter import billable, endpoints, modelids, passthrough, registry
from modelrouter.admission import admit
from modelrouter.check.base import build_checks
from modelrouter.config.loader import load_settings
from modelrouter.config.schema import BudgetMode, Settings
from modelrouter.decision import Decider
from modelrouter.deployments import regions
from modelrouter.detect.base import Detector, TaskChoice
from modelrouter.errors import (
    InvalidRequest,
    ModelRouterError,
    NoCandidates,
    NoProviderConfigured,
)
from modelrouter.execute import Charge, Clock, Executor, Sleep, utc_now
from modelrouter.health import Timer
from modelrouter.policy.base import CIRCUIT_SKIP, Plan, Policy
from modelrouter.portal import Portal
from modelrouter.prices.book import PriceBook
from modelrouter.prices.sources import load_overlay
from modelrouter.providers.base import Provider
from modelrouter.quality.feed import QualityFeed, feed_for
from modelrouter.routed import RouteResult, RouteStream, Selection
from modelrouter.state import budget_book, daily_quotas, minute_limits, shared_health
from modelrouter.store.db import data_dir
from modelrouter.trace import Trace
from modelrouter.types import ChatRequest, Message, messages_from

T = TypeVar("T")


class Router:
    """Routes chat requests to the model with the best price-performance for the task."""

    def __init__(
        self,
        settings: Settings,
        *,
        env: Mapping[str, str] | None = None,
        transports: Mapping[str, httpx2.AsyncBaseTransport] | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = utc_now,
        timer: Timer = time.monotonic,
        quality: QualityFeed | None = None,
    ) -> None:
        self.settings = settings
        self._env = dict(env or {})
        self._transports = dict(transports or {})
        self.quality = quality or feed_for(settings, self._env)
        checks = build_checks(settings)
        self._endpoints, self.sim_app = endpoints.resolve(settings, self._env, self._transports)
        self._providers: dict[str, Provider] = {}
        self.prices = PriceBook(settings.models)
        self.budgets, self.shared = budget_book(settings, clock)
        self.executor = Executor(
            settings, self.prices, self._provider, checks, sleep=sleep, clock=clock, timer=timer
        )
        self.health = self.executor.health
        self.executor.deployments.quotas = daily_quotas(clock, self.shared)
        self.executor.deployments.minutes = minute_limits(self.shared)
        self.shared_health = shared_health(self.health, self.shared)
        self.decider = Decider(
            settings,
            self.prices,
            self.quality,
            self.executor.clock,
            self.health,
            lambda: self.available_providers,
        )
        self.price_notes = self.reload_prices()
        self._portal: Portal | None = None

    @classmethod
    def from_config(
        cls, path: str | Path | None = None, env: Mapping[str, str] | None = None, **kwargs: Any
    ) -> Router:
        """A router from a YAML file merged over the defaults (``env`` for ``${VAR}``)."""
        environment = _environ() if env is None else env
        return cls(load_settings(path, environment), env=environment, **kwargs)

    @classmethod
    def default(cls, env: Mapping[str, str] | None = None, **kwargs: Any) -> Router:
        """A router on the built-in defaults."""
        return cls.from_config(None, env, **kwargs)

    def reload_prices(self) -> list[str]:
        """Read the configured price sources and lay them over the catalog (blocking)."""
        sources = self.settings.pricing.sources
        if not sources:
            return []
        overlay, notes = load_overlay(
            sources, self.settings.models, self.price_cache, self.executor.clock().date()
        )
        self.prices.apply(overlay, self.executor.clock())
        return notes

    @property
    def price_cache(self) -> Path:
        """Where the last good copies of URL price sources are kept."""
        if self.settings.pricing.cache_dir:
            return Path(self.settings.pricing.cache_dir)
        return data_dir(self._env) / "prices"

    @property
    def available_providers(self) -> frozenset[str]:
        """Providers the planner may use (configured, with a key where one is needed)."""
        return frozenset(self._endpoints)

    def unconfigured(self) -> str | None:
        """Why no provider can be called (none has its key), naming the variables to
        set; None when at least one can."""
        return endpoints.unconfigured(self.settings, self._endpoints)

    async def probe(self) -> dict[str, str | None]:
        """Reachability of every usable provider: None when reachable, else why not."""
        names = sorted(self._endpoints)
        results = await asyncio.gather(*(self._provider(n).probe() for n in names))
        return dict(zip(names, results, strict=True))

    def _provider(self, name: str) -> Provider:
        if name not in self._providers:
            spec, key = self._endpoints[name]
            factory = registry.load("wire_format", spec.format)
            self._providers[name] = factory(name, spec, key, self._transports.get(name))
        return self._providers[name]

    def select(self, model: str) -> Selection:
        """Resolve the ``model`` field: ``auto``, ``route:<task>``, a catalog id or an alias."""
        return self.decider.select(model)

    def detect(self, request: ChatRequest, selection: Selection | None = None) -> TaskChoice:
        """The task of ``request``: forced by the caller, else detected."""
        return self.decider.detect(request, selection)

    def decide(
        self,
        request: ChatRequest,
        *,
        budget: BudgetMode | None = None,
        allowed_providers: Iterable[str] | None = None,
        allowed_models: Iterable[str] | None = None,
        unavailable_models: Iterable[str] = (),
        key: tuple[str, str] | None = None,
    ) -> tuple[TaskChoice, Plan]:
        """Detection and plan for ``request``, without calling anything."""
        return self.decider.decide(
            request,
            budget=budget,
            allowed_providers=allowed_providers,
            allowed_models=allowed_models,
            unavailable_models=unavailable_models,
            key=key,
        )

    @property
    def detector(self) -> Detector:
        """The configured task detector (the decider's)."""
        return self.decider.detector

    @property
    def policy(self) -> Policy:
        """The configured routing policy (the decider's)."""
        return self.decider.policy

    async def complete(
        self,
        messages: ChatRequest | Iterable[dict[str, Any] | Message] | str,
        *,
        task: str | None = None,
        budget: BudgetMode | None = None,
        allowed_providers: Iterable[str] | None = None,
        allowed_models: Iterable[str] | None = None,
        key: tuple[str, str] | None = None,
        allowed_regions: Iterable[str] | None = None,
        **params: Any,
    ) -> RouteResult:
        """Route and answer one request; the task is detected unless given. ``key`` (id,
        name) charges the request to that key's budget as well as the total one."""
        job = await self._prepare(
            build_request(messages, task=task, stream=False, **params),
            budget,
            allowed_providers,
            allowed_models,
            key,
            allowed_regions,
        )
        try:
            response = await _timed(self.executor.run(*job), job.trace)
        except ModelRouterError as exc:
            if exc.trace is None and job.trace.attempts:  # calls went upstream: keep them
                job.trace.settle(None)
                exc.trace = job.trace
            raise
        return RouteResult(response, job.trace)

    async def stream(
        self,
        messages: ChatRequest | Iterable[dict[str, Any] | Message] | str,
        *,
        task: str | None = None,
        budget: BudgetMode | None = None,
        allowed_providers: Iterable[str] | None = None,
        allowed_models: Iterable[str] | None = None,
        key: tuple[str, str] | None = None,
        allowed_regions: Iterable[str] | None = None,
        **params: Any,
    ) -> RouteStream:
        """Route one request and stream its answer; the trace completes when it ends."""
        job = await self._prepare(
            build_request(messages, task=task, stream=True, **params),
            budget,
            allowed_providers,
            allowed_models,
            key,
            allowed_regions,
        )
        return RouteStream(self.executor.stream(*job), job.trace)

    async def _prepare(
        self,
        request: ChatRequest,
        budget: BudgetMode | None,
        allowed_providers: Iterable[str] | None,
        allowed_models: Iterable[str] | None,
        key: tuple[str, str] | None,
        allowed_regions: Iterable[str] | None = None,
    ) -> _Job:
        """Charge, detect and plan: everything before the first call. ``allowed_regions``
        (a key's) narrows ``routing.allowed_regions`` for the deployments it may call."""
        if self.shared_health is not None:
            await self.shared_health.ensure_started()  # the first time: one read, then a task
        passing = False
        if "/" in request.model:  # ``openai/gpt-5.5``: the catalog id from here on
            resolved = modelids.resolve(self.settings, request.model, self.settings.models)
            if resolved is not None:
                request = request.model_copy(update={"model": resolved})
            passing = passthrough.target(self.settings, request.model) is not None
        if passing:
            return await self._pass_through(request, budget, allowed_providers, allowed_models, key)
        now = self.executor.clock()
        allowed_providers, allowed_models, reach = admit(
            request, self.settings, self.prices.models, now, allowed_providers, allowed_models
        )
        scopes = self.budgets.scopes(*key) if key else self.budgets.scopes()
        charge = Charge(self.budgets, scopes) if scopes else None
        asked = budget
        if scopes and await self.budgets.economy_reason(scopes) is not None:
            budget = "economy"
        limits: dict[str, Any] = {
            "budget": budget,
            "allowed_providers": allowed_providers,
            "allowed_models": allowed_models,
            "key": key,
        }
        unavailable = self.executor.deployments.unavailable_models(self.health.unavailable())
        try:
            choice, plan = self.decider.plan(request, unavailable, limits)
        except NoCandidates:
            problem = self.unconfigured()  # not the caller's fault: no provider has a key
            if problem is not None:
                raise NoProviderConfigured(problem) from None
            if reach.field is None:
                raise
            raise billable.unplaceable(reach) from None
        plan = replace(plan, allowed_regions=regions(self.settings, allowed_regions))
        trace = self.decider.trace(choice, plan)
        for model, why in trace.skipped.items():
            if model in unavailable and why == CIRCUIT_SKIP:
                trace.skipped[model] = self.health.reason(model)
        if unavailable or budget != asked:
            self.decider.first_choice(
                request, choice, trace, limits | {"budget": asked}, unavailable
            )
        return _Job(request, plan, trace, charge)

    async def _pass_through(
        self,
        request: ChatRequest,
        budget: BudgetMode | None,
        allowed_providers: Iterable[str] | None,
        allowed_models: Iterable[str] | None,
        key: tuple[str, str] | None,
    ) -> _Job:
        """A pass-through id's job: its one candidate, charged like any other (at 0)."""
        scopes = self.budgets.scopes(*key) if key else self.budgets.scopes()
        choice, plan = passthrough.plan(
            self.settings,
            request.model,
            budget or self.settings.routing.budget,
            self.available_providers,
            allowed_providers,
            allowed_models,
        )
        trace = self.decider.trace(choice, plan)
        trace.policy = passthrough.POLICY
        return _Job(request, plan, trace, Charge(self.budgets, scopes) if scopes else None)

    def complete_sync(
        self, messages: ChatRequest | Iterable[dict[str, Any] | Message] | str, **kwargs: Any
    ) -> RouteResult:
        """``complete`` for scripts: blocks until the answer is there."""
        if self._portal is None:
            self._portal = Portal()
        return self._portal.run(self.complete(messages, **kwargs))

    async def aclose(self) -> None:
        """Close every provider's connection pool and the budgets' connections."""
        providers = list(self._providers.values())
        self._providers.clear()
        for provider in providers:
            await provider.aclose()
        if self.shared_health is not None:
            await self.shared_health.stop()
        if self.shared is not None:
            await self.shared.aclose()

    def close(self) -> None:
        """Close pools and the private event loop of the sync facade."""
        if self._portal is not None:
            self._portal.run(self.aclose())
            self._portal.stop()
            self._portal = None
        elif self._providers:
            asyncio.run(self.aclose())

    async def __aenter__(self) -> Router:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class _Job(NamedTuple):
    """A planned request, ready for the executor."""

    request: ChatRequest
    plan: Plan
    trace: Trace
    charge: Charge | None


def build_request(
    messages: ChatRequest | Iterable[dict[str, Any] | Message] | str,
    *,
    task: str | None,
    stream: bool,
    **params: Any,
) -> ChatRequest:
    """The internal request from a prompt, a message list or a ready request."""
    if isinstance(messages, ChatRequest):
        request = messages.model_copy(update={"stream": stream})
    else:
        listed = messages_from(messages)
        if not listed:
            raise InvalidRequest("messages: at least one message is required", param="messages")
        request = ChatRequest(messages=listed, stream=stream, **params)
    if task is not None:
        request = request.model_copy(update={"model": f"route:{task}"})
    return request


async def _timed(work: Coroutine[Any, Any, T], trace: Trace) -> T:
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        return await work
    finally:
        trace.latency_ms = (loop.time() - started) * 1000


def _environ() -> Mapping[str, str]:
    return os.environ
