"""Before planning: what a request may reach, given the caller's key and its own fields.

A catalog model the caller names itself must be one its key may use (403 otherwise:
only ``auto``, ``route:`` and aliases choose for the caller), and fields that only some
providers may receive narrow the providers it may go to (``billable.py``). Pure: this
module never plans and never calls a model.
"""

from __future__ import annotations

from collections.abc import Iterable

from modelrouter import billable
from modelrouter.config.schema import Settings
from modelrouter.errors import NotPermitted
from modelrouter.types import ChatRequest


def admit(
    request: ChatRequest,
    settings: Settings,
    allowed_providers: Iterable[str] | None,
    allowed_models: Iterable[str] | None,
) -> tuple[Iterable[str] | None, billable.Reach]:
    """The providers ``request`` may go to (None: no limit) and what narrowed them;
    raises ``NotPermitted`` or ``InvalidRequest`` when it may go nowhere."""
    check_named(settings, request.model, allowed_providers, allowed_models)
    reach = billable.reach(request, settings)
    if reach.providers is None:
        return allowed_providers, reach
    target = settings.routing.aliases.get(request.model, request.model)
    narrowed = reach.providers & set(allowed_providers or reach.providers)
    named = settings.models.get(target)  # a model the caller chose is never swapped
    if not narrowed or (named is not None and named.provider not in narrowed):
        raise billable.unplaceable(reach)
    return narrowed, reach


def check_named(
    settings: Settings,
    selector: str,
    allowed_providers: Iterable[str] | None,
    allowed_models: Iterable[str] | None,
) -> None:
    """Raise 403 when ``selector`` is a catalog model the caller's key may not use."""
    model = settings.models.get(selector)
    if model is None:
        return
    if allowed_models is not None and selector not in set(allowed_models):
        raise NotPermitted(f"this key may not use model {selector!r}", param="model")
    if allowed_providers is not None and model.provider not in set(allowed_providers):
        raise NotPermitted(
            f"this key may not use provider {model.provider!r} (model {selector!r})",
            param="model",
        )
