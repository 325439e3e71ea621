"""Before planning: what a request may reach, given the caller's key and its own fields.

A catalog model the caller names itself must be one its key may use (403 otherwise:
only ``auto``, ``route:`` and aliases choose for the caller), and fields that only some
providers may receive narrow the providers it may go to (``billable.py``). Pure: this
module never plans and never calls a model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from modelrouter import billable
from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.errors import NotPermitted
from modelrouter.types import ChatRequest


def admit(
    request: ChatRequest,
    settings: Settings,
    priced: Mapping[str, ModelSpec],
    when: dt.datetime,
    allowed_providers: Iterable[str] | None,
    allowed_models: Iterable[str] | None,
) -> Admitted:
    """The providers and models ``request`` may go to (None: no limit) and what narrowed
    them (``priced``: the catalog at the prices in force at ``when``); raises
    ``NotPermitted`` or ``InvalidRequest`` when it may go nowhere."""
    check_named(settings, request.model, allowed_providers, allowed_models)
    reach = billable.reach(request, settings, priced, when)
    if reach.field is None:
        return Admitted(allowed_providers, allowed_models, reach)
    providers = set(reach.providers or settings.providers)
    if allowed_providers is not None:
        providers &= set(allowed_providers)
    models = set(reach.models or settings.models)
    if allowed_models is not None:
        models &= set(allowed_models)
    target = settings.routing.aliases.get(request.model, request.model)
    named = settings.models.get(target)  # a model the caller chose is never swapped
    if (
        not providers
        or not models
        or (named is not None and (named.provider not in providers or target not in models))
    ):
        raise billable.unplaceable(reach)
    narrowed_models = models if reach.models is not None or allowed_models is not None else None
    return Admitted(providers, narrowed_models, reach)


class Admitted(NamedTuple):
    """Where a request may go: providers and models (None: any), and what narrowed them."""

    providers: Iterable[str] | None
    models: Iterable[str] | None
    reach: billable.Reach


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
