"""The learned router and the cascade combined, under one knob: check answers where a
check can read them, predict from the prompt everywhere else.

For a prompt whose task label the cascade's check could judge on train (the cheap first
model's answers were recorded there), the cheap model answers first and the check gives
P(its answer is good); the prompt is escalated to the strong model when the expected
gain, the learned router's P(strong does well) minus that confidence, is worth the
strong call: ``gain > lambda * cost(strong) / unit``. Every other prompt goes where the
learned router sends it at the same ``lambda``, one call. Both calls are costed. Without
recorded responses the policy is the learned router alone (the same fit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from modelrouter.learn.cascade import Cascade, CascadeFit
from modelrouter.learn.data import Inputs, Outcomes
from modelrouter.learn.learned import Learned, LearnedRouter

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CombinedFit:
    """A fitted learned router and, where the file allows one, a fitted cascade check."""

    router: LearnedRouter
    check: CascadeFit

    @property
    def first(self) -> int:
        """The model the cascade calls first."""
        return self.check.first

    def checked_rows(self, inputs: Inputs, responses: Sequence[str | None]) -> NDArray[np.intp]:
        """Prompts the check judges: labels checkable on train, with a recorded answer."""
        labels = self.check.checked
        return np.flatnonzero(
            [bool(r) and t in labels for t, r in zip(inputs.tasks, responses, strict=True)]
        )

    def gain(self, inputs: Inputs, responses: Sequence[str | None]) -> Floats:
        """Per prompt, the strong model's predicted success minus the first answer's
        confidence (where checked); elsewhere the learned gain of strong over first."""
        quality, _ = self.router.predict(inputs)
        strong, first = self.check.strong, self.check.first
        result = np.asarray(quality[:, strong] - quality[:, first], dtype=np.float64)
        rows = self.checked_rows(inputs, responses)
        if len(rows):
            confidence = self.check.confidence(inputs, responses)
            result[rows] = quality[rows, strong] - confidence[rows]
        return result

    def cascade(
        self, inputs: Inputs, responses: Sequence[str | None], knob: float
    ) -> tuple[Floats, Floats]:
        """The mix whose answer is used and the calls made (both costed)."""
        mix = self.router.choose(inputs, knob)
        calls = mix.copy()
        rows = self.checked_rows(inputs, responses)
        if not len(rows):
            return mix, calls
        strong, first = self.check.strong, self.check.first
        _, cost = self.router.predict(inputs)
        worth = (
            self.gain(inputs, responses)[rows] > knob * cost[rows, strong] / self.router.cost_unit
        )
        mix[rows] = 0.0
        calls[rows] = 0.0
        calls[rows, first] = 1.0
        calls[rows[worth], strong] = 1.0
        mix[rows, np.where(worth, strong, first)] = 1.0
        return mix, calls

    def escalation_score(self, inputs: Inputs, responses: Sequence[str | None]) -> Floats:
        """Higher means rather the strong model (RouteLLM's order for APGR and CPT)."""
        return self.gain(inputs, responses)

    def choose(self, inputs: Inputs, knob: float) -> Floats:
        """Without recorded answers: the learned router's choice."""
        return self.router.choose(inputs, knob)

    def strong_score(self, inputs: Inputs, strong: int, weak: int) -> Floats:
        """The learned router's predicted gain of ``strong`` over ``weak``."""
        return self.router.strong_score(inputs, strong, weak)


class Combined:
    """The learned router with the cascade's answer check where answers can be checked."""

    name = "combined"
    knob = "lambda"

    def __init__(self, learned: Learned | None = None) -> None:
        self.learned = learned or Learned()
        self.cascade = Cascade()

    def grid(self) -> Floats:
        """The learned router's lambda grid."""
        return self.learned.grid()

    def fit(self, train: Outcomes) -> CombinedFit | LearnedRouter:
        """The learned router with the cascade's check; the router alone when the file
        has no responses to check."""
        router = self.learned.fit(train)
        if not self.cascade.applies(train):
            return router
        return CombinedFit(router, self.cascade.fit(train))
