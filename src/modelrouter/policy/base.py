"""The policy contract and the plan it produces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from modelrouter.config.schema import BudgetMode, ModelSpec, Settings
from modelrouter.detect.base import TaskChoice
from modelrouter.types import ChatRequest

if TYPE_CHECKING:
    from modelrouter.quality.feed import QualityFeed

Role = Literal["primary", "fallback", "escalation"]
CIRCUIT_SKIP = "temporarily unavailable (circuit open)"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One model the executor may try, in which role, and why it is in the plan."""

    model: str
    role: Role
    reason: str
    deployment: str | None = None  # its id (``kimi-k2.6@moonshot``), once the walk chose
    health_key: str | None = None  # the deployment's circuit, when it is not the model's

    @property
    def key(self) -> str:
        """The name its deployment's health is kept under."""
        return self.health_key or self.model


@dataclass(frozen=True, slots=True)
class Plan:
    """The ordered candidates, and every model left out with the reason."""

    task: str
    budget: BudgetMode
    candidates: tuple[Candidate, ...]
    skipped: dict[str, str] = field(default_factory=dict)
    # entries of candidates outside the catalog (pass-through ids), by candidate id
    outside: Mapping[str, ModelSpec] = field(default_factory=dict)
    # regions its deployments may be in (global and the caller key's); None: any
    allowed_regions: frozenset[str] | None = None

    def spec(self, model_id: str, catalog: Mapping[str, ModelSpec]) -> ModelSpec:
        """The entry of candidate ``model_id``: the catalog's, else the plan's own."""
        found = catalog.get(model_id)
        return found if found is not None else self.outside[model_id]


@dataclass(frozen=True, slots=True)
class PlanContext:
    """What a policy may look at besides the request: the catalog at current prices, the
    caller's key and limits, deployment health, quality estimates."""

    settings: Settings
    models: Mapping[str, ModelSpec]
    budget: BudgetMode
    when: dt.datetime
    prompt_tokens: int
    available_providers: frozenset[str]
    allowed_providers: frozenset[str] | None = None
    allowed_models: frozenset[str] | None = None
    unavailable_models: frozenset[str] = frozenset()
    forced_model: str | None = None
    key: tuple[str, str] | None = None  # the caller's key (id, name)
    quality: QualityFeed | None = None  # estimates of the closed loop, when kept

    def model(self, model_id: str) -> ModelSpec:
        """The catalog entry of ``model_id``, with its current prices."""
        return self.models[model_id]


class Policy(Protocol):
    """Plans the attempts for one request."""

    name: str

    def plan(self, request: ChatRequest, task: TaskChoice, context: PlanContext) -> Plan:
        """The plan for ``request`` of detected ``task``; raises ``NoCandidates`` if empty."""
        ...
