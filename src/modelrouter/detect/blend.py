"""The blend detector: the rules detector and the learned detector, pooled log-linearly.

Both detectors give a probability over every configured task: ``rules`` the softmax of its
evidence scores (keywords, examples, structure, conversation, system prompt; user-defined
types included), ``learned`` its calibrated classifier with user-defined types scored from
their keywords and examples on the same scale. The blend is

    p(task) = softmax(RULES_WEIGHT * log p_rules + LEARNED_WEIGHT * log p_learned)

a weighted geometric mean whose two exponents also set the temperature. The exponents were
chosen on out-of-source predictions only (each public source scored by a model trained
without it; see docs/detector.md, "blend"), never on the blind holdout. The two detectors
make different errors: rules is sure on templated prompts with clear vocabulary and
structure, learned on phrasings the lexicons lack.

**Cascade.** The learned side runs first (it costs about half of rules); when it is sure
(its probability of one of the model's own task types at least ``LEARNED_SURE``) the
rules detector is not run and learned answers alone. The threshold was chosen on the same
out-of-source predictions as the exponents (docs/detector.md, "The cascade"): the lowest
whose accuracy there stays within 0.005 of always pooling. It saves rules' time on about
a fifth of prompts, long documents most of all.

It never calls a model, touches the network or reads files after ``__init__``; its work
per request is at most the two detectors' (each bounded whatever the input).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from modelrouter.config.schema import TaskType
from modelrouter.detect.base import TaskChoice
from modelrouter.detect.learned.detector import (
    LearnedDetector,
)
from modelrouter.detect.learned.model import LinearModel, load_model
from modelrouter.detect.rules import TEMPERATURE, RulesDetector
from modelrouter.detect.signals import Evidence
from modelrouter.detect.text import script_of
from modelrouter.types import ChatRequest

# Chosen on out-of-source predictions (bench/blend_loso.py); see docs/detector.md.
RULES_WEIGHT = 0.65
LEARNED_WEIGHT = 0.35
LOW_CONFIDENCE = 0.5
# Learned alone answers at or above this probability (None: always pool both sides).
LEARNED_SURE: float | None = 0.97
FLOOR = 1e-12  # log of a probability that underflowed


class RulesScores(RulesDetector):
    """The rules detector, answering with log-probabilities of every configured task."""

    def log_probabilities(self, request: ChatRequest) -> tuple[list[float], Evidence, str]:
        """Log-softmax of the evidence scores (configured order), the evidence, the text."""
        evidence, text = self.evidence(request)
        scores = [evidence.scores.get(task, 0.0) / TEMPERATURE for task in self._tasks]
        return _log_softmax(scores), evidence, text

    @property
    def tasks(self) -> tuple[str, ...]:
        """The configured tasks, in the order of the log-probabilities."""
        return self._tasks


class LearnedScores(LearnedDetector):
    """The learned detector, answering with log-probabilities of every configured task."""

    def log_probabilities(self, request: ChatRequest, tasks: Sequence[str]) -> list[float]:
        """Log-probabilities of ``tasks`` (all configured: known and user-defined ones)."""
        text, probabilities = self.conversation(request)
        known = dict(zip(self._names, probabilities, strict=True))
        custom = self._custom.scores(text) if self._custom is not None else {}
        # As in the learned detector: the model's classes sum to 1, a custom task's logit
        # adds exp(logit) of mass; tasks without evidence get almost none.
        mass = {task: math.exp(score.logit) for task, score in custom.items()}
        total = 1.0 + sum(mass.values())
        return [
            math.log(max(known.get(task, mass.get(task, 0.0)), FLOOR) / total) for task in tasks
        ]


class BlendDetector:
    """Pools the rules and learned detectors' probabilities (weighted geometric mean)."""

    name = "blend"

    def __init__(
        self,
        tasks: Mapping[str, TaskType],
        default_task: str,
        model: LinearModel | None = None,
        weights: tuple[float, float] = (RULES_WEIGHT, LEARNED_WEIGHT),
        sure: float | None = LEARNED_SURE,
    ) -> None:
        self._rules = RulesScores(tasks, default_task)
        model = model or load_model()
        # With none of the model's task types configured (every type user-defined), the
        # learned side has nothing to say: rules decides alone.
        knows = not set(model.classes).isdisjoint(tasks)
        self._learned = LearnedScores(tasks, default_task, model) if knows else None
        self._tasks = self._rules.tasks
        self._weights = weights
        # The cascade needs both sides in the pool: with all the weight on one side, the
        # other is never consulted.
        pooled = self._learned is not None and min(weights) > 0
        self._sure = math.log(sure) if sure is not None and pooled else math.inf
        # Only the model's own (calibrated) classes answer alone; a user-defined type's
        # learned score is keyword evidence, which the pool names in its reason.
        self._model_tasks = frozenset(model.classes) & frozenset(tasks)

    def detect(self, request: ChatRequest) -> TaskChoice:
        """The task both detectors make most probable together (learned alone when sure)."""
        if self._learned is None:
            rules, evidence, text = self._rules.log_probabilities(request)
            learned, (alpha, beta) = rules, (1.0, 0.0)
        else:
            learned = self._learned.log_probabilities(request, self._tasks)
            top = max(learned)
            task = self._tasks[learned.index(top)]
            if top >= self._sure and task in self._model_tasks:
                return TaskChoice(task, round(math.exp(top), 3), _sure_reason(math.exp(top)))
            rules, evidence, text = self._rules.log_probabilities(request)
            alpha, beta = self._weights
        pooled = _softmax([alpha * r + beta * m for r, m in zip(rules, learned, strict=True)])
        best = pooled.index(max(pooled))
        confidence = round(pooled[best], 3)
        task = self._tasks[best]
        why = _rules_reason(evidence.reasons.get(task, []), script_of(text))
        reason = (
            f"rules {math.exp(rules[best]):.2f} ({why}) + learned {math.exp(learned[best]):.2f}"
        )
        other = learned.index(max(learned))
        if other != best:
            reason += f", learned prefers {self._tasks[other]} {math.exp(learned[other]):.2f}"
        if confidence < LOW_CONFIDENCE:
            reason = f"low confidence ({confidence:.2f}): {reason}"
        return TaskChoice(task, confidence, reason)


def _sure_reason(probability: float) -> str:
    return f"learned {probability:.2f} (sure: rules not consulted)"


def _rules_reason(parts: list[tuple[float, str]], script: str) -> str:
    """The task's strongest rules signals (as the rules detector words them)."""
    named = sorted((p for p in parts if p[1] != "default"), key=lambda p: -p[0])
    if not named:
        return "default" if parts else "no signal"
    text = " + ".join(why for _, why in named[:2])
    return f"{text} ({script})" if script else text


def _log_softmax(scores: list[float]) -> list[float]:
    peak = max(scores)
    total = math.log(sum(math.exp(s - peak) for s in scores))
    return [s - peak - total for s in scores]


def _softmax(scores: list[float]) -> list[float]:
    peak = max(scores)
    exp = [math.exp(s - peak) for s in scores]
    total = sum(exp)
    return [x / total for x in exp]
