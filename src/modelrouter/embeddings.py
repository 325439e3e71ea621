"""Embeddings: one request to the embedding model the caller named, priced and charged.

No task detection and no planner: an embedding request names its model (``auto`` and
``route:<task>`` choose among chat models and are refused here with a 400). The key's
allow-lists and the routing's allowed providers apply as for chat; the cost is reserved on
the budgets before the call and settled to what the upstream reports after. One attempt,
no fallback: another embedding model gives vectors from another space, which a caller
storing them in an index cannot mix. The trace has the chat trace's shape, so the ledger,
metrics and reports record embeddings like any other request.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from modelrouter import modelids
from modelrouter.config.schema import DEFAULT_TIMEOUTS, ModelSpec, Settings
from modelrouter.errors import (
    InvalidRequest,
    NoCandidates,
    NotFound,
    NotPermitted,
    ProviderError,
    UpstreamTimeout,
    shown,
)
from modelrouter.execute import Charge
from modelrouter.policy.base import Candidate
from modelrouter.pricing import cost, estimate
from modelrouter.tokens import estimate_text
from modelrouter.trace import Attempt, Trace
from modelrouter.types import Usage

if TYPE_CHECKING:
    from modelrouter.router import Router

TASK = "embedding"
_REASON = "embedding model requested by the caller"


class EmbeddingRequest(BaseModel):
    """The body of ``POST /v1/embeddings`` (OpenAI's shape)."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(min_length=1)
    input: str | list[str] | list[int] | list[list[int]]
    dimensions: int | None = Field(default=None, gt=0)
    encoding_format: Literal["float", "base64"] | None = None
    user: str | None = None

    def tokens(self) -> int:
        """The input's tokens, estimated (token arrays count exactly)."""
        raw = self.input
        if isinstance(raw, str):
            return estimate_text(raw)
        return sum(estimate_text(i) if isinstance(i, str) else _length(i) for i in raw)

    def body(self) -> dict[str, Any]:
        """What goes upstream (the model is replaced by its upstream name there)."""
        return self.model_dump(exclude_none=True)


def _length(item: int | list[int]) -> int:
    return len(item) if isinstance(item, list) else 1


@runtime_checkable
class Embedder(Protocol):
    """A provider that serves embeddings (the OpenAI wire format does)."""

    async def embed(self, body: dict[str, Any], model: ModelSpec) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class EmbeddingResult:
    """The upstream's answer (model named by its catalog id) and the trace."""

    data: dict[str, Any]
    trace: Trace


def resolve(settings: Settings, typed: str) -> str:
    """The embedding model's catalog id for what the caller typed (aliases, prefixes)."""
    target = settings.routing.aliases.get(typed, typed)
    known = ", ".join(sorted(settings.embeddings)) or "none configured"
    if target in ("auto", "") or target.startswith("route:"):
        raise InvalidRequest(
            f"{shown(typed)} routes among chat models; embeddings need an embedding model id "
            f"({known})",
            param="model",
        )
    found = modelids.resolve(settings, target, settings.embeddings)
    if found is not None:
        return found
    if modelids.resolve(settings, target, settings.models) is not None:
        raise InvalidRequest(
            f"{shown(typed)} is a chat model; embedding models: {known}", param="model"
        )
    if modelids.split_prefix(settings, target) is not None:
        raise modelids.wrong_provider(settings, target, settings.embeddings)
    raise NotFound(
        f"unknown embedding model {shown(typed)}; embedding models: {known}", param="model"
    )


def permit(
    router: Router,
    model_id: str,
    allowed_providers: Iterable[str] | None,
    allowed_models: Iterable[str] | None,
) -> ModelSpec:
    """The model's entry, once the key and the routing may use it and its provider is up."""
    spec = router.settings.embeddings[model_id]
    if allowed_models is not None and model_id not in set(allowed_models):
        raise NotPermitted(f"this key may not use model {model_id!r}", param="model")
    if allowed_providers is not None and spec.provider not in set(allowed_providers):
        raise NotPermitted(f"this key may not use provider {spec.provider!r}", param="model")
    routing = router.settings.routing.allowed_providers
    if routing is not None and spec.provider not in routing:
        raise NotPermitted(f"provider {spec.provider!r} is not allowed here", param="model")
    if spec.provider not in router.available_providers:
        raise NoCandidates(f"{model_id}: provider {spec.provider} has no API key configured")
    return spec


async def embed(
    router: Router,
    request: EmbeddingRequest,
    *,
    allowed_providers: Iterable[str] | None = None,
    allowed_models: Iterable[str] | None = None,
    key: tuple[str, str] | None = None,
) -> EmbeddingResult:
    """Resolve, permit, charge and call; the answer and its trace."""
    model_id = resolve(router.settings, request.model)
    spec = permit(router, model_id, allowed_providers, allowed_models)
    provider = router.executor.provider(spec.provider)
    if not isinstance(provider, Embedder):
        raise InvalidRequest(f"provider {spec.provider} serves no embeddings", param="model")
    trace = _trace(router, model_id, spec)
    attempt = trace.attempts[0]
    scopes = router.budgets.scopes(*key) if key else router.budgets.scopes()
    charge = Charge(router.budgets, scopes) if scopes else None
    when = router.executor.clock()
    held = None
    if charge is not None:
        amount = estimate(spec, request.tokens(), 0, when)
        held = await charge.budgets.reserve(charge.scopes, amount)
    try:
        data = await _call(provider, request, spec, attempt)
        prompt, estimated = _prompt_tokens(data, request)
        attempt.usage = Usage.of(prompt, 0)
        attempt.usage_estimated = estimated
        attempt.cost_usd = cost(spec, attempt.usage, when)
    except ProviderError as exc:
        attempt.outcome, attempt.error, attempt.message = "error", exc.kind, exc.message
        trace.settle(None)
        exc.trace = trace
        raise
    finally:  # settled to what was priced: the answer's cost, 0 for a failed call
        if charge is not None and held is not None:
            await charge.budgets.settle(held, attempt.cost_usd)
    trace.settle(attempt)
    trace.latency_ms = attempt.latency_ms
    return EmbeddingResult({**data, "model": model_id}, trace)


async def _call(
    provider: Embedder, request: EmbeddingRequest, spec: ModelSpec, attempt: Attempt
) -> dict[str, Any]:
    started = time.perf_counter()
    limit = spec.timeouts.total_s or DEFAULT_TIMEOUTS.total_s
    try:
        async with asyncio.timeout(limit):
            return await provider.embed(request.body(), spec)
    except TimeoutError as exc:
        raise UpstreamTimeout(
            f"{spec.provider} gave no answer within {limit:g}s",
            provider=spec.provider,
            model=spec.upstream or "",
        ) from exc
    finally:
        attempt.latency_ms = (time.perf_counter() - started) * 1000


def _prompt_tokens(data: dict[str, Any], request: EmbeddingRequest) -> tuple[int, bool]:
    """The upstream's count, else the estimate (and whether it is one)."""
    usage = data.get("usage")
    count = usage.get("prompt_tokens") if isinstance(usage, dict) else None
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        return count, False
    return request.tokens(), True


def _trace(router: Router, model_id: str, spec: ModelSpec) -> Trace:
    candidate = Candidate(model_id, "primary", _REASON)
    attempt = Attempt(model=model_id, provider=spec.provider, role="primary", reason=_REASON)
    return Trace(
        request_id=uuid.uuid4().hex,
        task=TASK,
        confidence=1.0,
        detector="none",
        detect_reason="embeddings request",
        policy="forced",
        budget=router.settings.routing.budget,
        plan=[candidate],
        attempts=[attempt],
    )
