"""Pass-through: ``<provider>/<id>`` for an id the catalog does not hold, sent to that
provider as it is, when the provider allows it (``providers.<name>.passthrough: true``).

A pass-through request skips task detection and the planner: it names one model, and only
that model is tried (with the usual retries on it, no fallback to another model: a caller
who named a model the catalog does not know asked for that model and no other). Its entry
is built per request, never added to the catalog, so planners, reports and other callers
never see it. The catalog holds no price for it, yet the provider bills it: it is priced
at an upper estimate, the highest input and output prices among the provider's catalog
models (the whole catalog's when the provider has none), so budgets weigh it and the
ledger never records a billed call at $0; ``report`` counts these requests and flags
their cost as an estimate (policy ``passthrough`` in the ledger).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from modelrouter import modelids
from modelrouter.config.price_spec import PriceSpec
from modelrouter.config.schema import BudgetMode, ModelSpec, Settings
from modelrouter.detect.base import TaskChoice
from modelrouter.errors import NoCandidates, NotPermitted
from modelrouter.policy.base import Candidate, Plan

POLICY = "passthrough"
TASK = "passthrough"
UNPRICED = "not in the catalog: priced at an upper estimate"
_WINDOW = 1_000_000  # unknown: the upstream enforces its own limits
_MAX_OUTPUT = 128_000


def target(settings: Settings, typed: str) -> tuple[str, str] | None:
    """``(provider, upstream id)`` when ``typed`` is a pass-through id: a prefix naming a
    provider that allows pass-through, and a rest the catalog does not hold for it."""
    split = modelids.split_prefix(settings, typed)
    if split is None or not settings.providers[split[0]].passthrough:
        return None
    if modelids.resolve(settings, typed, settings.models) is not None:
        return None
    if settings.providers[split[0]].format == "replay":
        return None
    return split


def entry(provider: str, upstream: str, settings: Settings) -> ModelSpec:
    """A catalog-shaped entry for one pass-through id, priced at ``ceiling``."""
    timeouts = settings.provider_timeouts(provider)
    return ModelSpec(
        provider=provider,
        upstream=upstream,
        context_window=_WINDOW,
        max_output=_MAX_OUTPUT,
        strength=0,
        prices=[ceiling(provider, settings)],
        timeouts=timeouts,
    )


def ceiling(provider: str, settings: Settings) -> PriceSpec:
    """The highest input and output prices in force among ``provider``'s catalog models
    (every catalog model's when it has none): what a model it serves may cost at most,
    as far as the catalog knows."""
    models = [m for m in settings.models.values() if m.provider == provider]
    latest = [max(m.prices, key=lambda p: p.effective) for m in models or settings.models.values()]
    whose = provider if models else "any provider"
    return PriceSpec(
        effective=dt.date(2000, 1, 1),
        source=f"{UNPRICED}: the dearest catalog prices of {whose}",
        input=max(p.input for p in latest),
        output=max(p.output for p in latest),
    )


def plan(
    settings: Settings,
    typed: str,
    budget: BudgetMode,
    available: Iterable[str],
    allowed_providers: Iterable[str] | None,
    allowed_models: Iterable[str] | None,
) -> tuple[TaskChoice, Plan]:
    """The one-candidate plan for pass-through id ``typed``; refused when the key or the
    routing may not use its provider, or the provider has no key configured."""
    found = target(settings, typed)
    assert found is not None, "only called for pass-through ids"
    provider, upstream = found
    routing = settings.routing.allowed_providers
    if allowed_models is not None and typed not in set(allowed_models):
        raise NotPermitted(f"this key may not use model {typed!r}", param="model")
    permitted = (allowed_providers is None or provider in set(allowed_providers)) and (
        routing is None or provider in routing
    )
    if not permitted:
        raise NotPermitted(f"this key may not use provider {provider!r}", param="model")
    if provider not in set(available):
        raise NoCandidates(f"{typed}: provider {provider} has no API key configured")
    reason = f"pass-through to {provider} ({UNPRICED})"
    choice = TaskChoice(TASK, 1.0, f"{typed}: a model outside the catalog, sent as named")
    candidate = Candidate(typed, "primary", reason)
    outside = {typed: entry(provider, upstream, settings)}
    return choice, Plan(TASK, budget, (candidate,), outside=outside)
