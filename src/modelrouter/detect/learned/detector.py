"""The learned detector: a calibrated linear classifier over hashed n-grams and structure.

The model (``detect.learned.model``) scores the built-in task types it was trained on;
configured types it does not know are scored from their keywords and examples
(``detect.learned.custom``) on the same scale. The last user message decides; a short
last message in a conversation (a follow-up: "yes, in Python") is read together with the
previous user message. Tools offered or used add a fixed amount to ``reasoning``'s logit
(agentic requests are absent from the public corpora, so the model cannot learn it).

It never calls a model, touches the network or reads files after ``__init__``; the work
per request is bounded by the model's head and tail windows (see ``features``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from modelrouter.config.schema import TaskType
from modelrouter.detect.base import TaskChoice, last_user_index, uses_tools
from modelrouter.detect.learned.custom import CustomScore, CustomTasks
from modelrouter.detect.learned.features import message_features
from modelrouter.detect.learned.model import LinearModel, load_model
from modelrouter.errors import ConfigError
from modelrouter.types import ChatRequest

LOW_CONFIDENCE = 0.5
FOLLOW_UP_CHARS = 80
FOLLOW_UP_WEIGHT = 0.5
FOLLOW_UP_SURE = 0.9  # a short message the model is this sure of stands on its own
TOOLS_BONUS = 1.0
REASONING = "reasoning"


class LearnedDetector:
    """Detects the task with the shipped (or a given) linear model."""

    name = "learned"

    def __init__(
        self, tasks: Mapping[str, TaskType], default_task: str, model: LinearModel | None = None
    ) -> None:
        if default_task not in tasks:
            raise ConfigError(f"routing.default_task: unknown task {default_task!r}")
        model = model or load_model()
        known = [name for name in model.classes if name in tasks]
        if not known:
            raise ConfigError("routing.detector learned: no configured task is one it knows")
        self._names = tuple(known)
        self._spec = model.spec
        # The configured classes' columns with the temperature folded in: one product and
        # one softmax per request.
        columns = [model.classes.index(name) for name in known]
        scale = np.float32(1.0 / model.temperature)
        self._weights = np.ascontiguousarray(model.weights[:, columns] * scale)
        self._bias = np.ascontiguousarray(model.bias[columns] * scale)
        custom = frozenset(tasks) - frozenset(known)
        self._custom = CustomTasks(tasks, custom) if custom else None
        self._tools = self._names.index(REASONING) if REASONING in self._names else -1

    def detect(self, request: ChatRequest) -> TaskChoice:
        """The task of the conversation, judged on its last user message."""
        text, probabilities = self.conversation(request)
        custom = self._custom.scores(text) if self._custom is not None else {}
        return _choose(self._names, probabilities, custom)

    def conversation(self, request: ChatRequest) -> tuple[str, list[float]]:
        """The last user message and the known classes' probabilities for the conversation
        (a short, unsure follow-up is averaged with the user message before it)."""
        messages = request.messages
        last = last_user_index(messages)
        text = messages[last].text()
        tools = bool(request.tools) or (len(messages) > 1 and uses_tools(messages))
        probabilities = self._probabilities(text, tools)
        if len(text) < FOLLOW_UP_CHARS and max(probabilities) < FOLLOW_UP_SURE:
            earlier = [m for m in messages[:last] if m.role == "user"]
            if earlier:
                before = self._probabilities(earlier[-1].text(), tools)
                probabilities = [
                    (1 - FOLLOW_UP_WEIGHT) * p + FOLLOW_UP_WEIGHT * b
                    for p, b in zip(probabilities, before, strict=True)
                ]
        return text, probabilities

    def _probabilities(self, text: str, tools: bool) -> list[float]:
        """Calibrated probabilities of the configured known classes, in their order."""
        found = message_features(text, self._spec)
        logits = (self._bias + found.values @ self._weights.take(found.ids, axis=0)).tolist()
        if tools and self._tools >= 0:
            logits[self._tools] += TOOLS_BONUS
        peak = max(logits)
        exp = [math.exp(x - peak) for x in logits]
        total = sum(exp)
        return [x / total for x in exp]


def _reason(names: tuple[str, ...], probabilities: list[float], best: int) -> str:
    """The winner's probability and the runner-up's; "low confidence" when it is low."""
    text = f"classifier {probabilities[best]:.2f}"
    rest = [(p, i) for i, p in enumerate(probabilities) if i != best]
    if rest:
        second, index = max(rest)
        text += f", next {names[index]} {second:.2f}"
    if probabilities[best] < LOW_CONFIDENCE:
        text = f"low confidence: {text}"
    return text


def _choose(
    names: tuple[str, ...], probabilities: list[float], custom: dict[str, CustomScore]
) -> TaskChoice:
    """The most probable task, custom ones included.

    The model's classes enter as log-probabilities, so their exponentials sum to 1 and the
    custom tasks' logits (at most about 10) are on the same footing.
    """
    top = probabilities.index(max(probabilities))
    if not custom:
        return TaskChoice(
            names[top], round(probabilities[top], 3), _reason(names, probabilities, top)
        )
    weights = {name: math.exp(score.logit) for name, score in custom.items()}
    total = 1.0 + sum(weights.values())
    best = max(weights, key=weights.__getitem__)
    if weights[best] > probabilities[top]:
        confidence = round(weights[best] / total, 3)
        reason = custom[best].reason
        if confidence < LOW_CONFIDENCE:
            reason = f"low confidence ({confidence:.2f}): {reason}"
        return TaskChoice(best, confidence, reason)
    scaled = [p / total for p in probabilities]
    return TaskChoice(names[top], round(scaled[top], 3), _reason(names, scaled, top))
