"""What a request may carry upstream: only fields whose cost budgets can account for.

The internal request keeps fields it does not model and the OpenAI-format adapter
forwards them as sent (``types.py``). Some of them change what a provider bills without
the price seeing it, so before any call this module decides which may go where:

- fields that never change the bill (sampling knobs, ``seed``, ``user``, logprobs, ...)
  go to every provider;
- ``n`` answers are priced: the hold covers ``n`` answers and the upstream's usage counts
  them all; 1 to ``routing.max_answers``, and only to OpenAI-format providers (the
  Messages API returns one answer);
- ``service_tier`` is priced where the catalog knows the tier: ``default`` everywhere,
  another tier only on models whose price in force lists it (``service_tiers``, a multiple
  of the standard prices); the request goes only to those;
- fields that change the bill in ways the catalog cannot price (audio output, web search,
  predicted outputs) are refused;
- any other field goes only to providers with ``forward_unknown_fields: true``.

A field that cannot go anywhere is an ``InvalidRequest`` (400) naming it. Pure: this
module never calls a model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelrouter.config.schema import ModelSpec, ProviderSpec, Settings
from modelrouter.errors import InvalidRequest, shown
from modelrouter.pricing import price_in_force
from modelrouter.types import ChatRequest

# Forwarded fields that do not change what a call costs (output stays within the limit
# the hold already covers, and reasoning tokens are reported and priced as output).
FREE = frozenset(
    {
        "frequency_penalty",
        "presence_penalty",
        "logit_bias",
        "logprobs",
        "top_logprobs",
        "seed",
        "user",
        "safety_identifier",
        "prompt_cache_key",
        "parallel_tool_calls",
        "reasoning_effort",
        "verbosity",
        "metadata",
        "store",
        "top_k",  # from the Anthropic API; dropped for OpenAI-format endpoints
    }
)
# Fields that change the bill in a way the catalog cannot price: never forwarded.
UNPRICED = {
    "audio": "audio output is billed at audio prices the catalog does not have",
    "web_search_options": "web searches are billed per call, which the catalog does not price",
    "prediction": "rejected prediction tokens are billed beyond the output limit",
    "functions": "legacy function calling is not supported; use tools",
    "function_call": "legacy function calling is not supported; use tool_choice",
}
KNOWN = FREE | {"n", "service_tier", "modalities"}


@dataclass(frozen=True, slots=True)
class Reach:
    """The providers and models a request may go to (None: any), and the field that
    narrowed them (if one did)."""

    providers: frozenset[str] | None = None
    models: frozenset[str] | None = None
    field: str | None = None
    why: str = ""


def answers(request: ChatRequest) -> int:
    """How many answers the request asks for (``n``, 1 unless given)."""
    n = (request.model_extra or {}).get("n")
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 1 else 1


def tier(request: ChatRequest) -> str | None:
    """The service tier the request asks for (None: the standard one)."""
    value = (request.model_extra or {}).get("service_tier")
    return value if isinstance(value, str) else None


def reach(
    request: ChatRequest, settings: Settings, models: Mapping[str, ModelSpec], when: dt.datetime
) -> Reach:
    """Where ``request`` may go given its extra fields (``models``: the catalog at current
    prices); raises ``InvalidRequest`` naming a field no model may receive or that cannot
    be priced."""
    extra = request.model_extra or {}
    providers = settings.providers
    allowed = set(providers)
    narrowed: Reach = Reach()
    if _many_answers(extra, settings.routing.max_answers):
        allowed &= {name for name, spec in providers.items() if spec.format == "openai"}
        narrowed = Reach(field="n", why="only OpenAI-format providers return several answers")
    _check_priced(extra)
    priced = _tiered(extra.get("service_tier"), models, when)
    if priced is not None:
        narrowed = Reach(field="service_tier", why="no model this request may use prices it")
    unknown = sorted(
        name for name, value in extra.items() if value is not None and name not in KNOWN
    )
    if unknown:
        allowed &= _open(providers)
        why = "it cannot be priced, so it is forwarded only to providers that take unknown fields"
        narrowed = Reach(field=unknown[0], why=why)
    if narrowed.field is None:
        return narrowed
    if not allowed or priced == frozenset():
        raise unplaceable(narrowed)
    return Reach(frozenset(allowed), priced, narrowed.field, narrowed.why)


def unplaceable(narrowed: Reach) -> InvalidRequest:
    """The 400 for a request whose field ``narrowed.field`` no usable model may receive."""
    field = narrowed.field or "model"
    return InvalidRequest(
        f"{field}: not accepted here: {narrowed.why} "
        "(providers.<name>.forward_unknown_fields lets a provider take unknown fields)",
        param=field,
    )


def _many_answers(extra: Mapping[str, Any], most: int) -> bool:
    """Whether ``n`` asks for more than one answer; raises when it is no valid count."""
    n = extra.get("n")
    if n is None:
        return False
    if not isinstance(n, int) or isinstance(n, bool):
        raise InvalidRequest("n: must be an integer", param="n")
    if not 1 <= n <= most:
        raise InvalidRequest(
            f"n: must be between 1 and {most} (each answer is billed; routing.max_answers)",
            param="n",
        )
    return n > 1


def _tiered(
    value: Any, models: Mapping[str, ModelSpec], when: dt.datetime
) -> frozenset[str] | None:
    """The models whose price in force knows service tier ``value`` (None: any model, for
    the standard tier); raises when the value is no tier any model prices."""
    if value is None or value == "default":
        return None
    if isinstance(value, str):
        priced = frozenset(
            name
            for name, spec in models.items()
            if value in price_in_force(spec, when).service_tiers
        )
        if priced:
            return priced
    raise InvalidRequest(
        f"service_tier: {shown(value, 40)} cannot be priced (no model's price lists it: "
        "pricing service_tiers); send 'default' or leave it out",
        param="service_tier",
    )


def _check_priced(extra: Mapping[str, Any]) -> None:
    """Refuse fields whose cost the catalog cannot price."""
    modalities = extra.get("modalities")
    if modalities is not None and modalities != ["text"]:
        raise InvalidRequest(
            "modalities: only ['text'] can be priced (audio output is not in the catalog)",
            param="modalities",
        )
    for name, why in UNPRICED.items():
        if extra.get(name) is not None:
            raise InvalidRequest(f"{name}: not accepted: {why}", param=name)


def _open(providers: Mapping[str, ProviderSpec]) -> set[str]:
    return {name for name, spec in providers.items() if spec.forward_unknown_fields}
