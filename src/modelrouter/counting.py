"""Counting a request's input tokens, on the model the router would send it to.

``model: auto`` and ``route:<task>`` are resolved by the same detection and plan as a real
request (nothing is called to decide), so a client sizing its context learns the count of
the model that will answer. Where that model's provider counts tokens itself (the
Anthropic wire format's ``/v1/messages/count_tokens``), its count is returned; otherwise,
or when that call fails, the project's estimate (``tokens.estimate_request``), marked as
an estimate. Counting is free upstream, so nothing is reserved on the budgets.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from modelrouter import modelids, passthrough
from modelrouter.admission import check_named
from modelrouter.config.schema import BudgetMode, ModelSpec
from modelrouter.errors import ProviderError
from modelrouter.tokens import estimate_request
from modelrouter.trace import Trace
from modelrouter.types import ChatRequest

if TYPE_CHECKING:
    from modelrouter.detect.base import TaskChoice
    from modelrouter.policy.base import Plan
    from modelrouter.router import Router

TASK = "count_tokens"


@runtime_checkable
class TokenCounter(Protocol):
    """A provider that counts a request's input tokens itself (the Anthropic format)."""

    async def count_tokens(self, request: ChatRequest, model: ModelSpec) -> int: ...


@dataclass(frozen=True, slots=True)
class TokenCount:
    """The count, the catalog model it is for, and whether it is the project's estimate."""

    input_tokens: int
    model: str
    estimated: bool
    note: str
    trace: Trace


def _plan(
    router: Router,
    request: ChatRequest,
    passing: bool,
    budget: BudgetMode | None,
    allowed_providers: Iterable[str] | None,
    allowed_models: Iterable[str] | None,
    key: tuple[str, str] | None,
) -> tuple[TaskChoice, Plan]:
    """The decision a request would get: a pass-through id's one candidate, else the
    router's plan with the models unavailable now left out."""
    if passing:
        return passthrough.plan(
            router.settings,
            request.model,
            budget or router.settings.routing.budget,
            router.available_providers,
            allowed_providers,
            allowed_models,
        )
    check_named(router.settings, request.model, allowed_providers, allowed_models)
    return router.decide(
        request,
        budget=budget,
        allowed_providers=allowed_providers,
        allowed_models=allowed_models,
        unavailable_models=router.health.unavailable(),
        key=key,
    )


async def count_tokens(
    router: Router,
    request: ChatRequest,
    *,
    budget: BudgetMode | None = None,
    allowed_providers: Iterable[str] | None = None,
    allowed_models: Iterable[str] | None = None,
    key: tuple[str, str] | None = None,
    allowed_regions: Iterable[str] | None = None,
) -> TokenCount:
    """The input tokens of ``request`` on the model the router would choose first
    (``allowed_regions`` is accepted with the key's other limits; a count calls no
    deployment)."""
    if "/" in request.model:
        resolved = modelids.resolve(router.settings, request.model, router.settings.models)
        if resolved is not None:
            request = request.model_copy(update={"model": resolved})
    passing = passthrough.target(router.settings, request.model) is not None
    choice, plan = _plan(router, request, passing, budget, allowed_providers, allowed_models, key)
    model_id = plan.candidates[0].model
    spec = plan.spec(model_id, router.settings.models)
    trace = Trace(
        request_id=uuid.uuid4().hex,
        task=TASK,  # kept out of the task types' figures; the routed task is in the reason
        confidence=choice.confidence,
        detector=router.detector.name,
        detect_reason=f"would route as {choice.task}: {choice.reason}",
        policy=passthrough.POLICY if passing else router.policy.name,
        budget=plan.budget,
        model=model_id,
        provider=spec.provider,
        outcome="ok",
    )
    provider = router.executor.provider(spec.provider)
    if isinstance(provider, TokenCounter):
        try:
            count = await provider.count_tokens(request, spec)
        except ProviderError as exc:
            note = f"estimate: {spec.provider} could not count ({exc.kind})"
            return TokenCount(estimate_request(request), model_id, True, note, trace)
        return TokenCount(count, model_id, False, f"counted by {spec.provider}", trace)
    note = f"estimate: {spec.provider} offers no token count"
    return TokenCount(estimate_request(request), model_id, True, note, trace)
