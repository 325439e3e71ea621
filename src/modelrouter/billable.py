"""What a request may carry upstream: only fields whose cost budgets can account for.

The internal request keeps fields it does not model and the OpenAI-format adapter
forwards them as sent (``types.py``). Some of them change what a provider bills without
the price seeing it, so before any call this module decides which may go where:

- fields that never change the bill (sampling knobs, ``seed``, ``user``, logprobs, ...)
  go to every provider;
- ``n`` answers are priced: the hold covers ``n`` answers and the upstream's usage counts
  them all; 1 to ``routing.max_answers``, and only to OpenAI-format providers (the
  Messages API returns one answer);
- ``service_tier`` only where the catalog prices the tier: the standard one (``default``);
- fields that change the bill in ways the catalog cannot price (audio output, web search,
  predicted outputs) are refused;
- any other field goes only to providers with ``forward_unknown_fields: true``.

A field that cannot go anywhere is an ``InvalidRequest`` (400) naming it. Pure: this
module never calls a model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelrouter.config.schema import ProviderSpec, Settings
from modelrouter.errors import InvalidRequest
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
PRICED_TIERS = frozenset({"default"})
KNOWN = FREE | {"n", "service_tier", "modalities"}


@dataclass(frozen=True, slots=True)
class Reach:
    """The providers a request may go to, and the field that narrowed them (if one did)."""

    providers: frozenset[str] | None = None
    field: str | None = None
    why: str = ""


def answers(request: ChatRequest) -> int:
    """How many answers the request asks for (``n``, 1 unless given)."""
    n = (request.model_extra or {}).get("n")
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 1 else 1


def reach(request: ChatRequest, settings: Settings) -> Reach:
    """Where ``request`` may go given its extra fields; raises ``InvalidRequest`` naming a
    field that no provider may receive or that cannot be priced."""
    extra = request.model_extra or {}
    providers = settings.providers
    allowed = set(providers)
    narrowed: Reach = Reach()
    if _many_answers(extra, settings.routing.max_answers):
        allowed &= {name for name, spec in providers.items() if spec.format == "openai"}
        narrowed = Reach(field="n", why="only OpenAI-format providers return several answers")
    _check_priced(extra)
    unknown = sorted(
        name for name, value in extra.items() if value is not None and name not in KNOWN
    )
    if unknown:
        allowed &= _open(providers)
        why = "it cannot be priced, so it is forwarded only to providers that take unknown fields"
        narrowed = Reach(field=unknown[0], why=why)
    if narrowed.field is None:
        return narrowed
    if not allowed:
        raise unplaceable(narrowed)
    return Reach(frozenset(allowed), narrowed.field, narrowed.why)


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


def _check_priced(extra: Mapping[str, Any]) -> None:
    """Refuse fields whose cost the catalog cannot price."""
    tier = extra.get("service_tier")
    if tier is not None and tier not in PRICED_TIERS:
        raise InvalidRequest(
            f"service_tier: {str(tier)[:40]!r} cannot be priced (the catalog has standard "
            "prices only); send 'default' or leave it out",
            param="service_tier",
        )
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
