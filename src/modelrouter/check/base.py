"""The check contract: a request, its answer and its task in; a verdict out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from modelrouter.types import ChatRequest, ChatResponse


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an answer passed one check, a score in 0..1, and why."""

    check: str
    ok: bool
    score: float
    reason: str


class Check(Protocol):
    """Judges one aspect of an answer. Checks never call a model unless they are judges."""

    name: str

    def check(self, request: ChatRequest, response: ChatResponse, task: str) -> Verdict:
        """The verdict on ``response`` to ``request`` of task type ``task``."""
        ...
