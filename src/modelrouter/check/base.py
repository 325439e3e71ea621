"""The check contract: a request, its answer and its task in; a verdict out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from modelrouter import registry
from modelrouter.config.schema import Settings
from modelrouter.types import ChatRequest, ChatResponse


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an answer passed one check, a score in 0..1, and why.

    A check that does not apply to an answer (JSON not requested, not a code task)
    returns ``skipped``: ``ok`` (it never escalates), but counted apart from the passes in
    the ledger, reports and evaluations, so a pass rate only counts answers it judged."""

    check: str
    ok: bool
    score: float
    reason: str
    skipped: bool = False


def skipped(check: str, reason: str) -> Verdict:
    """The verdict of a check that does not apply to this answer."""
    return Verdict(check=check, ok=True, score=1.0, reason=reason, skipped=True)


class Check(Protocol):
    """Judges one aspect of an answer. Checks never call a model unless they are judges."""

    name: str

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """The verdict on ``response`` to ``request`` of task type ``task``."""
        ...


class CheckFactory(Protocol):
    """How the registry builds a check: from the settings (most checks need none; the
    learned check reads ``routing.learned_check``). Invalid settings raise ConfigError."""

    def __call__(self, settings: Settings) -> Check: ...


def build_checks(settings: Settings) -> list[Check]:
    """The checks ``routing.checks`` names, in order, built through the registry."""
    factories: list[CheckFactory] = [registry.load("check", n) for n in settings.routing.checks]
    return [factory(settings) for factory in factories]
