"""The routing-table policy: each task's primary and fallbacks, shaped by the budget mode.

- ``normal``: the route's primary, its fallbacks, then the strongest other models.
- ``economy``: the cheapest adequate models first (strength at least the task's
  ``min_strength``, priced at the current rates for this request's size), then the
  route's models strongest first as escalations.
- ``quality``: the strongest models first.

Constraints filter candidates before any call: provider configured with a key, the
caller's allow-list, circuit state, context window, capabilities.
"""

from __future__ import annotations

from modelrouter.config.schema import Settings, TaskType
from modelrouter.detect.base import TaskChoice
from modelrouter.errors import NoCandidates
from modelrouter.policy.base import CIRCUIT_SKIP, Candidate, Plan, PlanContext
from modelrouter.pricing import estimate
from modelrouter.types import Capability, ChatRequest


class TablePolicy:
    """Plans by the routing table in the settings."""

    name = "table"

    def __init__(self, settings: Settings | None = None) -> None:
        """The table lives in the settings each plan is given; nothing to load."""
        # The order of a normal or quality plan depends only on the task, the budget mode,
        # the routing table and the catalog's strengths, so it is kept per (task, mode)
        # until the settings or the catalog object change (a price update replaces it).
        self._orders: dict[tuple[str, str], tuple[Candidate, ...]] = {}
        self._source: tuple[object, object] = (None, None)

    def plan(self, request: ChatRequest, task: TaskChoice, context: PlanContext) -> Plan:
        """The ordered, filtered candidates for ``request``."""
        ordered = self._order(task.task, context)
        if context.forced_model is not None:
            forced = Candidate(context.forced_model, "primary", "model requested by the caller")
            ordered = (forced, *(c for c in ordered if c.model != context.forced_model))
        usable, skipped = [], {}
        needs = request.required_capabilities()  # once, not once per candidate
        for candidate in ordered:
            problem = unusable(request, candidate.model, context, needs)
            if problem is None:
                usable.append(candidate)
            else:
                skipped[candidate.model] = problem
        if not usable:
            raise NoCandidates(f"no model can serve this {task.task} request: {_grouped(skipped)}")
        limit = context.settings.routing.max_attempts
        return Plan(task.task, context.budget, tuple(usable[:limit]), skipped)

    def _order(self, task: str, context: PlanContext) -> tuple[Candidate, ...]:
        """The candidates before filtering; cached except in economy mode (prices x size)."""
        spec = context.settings.tasks[task]
        if context.budget == "economy":
            return tuple(_order(spec, task, context))
        source = (context.settings, context.models)
        if source[0] is not self._source[0] or source[1] is not self._source[1]:
            self._orders.clear()
            self._source = source
        key = (task, context.budget)
        ordered = self._orders.get(key)
        if ordered is None:
            ordered = self._orders[key] = tuple(_order(spec, task, context))
        return ordered


def _order(spec: TaskType, task: str, context: PlanContext) -> list[Candidate]:
    route = spec.route.models()
    models = context.models
    by_strength = sorted(models, key=lambda m: (-models[m].strength, m))
    if context.budget == "quality":
        ranked = sorted(models, key=lambda m: (-models[m].strength, m not in route, m))
        return [
            Candidate(
                m, "primary" if i == 0 else "escalation", f"quality: strength {models[m].strength}"
            )
            for i, m in enumerate(ranked)
        ]
    if context.budget == "economy":
        return _economy(spec, task, context, by_strength)
    head = [Candidate(route[0], "primary", f"route {task}: primary")]
    head += [Candidate(m, "fallback", f"route {task}: fallback") for m in route[1:]]
    tail = [
        Candidate(m, "escalation", f"strongest other model (strength {models[m].strength})")
        for m in by_strength
        if m not in route
    ]
    return head + tail


def _economy(
    spec: TaskType, task: str, context: PlanContext, by_strength: list[str]
) -> list[Candidate]:
    models = context.models
    output = spec.typical_output_tokens

    def expected(model_id: str) -> float:
        return estimate(models[model_id], context.prompt_tokens, output, context.when)

    adequate = [m for m in models if models[m].strength >= spec.min_strength]
    cheap = sorted(adequate, key=lambda m: (expected(m), -models[m].strength, m))
    head = [
        Candidate(
            m,
            "primary" if i == 0 else "fallback",
            f"economy: ~${expected(m):.5f} expected, strength {models[m].strength} "
            f">= {spec.min_strength} for {task}",
        )
        for i, m in enumerate(cheap[:2])
    ]
    chosen = {c.model for c in head}
    route = sorted(spec.route.models(), key=lambda m: -models[m].strength)
    tail = [Candidate(m, "escalation", f"route {task}, strongest first") for m in route]
    tail += [Candidate(m, "escalation", "strongest other model") for m in by_strength]
    seen = set(chosen)
    unique = []
    for candidate in tail:
        if candidate.model not in seen:
            seen.add(candidate.model)
            unique.append(candidate)
    return head + unique


def _grouped(skipped: dict[str, str]) -> str:
    """Skipped models grouped by reason: one clause per distinct reason."""
    by_reason: dict[str, list[str]] = {}
    for model, why in skipped.items():
        by_reason.setdefault(why, []).append(model)
    return "; ".join(f"{why} ({', '.join(models)})" for why, models in by_reason.items())


def unusable(
    request: ChatRequest,
    model_id: str,
    context: PlanContext,
    needs: set[Capability] | None = None,
) -> str | None:
    """Why ``model_id`` cannot serve ``request`` here, or None if it can (``needs``: the
    request's required capabilities, when the caller already has them)."""
    model = context.model(model_id)
    provider = model.provider
    if context.allowed_providers is not None and provider not in context.allowed_providers:
        return f"provider {provider} is not in the caller's allowed providers"
    if context.allowed_models is not None and model_id not in context.allowed_models:
        return "not in the caller's allowed models"
    if provider not in context.available_providers:
        spec = context.settings.providers[provider]
        variable = f" (set {spec.api_key_env})" if spec.api_key_env else ""
        return f"provider {provider} has no API key{variable}"
    if model_id in context.unavailable_models:
        return CIRCUIT_SKIP
    needed = context.prompt_tokens + (request.output_limit() or 0)
    if needed > model.context_window:
        return f"needs ~{needed:,} tokens, context window is {model.context_window:,}"
    missing = (request.required_capabilities() if needs is None else needs) - model.capabilities
    if missing:
        return f"lacks {', '.join(sorted(missing))}"
    return None
