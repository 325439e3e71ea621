"""A cascade that knows when to stop: the cheap model answers first, a learned check
judges its answer, and the prompt is escalated to the strong model when the check fails.

Both calls are costed: every prompt pays the cheap model, escalated ones also pay the
strong one (``crossval.per_prompt`` asks a ``Cascaded`` fit for the calls it made). The
check is a logistic regression, fitted on train rows, predicting P(cheap answer scores
well) from the cheap model's recorded *response* (word TF-IDF, shape, whether it states
one final answer) and the prompt's shape; the knob is the acceptance threshold. It reads
only the responses of the model it called first. Where a prompt has no recorded
response (the source kept none), the check can only look at the prompt: it then uses the
cheap model's mean train score on the prompt's task label, which is costed the same way.
The policy applies only to files whose train rows hold responses of a model other than
the best single one.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from modelrouter.learn.data import Inputs, Outcomes
from modelrouter.learn.features import Encoder, _fit_encoder, shape_features
from modelrouter.learn.learned import GroupMeans, _sigmoid, _soft_logistic, group_means
from modelrouter.learn.metrics import best_single

Floats = NDArray[np.float64]
RESPONSE_WORDS = {"analyzer": "word", "ngram_range": (1, 2), "max_features": 5000, "min_df": 3}
_FINAL = re.compile(
    r"(?:####|answer is|answer:|\\boxed\{|final answer)\s*\$?(-?[\d,]*\.?\d+)", re.IGNORECASE
)
FIELDS = ("ids", "tasks", "prompts")
_NUMBER = re.compile(r"-?\d[\d,]*\.?\d*")


FIRST_COST_SHARE = 0.3  # a first model must cost at most this share of the best one


def cheap_first(train: Outcomes) -> int | None:
    """The model to answer first: among models with recorded responses other than the
    best single one, the best scoring (train) of those costing at most 30% of the best
    single model; the cheapest of them if none is that cheap."""
    best = best_single(train.scores, train.costs)
    has = [any(r[j] for r in train.responses) for j in range(len(train.models))]
    usable = [j for j in range(len(train.models)) if has[j] and j != best]
    if not usable:
        return None
    cost, quality = train.costs.sum(axis=0), train.scores.mean(axis=0)
    cheap = [j for j in usable if cost[j] <= FIRST_COST_SHARE * cost[best]]
    if not cheap:
        return min(usable, key=lambda j: (cost[j], j))
    return max(cheap, key=lambda j: (quality[j], -cost[j], -j))


def answer_features(responses: Sequence[str | None]) -> Floats:
    """Per response: stated final answer, answer repeated at the end, number count, hedging."""
    rows = []
    for response in responses:
        text = response or ""
        finals = _FINAL.findall(text)
        numbers = _NUMBER.findall(text[-200:])
        last = numbers[-1] if numbers else None
        rows.append(
            [
                float(bool(finals)),
                float(len(set(finals)) > 1),
                float(bool(finals) and last is not None and finals[-1] == last),
                np.log1p(len(numbers)),
                float(bool(re.search(r"\b(?:assume|not sure|unclear|cannot)\b", text, re.I))),
            ]
        )
    return np.asarray(rows, dtype=np.float64).reshape(-1, 5)


def answer_matrix(
    words: Encoder, prompts: Sequence[str], responses: Sequence[str | None]
) -> object:
    """The check's features of each answer: response words (TF-IDF), whether it states
    one final answer, numbers, hedging, and the shape of the prompt and of the answer."""
    texts = [r or "" for r in responses]
    dense = np.hstack([answer_features(responses), shape_features(prompts)])
    dense = np.hstack([dense, shape_features(texts)])
    return sp.hstack([words.transform(texts), sp.csr_matrix(dense)], format="csr")


@dataclass(frozen=True, slots=True)
class CascadeFit:
    """Cheap model ``first``; escalate to ``strong`` when the check's P(good) < knob."""

    models: tuple[str, ...]
    first: int
    strong: int
    words: Encoder
    coef: Floats
    intercept: float
    table: GroupMeans
    labels: tuple[str, ...]
    checked: frozenset[str]  # labels whose first-model answers train could check
    memo: list[tuple[Any, Floats]] = field(default_factory=list, compare=False, repr=False)

    def confidence(self, inputs: Inputs, responses: Sequence[str | None]) -> Floats:
        """P(the first model's answer is good) per prompt: from its response where one was
        recorded, else its mean train score on the prompt's task label."""
        key = (inputs, tuple(responses))
        if self.memo and self.memo[0][0] == key:  # a knob sweep asks once per value
            return self.memo[0][1]
        index = {t: i for i, t in enumerate(self.labels)}
        rows = self.table.rows(np.array([index.get(t, len(self.labels)) for t in inputs.tasks]))
        result = np.array(self.table.quality[rows, self.first], dtype=np.float64)
        answered = np.flatnonzero([bool(r) for r in responses])
        if len(answered):
            picked = Inputs(*(tuple(getattr(inputs, f)[int(i)] for i in answered) for f in FIELDS))
            x: Any = self._matrix(picked, [responses[int(i)] for i in answered])
            result[answered] = _sigmoid(np.asarray(x @ self.coef) + self.intercept)
        self.memo[:] = [(key, result)]
        return result

    def _matrix(self, inputs: Inputs, responses: Sequence[str | None]) -> object:
        return answer_matrix(self.words, inputs.prompts, responses)

    def cascade(
        self, inputs: Inputs, responses: Sequence[str | None], knob: float
    ) -> tuple[Floats, Floats]:
        """The final mix (whose answer is used) and the calls made (both costed)."""
        n, m = len(inputs), len(self.models)
        escalate = self.confidence(inputs, responses) < knob
        # labels whose answers were never checkable on train are routed, not cascaded:
        # unsure ones go straight to the strong model, paying one call
        direct = np.array([t not in self.checked for t in inputs.tasks], dtype=np.bool_)
        calls = np.zeros((n, m), dtype=np.float64)
        calls[~(direct & escalate), self.first] = 1.0
        calls[escalate, self.strong] = 1.0
        mix = np.zeros((n, m), dtype=np.float64)
        mix[np.arange(n), np.where(escalate, self.strong, self.first)] = 1.0
        return mix, calls

    def escalation_score(self, inputs: Inputs, responses: Sequence[str | None]) -> Floats:
        """Higher means rather the strong model: the least confident answers first."""
        return -self.confidence(inputs, responses)

    def choose(self, inputs: Inputs, knob: float) -> Floats:
        """Without recorded answers the check falls back to the task-label prior."""
        return self.cascade(inputs, [None] * len(inputs), knob)[0]


