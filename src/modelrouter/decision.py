"""The router's decision half: which task a request is and which models to try, in order.

Nothing here calls a provider: ``Decider`` resolves the ``model`` field, asks the
configured detector for the task, builds what the policy may look at and asks it for the
plan, and starts the request's trace. The router (``router.py``) owns the other half:
admission, budgets, and executing the plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from modelrouter import modelids, registry
from modelrouter.config.schema import BudgetMode, Settings
from modelrouter.detect.base import Detector, TaskChoice
from modelrouter.errors import NoCandidates, NotFound, shown
from modelrouter.execute import Clock
from modelrouter.health import Health
from modelrouter.policy.base import Plan, PlanContext, Policy
from modelrouter.prices.book import PriceBook
from modelrouter.quality.feed import QualityFeed
from modelrouter.routed import Selection
from modelrouter.tokens import estimate_request
from modelrouter.trace import Trace
from modelrouter.types import ChatRequest


class Decider:
    """Detection and planning for one configuration (no call is made)."""

    def __init__(
        self,
        settings: Settings,
        prices: PriceBook,
        quality: QualityFeed | None,
        clock: Clock,
        health: Health,
        providers: Callable[[], frozenset[str]],
    ) -> None:
        self.settings = settings
        routing = settings.routing
        factory = registry.load("detector", routing.detector)
        self.detector: Detector = factory(settings.tasks, routing.default_task)
        # The configured routing policy (the learned one loads its router file here).
        self.policy: Policy = registry.load("policy", routing.policy)(settings)
        self._prices, self._quality, self._clock = prices, quality, clock
        self._health, self._providers = health, providers

    def select(self, model: str) -> Selection:
        """Resolve the ``model`` field: ``auto``, ``route:<task>``, a catalog id or an alias."""
        target = self.settings.routing.aliases.get(model, model)
        if target in ("auto", ""):
            return Selection()
        if target.startswith("route:"):
            task = target.removeprefix("route:")
            if task not in self.settings.tasks:
                known = ", ".join(sorted(self.settings.tasks))
                raise NotFound(f"unknown route {shown(task)}; routes: {known}", param="model")
            return Selection(task=task)
        resolved = modelids.resolve(self.settings, target, self.settings.models)
        if resolved is None:
            raise modelids.unknown(self.settings, target)
        return Selection(model=resolved)

    def detect(self, request: ChatRequest, selection: Selection | None = None) -> TaskChoice:
        """The task of ``request``: forced by the caller, else detected."""
        selection = selection or self.select(request.model)
        if selection.task is not None:
            return TaskChoice(selection.task, 1.0, f"route:{selection.task} requested")
        return self.detector.detect(request)

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
        selection = self.select(request.model)
        choice = self.detect(request, selection)
        context = self._context(
            request,
            selection,
            budget=budget,
            allowed_providers=allowed_providers,
            allowed_models=allowed_models,
            unavailable_models=unavailable_models,
            key=key,
        )
        return choice, self.policy.plan(request, choice, context)

    def plan(
        self, request: ChatRequest, unavailable: dict[str, float], limits: dict[str, Any]
    ) -> tuple[TaskChoice, Plan]:
        """``decide`` with models unavailable for now left out, unless that leaves none:
        then plan as if all were well (the executor waits for the soonest within the
        deadline, or answers 503)."""
        try:
            return self.decide(request, unavailable_models=unavailable, **limits)
        except NoCandidates:
            if not unavailable:
                raise
            return self.decide(request, **limits)

    def trace(self, choice: TaskChoice, plan: Plan) -> Trace:
        """A new request's trace: its decision, before any call."""
        return Trace(
            request_id=uuid.uuid4().hex,
            task=choice.task,
            confidence=choice.confidence,
            detector=self.detector.name,
            detect_reason=choice.reason,
            policy=self.policy.name,
            budget=plan.budget,
            plan=list(plan.candidates),
            skipped=dict(plan.skipped),
            first_choice=plan.candidates[0].model if plan.candidates else None,
        )

    def first_choice(
        self,
        request: ChatRequest,
        choice: TaskChoice,
        trace: Trace,
        limits: dict[str, Any],
        unavailable: dict[str, float],
    ) -> None:
        """The model the policy would try first with every deployment healthy and the
        caller's own budget mode (only planned again when health or a budget changed the
        plan): answered by any other, the request is a fallback, and this says why."""
        selection = self.select(request.model)
        context = self._context(request, selection, unavailable_models=(), **limits)
        try:
            first = self.policy.plan(request, choice, context).candidates[0].model
        except NoCandidates:
            return
        if first == trace.first_choice:
            return
        trace.first_choice = first
        trace.fallback_reason = self._health.kind(first) if first in unavailable else "budget"

    def _context(
        self,
        request: ChatRequest,
        selection: Selection,
        *,
        budget: BudgetMode | None,
        allowed_providers: Iterable[str] | None,
        allowed_models: Iterable[str] | None,
        unavailable_models: Iterable[str],
        key: tuple[str, str] | None,
    ) -> PlanContext:
        """What the policy may look at for ``request``."""
        allowed = self.settings.routing.allowed_providers
        if allowed_providers is not None:
            caller = frozenset(allowed_providers)
            allowed = sorted(caller & set(allowed)) if allowed is not None else sorted(caller)
        return PlanContext(
            settings=self.settings,
            models=self._prices.models,
            budget=budget or self.settings.routing.budget,
            when=self._clock(),
            prompt_tokens=estimate_request(request),
            available_providers=self._providers(),
            allowed_providers=frozenset(allowed) if allowed is not None else None,
            allowed_models=frozenset(allowed_models) if allowed_models is not None else None,
            unavailable_models=frozenset(unavailable_models),
            forced_model=selection.model,
            key=key,
            quality=self._quality,
        )
