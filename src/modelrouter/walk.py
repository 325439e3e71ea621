"""The walk over a plan's candidates: which to try next, which earlier attempts ruled out,
which are deferred because their deployment is unavailable now.

The executor drives it; this module must never call a model nor sleep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.deployments import Deployments
from modelrouter.health import Health, Pass
from modelrouter.policy.base import Candidate
from modelrouter.trace import Attempt, Trace
from modelrouter.types import ChatRequest


class Walk:
    """Plan candidates in order, skipping those earlier attempts ruled out:
    after a context-length error, models whose window is no larger; after a failed check,
    models weaker than the one that failed, unless they are route fallbacks. Candidates
    whose deployment is unavailable now (circuit open, cooling down after a 429) are
    skipped and kept in ``deferred``; the others come with the health's pass.

    With ``deployments``, a catalog model's candidate is first replaced by one candidate
    per deployment, in the order ``Deployments.order`` gives: a failed deployment moves
    the request to the next deployment of the same model before any other model."""

    def __init__(
        self,
        candidates: list[Candidate],
        trace: Trace,
        settings: Settings,
        health: Health,
        outside: Mapping[str, ModelSpec] | None = None,
        deployments: Deployments | None = None,
        request: ChatRequest | None = None,
        regions: frozenset[str] | None = None,
    ) -> None:
        self.candidates = list(candidates)
        self.trace = trace
        self.settings = settings
        self.models: Mapping[str, ModelSpec] = (
            {**settings.models, **outside} if outside else settings.models
        )
        self.health = health
        self.deferred: list[Candidate] = []
        self.deployments = deployments
        self.request = request
        given = settings.routing.allowed_regions
        self.regions = regions if regions is not None else given

    def __iter__(self) -> Walk:
        return self

    def __next__(self) -> tuple[Candidate, Pass]:
        while self.candidates:
            candidate = self.candidates.pop(0)
            problem = self._ruled_out(candidate)
            if problem is not None:
                self.trace.skipped.setdefault(candidate.model, problem)
                continue
            if candidate.deployment is None and self._expand(candidate):
                continue
            grant = self.health.admit(candidate.key)
            if grant is not None:
                return candidate, grant
            self.trace.skipped[candidate.key] = self.health.reason(candidate.key)
            if candidate.model == self.trace.first_choice:
                self.trace.fallback_reason = self.health.kind(candidate.key)
            self.deferred.append(candidate)
        raise StopIteration

    def _expand(self, candidate: Candidate) -> bool:
        """Replace a catalog model's candidate by its deployments' (True), in the order to
        try them; False for an entry outside the catalog, tried as it is."""
        spec = self.settings.models.get(candidate.model)
        if self.deployments is None or spec is None or not spec.deployments:
            return False
        choices, left_out = self.deployments.order(
            candidate.model, spec, self.request, self.regions
        )
        self.trace.skipped.update(left_out)
        if not choices:
            self.trace.skipped.setdefault(candidate.model, "no deployment may be called")
        expanded = [
            replace(
                candidate,
                deployment=choice.id,
                health_key=None if choice.key == candidate.model else choice.key,
            )
            for choice in choices
        ]
        self.candidates[:0] = expanded
        return True

    def _ruled_out(self, candidate: Candidate) -> str | None:
        spec = self.models[candidate.model]
        for attempt in self.trace.attempts:
            tried = self.models[attempt.model]
            if attempt.error == "context_length" and spec.context_window <= tried.context_window:
                return f"context window no larger than {attempt.model}'s, which was too small"
            if (
                attempt.outcome == "check_failed"
                and candidate.role != "fallback"
                and spec.strength < tried.strength
            ):
                return f"weaker than {attempt.model}, whose answer failed a check"
        return None


@dataclass(slots=True)
class Run:
    """One request's walk: attempts left, its deadline, the candidates not reached yet,
    and the wait to report if it gives up on deployments that are still unavailable."""

    budget: int
    deadline: float = 0.0
    retry_after: float | None = None
    untried: list[Candidate] = field(default_factory=list)


class Turn(NamedTuple):
    """One attempt to make: which candidate, its catalog entry, its trace entry, its pass."""

    candidate: Candidate
    model: ModelSpec
    attempt: Attempt
    grant: Pass