class Cascade:
    """Cheapest model with responses first, a learned answer check, then the best model."""

    name = "cascade"
    knob = "accept_below"

    def grid(self) -> Floats:
        """Acceptance thresholds 0, 0.025, ..., 1, and 1.01 (always escalate)."""
        return np.append(np.linspace(0.0, 1.0, 41), 1.01)

    def applies(self, train: Outcomes) -> bool:
        """True when some model other than the best single one has recorded responses."""
        return cheap_first(train) is not None

    def fit(self, train: Outcomes) -> CascadeFit:
        """The check, fitted on the train rows where the first model's response exists."""
        first = cheap_first(train)
        if first is None:
            raise ValueError("cascade: no train responses of a model other than the best")
        responses = [r[first] for r in train.responses]
        answered = np.flatnonzero([bool(r) for r in responses])
        texts = [responses[i] or "" for i in answered]
        labels = tuple(sorted(set(train.tasks)))
        index = {t: i for i, t in enumerate(labels)}
        codes = np.array([index[t] for t in train.tasks], dtype=np.intp)
        fit = CascadeFit(
            models=train.models,
            first=first,
            strong=best_single(train.scores, train.costs),
            words=_fit_encoder(RESPONSE_WORDS, texts),
            coef=np.zeros(0),
            intercept=0.0,
            table=group_means(codes, len(labels), train.scores, train.costs),
            labels=labels,
            checked=frozenset(train.tasks[int(i)] for i in answered),
        )
        sub = train.subset(answered)
        x = fit._matrix(sub.inputs, texts)
        coef, intercept = _soft_logistic(x, sub.scores[:, first], 1.0)
        return dataclasses.replace(fit, coef=coef, intercept=intercept, memo=[])
