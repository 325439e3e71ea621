"""Model ids as users type them: ``gpt-5.5``, or with the provider in front,
``openai/gpt-5.5`` (the OpenRouter / LiteLLM habit).

``resolve`` maps a typed id to a catalog id. A provider prefix must name the provider that
serves the model: ``anthropic/gpt-5.5`` is a 404 that says which provider does. The part
after the prefix may also be the model's upstream name. Nothing here routes or calls.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.errors import InvalidRequest, NotFound, RequestError, shown


def split_prefix(settings: Settings, typed: str) -> tuple[str, str] | None:
    """``(provider, rest)`` when ``typed`` starts with a configured provider's name and a
    slash, else None."""
    provider, slash, rest = typed.partition("/")
    if not slash or not rest or provider not in settings.providers:
        return None
    return provider, rest


def resolve(settings: Settings, typed: str, catalog: Mapping[str, ModelSpec]) -> str | None:
    """The id in ``catalog`` that ``typed`` names, or None when it names none of them and
    carries no provider prefix. A prefixed id whose provider does not serve the model is
    ``NotFound``, naming what that provider serves and who serves the model."""
    if typed in catalog:
        return typed
    split = split_prefix(settings, typed)
    if split is None:
        return None
    provider, rest = split
    served = {m: spec for m, spec in catalog.items() if spec.provider == provider}
    if rest in served:
        return rest
    by_upstream = next((m for m, spec in served.items() if spec.upstream == rest), None)
    if by_upstream is not None:
        return by_upstream
    return None


def wrong_provider(settings: Settings, typed: str, catalog: Mapping[str, ModelSpec]) -> NotFound:
    """The 404 for a prefixed id the named provider does not serve."""
    split = split_prefix(settings, typed)
    provider, rest = split if split else ("", typed)
    owner = catalog.get(rest)
    served = sorted(m for m, spec in catalog.items() if spec.provider == provider)
    if owner is not None:
        hint = f"{shown(rest)} is served by {owner.provider}: use {owner.provider}/{rest} or {rest}"
    else:
        listed = ", ".join(served[:20]) or "none"
        hint = f"{provider} serves: {listed}"
    return NotFound(f"unknown model {shown(typed)}; {hint}", param="model")


def unknown(settings: Settings, typed: str) -> RequestError:
    """The error for a chat request whose ``model`` names nothing routable."""
    if typed in settings.embeddings:
        return InvalidRequest(
            f"{shown(typed)} is an embedding model: use /v1/embeddings", param="model"
        )
    if split_prefix(settings, typed) is not None:
        return wrong_provider(settings, typed, settings.models)
    return NotFound(
        f"unknown model {shown(typed)}: use auto, route:<task>, a catalog model id or an alias",
        param="model",
    )
